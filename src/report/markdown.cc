// The report as Markdown: the same sections and figures as the HTML, with
// tables instead of charts. It doubles as the plain-text part of the
// report mail, so it is written to read well as plain text too.
#include <fmt/format.h>

#include "kenchi/report/render.h"
#include "report/phrases.h"

namespace kenchi::report {
namespace {

using internal::Int;
using internal::Str;

// Table cells may not hold a pipe or a line break.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

// Headers starting with '#' are right-aligned (numbers).
std::string Table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  std::string t = "|", rule = "|";
  for (const std::string& h : headers) {
    const bool num = !h.empty() && h[0] == '#';
    t += " " + Cell(num ? h.substr(1) : h) + " |";
    rule += num ? " ---: |" : " --- |";
  }
  t += "\n" + rule + "\n";
  for (const auto& row : rows) {
    t += "|";
    for (const std::string& c : row) t += " " + Cell(c) + " |";
    t += "\n";
  }
  return t + "\n";
}

std::string H2(const std::string& s) { return "## " + s + "\n\n"; }
std::string H3(const std::string& s) { return "### " + s + "\n\n"; }
std::string Para(const std::string& s) { return s + "\n\n"; }
std::string Note(const std::string& s) { return "> " + s + "\n\n"; }

std::string Headline(const nlohmann::json& m, const Labels& l) {
  std::string out = H2(l.Get("section.headline")) + Para(internal::HeadlineSentence(m, l));
  const int64_t records = Int(m["headline"], "records_at_risk");
  if (records > 0) out += Para(l.Format("headline.records", {{"records", "**" + l.Records(records) + "**"}}));
  out += H3(l.Get("headline.largest"));
  if (m["headline"]["largest"].empty()) return out + Para(l.Get("headline.no_largest"));
  std::vector<std::vector<std::string>> rows;
  for (const nlohmann::json& i : m["headline"]["largest"]) {
    std::string recs, sources;
    for (const nlohmann::json& r : i["records"]) recs += (recs.empty() ? "" : "; ") + internal::RecordText(r, l);
    for (const nlohmann::json& s : i["sources"]) {
      const std::string uri = Str(s, "uri");
      const bool link = uri.rfind("http://", 0) == 0 || uri.rfind("https://", 0) == 0;
      const std::string title = Str(s, "title").empty() ? uri : Str(s, "title");
      sources += (sources.empty() ? "" : "; ") + (link ? "[" + title + "](" + uri + ")" : title);
    }
    rows.push_back({Str(i, "organization"), l.Date(Str(i, "published_on")), internal::TypesText(i["types"], l),
                    recs, sources});
  }
  return out + Table({l.Get("col.organization"), l.Get("col.date"), l.Get("col.types"), l.Get("col.records"),
                      l.Get("col.sources")},
                     rows);
}

std::string Monthly(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["incidents_by_month"];
  std::string out = H2(l.Get("section.monthly"));
  // Month rows with one column per type that occurs in the period.
  std::vector<std::string> headers{l.Get("col.month"), "#" + l.Get("col.total")};
  for (const nlohmann::json& t : s["types"]) headers.push_back("#" + l.Get("type." + Str(t, "type")));
  std::vector<std::vector<std::string>> rows;
  for (const nlohmann::json& month : s["months"]) {
    std::vector<std::string> row{l.Month(Str(month, "month")) + (month["partial"].get<bool>() ? "*" : ""),
                                 l.Number(Int(month, "incidents"))};
    for (const nlohmann::json& t : s["types"]) row.push_back(l.Number(month["types"].value(Str(t, "type"), int64_t{0})));
    rows.push_back(std::move(row));
  }
  std::vector<std::string> total{"**" + l.Get("col.total") + "**", "**" + l.Number(Int(s, "incidents")) + "**"};
  for (const nlohmann::json& t : s["types"]) total.push_back(l.Number(Int(t, "incidents")));
  rows.push_back(std::move(total));
  out += Table(headers, rows);
  const std::string partial = internal::PartialNote(m, l);
  if (!partial.empty()) out += Note(partial);
  return out + Note(l.Get("monthly.types_note"));
}

std::string Records(const nlohmann::json& m, const Labels& l) {
  std::string out = H2(l.Get("section.records")) + Note(l.Get("records.caveat"));
  const nlohmann::json& r = m["records_at_risk"];
  if (r["rows"].empty()) return out + Para(l.Get("records.none"));
  std::vector<std::vector<std::string>> rows;
  for (const nlohmann::json& row : r["rows"]) {
    rows.push_back({l.Get("data_type." + Str(row, "data_type")), l.Records(Int(row, "total")),
                    internal::BreakdownText(row, l)});
  }
  out += Table({l.Get("col.data_type"), "#" + l.Get("col.records"), l.Get("col.breakdown")}, rows);
  return out + Note(l.Get("records.qualifier_note"));
}

std::string Shares(const nlohmann::json& rows_json, const std::string& key_header, const Labels& l) {
  std::vector<std::vector<std::string>> rows;
  for (const nlohmann::json& row : rows_json) {
    rows.push_back({internal::ShareKey(Str(row, "key"), l), l.Number(Int(row, "hosts")),
                    Labels::Percent(row["share"].get<double>())});
  }
  return Table({key_header, "#" + l.Get("col.hosts"), "#" + l.Get("col.share")}, rows);
}

std::string Hosts(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["hosts"];
  std::string out = H2(l.Get("section.hosts"));
  if (Int(s, "hosts") == 0) return out + Para(l.Get("hosts.none"));
  out += Para(l.Format("hosts.summary", {{"n", l.Number(Int(s, "hosts"))}}));
  // The leading provider is named only when it is one: "(unknown)" or
  // "(others)" leading says nothing about where hosts run.
  if (const nlohmann::json* top = internal::LeadingProvider(s)) {
    out += Para(l.Format("hosts.top", {{"provider", Str(*top, "key")},
                                       {"share", Labels::Percent((*top)["share"].get<double>())}}));
  }
  if (Int(s, "not_enriched") > 0) out += Note(l.Format("hosts.not_enriched", {{"n", l.Number(Int(s, "not_enriched"))}}));
  out += H3(l.Get("hosts.by_provider")) + Shares(s["by_provider"], l.Get("col.provider"), l);
  return out + H3(l.Get("hosts.by_country")) + Shares(s["by_country"], l.Get("col.country"), l);
}

std::string Market(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["underground"];
  std::string out = H2(l.Get("section.market"));
  if (Int(s, "listings") == 0) return out + Para(l.Get("market.none"));
  out += Para(l.Format("market.summary", {{"n", l.Number(Int(s, "listings"))}}));
  std::vector<std::vector<std::string>> rows;
  for (const nlohmann::json& row : s["by_offering"]) {
    rows.push_back({l.Get("offering." + Str(row, "offering")), l.Number(Int(row, "listings")),
                    Int(row, "volume") > 0 ? l.Records(Int(row, "volume")) : "-"});
  }
  out += H3(l.Get("market.by_offering")) +
         Table({l.Get("col.offering"), "#" + l.Get("col.listings"), "#" + l.Get("col.volume")}, rows);
  rows.clear();
  for (const nlohmann::json& row : s["by_country"]) {
    const std::string c = Str(row, "country");
    rows.push_back({c.empty() ? l.Get("country.none") : c, l.Number(Int(row, "listings"))});
  }
  out += H3(l.Get("market.by_country")) + Table({l.Get("col.country"), "#" + l.Get("col.listings")}, rows);
  rows.clear();
  for (const nlohmann::json& row : s["by_data_type"]) {
    rows.push_back({l.Get("data_type." + Str(row, "data_type")), l.Number(Int(row, "listings"))});
  }
  out += H3(l.Get("market.by_data_type")) + Table({l.Get("col.data_type"), "#" + l.Get("col.listings")}, rows);
  rows.clear();
  for (const nlohmann::json& row : s["by_sector"]) {
    rows.push_back({l.Get("sector." + Str(row, "sector")), l.Number(Int(row, "listings")),
                    Labels::Percent(row["share"].get<double>())});
  }
  out += H3(l.Get("market.by_sector")) +
         Table({l.Get("col.sector"), "#" + l.Get("col.listings"), "#" + l.Get("col.share")}, rows) +
         Note(l.Get("market.sector_note"));
  if (!s["prices"].empty()) {
    rows.clear();
    for (const nlohmann::json& row : s["prices"]) {
      rows.push_back({l.Get("offering." + Str(row, "offering")), internal::PriceText(row),
                      l.Get("price_basis." + Str(row, "basis")), l.Number(Int(row, "listings"))});
    }
    out += H3(l.Get("market.prices")) +
           Table({l.Get("col.offering"), "#" + l.Get("col.price"), l.Get("col.basis"), "#" + l.Get("col.listings")},
                 rows);
  }
  return out + Note(l.Get("market.privacy"));
}

std::string Organization(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& f = m["organization_findings"];
  const std::string org = internal::OrgLabel(m);
  std::string out = H2(l.Format("section.org", {{"org", org}}));
  const nlohmann::json& sev = f["by_severity"];
  out += Para(Int(f, "alerts") == 0
                  ? l.Format("org.none", {{"org", org}})
                  : l.Format("org.summary", {{"org", org}, {"n", l.Number(Int(f, "alerts"))},
                                             {"critical", l.Number(Int(sev, "critical"))},
                                             {"high", l.Number(Int(sev, "high"))},
                                             {"medium", l.Number(Int(sev, "medium"))},
                                             {"low", l.Number(Int(sev, "low"))}}));
  const nlohmann::json& c = f["credentials"];
  out += H3(l.Get("org.credentials"));
  if (Int(c, "exposures") == 0) {
    out += Para(l.Get("org.credentials_none"));
  } else {
    out += Para(l.Format("org.credentials_summary", {{"exposures", l.Number(Int(c, "exposures"))},
                                                     {"identities", l.Number(Int(c, "identities"))},
                                                     {"with_password", l.Number(Int(c, "with_password"))}}));
    std::vector<std::vector<std::string>> rows;
    for (const nlohmann::json& s : c["samples"]) {
      rows.push_back({"`" + Str(s, "identity") + "`", "`" + Str(s, "password") + "`", Str(s, "last_seen").substr(0, 10)});
    }
    out += Table({l.Get("col.identity"), l.Get("col.password"), l.Get("col.last_seen")}, rows);
  }
  if (!f["listings"].empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const nlohmann::json& x : f["listings"]) {
      rows.push_back({l.Get("severity." + Str(x, "severity")), l.Get("offering." + Str(x, "offering")),
                      Str(x, "posted_at").substr(0, 10),
                      x["volume"].is_number() ? l.Records(x["volume"].get<int64_t>()) : "-",
                      x["price"].is_number() ? internal::PriceText({{"min", x["price"]}, {"max", x["price"]},
                                                                    {"currency", x["currency"]}})
                                             : "-"});
    }
    out += H3(l.Format("org.listings", {{"org", org}})) +
           Table({l.Get("col.severity"), l.Get("col.offering"), l.Get("col.posted"), "#" + l.Get("col.volume"),
                  "#" + l.Get("col.price")},
                 rows);
  }
  if (!f["hosts"].empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const nlohmann::json& x : f["hosts"]) {
      rows.push_back({"`" + Str(x, "ip") + "`", std::to_string(Int(x, "port")), Str(x, "service"),
                      Str(x, "provider"), Str(x, "first_seen").substr(0, 10)});
    }
    out += H3(l.Format("org.hosts", {{"org", org}})) +
           Table({l.Get("col.ip"), "#" + l.Get("col.port"), l.Get("col.service"), l.Get("col.provider"),
                  l.Get("col.first_seen")},
                 rows);
  }
  out += H3(l.Get("org.actions"));
  for (const nlohmann::json& a : f["actions"]) out += "- " + l.Get("action." + a.get<std::string>()) + "\n";
  return out + "\n";
}

