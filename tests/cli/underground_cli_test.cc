// The underground inputs end to end through the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>

#include "support/run.h"

namespace kenchi {
namespace {

using kenchi::testing::ReadFileOrDie;
using kenchi::testing::RunKenchi;
using kenchi::testing::ScratchDir;

std::string Sample(const std::string& name) {
  return kenchi::testing::SourceDir() + "/sample-data/underground/" + name;
}

TEST(HostListCliTest, NoPlaintextPasswordInTheDatabase) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  const std::string list = dir.Write("hosts.txt",
                                     "203.0.113.5:3389 administrator Kakuu#Secret1\n"
                                     "rdp://198.51.100.7:3389|admin|Kakuu#Secret2\n"
                                     "this line has Kakuu#Secret3 in it\n"
                                     "192.0.2.10:22 root Kakuu#Secret4\n"
                                     "192.0.2.11:22 root Kakuu#Secret5\n");
  auto r = RunKenchi({"--db", db, "ingest", "--json", list});
  EXPECT_EQ(r.exit_code, 2) << r.err;  // one bad line
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["hosts_stored"], 4);
  bool saw_line = false;
  for (const auto& item : j["items"]) {
    if (item["outcome"] == "rejected") {
      EXPECT_EQ(item["uri"], list + ":3");
      saw_line = true;
    }
  }
  EXPECT_TRUE(saw_line);
  EXPECT_EQ(r.out.find("Kakuu#Secret"), std::string::npos);
  EXPECT_EQ(r.err.find("Kakuu#Secret"), std::string::npos);
  for (const std::string& f : {db, db + "-wal", db + "-shm"}) {
    if (!std::filesystem::exists(f)) continue;
    const std::string bytes = ReadFileOrDie(f);
    EXPECT_EQ(bytes.find("Kakuu#Secret"), std::string::npos) << f;
  }
  EXPECT_TRUE(std::filesystem::exists(db + ".secret"));
  // Same file again: nothing new.
  auto again = RunKenchi({"--db", db, "ingest", "--json", list});
  auto j2 = nlohmann::json::parse(again.out);
  EXPECT_EQ(j2["documents_unchanged"], 1);
  EXPECT_EQ(j2["hosts_stored"], 0);
}

TEST(HostListCliTest, ForcedWithAsHosts) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  // Mostly prose: not recognised by content, but forced.
  const std::string list = dir.Write("mixed.txt",
                                     "notes from a channel\nmore words\n"
                                     "203.0.113.5:22 root Kakuu#Secret4\n");
  auto r = RunKenchi({"--db", db, "ingest", "--as", "hosts", "--json", list});
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["hosts_stored"], 1);
  EXPECT_EQ(j["rejected"], 2);
  auto bad = RunKenchi({"--db", db, "ingest", "--as", "cats", list});
  EXPECT_EQ(bad.exit_code, 2);
}

// How many hosts `kenchi stats hosts` counts as first seen on `day`.
int HostsFirstSeenOn(const std::string& db, const std::string& day) {
  auto r = RunKenchi({"--db", db, "stats", "hosts", "--from", day, "--to", day, "--json"});
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;  // 1: none
  return r.exit_code <= 1 ? nlohmann::json::parse(r.out)["hosts"].get<int>() : -1;
}

TEST(HostListCliTest, FirstSeenFromTheListElseObservedElseToday) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  const std::string dated = dir.Write("dated.txt",
                                      "# date: 2024-06-07\n"
                                      "203.0.113.5:3389 administrator Kakuu#Secret1\n"
                                      "198.51.100.7:3389 admin Kakuu#Secret2\n");
  const std::string undated = dir.Write("undated.txt", "203.0.113.30:22 root Kakuu#Secret3\n");
  auto r = RunKenchi({"--db", db, "ingest", "--json", "--observed", "2024-06-20", dated, undated});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(HostsFirstSeenOn(db, "2024-06-07"), 2);  // the list's own date wins
  EXPECT_EQ(HostsFirstSeenOn(db, "2024-06-20"), 1);  // --observed for the undated list

  const std::string later = dir.Write("later.txt", "203.0.113.31:22 root Kakuu#Secret4\n");
  ASSERT_EQ(RunKenchi({"--db", db, "ingest", "--json", later}).exit_code, 0);
  EXPECT_EQ(HostsFirstSeenOn(db, "2024-06-20"), 1);  // neither: ingest time, not 2024

  for (const char* bad : {"2024-06", "2024-02-30", "June"}) {
    auto b = RunKenchi({"--db", db, "ingest", "--observed", bad, later});
    EXPECT_EQ(b.exit_code, 2) << bad;
    EXPECT_NE(b.err.find("--observed"), std::string::npos) << b.err;
  }
}

