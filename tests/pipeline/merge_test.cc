// Merging several reports of one incident: the pure rule and fold
// (kenchi/pipeline/merge.h), then StoreIncident against a real SQLite store.
#include "kenchi/pipeline/merge.h"

#include <gtest/gtest.h>

#include "kenchi/pipeline/ingest.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::pipeline {
namespace {

using kenchi::testing::ScratchDir;

Incident MakeIncident(const std::string& org, const std::string& key, const std::string& date,
                      std::vector<IncidentType> types, std::vector<RecordCount> records) {
  Incident in;
  in.organization = org;
  in.organization_key = key;
  in.published_on = date;
  in.types = std::move(types);
  in.records = std::move(records);
  return in;
}

RecordCount Rec(DataType t, int64_t n, Qualifier q = Qualifier::kExact) {
  RecordCount r;
  r.data_type = t;
  r.count = n;
  r.qualifier = q;
  return r;
}

IncidentCandidate Candidate(int64_t id, const std::string& key, const std::string& first,
                            const std::string& last, std::vector<IncidentType> types = {},
                            std::vector<RecordCount> records = {}) {
  IncidentCandidate c;
  c.incident = MakeIncident("株式会社" + key, key, first, std::move(types), std::move(records));
  c.incident.id = id;
  c.first_reported_on = first;
  c.last_reported_on = last;
  return c;
}

// ---- the rule ---------------------------------------------------------------

TEST(MergeRule, ReportWithinDaysJoinsTheIncident) {
  const Incident news = MakeIncident("ミハリ通販", "ミハリ通販", "2024-05-29", {}, {});
  const IncidentCandidate c = Candidate(7, "ミハリ通販", "2024-05-28", "2024-05-28");
  const MergeDecision d = DecideMerge(news, "ミハリ通販に不正アクセス", std::span(&c, 1));
  EXPECT_EQ(d.incident_id, 7) << d.reason;
  EXPECT_EQ(d.days_apart, 1);
}

TEST(MergeRule, SecondNoticeWeeksLaterJoinsWhenItSaysSo) {
  const Incident second = MakeIncident("株式会社ミハリ通販", "ミハリ通販", "2024-07-12",
                                       {IncidentType::kUnauthorizedAccess}, {});
  const IncidentCandidate c = Candidate(3, "ミハリ通販", "2024-05-28", "2024-05-29",
                                        {IncidentType::kUnauthorizedAccess});
  // 44 days, no specific type or data type in common: only the reference decides.
  EXPECT_EQ(DecideMerge(second, "【第２報】不正アクセスに関する調査結果のご報告", std::span(&c, 1))
                .incident_id,
            3);
  EXPECT_EQ(DecideMerge(second, "不正アクセスに関するお知らせ", std::span(&c, 1)).incident_id, 0);
}

TEST(MergeRule, SameKindOfDamageWithinTwoMonthsJoins) {
  const Incident later = MakeIncident("A社", "a", "2024-03-01", {IncidentType::kCardDataLeak}, {});
  const IncidentCandidate c =
      Candidate(5, "a", "2024-01-20", "2024-01-20", {IncidentType::kCardDataLeak});
  EXPECT_EQ(DecideMerge(later, "お知らせ", std::span(&c, 1)).incident_id, 5);
  // Only the generic type in common: not enough at 41 days.
  const Incident generic =
      MakeIncident("A社", "a", "2024-03-01", {IncidentType::kUnauthorizedAccess}, {});
  const IncidentCandidate g =
      Candidate(5, "a", "2024-01-20", "2024-01-20", {IncidentType::kUnauthorizedAccess});
  EXPECT_EQ(DecideMerge(generic, "お知らせ", std::span(&g, 1)).incident_id, 0);
}

TEST(MergeRule, SameOrganisationAYearLaterStaysSeparate) {
  const Incident next_year = MakeIncident("株式会社ミハリ通販", "ミハリ通販", "2025-06-02",
                                          {IncidentType::kCardDataLeak},
                                          {Rec(DataType::kCreditCard, 300)});
  const IncidentCandidate c =
      Candidate(3, "ミハリ通販", "2024-05-28", "2024-07-12", {IncidentType::kCardDataLeak},
                {Rec(DataType::kCreditCard, 6012)});
  // Even a text that mentions a follow-up does not reach back a year.
  const MergeDecision d = DecideMerge(next_year, "第２報", std::span(&c, 1));
  EXPECT_EQ(d.incident_id, 0) << d.reason;
}

TEST(MergeRule, DifferentOrganisationsNeverMerge) {
  const Incident other = MakeIncident("架空ペイ株式会社", "架空ペイ", "2024-05-28",
                                      {IncidentType::kCardDataLeak}, {});
  // A candidate of another key (the store would not return it; the rule
  // refuses it anyway), same day, same type, follow-up wording.
  const IncidentCandidate c =
      Candidate(3, "ミハリ通販", "2024-05-28", "2024-05-28", {IncidentType::kCardDataLeak});
  EXPECT_EQ(DecideMerge(other, "第２報", std::span(&c, 1)).incident_id, 0);
}

TEST(MergeRule, NoKeyOrNoDateNeverMerges) {
  const IncidentCandidate c = Candidate(3, "", "2024-05-28", "2024-05-28");
  EXPECT_EQ(DecideMerge(MakeIncident("x", "", "2024-05-28", {}, {}), "", std::span(&c, 1))
                .incident_id,
            0);
  const IncidentCandidate k = Candidate(3, "k", "2024-05-28", "2024-05-28");
  EXPECT_EQ(DecideMerge(MakeIncident("x", "k", "", {}, {}), "", std::span(&k, 1)).incident_id, 0);
}

TEST(MergeRule, NearestIncidentWins) {
  const Incident in = MakeIncident("A", "a", "2024-05-10", {}, {});
  const IncidentCandidate cs[] = {Candidate(1, "a", "2024-04-30", "2024-04-30"),
                                  Candidate(2, "a", "2024-05-08", "2024-05-08")};
  EXPECT_EQ(DecideMerge(in, "", cs).incident_id, 2);
}

TEST(MergeRule, ReportBeforeTheFirstKnownOneCountsDistanceToTheSpan) {
  // The news item was ingested first; the notice of the day before arrives.
  const Incident notice = MakeIncident("A", "a", "2024-05-28", {}, {});
  const IncidentCandidate c = Candidate(9, "a", "2024-05-29", "2024-05-29");
  EXPECT_EQ(DecideMerge(notice, "", std::span(&c, 1)).days_apart, 1);
}

TEST(MergeRule, RecognisesFollowUpWording) {
  EXPECT_TRUE(RefersToEarlierReport("【第２報】不正アクセスについて"));
  EXPECT_TRUE(RefersToEarlierReport("第3報"));
  EXPECT_TRUE(RefersToEarlierReport("（第二報）"));
  EXPECT_TRUE(RefersToEarlierReport("第十二報"));
  EXPECT_TRUE(RefersToEarlierReport("続報：架空ペイ"));
  EXPECT_TRUE(RefersToEarlierReport("２０２４年５月２８日に公表いたしました件"));
  EXPECT_TRUE(RefersToEarlierReport("Update on the security incident (second notice)"));
  EXPECT_FALSE(RefersToEarlierReport("【第１報】不正アクセスに関するお知らせ"));
  EXPECT_FALSE(RefersToEarlierReport("第一報"));
  EXPECT_FALSE(RefersToEarlierReport("調査結果が判明次第お知らせいたします"));
  EXPECT_FALSE(RefersToEarlierReport("第2位"));
  EXPECT_FALSE(RefersToEarlierReport(""));
}

TEST(MergeRule, DaysBetweenDates) {
  EXPECT_EQ(DaysBetween("2024-05-28", "2024-07-12"), 45);
  EXPECT_EQ(DaysBetween("2024-03-01", "2024-02-28"), -2);  // leap year
  EXPECT_FALSE(DaysBetween("2024-02-30", "2024-03-01").has_value());
  EXPECT_FALSE(DaysBetween("", "2024-03-01").has_value());
}

// ---- the fold -----------------------------------------------------------------

IncidentRevision Rev(int64_t doc, const std::string& date, Incident reported) {
  IncidentRevision r;
  r.document_id = doc;
  r.reported_on = date;
  reported.published_on = date;
  r.reported = std::move(reported);
  return r;
}

TEST(MergeFold, LatestFiguresWinPerDataTypeAndHistoryOrderDoesNotMatter) {
  const Incident base = MakeIncident("株式会社ミハリ通販", "ミハリ通販", "2024-05-28", {}, {});
  std::vector<IncidentRevision> revs = {
      Rev(12, "2024-07-12",
          MakeIncident("株式会社ミハリ通販", "ミハリ通販", "", {IncidentType::kCardDataLeak},
                       {Rec(DataType::kCreditCard, 6012), Rec(DataType::kPersonalInfo, 19305)})),
      Rev(10, "2024-05-28",
          MakeIncident("株式会社ミハリ通販", "ミハリ通販", "",
                       {IncidentType::kUnauthorizedAccess, IncidentType::kPersonalDataLeak},
                       {Rec(DataType::kCreditCard, 5892),
                        Rec(DataType::kPersonalInfo, 18746, Qualifier::kUpperBound),
                        Rec(DataType::kEmailAddress, 100)})),
      Rev(11, "2024-05-29",
          MakeIncident("ミハリ通販", "ミハリ通販", "", {},
                       {Rec(DataType::kCreditCard, 5892),
                        Rec(DataType::kPersonalInfo, 18746, Qualifier::kUpperBound)})),
  };
  const Incident out = FoldRevisions(base, revs);
  EXPECT_EQ(out.published_on, "2024-05-28");  // the first disclosure
  EXPECT_EQ(out.organization, "株式会社ミハリ通販");
  ASSERT_EQ(out.records.size(), 3u);
  EXPECT_EQ(out.records[0].data_type, DataType::kCreditCard);
  EXPECT_EQ(out.records[0].count, 6012);
  EXPECT_EQ(out.records[0].evidence.document_id, 12);
  EXPECT_EQ(out.records[1].data_type, DataType::kPersonalInfo);
  EXPECT_EQ(out.records[1].count, 19305);
  EXPECT_EQ(out.records[1].qualifier, Qualifier::kExact);
  EXPECT_EQ(out.records[2].data_type, DataType::kEmailAddress);  // not restated: kept
  EXPECT_EQ(out.records[2].count, 100);
  EXPECT_EQ(out.types, (std::vector<IncidentType>{IncidentType::kUnauthorizedAccess,
                                                  IncidentType::kPersonalDataLeak,
                                                  IncidentType::kCardDataLeak}));
  EXPECT_EQ(out.document_ids, (std::vector<int64_t>{10, 11, 12}));
}

TEST(MergeFold, SameDayReportsAreOrderedByIngestOrder) {
  const Incident base = MakeIncident("A", "a", "2024-05-28", {}, {});
  std::vector<IncidentRevision> revs = {
      Rev(21, "2024-05-28", MakeIncident("A", "a", "", {}, {Rec(DataType::kPhone, 2)})),
      Rev(20, "2024-05-28", MakeIncident("A", "a", "", {}, {Rec(DataType::kPhone, 1)})),
  };
  EXPECT_EQ(FoldRevisions(base, revs).records.at(0).count, 2);
}

TEST(MergeFold, RoundedNewsFigureDoesNotReplaceTheExactOne) {
  const Incident base = MakeIncident("架空ペイ株式会社", "架空ペイ", "2024-04-05", {}, {});
  std::vector<IncidentRevision> revs = {
      Rev(1, "2024-04-05",
          MakeIncident("架空ペイ株式会社", "架空ペイ", "", {},
                       {Rec(DataType::kPersonalInfo, 12034567), Rec(DataType::kBankAccount, 8123)})),
      Rev(2, "2024-04-06",
          MakeIncident("架空ペイ株式会社", "架空ペイ", "", {},
                       {Rec(DataType::kPersonalInfo, 12000000, Qualifier::kApprox),
                        Rec(DataType::kBankAccount, 10000, Qualifier::kApprox)})),
  };
  const Incident out = FoldRevisions(base, revs);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].count, 12034567);  // 約1200万 is the same figure, rounded
  EXPECT_EQ(out.records[0].qualifier, Qualifier::kExact);
  EXPECT_EQ(out.records[1].count, 10000);  // 約1万 vs 8,123: a new figure
  EXPECT_EQ(out.records[1].qualifier, Qualifier::kApprox);
}

