// kenchi match: check what is stored against every organisation's watchlist.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "kenchi/pipeline/match.h"

namespace kenchi::cli {
namespace {

struct MatchArgs {
  int batch = 500;
};

nlohmann::json ToJson(const pipeline::MatchRunReport& r) {
  return {{"organizations", r.organizations},
          {"assets", r.assets},
          {"rows_matched", r.rows_matched},
          {"rows_by_kind", r.rows_by_kind},
          {"hits", r.hits},
          {"alerts_new", r.alerts_new},
          {"sightings_new", r.sightings_new},
          {"reopened", r.reopened},
          {"watchlist_fingerprint", r.fingerprint}};
}

std::string Summary(const pipeline::MatchRunReport& r) {
  return fmt::format("matched {} row(s) against {} watch entr(ies) of {} organisation(s): {} new "
                     "alert(s), {} new sighting(s) of existing ones{}",
                     r.rows_matched, r.assets, r.organizations, r.alerts_new, r.sightings_new,
                     r.reopened ? fmt::format(" ({} resolved alert(s) reopened)", r.reopened) : "");
}

Result<pipeline::MatchRunReport> Run(Store& store, int batch, const Context& ctx) {
  pipeline::MatchRunOptions options;
  options.batch_size = batch;
  options.on_alert = [&ctx](const Alert& a, const UpsertAlertOutcome& o) {
    ctx.Detail(fmt::format("{} alert #{} [{}] {}", o.inserted ? "new" : "seen again", o.alert_id,
                           ToString(a.severity), a.title));
  };
  return pipeline::RunMatching(store, options);
}

int RunMatch(const MatchArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<pipeline::MatchRunReport> report = Run(*store, args.batch, ctx);
  if (!report.ok()) {
    ctx.Error(report.status().message() + " (the current batch was rolled back)");
    return ExitCodeFor(report.status());
  }
  if (ctx.json) {
    ctx.PrintJson(ToJson(*report));
  } else {
    std::printf("%s\n", Summary(*report).c_str());
    if (report->alerts_new > 0) ctx.Info("see them with: kenchi alerts list --status new");
  }
  return kExitOk;
}

}  // namespace

bool MatchAfterIngest(Store& store, const Context& ctx, std::string* summary, nlohmann::json* json) {
  Result<std::vector<Organization>> orgs = store.ListOrganizations();
  if (!orgs.ok()) {
    ctx.Error(orgs.status().message());
    return false;
  }
  if (orgs->empty()) return true;  // nobody to alert: nothing to do
  Result<pipeline::MatchRunReport> report = Run(store, 500, ctx);
  if (!report.ok()) {
    ctx.Error("matching after ingest failed: " + report.status().message() +
              " (what was ingested is stored; run `kenchi match` again)");
    return false;
  }
  *summary = Summary(*report);
  *json = ToJson(*report);
  return true;
}

void AddMatchCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<MatchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "match",
      "Match everything stored and not yet matched (documents, incidents, listings,\n"
      "credential exposures, compromised hosts, indicators) against every organisation's\n"
      "watchlist, and raise alerts (see docs/ALERTS.md for severities). The same finding\n"
      "is never alerted twice: seeing it again adds a sighting to the existing alert.\n"
      "Re-running only looks at what was stored since; after a watchlist or allow-list\n"
      "change everything is matched again (without duplicating alerts).\n"
      "`kenchi ingest` runs this by itself unless given --no-match.");
  cmd->add_option("--batch", args->batch, "rows matched and committed together")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunMatch(*args, ctx); }; });
}

}  // namespace kenchi::cli
