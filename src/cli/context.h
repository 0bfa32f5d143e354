// What every subcommand shares: the global options, the exit codes, and
// how output reaches the user.
//
// Results go to stdout (a table for people, JSON with --json); messages,
// warnings and progress go to stderr, so `kenchi ... --json | jq` always
// sees clean JSON.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kenchi/status.h"
#include "kenchi/store.h"

namespace CLI {
class App;
}

namespace kenchi::cli {

// Exit codes (documented in the README and in `kenchi --help`).
enum ExitCode : int {
  kExitOk = 0,        // done; for search-like commands: something was found
  kExitNoResults = 1, // done, but nothing matched (like grep)
  kExitBadInput = 2,  // the user's input was wrong: bad usage, a rejected file or line
  kExitFailure = 3,   // kenchi could not do the work: database or I/O failure
};

struct Context {
  std::string db_path;  // --db, else $KENCHI_DB, else ./var/kenchi.db
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  // Set by the chosen subcommand's parse callback; main runs it.
  std::function<int()> run;

  // Opens the store, creating it if asked; prints the error and returns
  // null on failure.
  std::unique_ptr<Store> OpenStore(bool create_if_missing) const;

  // Prints "kenchi: <message>" to stderr.
  void Error(const std::string& message) const;
  // Prints to stderr unless --quiet.
  void Info(const std::string& message) const;
  // Prints to stderr only with --verbose.
  void Detail(const std::string& message) const;
  // Pretty JSON on stdout.
  void PrintJson(const nlohmann::json& value) const;
  // Whether progress may be drawn on stderr (a terminal, not --quiet/--json).
  bool ShowProgress() const;
};

// Maps a failed Status to an exit code.
int ExitCodeFor(const Status& status);

// One registration function per subcommand (one file each).
void AddIngestCommand(CLI::App& app, Context& ctx);
void AddSourceCommand(CLI::App& app, Context& ctx);
void AddCollectCommand(CLI::App& app, Context& ctx);
void AddIncidentsCommand(CLI::App& app, Context& ctx);
void AddListingsCommand(CLI::App& app, Context& ctx);
// `incidents show ID`, nested in `incidents` (cmd_incidents_show.cc).
void AddIncidentsShowCommand(CLI::App& incidents, Context& ctx);
void AddSearchCommand(CLI::App& app, Context& ctx);
void AddStatusCommand(CLI::App& app, Context& ctx);
void AddEvalCommand(CLI::App& app, Context& ctx);
void AddStatsCommand(CLI::App& app, Context& ctx);
void AddGeoCommand(CLI::App& app, Context& ctx);
void AddEnrichCommand(CLI::App& app, Context& ctx);
void AddSinkCommand(CLI::App& app, Context& ctx);     // sink add/list/remove/test
void AddDeliverCommand(CLI::App& app, Context& ctx);
void AddScanCommand(CLI::App& app, Context& ctx);        // leak dumps: kenchi scan FILE...
void AddOrgCommand(CLI::App& app, Context& ctx);         // org add/list/remove
void AddWatchCommand(CLI::App& app, Context& ctx);       // watch add/list/remove/import
void AddAllowCommand(CLI::App& app, Context& ctx);       // allow add/list/remove
void AddMatchCommand(CLI::App& app, Context& ctx);       // match stored rows -> alerts
void AddAlertsCommand(CLI::App& app, Context& ctx);      // alerts list/show/ack/resolve/false-positive
void AddReportCommand(CLI::App& app, Context& ctx);      // the security report (file or --mail)
void AddSubscribersCommand(CLI::App& app, Context& ctx); // subscribers add/list/remove
// Matching after `kenchi ingest` (cmd_match.cc), when any organisation is
// watched: fills a one-line summary and the JSON report (both left empty
// when there is nothing to match for); false (error printed) on failure.
bool MatchAfterIngest(Store& store, const Context& ctx, std::string* summary, nlohmann::json* json);

// `kenchi stats` is a command group (cmd_stats.cc): without a nested
// subcommand it prints the incident statistics. Other statistics attach as
// nested subcommands: AddStatsCommand calls AddStatsHostsCommand(stats,
// ctx) with the `stats` App when a definition is linked in (weak, so the
// build works before it exists); it adds `stats hosts` with its own
// callback setting ctx.run. The incident statistics run only when no
// nested subcommand was chosen.
[[gnu::weak]] void AddStatsHostsCommand(CLI::App& stats, Context& ctx);
[[gnu::weak]] void AddStatsExposuresCommand(CLI::App& stats, Context& ctx);

}  // namespace kenchi::cli
