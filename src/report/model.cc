// The report model: the JSON every renderer reads (shape documented in
// kenchi/report/report.h). This file builds the incident sections (1-3) and
// the method section (7) and puts the others together.
#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "kenchi/pipeline/stats.h"
#include "report/model_parts.h"

namespace kenchi::report {
namespace internal {

bool InPeriod(const std::string& date_or_time, const Period& period) {
  if (date_or_time.size() < 10) return false;
  const std::string day = date_or_time.substr(0, 10);
  return day >= period.from && day <= period.to;
}

}  // namespace internal
namespace {

// The chart stacks each incident once, under its most specific type, so a
// month's bar is as tall as its incident count (the table counts every
// type). Most specific first; unauthorised access, which nearly every
// breach also is, comes last.
constexpr IncidentType kSpecificity[] = {
    IncidentType::kRansomware,       IncidentType::kCardDataLeak, IncidentType::kPersonalDataLeak,
    IncidentType::kDefacement,       IncidentType::kSpamRelay,    IncidentType::kPhishing,
    IncidentType::kMalware,          IncidentType::kMisconfiguration, IncidentType::kInsider,
    IncidentType::kLostDevice,       IncidentType::kUnauthorizedAccess, IncidentType::kOther};

IncidentType PrimaryType(const Incident& incident) {
  for (IncidentType t : kSpecificity) {
    if (std::find(incident.types.begin(), incident.types.end(), t) != incident.types.end()) return t;
  }
  return IncidentType::kOther;
}

int64_t TotalRecords(const Incident& incident) {
  int64_t total = 0;
  for (const RecordCount& r : incident.records) total += r.count;
  return total;
}

// The incidents disclosed in the period with the most records at risk,
// each with the documents that reported it (the reader's way to check).
Result<nlohmann::json> LargestIncidents(Store& store, const std::vector<Incident>& all, const Period& period,
                                        int limit) {
  std::vector<const Incident*> in_period;
  for (const Incident& i : all) {
    if (internal::InPeriod(i.published_on, period) && TotalRecords(i) > 0) in_period.push_back(&i);
  }
  // Most records first; ties by date (newest first), then id, so the order is stable.
  std::sort(in_period.begin(), in_period.end(), [](const Incident* a, const Incident* b) {
    const int64_t ta = TotalRecords(*a), tb = TotalRecords(*b);
    if (ta != tb) return ta > tb;
    if (a->published_on != b->published_on) return a->published_on > b->published_on;
    return a->id < b->id;
  });
  if (in_period.size() > static_cast<size_t>(limit)) in_period.resize(static_cast<size_t>(limit));
  nlohmann::json out = nlohmann::json::array();
  for (const Incident* i : in_period) {
    nlohmann::json types = nlohmann::json::array();
    for (IncidentType t : i->types) types.push_back(ToString(t));
    nlohmann::json records = nlohmann::json::array();
    std::vector<RecordCount> sorted = i->records;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const RecordCount& a, const RecordCount& b) { return a.count > b.count; });
    for (const RecordCount& r : sorted) {
      records.push_back({{"data_type", ToString(r.data_type)}, {"count", r.count},
                         {"qualifier", ToString(r.qualifier)}});
    }
    nlohmann::json sources = nlohmann::json::array();
    for (size_t k = 0; k < i->document_ids.size() && k < 3; ++k) {
      Result<Document> doc = store.GetDocument(i->document_ids[k]);
      if (!doc.ok()) return doc.status().WithContext(fmt::format("incident {}", i->id));
      sources.push_back({{"uri", doc->uri}, {"title", doc->title}});
    }
    out.push_back({{"id", i->id}, {"organization", i->organization},
                   {"published_on", i->published_on}, {"types", types}, {"records", records},
                   {"total_records", TotalRecords(*i)}, {"sources", sources}});
  }
  return out;
}

// Sections 2 and 3 from the monthly statistics (kenchi/pipeline/stats.h):
// only the non-zero rows, most first, so the renderers print what matters.
void IncidentSections(const nlohmann::json& stats, const std::vector<Incident>& all, const Period& period,
                      nlohmann::json& model) {
  std::map<std::string, std::map<std::string, int64_t>> primary;  // month -> type -> incidents
  for (const Incident& i : all) {
    if (internal::InPeriod(i.published_on, period)) {
      ++primary[i.published_on.substr(0, 7)][std::string(ToString(PrimaryType(i)))];
    }
  }
  nlohmann::json months = nlohmann::json::array();
  for (const nlohmann::json& m : stats["months"]) {
    nlohmann::json primary_types = nlohmann::json::object();
    for (const auto& [type, n] : primary[m["month"].get<std::string>()]) primary_types[type] = n;
    months.push_back({{"month", m["month"]}, {"from", m["from"]}, {"to", m["to"]},
                      {"partial", m["partial"]}, {"incidents", m["incidents"]}, {"types", m["types"]},
                      {"primary_types", primary_types}});
  }
  nlohmann::json types = nlohmann::json::array();
  for (const nlohmann::json& t : stats["types"]) {
    if (t["incidents"].get<int64_t>() > 0) types.push_back(t);
  }
  std::stable_sort(types.begin(), types.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["incidents"].get<int64_t>() > b["incidents"].get<int64_t>();
  });
  model["incidents_by_month"] = {{"incidents", stats["incidents"]}, {"months", months}, {"types", types}};

  nlohmann::json rows = nlohmann::json::array();
  int64_t total = 0;
  for (const nlohmann::json& r : stats["records_at_risk"]) {
    if (r["total"].get<int64_t>() == 0) continue;
    total += r["total"].get<int64_t>();
    rows.push_back(r);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["total"].get<int64_t>() > b["total"].get<int64_t>();
  });
  model["records_at_risk"] = {{"total", total}, {"rows", rows}};
}

