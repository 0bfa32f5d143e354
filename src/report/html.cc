// The report as one self-contained HTML page: sections as semantic HTML,
// charts as inline SVG (kenchi/report/svg_chart.h), the page and its style
// from data/report (report.html, report.css), every word from the labels.
#include <fmt/format.h>

#include "kenchi/report/render.h"
#include "kenchi/report/svg_chart.h"
#include "report/phrases.h"

namespace kenchi::report {
namespace {

using internal::Int;
using internal::Str;

std::string E(std::string_view s) { return EscapeXml(s); }

// A table: header cells, then rows; a header starting with '#' is numeric
// (right-aligned), the '#' not printed.
class HtmlTable {
 public:
  explicit HtmlTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void Row(std::vector<std::string> cells_html, const char* row_class = nullptr) {
    std::string r = row_class ? fmt::format("<tr class=\"{}\">", row_class) : "<tr>";
    for (size_t i = 0; i < cells_html.size(); ++i) {
      const bool num = i < headers_.size() && !headers_[i].empty() && headers_[i][0] == '#';
      r += num ? "<td class=\"num\">" : "<td>";
      r += cells_html[i] + "</td>";
    }
    rows_ += r + "</tr>\n";
  }
  void Footer(std::vector<std::string> cells_html) {
    foot_ = "<tfoot><tr>";
    for (size_t i = 0; i < cells_html.size(); ++i) {
      const bool num = i < headers_.size() && !headers_[i].empty() && headers_[i][0] == '#';
      foot_ += (num ? "<td class=\"num\">" : "<td>") + cells_html[i] + "</td>";
    }
    foot_ += "</tr></tfoot>";
  }
  std::string Html() const {
    std::string h = "<table><thead><tr>";
    for (const std::string& c : headers_) {
      const bool num = !c.empty() && c[0] == '#';
      h += (num ? "<th class=\"num\">" : "<th>") + E(num ? c.substr(1) : c) + "</th>";
    }
    return h + "</tr></thead><tbody>\n" + rows_ + "</tbody>" + foot_ + "</table>\n";
  }

