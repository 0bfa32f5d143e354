// The monthly incident statistics the store keeps (incident_stats_monthly,
// maintained by triggers) and the cells it answers with.
#include <gtest/gtest.h>

#include <random>

#include "kenchi/pipeline/stats.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi {
namespace {

using kenchi::testing::ScratchDir;
using store_test::RawDb;

Incident Dated(const std::string& key, const std::string& date, std::vector<IncidentType> types,
               std::vector<RecordCount> records) {
  Incident in;
  in.organization = "株式会社" + key;
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

class StatsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() + "/kenchi.db";
    auto store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }

  // The aggregate and a naive GROUP BY over the incidents, as comparable text.
  std::string Aggregate(RawDb& db) {
    return db.Text(
        "SELECT group_concat(c, ' | ') FROM (SELECT month || ' ' || dimension || ' ' || key || ' ' "
        "|| qualifier || ' ' || incidents || ' ' || total AS c FROM incident_stats_monthly "
        "WHERE incidents != 0 OR total != 0 ORDER BY c)");
  }
  std::string Naive(RawDb& db) {
    return db.Text(
        "SELECT group_concat(c, ' | ') FROM (SELECT c FROM ("
        "SELECT substr(published_on, 1, 7) || ' incidents   ' || count(*) || ' 0' AS c "
        "FROM incidents WHERE published_on IS NOT NULL GROUP BY substr(published_on, 1, 7) "
        "UNION ALL SELECT substr(i.published_on, 1, 7) || ' type ' || t.type || '  ' || count(*) "
        "|| ' 0' FROM incidents i JOIN incident_types t ON t.incident_id = i.id "
        "WHERE i.published_on IS NOT NULL GROUP BY substr(i.published_on, 1, 7), t.type "
        "UNION ALL SELECT substr(i.published_on, 1, 7) || ' records ' || r.data_type || ' ' || "
        "r.qualifier || ' ' || count(*) || ' ' || sum(r.count) FROM incidents i "
        "JOIN incident_records r ON r.incident_id = i.id WHERE i.published_on IS NOT NULL "
        "GROUP BY substr(i.published_on, 1, 7), r.data_type, r.qualifier) ORDER BY c)");
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StatsStoreTest, AggregateStaysExactThroughInsertsMergesRedatingAndDeletes) {
  std::mt19937 rng(20240528);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<int64_t> ids;
  for (int i = 0; i < 200; ++i) {
    std::vector<IncidentType> types;
    for (int t = 0; t < 3; ++t) {
      const auto type = static_cast<IncidentType>(pick(12));
      if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    }
    std::vector<RecordCount> records;
    for (int r = 0; r < pick(3); ++r) {
      records.push_back(Rec(static_cast<DataType>(pick(9)), pick(100000),
                            static_cast<Qualifier>(pick(4))));
    }
    const std::string date =
        i % 17 == 0 ? "" : fmt::format("2023-{:02}-{:02}", 1 + pick(12), 1 + pick(28));
    auto id = store_->PutIncident(Dated(fmt::format("org{}", pick(50)), date, types, records));
    ASSERT_TRUE(id.ok()) << id.status().message();
    ids.push_back(*id);
  }
  // Merges that change figures, types and (for some) the disclosure month.
  for (int i = 0; i < 80; ++i) {
    const int64_t id = ids[static_cast<size_t>(pick(static_cast<int>(ids.size())))];
    auto in = store_->GetIncident(id);
    ASSERT_TRUE(in.ok());
    Incident merged = *in;
    if (i % 3 == 0) merged.published_on = fmt::format("2023-{:02}-15", 1 + pick(12));
    if (i % 5 == 0) merged.published_on = "";
    merged.records = {Rec(static_cast<DataType>(pick(9)), pick(1000))};
    merged.types = {static_cast<IncidentType>(pick(12))};
    IncidentRevision rev;
    rev.incident_id = id;
    rev.reported_on = merged.published_on;
    rev.reported = merged;
    ASSERT_TRUE(store_->MergeIncident(id, merged, rev).ok());
  }
  RawDb db(path_);
  ASSERT_EQ(db.Exec("DELETE FROM incidents WHERE id % 7 = 0"), "");
  ASSERT_EQ(db.Exec("DELETE FROM incident_records WHERE id % 5 = 0"), "");
  ASSERT_EQ(db.Exec("UPDATE incident_records SET count = count + 1, qualifier = 'approx' "
                    "WHERE id % 3 = 0"),
            "");
  const std::string aggregate = Aggregate(db);
  EXPECT_FALSE(aggregate.empty());
  EXPECT_EQ(aggregate, Naive(db));
}

TEST_F(StatsStoreTest, MonthsCutByTheRangeCountOnlyTheirDaysInside) {
  for (const char* date : {"2024-05-05", "2024-05-20", "2024-06-10", "2024-07-31"}) {
    ASSERT_TRUE(store_->PutIncident(Dated(date, date, {IncidentType::kRansomware},
                                          {Rec(DataType::kPersonalInfo, 10)}))
                    .ok());
  }
  auto cells = store_->IncidentStatsCells("2024-05-10", "2024-07-30");
  ASSERT_TRUE(cells.ok()) << cells.status().message();
  std::map<std::string, int64_t> incidents, records;
  for (const IncidentStatsCell& c : *cells) {
    if (c.dimension == IncidentStatsCell::Dimension::kIncidents) incidents[c.month] += c.incidents;
    if (c.dimension == IncidentStatsCell::Dimension::kRecords) records[c.month] += c.total;
  }
  EXPECT_EQ(incidents, (std::map<std::string, int64_t>{{"2024-05", 1}, {"2024-06", 1}}));
  EXPECT_EQ(records, (std::map<std::string, int64_t>{{"2024-05", 10}, {"2024-06", 10}}));
  // Within one month, both ends cut.
  cells = store_->IncidentStatsCells("2024-05-06", "2024-05-19");
  ASSERT_TRUE(cells.ok());
  EXPECT_TRUE(cells->empty());
  // Whole months only.
  cells = store_->IncidentStatsCells("2024-05-01", "2024-07-31");
  ASSERT_TRUE(cells.ok());
  int64_t all = 0;
  for (const IncidentStatsCell& c : *cells) {
    if (c.dimension == IncidentStatsCell::Dimension::kIncidents) all += c.incidents;
  }
  EXPECT_EQ(all, 4);
}

TEST_F(StatsStoreTest, BadDatesAreInvalidInput) {
  auto cells = store_->IncidentStatsCells("2024-02-30", "2024-03-01");
  ASSERT_FALSE(cells.ok());
  EXPECT_EQ(cells.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(cells.status().message().find("YYYY-MM-DD"), std::string::npos);
}

TEST_F(StatsStoreTest, DateSpanUsesTheDisclosureDates) {
  auto empty = store_->IncidentDateSpan();
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->first, "");
  ASSERT_TRUE(store_->PutIncident(Dated("a", "2024-03-02", {}, {})).ok());
  ASSERT_TRUE(store_->PutIncident(Dated("b", "2022-11-30", {}, {})).ok());
  ASSERT_TRUE(store_->PutIncident(Dated("c", "", {}, {})).ok());
  auto span = store_->IncidentDateSpan();
  ASSERT_TRUE(span.ok());
  EXPECT_EQ(span->first, "2022-11-30");
  EXPECT_EQ(span->second, "2024-03-02");
}

TEST(StatsMigration, ExistingIncidentsGetHistoryAndStatistics) {
  ScratchDir dir;
  const std::string path = dir.path() + "/old.db";
  const auto all = sqlite::KenchiMigrations();
  size_t before = 0;
  while (before < all.size() && all[before].sql != sqlite::IncidentHistorySql()) ++before;
  ASSERT_LT(before, all.size());
  {
    auto old = sqlite::OpenSqliteStoreWithMigrations(path, all.first(before));
    ASSERT_TRUE(old.ok()) << old.status().message();
    Document doc = store_test::MakeDocument("お知らせ", "本文");
    auto put = (*old)->PutDocument(doc);
    ASSERT_TRUE(put.ok());
    Incident in = Dated("a", "2024-05-28", {IncidentType::kCardDataLeak},
                        {Rec(DataType::kCreditCard, 5892)});
    in.document_ids = {put->document_id};
    ASSERT_TRUE((*old)->PutIncident(in).ok());
  }
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto history = (*store)->ListIncidentRevisions(1);
  ASSERT_TRUE(history.ok()) << history.status().message();
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].reported.records.at(0).count, 5892);
  EXPECT_EQ((*history)[0].reported.types.at(0), IncidentType::kCardDataLeak);
  auto cells = (*store)->IncidentStatsCells("2024-05-01", "2024-05-31");
  ASSERT_TRUE(cells.ok());
  auto stats = pipeline::BuildIncidentStats(*cells, "2024-05-01", "2024-05-31", "2026-01-01");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->incidents, 1);
  EXPECT_EQ(stats->records[static_cast<size_t>(DataType::kCreditCard)][0].records, 5892);
}

}  // namespace
}  // namespace kenchi
