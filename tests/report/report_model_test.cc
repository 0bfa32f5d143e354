// The report model (kenchi/report/report.h) built from a store filled by
// the test: what each section counts, and what it must never show.
#include "kenchi/report/report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "kenchi/report/labels.h"
#include "support/run.h"

namespace kenchi::report {
namespace {

using kenchi::testing::ScratchDir;
using nlohmann::json;

class ReportModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> s = OpenSqliteStore(dir_.path() + "/k.db");
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s).value();
  }

  int64_t Doc(const std::string& uri, const std::string& date) {
    Document d;
    d.uri = uri;
    d.title = "title of " + uri;
    d.text = "本文 " + uri;
    d.raw = d.text;
    d.content_hash = fmt::format("{:064x}", ++docs_);
    d.published_on = date;
    Result<PutOutcome> out = store_->PutDocument(d);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? out->document_id : 0;
  }

  void AddIncident(const std::string& org, const std::string& date, std::vector<IncidentType> types,
                   std::vector<RecordCount> records) {
    Incident i;
    i.organization = org;
    i.organization_key = org;
    i.published_on = date;
    i.types = std::move(types);
    i.records = std::move(records);
    i.document_ids = {Doc("https://news.example.jp/" + org + "/" + date, date)};
    Result<int64_t> id = store_->PutIncident(i);
    ASSERT_TRUE(id.ok()) << id.status().message();
  }

  json Build(const std::string& from, const std::string& to, const std::string& org = "") {
    ReportRequest r;
    Result<Period> p = RangePeriod(from, to);
    EXPECT_TRUE(p.ok());
    r.period = *p;
    r.organization = org;
    r.today = "2026-11-25";
    r.generated_at = "2026-11-25T00:00:00Z";
    Result<json> m = BuildReportModel(*store_, r, ReportDatasets{});
    EXPECT_TRUE(m.ok()) << m.status().message();
    return m.ok() ? *m : json();
  }

  // The seed's shape: Sep-Dec 2020, December cut on the 9th.
  void FillAutumn2020() {
    using T = IncidentType;
    AddIncident("架空ペイ", "2020-12-07", {T::kUnauthorizedAccess, T::kMisconfiguration},
                {{DataType::kPersonalInfo, 20076016, Qualifier::kExact, {}}});
    AddIncident("ミハリ通販", "2020-11-10", {T::kUnauthorizedAccess, T::kCardDataLeak},
                {{DataType::kCreditCard, 150000, Qualifier::kApprox, {}},
                 {DataType::kPersonalInfo, 8000000, Qualifier::kUpperBound, {}}});
    AddIncident("架空野市", "2020-10-02", {T::kRansomware, T::kUnauthorizedAccess}, {});
    AddIncident("東架空大学", "2020-09-15", {T::kSpamRelay}, {});
    AddIncident("前期の会社", "2020-08-20", {T::kDefacement}, {});
    AddIncident("期間後の会社", "2020-12-20", {T::kDefacement}, {});
  }

  ScratchDir dir_;
  std::unique_ptr<Store> store_;
  int docs_ = 0;
};

TEST(ReportPeriodTest, MonthsRangesAndThePeriodBefore) {
  Result<Period> nov = MonthPeriod("2020-11");
  ASSERT_TRUE(nov.ok());
  EXPECT_EQ(nov->from, "2020-11-01");
  EXPECT_EQ(nov->to, "2020-11-30");
  EXPECT_EQ(PreviousPeriod(*nov).from, "2020-10-01");
  EXPECT_EQ(PreviousPeriod(*nov).to, "2020-10-31");
  Result<Period> mar = MonthPeriod("2024-03");
  EXPECT_EQ(PreviousPeriod(*mar).to, "2024-02-29");  // leap year

  Result<Period> range = RangePeriod("2020-09-01", "2020-12-09");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(DaysIn(*range), 100);
  const Period before = PreviousPeriod(*range);
  EXPECT_EQ(before.to, "2020-08-31");
  EXPECT_EQ(DaysIn(before), 100);
  EXPECT_EQ(RangePeriod("2020-11-01", "2020-11-30")->month, "2020-11");  // a whole month is a month

  EXPECT_FALSE(MonthPeriod("2020-13").ok());
  EXPECT_FALSE(MonthPeriod("2020-11-01").ok());
  Result<Period> reversed = RangePeriod("2020-12-01", "2020-11-01");
  ASSERT_FALSE(reversed.ok());
  EXPECT_NE(reversed.status().message().find("after"), std::string::npos);
}