 private:
  std::vector<std::string> headers_;
  std::string rows_, foot_;
};

std::string P(std::string_view text, const char* cls = nullptr) {
  return cls ? fmt::format("<p class=\"{}\">{}</p>\n", cls, E(text)) : "<p>" + E(text) + "</p>\n";
}

std::string Headline(const nlohmann::json& m, const Labels& l) {
  std::string h = "<section id=\"headline\"><h2>" + E(l.Get("section.headline")) + "</h2>\n";
  h += P(internal::HeadlineSentence(m, l), "lead");
  const int64_t records = Int(m["headline"], "records_at_risk");
  if (records > 0) {
    h += "<p class=\"lead\">" +
         E(l.Format("headline.records", {{"records", "\x01"}})) + "</p>\n";
    // The figure is emphasised: put it in after escaping the sentence.
    const size_t at = h.find('\x01');
    h.replace(at, 1, "<span class=\"figure\">" + E(l.Records(records)) + "</span>");
  }
  h += "<h3>" + E(l.Get("headline.largest")) + "</h3>\n";
  const nlohmann::json& largest = m["headline"]["largest"];
  if (largest.empty()) return h + P(l.Get("headline.no_largest"), "note") + "</section>\n";
  HtmlTable t({l.Get("col.organization"), l.Get("col.date"), l.Get("col.types"), l.Get("col.records"),
               l.Get("col.sources")});
  for (const nlohmann::json& i : largest) {
    std::string recs;
    for (const nlohmann::json& r : i["records"]) recs += (recs.empty() ? "" : "<br>") + E(internal::RecordText(r, l));
    std::string sources = "<div class=\"sources\">";
    for (const nlohmann::json& s : i["sources"]) {
      const std::string uri = Str(s, "uri");
      const std::string text = Str(s, "title").empty() ? uri : Str(s, "title");
      const bool link = uri.rfind("http://", 0) == 0 || uri.rfind("https://", 0) == 0;
      sources += link ? fmt::format("<a href=\"{}\">{}</a>", E(uri), E(text)) : "<span>" + E(text) + "</span><br>";
    }
    sources += "</div>";
    t.Row({E(Str(i, "organization")), "<span style=\"white-space:nowrap\">" + E(l.Date(Str(i, "published_on"))) + "</span>",
           E(internal::TypesText(i["types"], l)), recs, sources});
  }
  return h + t.Html() + "</section>\n";
}

std::string Monthly(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["incidents_by_month"];
  std::string h = "<section id=\"monthly\"><h2>" + E(l.Get("section.monthly")) + "</h2>\n";
  StackedBars chart;
  chart.title = l.Get("monthly.chart");
  chart.partial_label = l.Get("monthly.partial");
  for (const nlohmann::json& month : s["months"]) {
    chart.categories.push_back(l.Month(Str(month, "month")));
    chart.partial.push_back(month["partial"].get<bool>());
  }
  // One series per incident type, in the model's fixed (sorted) type
  // order, so a type keeps its colour from one report to the next. Each
  // incident is stacked once, under its most specific type.
  if (!s["months"].empty()) {
    for (const auto& [type, unused] : s["months"][0]["types"].items()) {
      (void)unused;
      StackedBars::Series series{l.Get("type." + type), {}};
      for (const nlohmann::json& month : s["months"]) {
        series.values.push_back(month["primary_types"].value(type, int64_t{0}));
      }
      chart.series.push_back(std::move(series));
    }
  }
  if (Int(s, "incidents") > 0) {
    h += "<figure>" + RenderStackedBars(chart) + "</figure>\n";
    h += P(l.Get("monthly.chart_note"), "note");
  } else {
    h += P(l.Get("monthly.none"), "note");  // an empty chart would only show an axis
  }
  HtmlTable t({l.Get("col.month"), "#" + l.Get("col.incidents")});
  for (const nlohmann::json& month : s["months"]) {
    const bool partial = month["partial"].get<bool>();
    t.Row({E(l.Month(Str(month, "month")) + (partial ? "*" : "")), l.Number(Int(month, "incidents"))},
          partial ? "partial" : nullptr);
  }
  t.Footer({E(l.Get("col.total")), l.Number(Int(s, "incidents"))});
  HtmlTable types({l.Get("col.type"), "#" + l.Get("col.incidents")});
  for (const nlohmann::json& row : s["types"]) {
    types.Row({E(l.Get("type." + Str(row, "type"))), l.Number(Int(row, "incidents"))});
  }
  h += "<div class=\"two\"><div>" + t.Html() + "</div><div>" + types.Html() + "</div></div>\n";
  const std::string partial = internal::PartialNote(m, l);
  if (!partial.empty()) h += P(partial, "note");
  h += P(l.Get("monthly.types_note"), "note");
  return h + "</section>\n";
}

std::string Records(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& r = m["records_at_risk"];
  std::string h = "<section id=\"records\"><h2>" + E(l.Get("section.records")) + "</h2>\n";
  h += P(l.Get("records.caveat"), "caveat");
  if (r["rows"].empty()) return h + P(l.Get("records.none"), "note") + "</section>\n";
  std::vector<BarRow> bars;
  HtmlTable t({l.Get("col.data_type"), "#" + l.Get("col.records"), l.Get("col.breakdown")});
  for (const nlohmann::json& row : r["rows"]) {
    const std::string name = l.Get("data_type." + Str(row, "data_type"));
    bars.push_back({name, static_cast<double>(Int(row, "total")), l.Records(Int(row, "total"))});
    t.Row({E(name), E(l.Records(Int(row, "total"))), E(internal::BreakdownText(row, l))});
  }
  h += "<figure>" + RenderHorizontalBars(l.Get("records.chart"), bars) + "</figure>\n" + t.Html();
  h += P(l.Get("records.qualifier_note"), "note");
  return h + "</section>\n";
}

std::string ShareTable(const nlohmann::json& rows, const std::string& key_header, const Labels& l) {
  HtmlTable t({key_header, "#" + l.Get("col.hosts"), "#" + l.Get("col.share")});
  for (const nlohmann::json& row : rows) {
    t.Row({E(internal::ShareKey(Str(row, "key"), l)), l.Number(Int(row, "hosts")),
           Labels::Percent(row["share"].get<double>())});
  }
  return t.Html();
}

std::string Hosts(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["hosts"];
  std::string h = "<section id=\"hosts\"><h2>" + E(l.Get("section.hosts")) + "</h2>\n";
  if (Int(s, "hosts") == 0) return h + P(l.Get("hosts.none"), "note") + "</section>\n";
  h += P(l.Format("hosts.summary", {{"n", l.Number(Int(s, "hosts"))}}), "lead");
  // The leading provider is named only when it is one: "(unknown)" or
  // "(others)" leading says nothing about where hosts run.
  if (const nlohmann::json* top = internal::LeadingProvider(s)) {
    h += P(l.Format("hosts.top", {{"provider", Str(*top, "key")},
                                  {"share", Labels::Percent((*top)["share"].get<double>())}}));
  }
  if (Int(s, "not_enriched") > 0) h += P(l.Format("hosts.not_enriched", {{"n", l.Number(Int(s, "not_enriched"))}}), "note");
  std::vector<BarRow> bars;
  for (const nlohmann::json& row : s["by_provider"]) {
    bars.push_back({internal::ShareKey(Str(row, "key"), l), row["share"].get<double>(),
                    Labels::Percent(row["share"].get<double>())});
  }
  h += "<figure>" + RenderHorizontalBars(l.Get("hosts.chart_provider"), bars) + "</figure>\n";
  h += "<div class=\"two\"><div><h3>" + E(l.Get("hosts.by_provider")) + "</h3>" +
       ShareTable(s["by_provider"], l.Get("col.provider"), l) + "</div><div><h3>" +
       E(l.Get("hosts.by_country")) + "</h3>" + ShareTable(s["by_country"], l.Get("col.country"), l) +
       "</div></div>\n";
  return h + "</section>\n";
}

// Listings by the target's sector: a chart of the shares and the table.
// "Not stated" is charted too: a market where most posts name no sector
// reads differently from one where they all do.
std::string MarketSectors(const nlohmann::json& s, const Labels& l) {
  std::vector<BarRow> bars;
  HtmlTable t({l.Get("col.sector"), "#" + l.Get("col.listings"), "#" + l.Get("col.share")});
  for (const nlohmann::json& row : s["by_sector"]) {
    const std::string name = l.Get("sector." + Str(row, "sector"));
    const double share = row["share"].get<double>();
    bars.push_back({name, share, Labels::Percent(share)});
    t.Row({E(name), l.Number(Int(row, "listings")), Labels::Percent(share)});
  }
  return "<h3>" + E(l.Get("market.by_sector")) + "</h3>\n<figure>" +
         RenderHorizontalBars(l.Get("market.chart_sector"), bars) + "</figure>\n" + t.Html() +
         P(l.Get("market.sector_note"), "note");
}

std::string Market(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["underground"];
  std::string h = "<section id=\"market\"><h2>" + E(l.Get("section.market")) + "</h2>\n";
  if (Int(s, "listings") == 0) return h + P(l.Get("market.none"), "note") + "</section>\n";
  h += P(l.Format("market.summary", {{"n", l.Number(Int(s, "listings"))}}), "lead");
  std::vector<BarRow> bars;
  HtmlTable offer({l.Get("col.offering"), "#" + l.Get("col.listings"), "#" + l.Get("col.volume")});
  for (const nlohmann::json& row : s["by_offering"]) {
    const std::string name = l.Get("offering." + Str(row, "offering"));
    bars.push_back({name, static_cast<double>(Int(row, "listings")), l.Number(Int(row, "listings"))});
    offer.Row({E(name), l.Number(Int(row, "listings")),
               Int(row, "volume") > 0 ? E(l.Records(Int(row, "volume"))) : "-"});
  }
  h += "<figure>" + RenderHorizontalBars(l.Get("market.by_offering"), bars) + "</figure>\n";
  h += "<h3>" + E(l.Get("market.by_offering")) + "</h3>" + offer.Html();
  HtmlTable countries({l.Get("col.country"), "#" + l.Get("col.listings")});
  for (const nlohmann::json& row : s["by_country"]) {
    const std::string c = Str(row, "country");
    countries.Row({E(c.empty() ? l.Get("country.none") : c), l.Number(Int(row, "listings"))});
  }
  HtmlTable data({l.Get("col.data_type"), "#" + l.Get("col.listings")});
  for (const nlohmann::json& row : s["by_data_type"]) {
    data.Row({E(l.Get("data_type." + Str(row, "data_type"))), l.Number(Int(row, "listings"))});
  }
  h += "<div class=\"two\"><div><h3>" + E(l.Get("market.by_country")) + "</h3>" + countries.Html() +
       "</div><div><h3>" + E(l.Get("market.by_data_type")) + "</h3>" + data.Html() + "</div></div>\n";
  h += MarketSectors(s, l);
  if (!s["prices"].empty()) {
    HtmlTable prices({l.Get("col.offering"), "#" + l.Get("col.price"), l.Get("col.basis"), "#" + l.Get("col.listings")});
    for (const nlohmann::json& row : s["prices"]) {
      prices.Row({E(l.Get("offering." + Str(row, "offering"))), E(internal::PriceText(row)),
                  E(l.Get("price_basis." + Str(row, "basis"))), l.Number(Int(row, "listings"))});
    }
    h += "<h3>" + E(l.Get("market.prices")) + "</h3>" + prices.Html();
  }
  h += P(l.Get("market.privacy"), "note");
  return h + "</section>\n";
}

std::string Organization(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& f = m["organization_findings"];
  const std::string org = internal::OrgLabel(m);
  std::string h = "<section id=\"organization\"><h2>" + E(l.Format("section.org", {{"org", org}})) + "</h2>\n";
  const nlohmann::json& sev = f["by_severity"];
  if (Int(f, "alerts") == 0) {
    h += P(l.Format("org.none", {{"org", org}}), "lead");
  } else {
    h += P(l.Format("org.summary", {{"org", org}, {"n", l.Number(Int(f, "alerts"))},
                                    {"critical", l.Number(Int(sev, "critical"))},
                                    {"high", l.Number(Int(sev, "high"))},
                                    {"medium", l.Number(Int(sev, "medium"))},
                                    {"low", l.Number(Int(sev, "low"))}}),
           "lead");
  }
  const nlohmann::json& c = f["credentials"];
  h += "<h3>" + E(l.Get("org.credentials")) + "</h3>\n";
  if (Int(c, "exposures") == 0) {
    h += P(l.Get("org.credentials_none"), "note");
  } else {
    h += P(l.Format("org.credentials_summary", {{"exposures", l.Number(Int(c, "exposures"))},
                                                {"identities", l.Number(Int(c, "identities"))},
                                                {"with_password", l.Number(Int(c, "with_password"))}}));
    HtmlTable t({l.Get("col.identity"), l.Get("col.password"), l.Get("col.last_seen")});
    for (const nlohmann::json& s : c["samples"]) {
      t.Row({"<code>" + E(Str(s, "identity")) + "</code>", "<code>" + E(Str(s, "password")) + "</code>",
             E(Str(s, "last_seen").substr(0, 10))});
    }
    h += t.Html();
  }
  if (!f["listings"].empty()) {
    h += "<h3>" + E(l.Format("org.listings", {{"org", org}})) + "</h3>\n";
    HtmlTable t({l.Get("col.severity"), l.Get("col.offering"), l.Get("col.posted"), "#" + l.Get("col.volume"),
                 "#" + l.Get("col.price")});
    for (const nlohmann::json& x : f["listings"]) {
      const std::string price = x["price"].is_number()
                                    ? internal::PriceText({{"min", x["price"]}, {"max", x["price"]},
                                                           {"currency", x["currency"]}})
                                    : "-";
      t.Row({E(l.Get("severity." + Str(x, "severity"))), E(l.Get("offering." + Str(x, "offering"))),
             E(Str(x, "posted_at").substr(0, 10)),
             x["volume"].is_number() ? E(l.Records(x["volume"].get<int64_t>())) : "-", E(price)});
    }
    h += t.Html();
  }
  if (!f["hosts"].empty()) {
    h += "<h3>" + E(l.Format("org.hosts", {{"org", org}})) + "</h3>\n";
    HtmlTable t({l.Get("col.ip"), "#" + l.Get("col.port"), l.Get("col.service"), l.Get("col.provider"),
                 l.Get("col.first_seen")});
    for (const nlohmann::json& x : f["hosts"]) {
      t.Row({"<code>" + E(Str(x, "ip")) + "</code>", std::to_string(Int(x, "port")), E(Str(x, "service")),
             E(Str(x, "provider")), E(Str(x, "first_seen").substr(0, 10))});
    }
    h += t.Html();
  }
  h += "<h3>" + E(l.Get("org.actions")) + "</h3>\n<ul class=\"actions\">\n";
  for (const nlohmann::json& a : f["actions"]) h += "<li>" + E(l.Get("action." + a.get<std::string>())) + "</li>\n";
  return h + "</ul>\n</section>\n";
}

std::string Method(const nlohmann::json& m, const Labels& l) {
  const nlohmann::json& s = m["method"];
  std::string h = "<section id=\"method\"><h2>" + E(l.Get("section.method")) + "</h2>\n";
  if (Int(s, "documents") == 0) {
    h += P(l.Get("method.no_documents"));
  } else {
    h += P(l.Format("method.documents", {{"n", l.Number(Int(s, "documents"))}}));
    HtmlTable t({l.Get("col.source"), "#" + l.Get("col.documents")});
    for (const nlohmann::json& row : s["sources"]) t.Row({E(Str(row, "source")), l.Number(Int(row, "documents"))});
    h += t.Html();
  }
  h += P(internal::GeoSentence(m, l));
  if (!s["host_datasets"].empty()) {
    std::string list;
    for (const nlohmann::json& d : s["host_datasets"]) list += (list.empty() ? "" : ", ") + d.get<std::string>();
    h += P(l.Format("method.host_datasets", {{"list", list}}));
  }
  h += "<ul>\n";
  for (const std::string& note : internal::CountingNotes(m, l)) h += "<li>" + E(note) + "</li>\n";
  return h + "</ul>\n</section>\n";
}

void ReplaceAll(std::string& text, std::string_view mark, std::string_view value) {
  for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size())) {
    text.replace(at, mark.size(), value);
  }
}

}  // namespace

