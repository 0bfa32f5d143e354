// kenchi: breach early warning and threat intelligence.
//
// This file only assembles the command line: global options, one
// registration call per subcommand, and the mapping to exit codes. The work
// is in the library.
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace {

constexpr const char* kFooter = R"(Exit codes:
  0  done (search-like commands: something was found)
  1  done, nothing matched (search with no hits)
  2  bad input: wrong usage, or a file or line was rejected
  3  failure: the database or a file could not be read or written

Environment:
  KENCHI_DB  database path used when --db is not given

Run `kenchi COMMAND --help` for the options of a command.)";

}  // namespace

int main(int argc, char** argv) {
  using namespace kenchi::cli;
  Context ctx;
  const char* env_db = std::getenv("KENCHI_DB");
  ctx.db_path = env_db && *env_db ? env_db : "var/kenchi.db";

  CLI::App app{"kenchi collects the early signs of breaches (notices, news, underground posts,\n"
               "leak dumps), extracts the facts, and stores them for matching and reporting.",
               "kenchi"};
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("kenchi ") + KENCHI_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand too
  app.add_option("--db", ctx.db_path, "SQLite database file (created on first ingest)")
      ->capture_default_str();
  app.add_flag("--json", ctx.json, "print results as JSON on stdout");
  auto* quiet = app.add_flag("-q,--quiet", ctx.quiet, "print nothing on stderr but errors");
  app.add_flag("-v,--verbose", ctx.verbose, "explain each step on stderr")->excludes(quiet);

  AddIngestCommand(app, ctx);
  AddSourceCommand(app, ctx);
  AddCollectCommand(app, ctx);
  AddIncidentsCommand(app, ctx);
  AddListingsCommand(app, ctx);
  AddSearchCommand(app, ctx);
  AddStatusCommand(app, ctx);
  AddEvalCommand(app, ctx);
  AddStatsCommand(app, ctx);
  AddGeoCommand(app, ctx);
  AddEnrichCommand(app, ctx);
  AddSinkCommand(app, ctx);
  AddDeliverCommand(app, ctx);
  AddScanCommand(app, ctx);
  AddOrgCommand(app, ctx);
  AddWatchCommand(app, ctx);
  AddAllowCommand(app, ctx);
  AddMatchCommand(app, ctx);
  AddAlertsCommand(app, ctx);
  AddReportCommand(app, ctx);
  AddSubscribersCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" to CLI11 with exit code 0.
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  return ctx.run ? ctx.run() : kExitBadInput;
}
