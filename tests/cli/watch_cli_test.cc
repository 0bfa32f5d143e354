// org, watch, allow, match and alerts through the real kenchi binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run.h"

namespace kenchi::testing {
namespace {

using nlohmann::json;

std::string SampleWatchlist() { return SourceDir() + "/sample-data/watchlists/sample.yaml"; }

json Json(const RunResult& r) {
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not JSON:\n" << r.out << "\nstderr:\n" << r.err;
  return j;
}

class WatchCliTest : public ::testing::Test {
 protected:
  RunResult K(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunKenchi(args);
  }
  ScratchDir dir_;
  std::string db_ = dir_.path() + "/k.db";
};

TEST_F(WatchCliTest, OrgAddListRemove) {
  ASSERT_EQ(K({"org", "add", "kakuu-mart", "--display-name", "株式会社カクウマート"}).exit_code, 0);
  RunResult list = K({"org", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json orgs = Json(list);
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_EQ(orgs[0]["display_name"], "株式会社カクウマート");
  RunResult gone = K({"org", "remove", "nobody"});
  EXPECT_EQ(gone.exit_code, 2);
  EXPECT_NE(gone.err.find("no organisation named \"nobody\""), std::string::npos) << gone.err;
  EXPECT_EQ(K({"org", "remove", "kakuu-mart"}).exit_code, 0);
  EXPECT_TRUE(Json(K({"org", "list", "--json"})).empty());
}

TEST_F(WatchCliTest, WatchAddValidatesAndLists) {
  ASSERT_EQ(K({"org", "add", "kakuu-mart"}).exit_code, 0);
  RunResult no_org = K({"watch", "add", "nobody", "domain", "example.jp"});
  EXPECT_EQ(no_org.exit_code, 2);
  EXPECT_NE(no_org.err.find("kenchi org add nobody"), std::string::npos) << no_org.err;
  RunResult bad = K({"watch", "add", "kakuu-mart", "cidr", "198.51.100.7/24"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("198.51.100.0/24"), std::string::npos) << bad.err;
  EXPECT_EQ(K({"watch", "add", "kakuu-mart", "colour", "x"}).exit_code, 2);
  EXPECT_EQ(K({"watch", "add", "kakuu-mart", "domain", "example.jp", "--whole-word"}).exit_code, 2);
  ASSERT_EQ(K({"watch", "add", "kakuu-mart", "name", "Kakuu", "--whole-word", "--exclude", "kakuu city",
               "--exclude", "Kakuu Hotel"})
                .exit_code,
            0);
  ASSERT_EQ(K({"watch", "add", "kakuu-mart", "ip", "2001:DB8::10"}).exit_code, 0);
  json entries = Json(K({"watch", "list", "kakuu-mart", "--json"}));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["whole_word"], true);
  EXPECT_EQ(entries[0]["exclude"].size(), 2u);
  EXPECT_EQ(entries[1]["kind"], "ipv6");
  EXPECT_EQ(entries[1]["value"], "2001:db8::10");
  EXPECT_EQ(K({"watch", "remove", std::to_string(entries[1]["id"].get<int64_t>())}).exit_code, 0);
  EXPECT_EQ(K({"watch", "remove", "9999"}).exit_code, 2);
}

TEST_F(WatchCliTest, ImportTwiceChangesNothingTheSecondTime) {
  RunResult first = K({"watch", "import", SampleWatchlist(), "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(Json(first)["organizations_new"], 2);
  RunResult second = K({"watch", "import", SampleWatchlist(), "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  json r = Json(second);
  EXPECT_EQ(r["organizations_new"], 0);
  EXPECT_EQ(r["assets_new"], 0);
  EXPECT_EQ(r["allow_new"], 0);
}

TEST_F(WatchCliTest, ImportWithATypoImportsNothing) {
  ASSERT_EQ(K({"org", "add", "existing"}).exit_code, 0);
  const std::string file = dir_.Write("w.yaml",
                                      "organizations:\n"
                                      "  - name: kakuu-mart\n"
                                      "    names: [カクウマート]\n"
                                      "  - name: other\n"
                                      "    domians: [other.example.jp]\n");
  RunResult r = K({"watch", "import", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(file + ":5:5: unknown key \"domians\""), std::string::npos) << r.err;
  EXPECT_EQ(Json(K({"org", "list", "--json"})).size(), 1u) << "the valid first organisation was not stored";
}

TEST_F(WatchCliTest, AlertLifecycleThroughTheCli) {
  ASSERT_EQ(K({"watch", "import", SampleWatchlist()}).exit_code, 0);
  dir_.Write("in/post.txt", "【販売】株式会社カクウマートの顧客データベースあり。連絡はTGまで。\n");
  RunResult ingest = K({"ingest", dir_.path() + "/in"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.out.find("1 new alert(s)"), std::string::npos) << "ingest matches by itself:\n" << ingest.out;

  json alerts = Json(K({"alerts", "list", "--json", "--org", "kakuu-mart"}));
  ASSERT_EQ(alerts.size(), 1u);
  const std::string id = std::to_string(alerts[0]["id"].get<int64_t>());
  EXPECT_EQ(alerts[0]["status"], "new");
  EXPECT_EQ(alerts[0]["severity"], "low");
  EXPECT_NE(alerts[0]["evidence"].get<std::string>().find("[カクウマート]"), std::string::npos);
  EXPECT_NE(alerts[0]["document"]["uri"].get<std::string>().find("post.txt"), std::string::npos);

  RunResult show = K({"alerts", "show", id});
  ASSERT_EQ(show.exit_code, 0);
  EXPECT_NE(show.out.find("evidence"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("post.txt"), std::string::npos) << show.out;

  EXPECT_EQ(K({"alerts", "ack", id}).exit_code, 0);
  RunResult ack_again = K({"alerts", "ack", id});
  EXPECT_EQ(ack_again.exit_code, 0);
  EXPECT_NE(ack_again.out.find("already"), std::string::npos) << ack_again.out;
  EXPECT_EQ(K({"alerts", "resolve", id, "--note", "customer informed"}).exit_code, 0);
  EXPECT_EQ(K({"alerts", "resolve", id}).exit_code, 0) << "resolving twice is fine";
  RunResult ack_resolved = K({"alerts", "ack", id});
  EXPECT_EQ(ack_resolved.exit_code, 2);
  EXPECT_NE(ack_resolved.err.find("cannot acknowledge an alert that is resolved"), std::string::npos)
      << ack_resolved.err;
  RunResult unknown = K({"alerts", "show", "999"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no alert with id 999"), std::string::npos) << unknown.err;
  EXPECT_EQ(K({"alerts", "resolve", "999"}).exit_code, 2);
  EXPECT_EQ(Json(K({"alerts", "list", "--json", "--status", "resolved"})).size(), 1u);
  EXPECT_TRUE(Json(K({"alerts", "list", "--json", "--severity", "high"})).empty());

  RunResult rerun = K({"match", "--json"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(Json(rerun)["rows_matched"], 0);
}

TEST_F(WatchCliTest, AllowFalsePositiveSuppressesTheNextRun) {
  ASSERT_EQ(K({"org", "add", "kakuu-mart"}).exit_code, 0);
  ASSERT_EQ(K({"watch", "add", "kakuu-mart", "name", "Kakuu", "--whole-word"}).exit_code, 0);
  dir_.Write("a/review.txt", "Stayed at the Kakuu Hotel, lovely breakfast.\n");
  ASSERT_EQ(K({"ingest", "--no-match", dir_.path() + "/a"}).exit_code, 0);
  EXPECT_TRUE(Json(K({"alerts", "list", "--json"})).empty()) << "--no-match";
  ASSERT_EQ(K({"match"}).exit_code, 0);
  json alerts = Json(K({"alerts", "list", "--json"}));
  ASSERT_EQ(alerts.size(), 1u);
  const std::string id = std::to_string(alerts[0]["id"].get<int64_t>());
  RunResult fp = K({"alerts", "false-positive", id, "--allow-phrase", "kakuu hotel"});
  ASSERT_EQ(fp.exit_code, 0) << fp.err;
  EXPECT_NE(fp.out.find("allow-list entry"), std::string::npos) << fp.out;
  json allow = Json(K({"allow", "list", "--json"}));
  ASSERT_EQ(allow.size(), 1u);
  EXPECT_EQ(allow[0]["kind"], "term");
  EXPECT_EQ(allow[0]["organization"], "kakuu-mart");

  dir_.Write("b/review2.txt", "The KAKUU HOTEL pool was closed.\n");
  dir_.Write("b/leak.txt", "db of kakuu for sale\n");
  ASSERT_EQ(K({"ingest", dir_.path() + "/b"}).exit_code, 0);
  alerts = Json(K({"alerts", "list", "--json", "--status", "new"}));
  ASSERT_EQ(alerts.size(), 1u) << "the hotel review is dropped, the leak is not";
  EXPECT_NE(alerts[0]["document"]["uri"].get<std::string>().find("leak.txt"), std::string::npos);
}

TEST_F(WatchCliTest, AllowAddListRemove) {
  ASSERT_EQ(K({"org", "add", "kakuu-mart"}).exit_code, 0);
  ASSERT_EQ(K({"allow", "add", "domain", "Gmail.com", "--reason", "public mail"}).exit_code, 0);
  ASSERT_EQ(K({"allow", "add", "network", "198.51.100.0/30", "--org", "kakuu-mart"}).exit_code, 0);
  EXPECT_EQ(K({"allow", "add", "network", "198.51.100.1/30"}).exit_code, 2);
  EXPECT_EQ(K({"allow", "add", "domain", "not a domain"}).exit_code, 2);
  EXPECT_EQ(K({"allow", "add", "colour", "x"}).exit_code, 2);
  json all = Json(K({"allow", "list", "--json"}));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["value"], "gmail.com");
  EXPECT_TRUE(all[0]["organization"].is_null());
  EXPECT_EQ(K({"allow", "remove", std::to_string(all[1]["id"].get<int64_t>())}).exit_code, 0);
  EXPECT_EQ(K({"allow", "remove", "9999"}).exit_code, 2);
}

}  // namespace
}  // namespace kenchi::testing