// ---- against the store -------------------------------------------------------------

class MergeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() + "/kenchi.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }

  // Stores a document and reports `incident` from it, like ingest does.
  StoreIncidentOutcome Report(const std::string& title, const std::string& date,
                              Incident incident) {
    Document doc = store_test::MakeDocument(title, title + " 本文 " + date);
    doc.published_on = date;
    auto put = store_->PutDocument(doc);
    EXPECT_TRUE(put.ok()) << put.status().message();
    doc.id = put->document_id;
    incident.published_on = date;
    incident.document_ids = {doc.id};
    for (RecordCount& r : incident.records) r.evidence.document_id = doc.id;
    auto out = StoreIncident(*store_, incident, doc);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? *out : StoreIncidentOutcome{};
  }

  ScratchDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(MergeStoreTest, NoticeSecondNoticeAndNewsBecomeOneIncident) {
  const auto first = Report("不正アクセスに関するお知らせとお詫び", "2024-05-28",
                            MakeIncident("株式会社ミハリ通販", "ミハリ通販", "",
                                         {IncidentType::kUnauthorizedAccess,
                                          IncidentType::kCardDataLeak},
                                         {Rec(DataType::kCreditCard, 5892),
                                          Rec(DataType::kPersonalInfo, 18746,
                                              Qualifier::kUpperBound)}));
  const auto news = Report("ミハリ通販に不正アクセス", "2024-05-29",
                           MakeIncident("ミハリ通販", "ミハリ通販", "",
                                        {IncidentType::kCardDataLeak},
                                        {Rec(DataType::kCreditCard, 5892)}));
  const auto second = Report("【第２報】調査結果のご報告", "2024-07-12",
                             MakeIncident("株式会社ミハリ通販", "ミハリ通販", "",
                                          {IncidentType::kUnauthorizedAccess},
                                          {Rec(DataType::kCreditCard, 6012),
                                           Rec(DataType::kPersonalInfo, 19305)}));
  EXPECT_FALSE(first.merged);
  EXPECT_TRUE(news.merged) << news.reason;
  EXPECT_TRUE(second.merged) << second.reason;
  EXPECT_EQ(news.incident_id, first.incident_id);
  EXPECT_EQ(second.incident_id, first.incident_id);
  EXPECT_EQ(store_->Counts()->incidents, 1);

  auto in = store_->GetIncident(first.incident_id);
  ASSERT_TRUE(in.ok()) << in.status().message();
  EXPECT_EQ(in->organization, "株式会社ミハリ通販");
  EXPECT_EQ(in->published_on, "2024-05-28");
  EXPECT_EQ(in->document_ids.size(), 3u);
  ASSERT_EQ(in->records.size(), 2u);
  EXPECT_EQ(in->records[0].count, 6012);
  EXPECT_EQ(in->records[1].count, 19305);
  EXPECT_EQ(in->records[1].qualifier, Qualifier::kExact);

  auto history = store_->ListIncidentRevisions(first.incident_id);
  ASSERT_TRUE(history.ok()) << history.status().message();
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].reported_on, "2024-05-28");
  EXPECT_EQ((*history)[0].reported.records.at(0).count, 5892);
  EXPECT_EQ((*history)[1].reported_on, "2024-05-29");
  EXPECT_EQ((*history)[2].reported_on, "2024-07-12");
  EXPECT_EQ((*history)[2].reported.records.at(0).count, 6012);
  EXPECT_EQ((*history)[2].title, "【第２報】調査結果のご報告");
}

