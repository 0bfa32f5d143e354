// Labels, numbers and the two renderers: what a reader sees.
#include <gtest/gtest.h>

#include <set>

#include "kenchi/model.h"
#include "kenchi/report/labels.h"
#include "kenchi/report/render.h"
#include "kenchi/report/svg_chart.h"
#include "support/run.h"

namespace kenchi::report {
namespace {

using nlohmann::json;

std::string DataDir() { return kenchi::testing::SourceDir() + "/data/report"; }

Labels Load(const std::string& lang) {
  Result<Labels> l = Labels::Load(DataDir(), lang);
  EXPECT_TRUE(l.ok()) << l.status().message();
  return l.ok() ? *l : Labels();
}

TEST(ReportLabelsTest, BothLanguagesHaveTheSameKeysAndEveryEnumName) {
  const Labels ja = Load("ja"), en = Load("en");
  std::set<std::string> ja_keys, en_keys;
  for (const auto& [k, v] : ja.all()) ja_keys.insert(k);
  for (const auto& [k, v] : en.all()) en_keys.insert(k);
  EXPECT_EQ(ja_keys, en_keys);
  for (const Labels* l : {&ja, &en}) {
    for (int i = 0; i <= static_cast<int>(IncidentType::kOther); ++i) {
      const std::string key = "type." + std::string(ToString(static_cast<IncidentType>(i)));
      EXPECT_TRUE(l->all().contains(key)) << l->lang() << " lacks " << key;
    }
    for (int i = 0; i <= static_cast<int>(DataType::kOther); ++i) {
      const std::string key = "data_type." + std::string(ToString(static_cast<DataType>(i)));
      EXPECT_TRUE(l->all().contains(key)) << l->lang() << " lacks " << key;
    }
    for (int i = 0; i <= static_cast<int>(OfferingType::kOther); ++i) {
      const std::string key = "offering." + std::string(ToString(static_cast<OfferingType>(i)));
      EXPECT_TRUE(l->all().contains(key)) << l->lang() << " lacks " << key;
    }
    for (int i = 0; i <= static_cast<int>(Sector::kUnknown); ++i) {
      const std::string key = "sector." + std::string(ToString(static_cast<Sector>(i)));
      EXPECT_TRUE(l->all().contains(key)) << l->lang() << " lacks " << key;
    }
    for (int i = 0; i <= static_cast<int>(Severity::kCritical); ++i) {
      EXPECT_TRUE(l->all().contains("severity." + std::string(ToString(static_cast<Severity>(i)))));
    }
    for (const char* q : {"exact", "approx", "upper_bound", "lower_bound"}) {
      EXPECT_TRUE(l->all().contains(std::string("qualified.") + q));
    }
  }
}

TEST(ReportLabelsTest, JapaneseGroupsByManAndOkuEnglishUsesPlainDigits) {
  const Labels ja = Load("ja"), en = Load("en");
  EXPECT_EQ(ja.Records(28060000), "2,806万件");
  EXPECT_EQ(ja.Number(20076016), "2,007万6,016");
  EXPECT_EQ(ja.Number(150000), "15万");
  EXPECT_EQ(ja.Number(9999), "9,999");
  EXPECT_EQ(ja.Number(100200000), "1億20万");
  EXPECT_EQ(ja.Number(0), "0");
  EXPECT_EQ(en.Records(28060000), "28,060,000 records");
  EXPECT_EQ(en.Number(1234), "1,234");
  EXPECT_EQ(ja.QualifiedRecords(2000, "approx"), "約2,000件");
  EXPECT_EQ(en.QualifiedRecords(18746, "upper_bound"), "up to 18,746 records");
  EXPECT_EQ(ja.Month("2020-12"), "2020年12月");
  EXPECT_EQ(en.Month("2020-12"), "Dec 2020");
  EXPECT_EQ(ja.Date("2020-12-09"), "2020年12月9日");
  EXPECT_EQ(en.Date("2020-12-09"), "9 Dec 2020");
}

TEST(ReportLabelsTest, MissingFileIsNamedAndAMissingLabelIsVisible) {
  Result<Labels> none = Labels::Load("/nonexistent-dir", "ja");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("/nonexistent-dir/labels.ja.json"), std::string::npos);
  EXPECT_EQ(Load("en").Get("no.such.key"), "[no.such.key]");
}

// A small model in the documented shape, as BuildReportModel writes it.
json SampleModel() {
  json types = json::object();
  for (int i = 0; i <= static_cast<int>(IncidentType::kOther); ++i) {
    types[std::string(ToString(static_cast<IncidentType>(i)))] = 0;
  }
  json sep = types, dec = types;
  sep["unauthorized_access"] = 20;
  dec["unauthorized_access"] = 8;
  dec["card_data_leak"] = 2;
  json zero_q = {{"records", 0}, {"figures", 0}};
  return {
      {"lang", "ja"},
      {"generated_at", "2026-11-25T00:00:00Z"},
      {"period", {{"from", "2020-09-01"}, {"to", "2020-12-09"}, {"month", nullptr}, {"days", 100}}},
      {"previous_period", {{"from", "2020-05-24"}, {"to", "2020-08-31"}}},
      {"organization", nullptr},
      {"empty", false},
      {"headline",
       {{"incidents", 28},
        {"previous_incidents", 30},
        {"records_at_risk", 28060000},
        {"largest",
         {{{"organization", "架空ペイ株式会社"},
           {"published_on", "2020-12-07"},
           {"types", {"unauthorized_access"}},
           {"records", {{{"data_type", "personal_info"}, {"count", 20076016}, {"qualifier", "exact"}}}},
           {"total_records", 20076016},
           {"sources", {{{"uri", "https://news.example.jp/a?b=1&c=<2>"}, {"title", "記事 <速報>"}}}}}}}}},
      {"incidents_by_month",
       {{"incidents", 28},
        {"months",
         {{{"month", "2020-09"}, {"from", "2020-09-01"}, {"to", "2020-09-30"}, {"partial", false},
           {"incidents", 20}, {"types", sep}, {"primary_types", {{"unauthorized_access", 20}}}},
          {{"month", "2020-12"}, {"from", "2020-12-01"}, {"to", "2020-12-09"}, {"partial", true},
           {"incidents", 8}, {"types", dec},
           {"primary_types", {{"card_data_leak", 2}, {"unauthorized_access", 6}}}}}},
        {"types", {{{"type", "unauthorized_access"}, {"incidents", 28}}, {{"type", "card_data_leak"}, {"incidents", 2}}}}}},
      {"records_at_risk",
       {{"total", 28060000},
        {"rows",
         {{{"data_type", "personal_info"}, {"total", 28060000}, {"figures", 3},
           {"by_qualifier", {{"exact", {{"records", 28060000}, {"figures", 3}}}, {"approx", zero_q},
                             {"upper_bound", zero_q}, {"lower_bound", zero_q}}}}}}}},
      {"hosts",
       {{"hosts", 4}, {"not_enriched", 0},
        {"by_provider", {{{"key", "Amazon"}, {"hosts", 1}, {"share", 0.25}}, {{"key", "(others)"}, {"hosts", 3}, {"share", 0.75}}}},
        {"by_country", {{{"key", "JP"}, {"hosts", 4}, {"share", 1.0}}}},
        {"datasets", {"ip-location-db 2.3"}}}},
      {"underground", {{"listings", 0}, {"by_offering", json::array()}, {"by_country", json::array()},
                       {"by_data_type", json::array()}, {"prices", json::array()}}},
      {"organization_findings", nullptr},
      {"method", {{"documents", 40}, {"sources", {{{"source", "file"}, {"documents", 40}}}},
                  {"geo_dataset", nullptr}, {"host_datasets", {"ip-location-db 2.3"}},
                  {"incident_span", {{"first", "2020-09-01"}, {"last", "2020-12-07"}}},
                  {"kenchi_version", "0.1.0"}}},
  };
}

TEST(ReportHtmlTest, OneSelfContainedPageWithChartsAndJapaneseNumbers) {
  Result<HtmlTemplate> page = LoadHtmlTemplate(DataDir());
  ASSERT_TRUE(page.ok()) << page.status().message();
  const std::string html = RenderHtml(SampleModel(), Load("ja"), *page);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(html.find("2,806万件"), std::string::npos);
  EXPECT_NE(html.find("2,007万6,016件"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("2020年12月*"), std::string::npos);  // the partial month is marked
  EXPECT_NE(html.find("2020年12月は2020年12月9日まで"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);  // the stylesheet is inlined
  EXPECT_NE(html.find("Noto Sans CJK JP"), std::string::npos);
  EXPECT_NE(html.find("25.0%"), std::string::npos);
  // Self-contained and script-free: nothing to fetch, nothing to run.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src=\""), std::string::npos);
  // Text from the data is escaped.
  EXPECT_NE(html.find("記事 &lt;速報&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://news.example.jp/a?b=1&amp;c=&lt;2&gt;\""), std::string::npos);
  EXPECT_EQ(html.find("{{"), std::string::npos);
  EXPECT_EQ(html.find("[section."), std::string::npos);  // no missing label
}

TEST(ReportHtmlTest, NamesTheLeadingProviderOnlyWhenItIsOne) {
  Result<HtmlTemplate> page = LoadHtmlTemplate(DataDir());
  ASSERT_TRUE(page.ok());
  json m = SampleModel();
  EXPECT_NE(RenderHtml(m, Load("ja"), *page).find("最も多いのはAmazonで、全体の25.0%を占めます。"), std::string::npos);
  m["hosts"]["by_provider"] = {{{"key", "(unknown)"}, {"hosts", 4}, {"share", 1.0}}};
  const std::string html = RenderHtml(m, Load("ja"), *page);
  EXPECT_EQ(html.find("最も多いのは"), std::string::npos);
  EXPECT_NE(html.find("不明"), std::string::npos);  // the row is still in the table, translated
  // Special-purpose addresses (documentation, private-use) are no provider either.
  m["hosts"]["by_provider"] = {{{"key", "(special-purpose)"}, {"hosts", 4}, {"share", 1.0}}};
  m["hosts"]["by_country"] = m["hosts"]["by_provider"];
  const std::string special_ja = RenderHtml(m, Load("ja"), *page);
  EXPECT_EQ(special_ja.find("最も多いのは"), std::string::npos);
  EXPECT_NE(special_ja.find("特殊用途アドレス"), std::string::npos);
  EXPECT_EQ(special_ja.find("(special-purpose)"), std::string::npos);
  const std::string special_en = RenderHtml(m, Load("en"), *page);
  EXPECT_NE(special_en.find("Special-purpose address"), std::string::npos);
  EXPECT_EQ(special_en.find("(special-purpose)"), std::string::npos);
}

TEST(ReportHtmlTest, NoChartWithoutIncidentsAndAMonthNotOverIsCountedToToday) {
  Result<HtmlTemplate> page = LoadHtmlTemplate(DataDir());
  ASSERT_TRUE(page.ok());
  json m = SampleModel();
  m["today"] = "2020-12-05";
  m["incidents_by_month"]["months"][1]["to"] = "2020-12-31";  // the period runs to the month's end
  EXPECT_NE(RenderHtml(m, Load("en"), *page).find("Dec 2020 up to 5 Dec 2020"), std::string::npos);
  m["incidents_by_month"]["incidents"] = 0;
  const std::string html = RenderHtml(m, Load("en"), *page);
  EXPECT_NE(html.find("No incident was disclosed in the period."), std::string::npos);
  EXPECT_EQ(html.find("partial-hatch"), std::string::npos);  // no stacked chart
}

TEST(ReportHtmlTest, EnglishUsesPlainDigits) {
  Result<HtmlTemplate> page = LoadHtmlTemplate(DataDir());
  ASSERT_TRUE(page.ok());
  json m = SampleModel();
  m["lang"] = "en";
  const std::string html = RenderHtml(m, Load("en"), *page);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("28,060,000 records"), std::string::npos);
  EXPECT_EQ(html.find("万"), std::string::npos);
  EXPECT_NE(html.find("Dec 2020*"), std::string::npos);
}

TEST(ReportHtmlTest, ASkeletonWithoutBodyPlaceholderIsRefused) {
  kenchi::testing::ScratchDir dir;
  dir.Write("report.html", "<html></html>");
  dir.Write("report.css", "body{}");
  Result<HtmlTemplate> page = LoadHtmlTemplate(dir.path());
  ASSERT_FALSE(page.ok());
  EXPECT_NE(page.status().message().find("{{body}}"), std::string::npos);
}

TEST(ReportMarkdownTest, SameFiguresAsTables) {
  const std::string md = RenderMarkdown(SampleModel(), Load("ja"));
  EXPECT_EQ(md.rfind("# セキュリティレポート", 0), 0u) << md.substr(0, 200);
  EXPECT_NE(md.find("## 2. 月別のインシデント件数（種類別）"), std::string::npos);
  EXPECT_NE(md.find("| 2020年12月* | 8 | 8 | 2 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 個人情報 | 2,806万件 | 確定 2,806万 |"), std::string::npos) << md;
  EXPECT_NE(md.find("[記事 <速報>](https://news.example.jp/a?b=1&c=<2>)"), std::string::npos);
  EXPECT_EQ(md.find("<svg"), std::string::npos);
}

// The sample model with a market section: two offerings, three sectors.
json MarketModel(const std::string& lang) {
  json m = SampleModel();
  m["lang"] = lang;
  m["underground"] = {
      {"listings", 8},
      {"by_offering", {{{"offering", "data_sale"}, {"listings", 6}, {"volume", 20000000}},
                       {{"offering", "access_sale"}, {"listings", 2}, {"volume", 0}}}},
      {"by_country", {{{"country", "JP"}, {"listings", 8}}}},
      {"by_sector", {{{"sector", "retail"}, {"listings", 3}, {"share", 0.375}},
                     {{"sector", "healthcare"}, {"listings", 1}, {"share", 0.125}},
                     {{"sector", "unknown"}, {"listings", 4}, {"share", 0.5}}}},
      {"by_data_type", {{{"data_type", "personal_info"}, {"listings", 6}}}},
      {"prices", json::array()}};
  return m;
}

TEST(ReportSectorTest, HtmlShowsTheSectorChartAndTableInBothLanguages) {
  Result<HtmlTemplate> page = LoadHtmlTemplate(DataDir());
  ASSERT_TRUE(page.ok());
  const std::string ja = RenderHtml(MarketModel("ja"), Load("ja"), *page);
  const size_t heading = ja.find("<h3>対象の業種</h3>");
  ASSERT_NE(heading, std::string::npos);
  const std::string section = ja.substr(heading, ja.find("</table>", heading) - heading);
  EXPECT_NE(section.find("対象の業種別の出品数"), std::string::npos);  // the chart's title
  EXPECT_NE(section.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(section.find("<th>業種</th>"), std::string::npos);
  EXPECT_NE(section.find("<td>小売・EC</td><td class=\"num\">3</td><td class=\"num\">37.5%</td>"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("<td>医療</td>"), std::string::npos);
  EXPECT_NE(section.find("<td>記載なし</td><td class=\"num\">4</td><td class=\"num\">50.0%</td>"),
            std::string::npos);
  EXPECT_LT(section.find("小売・EC</td>"), section.find("記載なし</td>"));
  EXPECT_EQ(ja.find("[sector."), std::string::npos);
  EXPECT_EQ(ja.find("[market."), std::string::npos);

  const std::string en = RenderHtml(MarketModel("en"), Load("en"), *page);
  EXPECT_NE(en.find("<h3>Targeted sectors</h3>"), std::string::npos);
  EXPECT_NE(en.find("Offers by the target&#39;s sector"), std::string::npos);
  EXPECT_NE(en.find("<td>Retail / e-commerce</td><td class=\"num\">3</td><td class=\"num\">37.5%</td>"),
            std::string::npos);
  EXPECT_NE(en.find("<td>Healthcare</td>"), std::string::npos);
  EXPECT_NE(en.find("<td>Not stated</td>"), std::string::npos);
  EXPECT_EQ(en.find("[sector."), std::string::npos);
}

TEST(ReportSectorTest, MarkdownHasTheSectorTableInBothLanguages) {
  const std::string ja = RenderMarkdown(MarketModel("ja"), Load("ja"));
  EXPECT_NE(ja.find("### 対象の業種\n\n| 業種 | 出品数 | 割合 |\n| --- | ---: | ---: |\n"
                    "| 小売・EC | 3 | 37.5% |\n| 医療 | 1 | 12.5% |\n| 記載なし | 4 | 50.0% |\n"),
            std::string::npos)
      << ja;
  const std::string en = RenderMarkdown(MarketModel("en"), Load("en"));
  EXPECT_NE(en.find("### Targeted sectors\n\n| Sector | Offers | Share |\n| --- | ---: | ---: |\n"
                    "| Retail / e-commerce | 3 | 37.5% |\n| Healthcare | 1 | 12.5% |\n"
                    "| Not stated | 4 | 50.0% |\n"),
            std::string::npos)
      << en;
}

TEST(ReportSvgTest, StackedBarsScaleToTheTallestMonthAndHatchPartialOnes) {
  StackedBars chart;
  chart.title = "t";
  chart.categories = {"9月", "12月"};
  chart.partial = {false, true};
  chart.series = {{"A", {20, 6}}, {"B", {0, 2}}, {"C", {0, 0}}};
  chart.partial_label = "partial";
  const std::string svg = RenderStackedBars(chart);
  EXPECT_NE(svg.find(">20</text>"), std::string::npos);  // total over the bar
  EXPECT_NE(svg.find(">8</text>"), std::string::npos);
  EXPECT_NE(svg.find("12月*"), std::string::npos);
  EXPECT_NE(svg.find("url(#partial-hatch)"), std::string::npos);
  EXPECT_EQ(svg.find(">C</text>"), std::string::npos);  // an all-zero series is not in the legend
  EXPECT_EQ(EscapeXml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

}  // namespace
}  // namespace kenchi::report
