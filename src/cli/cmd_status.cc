// kenchi status
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/table.h"

namespace kenchi::cli {
namespace {

int RunStatus(const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<StoreCounts> c = store->Counts();
  if (!c.ok()) {
    ctx.Error(c.status().message());
    return ExitCodeFor(c.status());
  }
  const std::pair<const char*, int64_t> rows[] = {
      {"documents", c->documents},
      {"incidents", c->incidents},
      {"listings", c->listings},
      {"credential_exposures", c->credential_exposures},
      {"compromised_hosts", c->compromised_hosts},
      {"indicators", c->indicators},
      {"organizations", c->organizations},
      {"assets", c->assets},
      {"alerts", c->alerts},
  };
  if (ctx.json) {
    nlohmann::json counts;
    for (const auto& [name, n] : rows) counts[name] = n;
    ctx.PrintJson({{"database", ctx.db_path},
                   {"schema_version", store->SchemaVersion()},
                   {"counts", counts}});
    return kExitOk;
  }
  std::printf("database        %s\nschema version  %d\n\n", ctx.db_path.c_str(),
              store->SchemaVersion());
  Table table({"RECORDS", "COUNT"});
  for (const auto& [name, n] : rows) table.AddRow({name, WithThousands(n)});
  std::fputs(table.Render().c_str(), stdout);
  return kExitOk;
}

}  // namespace

void AddStatusCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "status", "Show the database in use, its schema version and how many records it holds.");
  cmd->callback([&ctx] { ctx.run = [&ctx] { return RunStatus(ctx); }; });
}

}  // namespace kenchi::cli