TEST_F(MergeStoreTest, LateArrivingEarlierReportMovesTheDisclosureDateButNotTheFigures) {
  const auto news = Report("続報", "2024-06-02",
                           MakeIncident("A", "a", "", {}, {Rec(DataType::kPhone, 50)}));
  const auto notice = Report("お知らせ", "2024-05-31",
                             MakeIncident("A株式会社", "a", "", {}, {Rec(DataType::kPhone, 40)}));
  ASSERT_TRUE(notice.merged);
  auto in = store_->GetIncident(news.incident_id);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->published_on, "2024-05-31");
  EXPECT_EQ(in->records.at(0).count, 50);  // the later report's figure still wins
  EXPECT_EQ(in->organization, "A株式会社");
}

TEST_F(MergeStoreTest, SameOrganisationAYearApartStaysSeparate) {
  const auto a = Report("お知らせ", "2023-05-10",
                        MakeIncident("株式会社B", "b", "", {IncidentType::kRansomware}, {}));
  const auto b = Report("お知らせ", "2024-05-20",
                        MakeIncident("株式会社B", "b", "", {IncidentType::kRansomware}, {}));
  EXPECT_FALSE(b.merged) << b.reason;
  EXPECT_NE(a.incident_id, b.incident_id);
  EXPECT_EQ(store_->Counts()->incidents, 2);
}

