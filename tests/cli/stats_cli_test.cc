// kenchi stats and kenchi incidents show, run as a user would: the real
// binary on the bundled sample data.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run.h"

namespace kenchi::testing {
namespace {

using nlohmann::json;

json JsonOf(const RunResult& r) {
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not JSON:\n" << r.out << "\nstderr:\n" << r.err;
  return j;
}

// One database with the sample ingested, shared by the tests of this file
// (ingesting runs MeCab over every document: do it once).
class StatsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    db_ = dir_->path() + "/kenchi.db";
    RunResult r = RunKenchi({"--db", db_, "ingest", SourceDir() + "/sample-data/notices"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static RunResult Kenchi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunKenchi(args);
  }
  static int64_t IdOf(const std::string& key) {
    json all = JsonOf(Kenchi({"incidents", "--json"}));
    for (const json& in : all) {
      if (in["organization_key"] == key) return in["id"].get<int64_t>();
    }
    return 0;
  }

  static ScratchDir* dir_;
  static std::string db_;
};

ScratchDir* StatsCliTest::dir_ = nullptr;
std::string StatsCliTest::db_;

TEST_F(StatsCliTest, JsonCountsMergedIncidentsPerMonthWithAPartialLastMonth) {
  RunResult r = Kenchi({"stats", "--from", "2024-04", "--to", "2024-06-15", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = JsonOf(r);
  EXPECT_EQ(j["from"], "2024-04-01");
  EXPECT_EQ(j["to"], "2024-06-15");
  ASSERT_EQ(j["months"].size(), 3u);
  EXPECT_EQ(j["months"][0]["month"], "2024-04");
  EXPECT_EQ(j["months"][0]["partial"], false);
  EXPECT_EQ(j["months"][2]["partial"], true);
  // 架空ペイ: notice and news are one incident in April; ミハリ通販: notice,
  // news and second notice are one incident in May (the first disclosure).
  EXPECT_EQ(j["months"][0]["incidents"], 1) << j["months"][0].dump();
  EXPECT_EQ(j["months"][1]["incidents"], 1) << j["months"][1].dump();
  int64_t sum = 0;
  for (const json& m : j["months"]) sum += m["incidents"].get<int64_t>();
  EXPECT_EQ(j["incidents"], sum);
  // ミハリ通販's card figure is the second notice's, counted once.
  for (const json& r2 : j["records_at_risk"]) {
    if (r2["data_type"] == "credit_card") {
      EXPECT_EQ(r2["total"], 6012) << r2.dump();
    }
  }
}

TEST_F(StatsCliTest, TablesByMonthTypeAndDataType) {
  RunResult month = Kenchi({"stats", "--from", "2024-04-01", "--to", "2024-06-15"});
  ASSERT_EQ(month.exit_code, 0) << month.err;
  EXPECT_NE(month.out.find("MONTH"), std::string::npos) << month.out;
  EXPECT_NE(month.out.find("2024-06 *"), std::string::npos) << month.out;
  EXPECT_NE(month.out.find("partial month"), std::string::npos);
  RunResult type = Kenchi({"stats", "--from", "2024-04", "--to", "2024-06", "--by", "type"});
  ASSERT_EQ(type.exit_code, 0) << type.err;
  EXPECT_NE(type.out.find("personal_data_leak"), std::string::npos) << type.out;
  RunResult data = Kenchi({"stats", "--from", "2024-04", "--to", "2024-06", "--by", "data-type"});
  ASSERT_EQ(data.exit_code, 0) << data.err;
  EXPECT_NE(data.out.find("6,012"), std::string::npos) << data.out;
  EXPECT_NE(data.out.find("APPROX"), std::string::npos);
}

TEST_F(StatsCliTest, EmptyRangeGivesZeros) {
  RunResult r = Kenchi({"stats", "--from", "2030-01", "--to", "2030-02", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = JsonOf(r);
  EXPECT_EQ(j["incidents"], 0);
  ASSERT_EQ(j["months"].size(), 2u);
  for (const json& m : j["months"]) EXPECT_EQ(m["incidents"], 0);
}

TEST_F(StatsCliTest, BadDatesExitTwoWithAClearMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string expect;
  };
  for (const Case& c : std::vector<Case>{
           {{"stats", "--from", "2024-13-01"}, "--from: \"2024-13-01\" is not a date"},
           {{"stats", "--to", "2024-02-30"}, "--to: \"2024-02-30\" is not a date"},
           {{"stats", "--from", "yesterday"}, "expected YYYY-MM-DD or YYYY-MM"},
           {{"stats", "--from", "2024-06-01", "--to", "2024-05-01"}, "after"},
           {{"stats", "--by", "week"}, "week"},
       }) {
    RunResult r = Kenchi(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args.back() << "\n" << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST_F(StatsCliTest, HelpExplainsEveryOption) {
  RunResult r = RunKenchi({"stats", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"--from", "--to", "--by", "partial", "data-type"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
  }
}

TEST_F(StatsCliTest, IncidentsShowListsSourcesAndHistory) {
  const int64_t id = IdOf("ミハリ通販");
  ASSERT_NE(id, 0);
  RunResult r = Kenchi({"incidents", "show", std::to_string(id), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = JsonOf(r);
  EXPECT_EQ(j["sources"].size(), 3u) << j.dump(2);
  ASSERT_EQ(j["history"].size(), 3u);
  EXPECT_EQ(j["history"][0]["reported_on"], "2024-05-28");
  EXPECT_EQ(j["history"][2]["reported_on"], "2024-07-12");
  EXPECT_EQ(j["published_on"], "2024-05-28");

  RunResult table = Kenchi({"incidents", "show", std::to_string(id)});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("Sources"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("History"), std::string::npos);
  EXPECT_NE(table.out.find("2024-07-12"), std::string::npos);
}

TEST_F(StatsCliTest, IncidentsListingStillWorksAndUnknownIdIsBadInput) {
  RunResult list = Kenchi({"incidents"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("ORGANIZATION"), std::string::npos);
  RunResult missing = Kenchi({"incidents", "show", "999999"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no incident with id 999999"), std::string::npos) << missing.err;
}

TEST_F(StatsCliTest, ReingestChangesNothing) {
  json before = JsonOf(Kenchi({"stats", "--from", "2024-01", "--to", "2024-12", "--json"}));
  RunResult again = Kenchi({"ingest", SourceDir() + "/sample-data/notices"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  json after = JsonOf(Kenchi({"stats", "--from", "2024-01", "--to", "2024-12", "--json"}));
  EXPECT_EQ(before, after);
}

}  // namespace
}  // namespace kenchi::testing