std::string Method(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["method"];
  std::string out = H2(l.Get("section.method"));
  if (Int(s, "documents") == 0) {
    out += Para(l.Get("method.no_documents"));
  } else {
    out += Para(l.Format("method.documents", {{"n", l.Number(Int(s, "documents"))}}));
    std::vector<std::vector<std::string>> rows;
    for (const nlohmann::json& row : s["sources"]) rows.push_back({Str(row, "source"), l.Number(Int(row, "documents"))});
    out += Table({l.Get("col.source"), "#" + l.Get("col.documents")}, rows);
  }
  out += Para(internal::GeoSentence(m, l));
  if (!s["host_datasets"].empty()) {
    std::string list;
    for (const nlohmann::json& d : s["host_datasets"]) list += (list.empty() ? "" : ", ") + d.get<std::string>();
    out += Para(l.Format("method.host_datasets", {{"list", list}}));
  }
  for (const std::string& note : internal::CountingNotes(m, l)) out += "- " + note + "\n";
  return out + "\n";
}

}  // namespace

std::string RenderMarkdown(const nlohmann::json& m, const Labels& l) {
  std::string out = "# " + ReportTitle(m, l) + "\n\n";
  out += l.Format("report.period", {{"period", PeriodText(m, l)}}) + "  \n";
  out += l.Format("report.generated", {{"at", Str(m, "generated_at")}, {"version", Str(m["method"], "kenchi_version")}}) +
         "\n\n";
  if (m["empty"].get<bool>()) out += Note(l.Get("report.empty"));
  out += Headline(m, l) + Monthly(m, l) + Records(m, l) + Hosts(m, l) + Market(m, l);
  if (!m["organization_findings"].is_null()) out += Organization(m, l);
  out += Method(m, l);
  return out + "---\n\n" + l.Get("report.footer") + "\n";
}

}  // namespace kenchi::report