Result<HtmlTemplate> LoadHtmlTemplate(const std::string& dir) {
  Result<std::string> skeleton = ReadReportFile(dir, "report.html");
  if (!skeleton.ok()) return skeleton.status();
  Result<std::string> css = ReadReportFile(dir, "report.css");
  if (!css.ok()) return css.status();
  for (const char* mark : {"{{body}}", "{{style}}"}) {
    if (skeleton->find(mark) == std::string::npos) {
      return Status::InvalidInput(fmt::format("{}/report.html: the placeholder {} is missing", dir, mark));
    }
  }
  return HtmlTemplate{std::move(skeleton).value(), std::move(css).value()};
}

std::string RenderHtml(const nlohmann::json& m, const Labels& l, const HtmlTemplate& page) {
  const std::string title = ReportTitle(m, l);
  std::string body = "<header class=\"cover\"><h1>" + E(title) + "</h1>\n";
  body += "<p class=\"period\">" + E(l.Format("report.period", {{"period", PeriodText(m, l)}})) + "</p>\n";
  body += "<p class=\"generated\">" +
          E(l.Format("report.generated", {{"at", Str(m, "generated_at")}, {"version", Str(m["method"], "kenchi_version")}})) +
          "</p></header>\n";
  if (m["empty"].get<bool>()) body += "<p class=\"empty\">" + E(l.Get("report.empty")) + "</p>\n";
  body += Headline(m, l) + Monthly(m, l) + Records(m, l) + Hosts(m, l) + Market(m, l);
  if (!m["organization_findings"].is_null()) body += Organization(m, l);
  body += Method(m, l);
  body += "<footer>" + E(l.Get("report.footer")) + "</footer>";

  // Placeholders are filled body last, so text inside the report that
  // happens to look like a placeholder is never expanded.
  std::string html = page.skeleton;
  ReplaceAll(html, "{{lang}}", E(l.lang()));
  ReplaceAll(html, "{{title}}", E(title + " — " + PeriodText(m, l)));
  ReplaceAll(html, "{{version}}", E(Str(m["method"], "kenchi_version")));
  ReplaceAll(html, "{{style}}", page.css);
  const size_t at = html.find("{{body}}");
  if (at != std::string::npos) html.replace(at, 8, body);
  return html;
}

}  // namespace kenchi::report