TEST_F(MergeStoreTest, DifferentOrganisationsNeverMerge) {
  const auto a = Report("お知らせ", "2024-05-10",
                        MakeIncident("株式会社C", "c", "", {IncidentType::kRansomware}, {}));
  const auto b = Report("第２報", "2024-05-10",
                        MakeIncident("株式会社D", "d", "", {IncidentType::kRansomware}, {}));
  EXPECT_FALSE(b.merged);
  EXPECT_NE(a.incident_id, b.incident_id);
}

TEST_F(MergeStoreTest, MergingIntoAMissingIncidentIsNotFoundAndWritesNothing) {
  IncidentRevision rev;
  rev.incident_id = 999;
  Incident merged = MakeIncident("X", "x", "2024-01-01", {}, {});
  Status s = store_->MergeIncident(999, merged, rev);
  EXPECT_EQ(s.code(), Status::Code::kNotFound) << s.message();
  auto history = store_->ListIncidentRevisions(999);
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
}

// ---- through ingest, on the bundled sample -------------------------------------------

const Incident* FindByKey(const std::vector<Incident>& all, const std::string& key) {
  for (const Incident& in : all) {
    if (in.organization_key == key) return &in;
  }
  return nullptr;
}

TEST_F(MergeStoreTest, IngestingTheSampleMergesRepeatedReportsAndIsIdempotent) {
  const std::string notices = kenchi::testing::SourceDir() + "/sample-data/notices";
  auto report = Ingest(*store_, {notices}, {});
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_GE(report->incidents_merged, 3);  // ミハリ通販 ×2, 架空ペイ ×1
  auto all = store_->ListIncidents(100);
  ASSERT_TRUE(all.ok());
  const Incident* mihari = FindByKey(*all, "ミハリ通販");
  ASSERT_NE(mihari, nullptr);
  EXPECT_EQ(mihari->document_ids.size(), 3u);
  EXPECT_EQ(mihari->published_on, "2024-05-28");
  for (const RecordCount& r : mihari->records) {
    if (r.data_type == DataType::kCreditCard) { EXPECT_EQ(r.count, 6012); }
    if (r.data_type == DataType::kPersonalInfo) { EXPECT_EQ(r.count, 19305); }
  }
  const Incident* pay = FindByKey(*all, "架空ペイ");
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ(pay->document_ids.size(), 2u);
  int mihari_count = 0;
  for (const Incident& in : *all) mihari_count += in.organization_key == "ミハリ通販";
  EXPECT_EQ(mihari_count, 1);

  const int64_t incidents = store_->Counts()->incidents;
  auto again = Ingest(*store_, {notices}, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->incidents_new, 0);
  EXPECT_EQ(again->incidents_merged, 0);
  EXPECT_EQ(store_->Counts()->incidents, incidents);
  auto history = store_->ListIncidentRevisions(mihari->id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 3u);
}

}  // namespace
}  // namespace kenchi::pipeline