TEST_F(ReportModelTest, CountsIncidentsPerMonthWithThePartialMonthAndThePreviousPeriod) {
  FillAutumn2020();
  const json m = Build("2020-09-01", "2020-12-09");
  EXPECT_EQ(m["headline"]["incidents"], 4);
  EXPECT_EQ(m["headline"]["previous_incidents"], 1);  // 2020-08-20 is in 2020-05-24..2020-08-31
  const json& months = m["incidents_by_month"]["months"];
  ASSERT_EQ(months.size(), 4u);
  EXPECT_EQ(months[0]["month"], "2020-09");
  EXPECT_EQ(months[3]["month"], "2020-12");
  EXPECT_EQ(months[3]["to"], "2020-12-09");
  EXPECT_EQ(months[3]["partial"], true);
  EXPECT_EQ(months[2]["partial"], false);
  EXPECT_EQ(months[3]["incidents"], 1);  // the 2020-12-20 one is after the period
  // Every type counts in the table; the chart stacks each incident once.
  EXPECT_EQ(months[2]["types"]["unauthorized_access"], 1);
  EXPECT_EQ(months[2]["types"]["card_data_leak"], 1);
  EXPECT_EQ(months[2]["primary_types"], (json{{"card_data_leak", 1}}));
  EXPECT_EQ(months[1]["primary_types"], (json{{"ransomware", 1}}));
  EXPECT_EQ(months[3]["primary_types"], (json{{"misconfiguration", 1}}));
  for (const json& month : months) {
    int64_t stacked = 0;
    for (const auto& [type, n] : month["primary_types"].items()) stacked += n.get<int64_t>();
    EXPECT_EQ(stacked, month["incidents"].get<int64_t>()) << month.dump();
  }
  EXPECT_EQ(m["empty"], false);
}

TEST_F(ReportModelTest, RecordsAtRiskPerDataTypeAndTheLargestIncidentsWithTheirSources) {
  FillAutumn2020();
  const json m = Build("2020-09-01", "2020-12-09");
  EXPECT_EQ(m["headline"]["records_at_risk"], 20076016 + 150000 + 8000000);
  const json& rows = m["records_at_risk"]["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["data_type"], "personal_info");
  EXPECT_EQ(rows[0]["total"], 28076016);
  EXPECT_EQ(rows[0]["by_qualifier"]["upper_bound"]["records"], 8000000);
  EXPECT_EQ(rows[1]["data_type"], "credit_card");

  const json& largest = m["headline"]["largest"];
  ASSERT_EQ(largest.size(), 2u);  // incidents without figures are not "largest"
  EXPECT_EQ(largest[0]["organization"], "架空ペイ");
  EXPECT_EQ(largest[0]["records"][0]["count"], 20076016);
  EXPECT_EQ(largest[0]["sources"][0]["uri"], "https://news.example.jp/架空ペイ/2020-12-07");
  EXPECT_EQ(largest[1]["organization"], "ミハリ通販");
  EXPECT_EQ(largest[1]["records"][0]["qualifier"], "upper_bound");  // biggest figure first
}

TEST_F(ReportModelTest, AnEmptyPeriodIsAReportThatSaysSo) {
  FillAutumn2020();
  const json m = Build("2019-01-01", "2019-01-31");
  EXPECT_EQ(m["empty"], true);
  EXPECT_EQ(m["headline"]["incidents"], 0);
  EXPECT_EQ(m["incidents_by_month"]["months"].size(), 1u);
  EXPECT_TRUE(m["headline"]["largest"].empty());
  EXPECT_TRUE(m["records_at_risk"]["rows"].empty());
}

TEST_F(ReportModelTest, AnUnknownOrganisationIsNamedInTheError) {
  ReportRequest r;
  r.period = *MonthPeriod("2020-11");
  r.organization = "nobody";
  r.today = "2026-11-25";
  Result<json> m = BuildReportModel(*store_, r, ReportDatasets{});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kNotFound);
  EXPECT_NE(m.status().message().find("\"nobody\""), std::string::npos) << m.status().message();
}

