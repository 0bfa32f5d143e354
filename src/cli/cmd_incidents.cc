// kenchi incidents
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/incident_text.h"
#include "cli/table.h"

namespace kenchi::cli {
namespace {

struct IncidentsArgs {
  int limit = 50;
};

nlohmann::json ToJson(const Incident& inc) {
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"id", inc.id},
          {"organization", inc.organization},
          {"organization_key", inc.organization_key},
          {"published_on", opt(inc.published_on)},
          {"occurred_on", opt(inc.occurred_on)},
          {"discovered_on", opt(inc.discovered_on)},
          {"types", TypesJson(inc.types)},
          {"records", RecordsJson(inc.records)},
          {"cause", opt(inc.cause)},
          {"origin_country", opt(inc.origin_country)},
          {"evidence",
           [&] {
             // Byte spans in the reporting document's text for each fact stated.
             auto span = [](const Evidence& e) {
               return e.document_id == 0 ? nlohmann::json()
                                         : nlohmann::json{{"document_id", e.document_id},
                                                          {"begin", e.begin},
                                                          {"end", e.end}};
             };
             return nlohmann::json{{"organization", span(inc.organization_evidence)},
                                   {"cause", span(inc.cause_evidence)},
                                   {"origin_country", span(inc.origin_evidence)},
                                   {"occurred_on", span(inc.occurred_evidence)},
                                   {"discovered_on", span(inc.discovered_evidence)}};
           }()},
          {"document_ids", inc.document_ids}};
}

int RunIncidents(const IncidentsArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<Incident>> incidents = store->ListIncidents(args.limit);
  if (!incidents.ok()) {
    ctx.Error(incidents.status().message());
    return ExitCodeFor(incidents.status());
  }
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Incident& inc : *incidents) out.push_back(ToJson(inc));
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (incidents->empty()) {
    ctx.Info("no incidents in " + ctx.db_path);
    return kExitOk;
  }
  Table table({"ID", "PUBLISHED", "ORGANIZATION", "TYPES", "RECORDS AT RISK"});
  table.SetMaxWidth(2, 30);
  for (const Incident& inc : *incidents) {
    table.AddRow({std::to_string(inc.id), inc.published_on.empty() ? "-" : inc.published_on,
                  inc.organization, TypesText(inc.types, ","), RecordsText(inc.records)});
  }
  std::fputs(table.Render().c_str(), stdout);
  ctx.Info(std::to_string(incidents->size()) + " incident(s); ~ approx, ≤ at most, ≥ at least");
  return kExitOk;
}

}  // namespace

void AddIncidentsCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<IncidentsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "incidents",
      "List the incidents extracted so far, newest first: victim organisation, disclosure\n"
      "date, incident types and records at risk per data type (with --json: everything,\n"
      "including the evidence span of each figure).");
  cmd->add_option("-n,--limit", args->limit, "show at most this many incidents")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->require_subcommand(0, 1);
  AddIncidentsShowCommand(*cmd, ctx);  // incidents show ID (cmd_incidents_show.cc)
  cmd->callback([cmd, args, &ctx] {
    if (!cmd->get_subcommands().empty()) return;  // the nested subcommand runs instead
    ctx.run = [args, &ctx] { return RunIncidents(*args, ctx); };
  });
}

}  // namespace kenchi::cli
