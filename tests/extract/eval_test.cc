#include "kenchi/extract/eval.h"

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "support/run.h"

namespace kenchi::extract {
namespace {

using kenchi::testing::RunKenchi;
using kenchi::testing::ScratchDir;

const char* kGoodItem =
    R"({"id":"a","title":"不正アクセスに関するお詫び","published_on":"2024-05-28","text":"株式会社テスト商事\n弊社サーバーが不正アクセスを受け、お客様の個人情報1,234件が流出した可能性があることが判明いたしました。深くお詫び申し上げます。","expect":{"incident":true,"organization":"株式会社テスト商事","types":["unauthorized_access","personal_data_leak"],"records":[{"data_type":"personal_info","count":1234,"qualifier":"exact"}],"cause":null,"origin_country":null}})";

const char* kNegativeItem =
    R"({"id":"b","text":"コラム:情報漏えいが起きたら何をすべきかを解説します。過去のケースでは1万件の漏えいもありました。","expect":{"incident":false}})";

TEST(EvalGold, LoadsItemsAndSkipsCommentsAndBlankLines) {
  ScratchDir dir;
  const std::string path = dir.Write("g.jsonl", std::string("# a comment\n\n") + kGoodItem + "\n" + kNegativeItem + "\n");
  auto gold = LoadGold(path);
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  ASSERT_EQ(gold->size(), 2u);
  EXPECT_EQ((*gold)[0].id, "a");
  EXPECT_EQ((*gold)[0].line, 3u);
  EXPECT_TRUE((*gold)[0].incident);
  EXPECT_EQ((*gold)[0].records.at(0).count, 1234);
  EXPECT_EQ((*gold)[0].doc.published_on, "2024-05-28");
  EXPECT_FALSE((*gold)[1].incident);
}

// Every kind of bad line is an error that names the file and line.
struct BadLine {
  const char* line;
  const char* message_part;
};

class EvalGoldBadLine : public ::testing::TestWithParam<BadLine> {};

TEST_P(EvalGoldBadLine, NamesFileAndLine) {
  ScratchDir dir;
  const std::string path = dir.Write("bad.jsonl", std::string(kGoodItem) + "\n" + GetParam().line + "\n");
  auto gold = LoadGold(path);
  ASSERT_FALSE(gold.ok());
  EXPECT_NE(gold.status().message().find(path + ":2:"), std::string::npos) << gold.status().message();
  EXPECT_NE(gold.status().message().find(GetParam().message_part), std::string::npos) << gold.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Lines, EvalGoldBadLine,
    ::testing::Values(
        BadLine{"{not json", "not valid JSON"}, BadLine{"[1,2]", "must be a JSON object"},
        BadLine{R"({"text":"x"})", "\"expect\" is missing"},
        BadLine{R"({"text":"","expect":{"incident":false}})", "\"text\" is missing or empty"},
        BadLine{R"({"text":"x","expect":{}})", "expect.incident"},
        BadLine{R"({"text":"x","expect":{"incident":true,"types":["hacking"]}})", "unknown incident type"},
        BadLine{R"({"text":"x","expect":{"incident":true,"records":[{"data_type":"cards","count":1}]}})",
                "data_type"},
        BadLine{R"({"text":"x","expect":{"incident":true,"records":[{"data_type":"phone","count":-3}]}})",
                "positive integer"},
        BadLine{R"({"text":"x","expect":{"incident":true,"origin_country":"Brazil"}})", "alpha-2"},
        BadLine{R"({"text":"x","expect":{"incident":true,"occurred_on":"5/28"}})", "YYYY-MM-DD"},
        BadLine{R"({"text":"x","published_on":"2024-5-28","expect":{"incident":true}})", "published_on"},
        BadLine{R"({"text":"x","expect":{"incident":false,"organization":"X"}})", "not an incident"},
        BadLine{R"({"text":"x","extra":1,"expect":{"incident":false}})", "unknown key \"extra\""},
        BadLine{R"({"id":"a","text":"x","expect":{"incident":false}})", "duplicate id"}));

TEST(EvalGold, MissingAndEmptyFiles) {
  ScratchDir dir;
  EXPECT_FALSE(LoadGold(dir.path() + "/nope.jsonl").ok());
  const std::string empty = dir.Write("empty.jsonl", "# only a comment\n");
  auto gold = LoadGold(empty);
  ASSERT_FALSE(gold.ok());
  EXPECT_NE(gold.status().message().find("no gold items"), std::string::npos);
}

TEST(EvalScore, CountsTruePositivesAndMissesPerField) {
  ScratchDir dir;
  // The second item claims a record the text does not state: one false
  // negative for records, and the decision is right on both items.
  std::string second = kGoodItem;
  second.replace(second.find("\"id\":\"a\""), 8, "\"id\":\"c\"");
  second.replace(second.find("\"count\":1234"), 12, "\"count\":9999");
  const std::string path = dir.Write("g.jsonl", std::string(kGoodItem) + "\n" + kNegativeItem + "\n" + second + "\n");
  auto gold = LoadGold(path);
  ASSERT_TRUE(gold.ok()) << gold.status().message();
  const EvalReport r = EvaluateExtraction(*gold);
  EXPECT_EQ(r.items, 3u);
  const FieldScore* inc = r.Field("incident");
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(inc->tp, 2);
  EXPECT_EQ(inc->fp, 0);
  EXPECT_EQ(inc->fn, 0);
  const FieldScore* org = r.Field("organization");
  EXPECT_EQ(org->tp, 2);
  const FieldScore* rec = r.Field("records");
  EXPECT_EQ(rec->tp, 1);
  EXPECT_EQ(rec->fn, 1);
  EXPECT_EQ(rec->fp, 1);  // 1234 was extracted for item c
  EXPECT_DOUBLE_EQ(rec->precision(), 0.5);
  bool listed = false;
  for (const Miss& m : r.misses) {
    if (m.item_id == "c" && m.field == "records" && m.expected == "personal_info 9999 exact" &&
        m.got == "personal_info 1234 exact") {
      listed = true;
    }
  }
  EXPECT_TRUE(listed);
}

TEST(EvalScore, EmptyFieldsScorePerfectNotNaN) {
  FieldScore f{"cause"};
  EXPECT_DOUBLE_EQ(f.precision(), 1.0);
  EXPECT_DOUBLE_EQ(f.recall(), 1.0);
  f.fn = 2;
  EXPECT_DOUBLE_EQ(f.recall(), 0.0);
  EXPECT_DOUBLE_EQ(f.f1(), 0.0);
}

TEST(EvalCli, TableJsonAndBadGold) {
  ScratchDir dir;
  const std::string good = dir.Write("g.jsonl", std::string(kGoodItem) + "\n" + kNegativeItem + "\n");
  auto table = RunKenchi({"eval", "extraction", good});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("PRECISION"), std::string::npos);
  EXPECT_NE(table.out.find("organization"), std::string::npos);

  auto json = RunKenchi({"eval", "extraction", good, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["items"], 2);
  EXPECT_EQ(j["fields"][0]["field"], "incident");
  EXPECT_DOUBLE_EQ(j["fields"][0]["f1"].get<double>(), 1.0);

  const std::string bad = dir.Write("bad.jsonl", std::string(kGoodItem) + "\n{oops\n");
  auto err = RunKenchi({"eval", "extraction", bad});
  EXPECT_EQ(err.exit_code, 2);
  EXPECT_NE(err.err.find(bad + ":2:"), std::string::npos) << err.err;
  EXPECT_TRUE(err.out.empty());

  auto help = RunKenchi({"eval", "extraction", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--misses"), std::string::npos);
}

}  // namespace
}  // namespace kenchi::extract