TEST_F(ReportModelTest, OrganisationSectionShowsMaskedCredentialsAndNeverAPassword) {
  Organization org{0, "kakuu-mart", "株式会社カクウマート"};
  Result<int64_t> org_id = store_->PutOrganization(org);
  ASSERT_TRUE(org_id.ok());
  const int64_t doc = Doc("/dumps/combo.txt", "2020-11-03");
  CredentialExposure e;
  e.document_id = doc;
  e.identity = "taro.yamada@kakuu-mart.example.jp";
  e.domain = "kakuu-mart.example.jp";
  e.password_hash = "keyed-hash-not-a-password";
  e.password_preview = "S******4";  // what the store keeps for "Secret-1234"
  e.first_seen = "2020-11-03T00:00:00Z";
  e.last_seen = "2020-11-04T00:00:00Z";
  e.organization_id = *org_id;
  e.matched_on = "kakuu-mart.example.jp";
  ASSERT_TRUE(store_->PutCredentialExposure(e).ok());
  CredentialExposure other = e;  // another organisation's: not in this report
  other.identity = "someone@elsewhere.example.jp";
  other.password_hash = "other-hash";
  other.organization_id = 0;
  ASSERT_TRUE(store_->PutCredentialExposure(other).ok());

  const json m = Build("2020-11-01", "2020-11-30", "kakuu-mart");
  ASSERT_FALSE(m["organization_findings"].is_null());
  const json& c = m["organization_findings"]["credentials"];
  EXPECT_EQ(c["exposures"], 1);
  EXPECT_EQ(c["with_password"], 1);
  ASSERT_EQ(c["samples"].size(), 1u);
  EXPECT_EQ(c["samples"][0]["identity"], "t***@kakuu-mart.example.jp");
  EXPECT_EQ(c["samples"][0]["password"], "S******4");
  const std::string all = m.dump();
  EXPECT_EQ(all.find("taro.yamada"), std::string::npos);
  EXPECT_EQ(all.find("keyed-hash"), std::string::npos);
  EXPECT_EQ(all.find("elsewhere"), std::string::npos);
  EXPECT_EQ(m["organization_findings"]["actions"][0], "credentials");

  // Outside the exposure's dates, the section has nothing.
  const json later = Build("2021-01-01", "2021-01-31", "kakuu-mart");
  EXPECT_EQ(later["organization_findings"]["credentials"]["exposures"], 0);
}