Result<nlohmann::json> MethodSection(Store& store, const Period& period, const ReportDatasets& datasets,
                                     const nlohmann::json& hosts) {
  Result<std::vector<SourceDocumentCount>> sources = store.CountDocumentsBySource(period.from, period.to);
  if (!sources.ok()) return sources.status();
  nlohmann::json list = nlohmann::json::array();
  int64_t documents = 0;
  for (const SourceDocumentCount& s : *sources) {
    list.push_back({{"source", s.source}, {"documents", s.documents}});
    documents += s.documents;
  }
  nlohmann::json geo = nullptr;
  if (datasets.geo) {
    geo = {{"name", datasets.geo->name}, {"version", datasets.geo->version},
           {"date", datasets.geo->date}, {"license", datasets.geo->license}, {"path", datasets.geo_path}};
  }
  Result<std::pair<std::string, std::string>> span = store.IncidentDateSpan();
  if (!span.ok()) return span.status();
  return nlohmann::json{{"documents", documents},
                        {"sources", list},
                        {"geo_dataset", geo},
                        {"host_datasets", hosts["datasets"]},
                        {"incident_span", {{"first", span->first}, {"last", span->second}}},
                        {"kenchi_version", KENCHI_VERSION}};
}

}  // namespace

Result<nlohmann::json> BuildReportModel(Store& store, const ReportRequest& request,
                                        const ReportDatasets& datasets) {
  if (request.lang != "ja" && request.lang != "en") {
    return Status::InvalidInput(fmt::format("--lang: \"{}\" is not a report language (ja or en)", request.lang));
  }
  const Period& period = request.period;
  std::optional<Organization> org;
  if (!request.organization.empty()) {
    Result<Organization> found = store.GetOrganizationByName(request.organization);
    if (!found.ok()) {
      if (found.status().code() == Status::Code::kNotFound) {
        return Status::NotFound(fmt::format(
            "--org: no organisation named \"{}\" (see `kenchi org list`)", request.organization));
      }
      return found.status();
    }
    org = *found;
  }

  Result<pipeline::IncidentStats> stats =
      pipeline::ComputeIncidentStats(store, period.from, period.to, request.today);
  if (!stats.ok()) return stats.status();
  const Period previous = PreviousPeriod(period);
  Result<pipeline::IncidentStats> before =
      pipeline::ComputeIncidentStats(store, previous.from, previous.to, request.today);
  if (!before.ok()) return before.status();

  nlohmann::json model;
  model["report"] = "kenchi-security-report";
  model["version"] = 1;
  model["lang"] = request.lang;
  model["generated_at"] = request.generated_at;
  model["today"] = request.today;
  const int64_t days = DaysIn(period);
  model["period"] = {{"from", period.from}, {"to", period.to},
                     {"month", period.month.empty() ? nlohmann::json() : nlohmann::json(period.month)},
                     {"days", days}};
  model["previous_period"] = {{"from", previous.from}, {"to", previous.to}};
  model["organization"] = org ? nlohmann::json{{"name", org->name}, {"display_name", org->display_name}}
                              : nlohmann::json();

  Result<std::vector<Incident>> incidents = store.ListIncidents(std::numeric_limits<int>::max());
  if (!incidents.ok()) return incidents.status();
  IncidentSections(pipeline::IncidentStatsToJson(*stats), *incidents, period, model);
  Result<nlohmann::json> largest = LargestIncidents(store, *incidents, period, request.largest);
  if (!largest.ok()) return largest.status();
  model["headline"] = {{"incidents", stats->incidents},
                       {"previous_incidents", before->incidents},
                       {"records_at_risk", model["records_at_risk"]["total"]},
                       {"largest", *largest}};

  Result<nlohmann::json> hosts = internal::HostsSection(store, period);
  if (!hosts.ok()) return hosts.status();
  model["hosts"] = *hosts;
  Result<nlohmann::json> market = internal::UndergroundSection(store, period);
  if (!market.ok()) return market.status();
  model["underground"] = *market;
  model["organization_findings"] = nullptr;
  int64_t org_alerts = 0;
  if (org) {
    Result<nlohmann::json> findings = internal::OrganizationSection(store, *org, period, request.samples);
    if (!findings.ok()) return findings.status();
    org_alerts = (*findings)["alerts"].get<int64_t>();
    model["organization_findings"] = *findings;
  }
  Result<nlohmann::json> method = MethodSection(store, period, datasets, *hosts);
  if (!method.ok()) return method.status();
  model["method"] = *method;
  model["empty"] = stats->incidents == 0 && (*hosts)["hosts"].get<int64_t>() == 0 &&
                   (*market)["listings"].get<int64_t>() == 0 && org_alerts == 0;
  return model;
}

}  // namespace kenchi::report
