// kenchi incidents show ID: one incident with its sources and the history
// of its figures (how each report stated them; see kenchi/pipeline/merge.h
// for how reports are merged and which figures win).
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/incident_text.h"
#include "cli/table.h"

namespace kenchi::cli {
namespace {

struct ShowArgs {
  int64_t id = 0;
};

nlohmann::json OrNull(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }

struct Source {
  int64_t document_id = 0;
  std::string reported_on, uri, title;
};

int RunShow(const ShowArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<Incident> incident = store->GetIncident(args.id);
  if (!incident.ok()) {
    ctx.Error(incident.status().message());
    return incident.status().code() == Status::Code::kNotFound ? kExitBadInput
                                                               : ExitCodeFor(incident.status());
  }
  Result<std::vector<IncidentRevision>> history = store->ListIncidentRevisions(args.id);
  if (!history.ok()) {
    ctx.Error(history.status().message());
    return ExitCodeFor(history.status());
  }
  // Sources: every linked document, described by its report when there is
  // one (documents linked before reports were kept are looked up).
  std::vector<Source> sources;
  for (int64_t doc_id : incident->document_ids) {
    Source s{doc_id, {}, {}, {}};
    bool found = false;
    for (const IncidentRevision& r : *history) {
      if (r.document_id == doc_id) {
        s.reported_on = r.reported_on;
        s.uri = r.uri;
        s.title = r.title;
        found = true;
      }
    }
    if (!found) {
      Result<Document> doc = store->GetDocument(doc_id);
      if (doc.ok()) {
        s.reported_on = doc->published_on;
        s.uri = doc->uri;
        s.title = doc->title;
      }
    }
    sources.push_back(std::move(s));
  }

  if (ctx.json) {
    nlohmann::json src = nlohmann::json::array();
    for (const Source& s : sources) {
      src.push_back({{"document_id", s.document_id},
                     {"reported_on", OrNull(s.reported_on)},
                     {"uri", s.uri},
                     {"title", s.title}});
    }
    nlohmann::json hist = nlohmann::json::array();
    for (const IncidentRevision& r : *history) {
      hist.push_back({{"document_id", r.document_id},
                      {"reported_on", OrNull(r.reported_on)},
                      {"organization", r.reported.organization},
                      {"types", TypesJson(r.reported.types)},
                      {"records", RecordsJson(r.reported.records)},
                      {"occurred_on", OrNull(r.reported.occurred_on)},
                      {"discovered_on", OrNull(r.reported.discovered_on)},
                      {"cause", OrNull(r.reported.cause)},
                      {"origin_country", OrNull(r.reported.origin_country)},
                      {"recorded_at", r.recorded_at}});
    }
    const Incident& in = *incident;
    ctx.PrintJson({{"id", in.id},
                   {"organization", in.organization},
                   {"organization_key", in.organization_key},
                   {"published_on", OrNull(in.published_on)},
                   {"occurred_on", OrNull(in.occurred_on)},
                   {"discovered_on", OrNull(in.discovered_on)},
                   {"types", TypesJson(in.types)},
                   {"records", RecordsJson(in.records)},
                   {"cause", OrNull(in.cause)},
                   {"origin_country", OrNull(in.origin_country)},
                   {"sources", std::move(src)},
                   {"history", std::move(hist)}});
    return kExitOk;
  }

  const Incident& in = *incident;
  std::string out;
  out += fmt::format("incident {}: {} (key {})\n", in.id, in.organization, in.organization_key);
  out += fmt::format("  disclosed   {}\n", in.published_on.empty() ? "-" : in.published_on);
  if (!in.occurred_on.empty()) out += fmt::format("  occurred    {}\n", in.occurred_on);
  if (!in.discovered_on.empty()) out += fmt::format("  discovered  {}\n", in.discovered_on);
  out += fmt::format("  types       {}\n", TypesText(in.types, ", "));
  out += fmt::format("  at risk     {}\n", RecordsText(in.records));
  if (!in.cause.empty()) out += fmt::format("  cause       {}\n", in.cause);
  if (!in.origin_country.empty()) out += fmt::format("  origin      {}\n", in.origin_country);
  std::fputs(out.c_str(), stdout);

  std::fputs("\nSources\n", stdout);
  Table src({"DOC", "REPORTED", "TITLE", "URI"});
  src.SetMaxWidth(2, 40);
  src.SetMaxWidth(3, 50);
  for (const Source& s : sources) {
    src.AddRow({std::to_string(s.document_id), s.reported_on.empty() ? "-" : s.reported_on,
                s.title.empty() ? "-" : s.title, s.uri});
  }
  std::fputs(src.Render().c_str(), stdout);

  std::fputs("\nHistory (oldest first; later reports win)\n", stdout);
  Table hist({"REPORTED", "DOC", "TYPES", "RECORDS AT RISK"});
  hist.SetMaxWidth(2, 40);
  for (const IncidentRevision& r : *history) {
    hist.AddRow({r.reported_on.empty() ? "-" : r.reported_on, std::to_string(r.document_id),
                 TypesText(r.reported.types, ", "), RecordsText(r.reported.records)});
  }
  std::fputs(hist.Render().c_str(), stdout);
  ctx.Info("~ approx, ≤ at most, ≥ at least");
  return kExitOk;
}

}  // namespace

void AddIncidentsShowCommand(CLI::App& incidents, Context& ctx) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = incidents.add_subcommand(
      "show",
      "Show one incident: its current figures, every source document that reported it,\n"
      "and the history of how each report stated the types and records at risk.");
  cmd->add_option("ID", args->id, "the incident id (as listed by `kenchi incidents`)")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunShow(*args, ctx); }; });
}

}  // namespace kenchi::cli
