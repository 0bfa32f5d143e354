// The underground inputs end to end through the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

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

// Runs one statement on the database, as an older kenchi or a test would
// have left it; returns the first column of the first row, if any.
std::string Sql(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  std::string first;
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(h) << ": " << sql;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
    first = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return first;
}

// Listings stored by older rules are brought in line with the current
// ones: one read differently is updated in place, a post that now offers
// something gets its listing, a listing whose post is chatter goes.
TEST(ListingCliTest, ReextractBringsStoredListingsInLineWithTheRules) {
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  auto r = RunKenchi({"--db", db, "ingest", "--json", Sample("")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string listings = Sql(db, "SELECT count(*) FROM listings");
  // Freshly extracted: nothing to change.
  auto same = RunKenchi({"--db", db, "--json", "listings", "reextract"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  auto js = nlohmann::json::parse(same.out);
  EXPECT_EQ(js["unchanged"], std::stoi(listings));
  EXPECT_EQ(js["changed"], 0);
  EXPECT_EQ(js["new"], 0);
  EXPECT_EQ(js["removed"], 0);
  EXPECT_GT(js["posts"].get<int>(), std::stoi(listings));  // chatter posts too

  // What older rules left: a swallowed target and no sector, a listing
  // missing, one for a chatter post.
  const std::string changed = Sql(db, "SELECT min(id) FROM listings WHERE target_organization <> ''");
  const std::string target = Sql(db, "SELECT target_organization FROM listings WHERE id = " + changed);
  const std::string sector = Sql(db, "SELECT sector FROM listings WHERE id = " + changed);
  ASSERT_NE(sector, "unknown");
  Sql(db, "UPDATE listings SET target_organization = '出售' || target_organization, sector = 'unknown' "
          "WHERE id = " + changed);
  const std::string missing_doc = Sql(db, "SELECT document_id FROM listings ORDER BY id DESC LIMIT 1");
  Sql(db, "DELETE FROM listings WHERE document_id = " + missing_doc);
  const std::string chatter = Sql(db,
                                  "SELECT id FROM documents WHERE source IN ('telegram', 'forum', 'paste') "
                                  "AND id NOT IN (SELECT document_id FROM listings) AND id <> " + missing_doc +
                                      " LIMIT 1");
  ASSERT_FALSE(chatter.empty());
  Sql(db, "INSERT INTO listings (document_id, offering, target_organization, price_basis, access_kind, "
          "language, summary, sector) VALUES (" + chatter + ", 'data_sale', 'x', 'unknown', 'none', 'zh', "
          "'', 'unknown')");
  const std::string stale = Sql(db, "SELECT max(id) FROM listings");
  Sql(db, "INSERT INTO match_progress (fact_kind, fingerprint, matched_up_to) VALUES ('listing', 'fp', 99) "
          "ON CONFLICT (fact_kind) DO UPDATE SET fingerprint = 'fp', matched_up_to = 99");

  auto dry = RunKenchi({"--db", db, "listings", "reextract", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("listing " + changed + " (document"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("target_organization 出售" + target + " -> " + target), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("sector unknown -> " + sector), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("new listing from document " + missing_doc), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("listing " + stale + " (document " + chatter + ") removed"), std::string::npos) << dry.out;
  EXPECT_NE(dry.err.find("1 listing(s) changed, 1 new, 1 removed"), std::string::npos) << dry.err;
  EXPECT_NE(dry.err.find("nothing was written"), std::string::npos) << dry.err;
  EXPECT_EQ(Sql(db, "SELECT sector FROM listings WHERE id = " + changed), "unknown");  // dry: unchanged
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM listings WHERE id = " + stale), "1");

  auto run = RunKenchi({"--db", db, "--json", "listings", "reextract"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto jr = nlohmann::json::parse(run.out);
  EXPECT_EQ(jr["changed"], 1);
  EXPECT_EQ(jr["new"], 1);
  EXPECT_EQ(jr["removed"], 1);
  EXPECT_EQ(jr["dry_run"], false);
  for (const auto& c : jr["changes"]) {
    if (c["change"] != "changed") continue;
    EXPECT_EQ(c["listing_id"], std::stoll(changed));
    EXPECT_EQ(c["fields"]["target_organization"]["after"], target);
    EXPECT_EQ(c["fields"]["sector"]["before"], "unknown");
  }
  // In place: the same id, now as the rules read it.
  EXPECT_EQ(Sql(db, "SELECT target_organization FROM listings WHERE id = " + changed), target);
  EXPECT_EQ(Sql(db, "SELECT sector FROM listings WHERE id = " + changed), sector);
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM listings WHERE document_id = " + missing_doc), "1");
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM listings WHERE document_id = " + chatter), "0");
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM listings"), listings);
  // The next `kenchi match` matches every listing again.
  EXPECT_EQ(Sql(db, "SELECT matched_up_to || '/' || fingerprint FROM match_progress WHERE fact_kind = 'listing'"),
            "0/");
  auto again = RunKenchi({"--db", db, "--json", "listings", "reextract"});
  EXPECT_EQ(nlohmann::json::parse(again.out)["unchanged"], std::stoi(listings));

  // A price that differs in its seventh digit, and a listing whose document
  // is no longer a post.
  const std::string priced = Sql(db, "SELECT min(id) FROM listings WHERE price >= 1000");
  ASSERT_FALSE(priced.empty());
  const std::string price = Sql(db, "SELECT price FROM listings WHERE id = " + priced);
  Sql(db, "UPDATE listings SET price = price + 0.5 WHERE id = " + priced);
  const std::string unposted = Sql(db, "SELECT document_id FROM listings WHERE id <> " + priced + " LIMIT 1");
  Sql(db, "UPDATE documents SET source = 'file', format = 'text' WHERE id = " + unposted);
  auto fixes = RunKenchi({"--db", db, "--json", "listings", "reextract"});
  ASSERT_EQ(fixes.exit_code, 0) << fixes.err;
  auto jf = nlohmann::json::parse(fixes.out);
  EXPECT_EQ(jf["changed"], 1) << fixes.out;
  EXPECT_EQ(jf["removed"], 1) << fixes.out;
  EXPECT_EQ(Sql(db, "SELECT price FROM listings WHERE id = " + priced), price);
  EXPECT_EQ(Sql(db, "SELECT count(*) FROM listings WHERE document_id = " + unposted), "0");

  // The listing filters do not apply to reextract.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--db", db, "listings", "reextract", "-n", "3"},
        std::vector<std::string>{"--db", db, "listings", "--country", "US", "reextract", "--dry-run"}}) {
    auto refused = RunKenchi(args);
    EXPECT_EQ(refused.exit_code, 2) << refused.out;
    EXPECT_NE(refused.err.find("reads every post"), std::string::npos) << refused.err;
  }

  auto help = RunKenchi({"listings", "reextract", "--help"});
  EXPECT_NE(help.out.find("--dry-run"), std::string::npos);
  auto list = RunKenchi({"--db", db, "listings", "-n", "1"});  // the listing command itself still lists
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("OFFERING"), std::string::npos) << list.out;
}

}  // namespace
}  // namespace kenchi