TEST(HostListCliTest, SampleListsAreDatedInTheDemoReportsPeriod) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  auto r = RunKenchi({"--db", db, "ingest", "--json", Sample("hacked-servers.txt"), Sample("hacked-servers.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["hosts_stored"], 7);
  auto stats = RunKenchi({"--db", db, "stats", "hosts", "--from", "2024-04-01", "--to", "2024-07-31", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out)["hosts"], 7);
}

TEST(TelegramCliTest, ExportIngestedOnceAndListed) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  auto r = RunKenchi({"--db", db, "ingest", "--json", Sample("telegram-export/result.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_GE(j["documents_new"].get<int>(), 3);
  EXPECT_GE(j["listings_new"].get<int>(), 2);
  auto again = RunKenchi({"--db", db, "ingest", "--json", Sample("telegram-export/result.json")});
  auto j2 = nlohmann::json::parse(again.out);
  EXPECT_EQ(j2["documents_new"], 0);
  EXPECT_EQ(j2["listings_new"], 0);

  auto listed = RunKenchi({"--db", db, "listings", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto l = nlohmann::json::parse(listed.out);
  ASSERT_GE(l.size(), 2u);
  bool data_sale = false;
  for (const auto& x : l) {
    if (x["offering"] == "data_sale") {
      data_sale = true;
      EXPECT_EQ(x["target_country"], "JP");
      EXPECT_EQ(x["volume"], 20000000);
    }
  }
  EXPECT_TRUE(data_sale);
  auto jp = RunKenchi({"--db", db, "listings", "--json", "--offering", "data_sale", "--country", "jp"});
  ASSERT_EQ(jp.exit_code, 0) << jp.err;
  for (const auto& x : nlohmann::json::parse(jp.out)) EXPECT_EQ(x["offering"], "data_sale");
  auto bad = RunKenchi({"--db", db, "listings", "--offering", "nonsense"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown offering"), std::string::npos);
  auto table = RunKenchi({"--db", db, "listings"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("data_sale"), std::string::npos);
}

TEST(ListingCliTest, SectorInTableJsonAndFilter) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  auto r = RunKenchi({"--db", db, "ingest", "--json", kenchi::testing::SourceDir() + "/sample-data/underground"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = RunKenchi({"--db", db, "listings", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::map<std::string, int> sectors;
  for (const auto& x : nlohmann::json::parse(listed.out)) {
    sectors[x["sector"].get<std::string>()]++;
    EXPECT_TRUE(x["evidence"].contains("sector"));
  }
  for (const char* s : {"retail", "finance", "government", "education", "healthcare", "transport",
                        "manufacturing", "unknown"}) {
    EXPECT_GE(sectors[s], 1) << s << " in " << listed.out;
  }
  auto retail = RunKenchi({"--db", db, "listings", "--json", "--sector", "retail"});
  ASSERT_EQ(retail.exit_code, 0) << retail.err;
  const auto only = nlohmann::json::parse(retail.out);
  EXPECT_EQ(static_cast<int>(only.size()), sectors["retail"]);
  for (const auto& x : only) EXPECT_EQ(x["sector"], "retail");
  auto table = RunKenchi({"--db", db, "listings"});
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("SECTOR"), std::string::npos);
  EXPECT_NE(table.out.find("healthcare"), std::string::npos);
  auto bad = RunKenchi({"--db", db, "listings", "--sector", "banking"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown sector"), std::string::npos);
  EXPECT_NE(bad.err.find("hospitality"), std::string::npos);  // the valid names are listed
}

TEST(ListingCliTest, UndergroundSamplesAndNoticesStayApart) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  auto r = RunKenchi({"--db", db, "ingest", "--json",
                      kenchi::testing::SourceDir() + "/sample-data/notices"});
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["listings_new"], 0);  // notices and news are not listings
  auto u = RunKenchi({"--db", db, "ingest", "--json",
                      kenchi::testing::SourceDir() + "/sample-data/underground"});
  EXPECT_EQ(u.exit_code, 0) << u.err << u.out;
  auto ju = nlohmann::json::parse(u.out);
  EXPECT_GE(ju["listings_new"].get<int>(), 6);
  EXPECT_GE(ju["hosts_stored"].get<int>(), 4);
}

}  // namespace
}  // namespace kenchi