TEST_F(ReportModelTest, MarketSectionAggregatesWithoutNamingTargets) {
  const int64_t doc = Doc("telegram:market/1", "2020-11-05");
  Listing l;
  l.document_id = doc;
  l.offering = OfferingType::kDataSale;
  l.target_organization = "株式会社カクウマート";
  l.target_country = "JP";
  l.data_types = {DataType::kPersonalInfo};
  l.volume = 20000000;
  l.price = 8000;
  l.currency = "USDT";
  l.price_basis = PriceBasis::kForTheLot;
  l.posted_at = "2020-11-05T10:00:00Z";
  ASSERT_TRUE(store_->PutListing(l).ok());
  Listing cards = l;
  cards.offering = OfferingType::kCards;
  cards.target_organization = "";
  cards.volume = 5000;
  cards.price = 12;
  cards.currency = "USD";
  cards.price_basis = PriceBasis::kPerRecord;
  ASSERT_TRUE(store_->PutListing(cards).ok());
  cards.price = 15;
  ASSERT_TRUE(store_->PutListing(cards).ok());

  const json m = Build("2020-11-01", "2020-11-30");
  const json& u = m["underground"];
  EXPECT_EQ(u["listings"], 3);
  EXPECT_EQ(u["by_offering"][0], (json{{"offering", "cards"}, {"listings", 2}, {"volume", 10000}}));
  EXPECT_EQ(u["by_country"][0], (json{{"country", "JP"}, {"listings", 3}}));
  bool found = false;
  for (const json& p : u["prices"]) {
    if (p["offering"] == "cards") {
      found = true;
      EXPECT_EQ(p["min"], 12.0);
      EXPECT_EQ(p["max"], 15.0);
      EXPECT_EQ(p["basis"], "per_record");
    }
  }
  EXPECT_TRUE(found) << u.dump();
  EXPECT_EQ(m.dump().find("カクウマート"), std::string::npos);
}

TEST_F(ReportModelTest, MarketSectionCountsListingsPerSectorWithShares) {
  const int64_t doc = Doc("telegram:market/2", "2020-11-05");
  auto put = [&](Sector sector, const std::string& posted_at) {
    Listing l;
    l.document_id = doc;
    l.offering = OfferingType::kDataSale;
    l.sector = sector;
    l.posted_at = posted_at;
    ASSERT_TRUE(store_->PutListing(l).ok());
  };
  put(Sector::kUnknown, "2020-11-01T00:00:00Z");
  put(Sector::kRetail, "2020-11-02T00:00:00Z");
  put(Sector::kUnknown, "2020-11-03T00:00:00Z");
  put(Sector::kRetail, "2020-11-04T00:00:00Z");
  put(Sector::kUnknown, "2020-11-05T00:00:00Z");
  put(Sector::kFinance, "2020-11-06T00:00:00Z");
  put(Sector::kRetail, "2020-11-07T00:00:00Z");
  put(Sector::kUnknown, "2020-11-08T00:00:00Z");
  put(Sector::kHealthcare, "2020-12-01T00:00:00Z");  // after the period

  const json by_sector = Build("2020-11-01", "2020-11-30")["underground"]["by_sector"];
  // Most first; "unknown" (not stated) last although it is the largest.
  ASSERT_EQ(by_sector.size(), 3u) << by_sector.dump();
  EXPECT_EQ(by_sector[0], (json{{"sector", "retail"}, {"listings", 3}, {"share", 0.375}}));
  EXPECT_EQ(by_sector[1], (json{{"sector", "finance"}, {"listings", 1}, {"share", 0.125}}));
  EXPECT_EQ(by_sector[2], (json{{"sector", "unknown"}, {"listings", 4}, {"share", 0.5}}));
  EXPECT_EQ(Build("2020-12-01", "2020-12-31")["underground"]["by_sector"],
            (json{{{"sector", "healthcare"}, {"listings", 1}, {"share", 1.0}}}));
  EXPECT_EQ(Build("2019-01-01", "2019-01-31")["underground"]["by_sector"], json::array());
}

TEST(ReportMaskTest, KeepsTheDomainAndTheFirstCharacterOnly) {
  EXPECT_EQ(MaskIdentity("taro@example.jp"), "t***@example.jp");
  EXPECT_EQ(MaskIdentity("a@example.jp"), "a***@example.jp");
  EXPECT_EQ(MaskIdentity("山田@example.jp"), "山***@example.jp");
  EXPECT_EQ(MaskIdentity("admin"), "a***");
}

}  // namespace
}  // namespace kenchi::report
