#include "report/phrases.h"

#include <fmt/format.h>

#include "kenchi/report/render.h"

namespace kenchi::report {
namespace internal {

int64_t Int(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string OrgLabel(const nlohmann::json& model) {
  const nlohmann::json& org = model["organization"];
  if (org.is_null()) return "";
  const std::string display = Str(org, "display_name");
  return display.empty() ? Str(org, "name") : display;
}

std::string HeadlineSentence(const nlohmann::json& model, const Labels& l) {
  const nlohmann::json& h = model["headline"];
  const int64_t n = Int(h, "incidents"), prev = Int(h, "previous_incidents");
  std::string change;
  if (n > prev) change = l.Format("change.up", {{"n", l.Number(n - prev)}});
  else if (n < prev) change = l.Format("change.down", {{"n", l.Number(prev - n)}});
  else change = l.Get("change.same");
  return l.Format("headline.incidents",
                  {{"n", l.Number(n)}, {"prev", l.Number(prev)}, {"change", change},
                   {"prev_from", l.Date(Str(model["previous_period"], "from"))},
                   {"prev_to", l.Date(Str(model["previous_period"], "to"))}});
}

std::string RecordText(const nlohmann::json& r, const Labels& l) {
  return l.Get("data_type." + Str(r, "data_type")) + " " +
         l.QualifiedRecords(Int(r, "count"), Str(r, "qualifier"));
}

std::string TypesText(const nlohmann::json& types, const Labels& l) {
  std::string out;
  for (const nlohmann::json& t : types) {
    if (!out.empty()) out += l.lang() == "ja" ? "、" : ", ";
    out += l.Get("type." + t.get<std::string>());
  }
  return out;
}

std::string PartialNote(const nlohmann::json& model, const Labels& l) {
  std::string list;
  for (const nlohmann::json& m : model["incidents_by_month"]["months"]) {
    if (!m["partial"].get<bool>()) continue;
    if (!list.empty()) list += l.lang() == "ja" ? "、" : "; ";
    // A month not over yet is counted up to today, not to its last day.
    const std::string today = Str(model, "today");
    const std::string to = !today.empty() && today < Str(m, "to") ? today : Str(m, "to");
    list += l.Format("monthly.partial_item", {{"month", l.Month(Str(m, "month"))},
                                              {"from", l.Date(Str(m, "from"))},
                                              {"to", l.Date(to)}});
  }
  return list.empty() ? "" : l.Format("monthly.partial_note", {{"list", list}});
}

std::string ShareKey(const std::string& key, const Labels& l) {
  if (key == "(others)") return l.Get("key.others");
  if (key == "(unknown)") return l.Get("key.unknown");
  if (key == "(not enriched)") return l.Get("key.not_enriched");
  if (key == "(special-purpose)") return l.Get("key.special_purpose");
  return key;
}

const nlohmann::json* LeadingProvider(const nlohmann::json& hosts) {
  const nlohmann::json& rows = hosts["by_provider"];
  if (rows.empty()) return nullptr;
  const std::string key = Str(rows[0], "key");
  if (key.empty() || key[0] == '(') return nullptr;
  return &rows[0];
}

std::string BreakdownText(const nlohmann::json& row, const Labels& l) {
  std::string out;
  for (const char* q : {"exact", "approx", "upper_bound", "lower_bound"}) {
    const int64_t records = Int(row["by_qualifier"][q], "records");
    if (records == 0) continue;
    if (!out.empty()) out += " / ";
    out += l.Format(std::string("breakdown.") + q, {{"n", l.Number(records)}});
  }
  return out;
}

std::string PriceText(const nlohmann::json& row) {
  auto number = [](double v) {
    return v == static_cast<double>(static_cast<int64_t>(v)) ? WithCommas(static_cast<int64_t>(v))
                                                              : fmt::format("{:.4g}", v);
  };
  const double lo = row["min"].get<double>(), hi = row["max"].get<double>();
  const std::string currency = Str(row, "currency");
  if (lo == hi) return number(lo) + " " + currency;
  return number(lo) + " – " + number(hi) + " " + currency;
}

std::vector<std::string> CountingNotes(const nlohmann::json& model, const Labels& l) {
  std::vector<std::string> out{l.Get("method.count.incidents"), l.Get("method.count.records"),
                               l.Get("method.count.hosts"), l.Get("method.count.listings")};
  const nlohmann::json& span = model["method"]["incident_span"];
  if (!Str(span, "first").empty()) {
    out.push_back(l.Format("method.span", {{"first", l.Date(Str(span, "first"))},
                                           {"last", l.Date(Str(span, "last"))}}));
  }
  return out;
}

std::string GeoSentence(const nlohmann::json& model, const Labels& l) {
  const nlohmann::json& geo = model["method"]["geo_dataset"];
  if (geo.is_null()) return l.Get("method.geo_missing");
  return l.Format("method.geo", {{"name", Str(geo, "name")}, {"version", Str(geo, "version")},
                                 {"date", Str(geo, "date")}, {"license", Str(geo, "license")}});
}

}  // namespace internal

std::string ReportTitle(const nlohmann::json& model, const Labels& l) {
  const std::string org = internal::OrgLabel(model);
  return org.empty() ? l.Get("report.title") : l.Format("report.title_org", {{"org", org}});
}

std::string PeriodText(const nlohmann::json& model, const Labels& l) {
  const nlohmann::json& p = model["period"];
  if (p["month"].is_string()) return l.Month(p["month"].get<std::string>());
  return l.Format("format.range", {{"from", l.Date(internal::Str(p, "from"))},
                                   {"to", l.Date(internal::Str(p, "to"))}});
}

}  // namespace kenchi::report
