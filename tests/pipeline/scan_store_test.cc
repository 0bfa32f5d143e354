// kenchi scan into the store: exposures, privacy of passwords, atomicity,
// and the command line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "kenchi/pipeline/scan.h"
#include "support/run.h"

namespace kenchi::pipeline {
namespace {

using kenchi::testing::ReadFileOrDie;
using kenchi::testing::RunKenchi;
using kenchi::testing::ScratchDir;

const char* kDump =
    "taro@example.jp:Correct-Horse-42\n"
    "jiro@sub.example.jp:pw\n"
    "other@elsewhere.example:Unwatched-Secret-77\n";

class SecretScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() + "/kenchi.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    ASSERT_TRUE(watch_.Add(match::WatchKind::kEmailDomain, "example.jp", 0, 0).ok());
  }
  Result<ScanStats> ScanWith(const std::string& path, const std::string& secret) {
    match::Matcher m(watch_);
    return ScanDumpIntoStore(*store_, path, m, {}, text::KeyedHasher(secret));
  }
  ScratchDir dir_;
  std::unique_ptr<Store> store_;
  match::WatchSet watch_;
};

TEST_F(SecretScanTest, StoresHashAndPreviewNeverThePassword) {
  const std::string path = dir_.Write("combo.txt", kDump);
  auto stats = ScanWith(path, std::string(32, 'k'));
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  auto list = store_->ListCredentialExposures("", 0);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  const CredentialExposure* taro = nullptr;
  for (const auto& e : *list) if (e.identity == "taro@example.jp") taro = &e;
  ASSERT_NE(taro, nullptr);
  EXPECT_EQ(taro->password_preview, "C**************2");
  EXPECT_EQ(taro->password_hash.size(), 64u);
  EXPECT_EQ(taro->matched_on, "example.jp");
  EXPECT_EQ(taro->kind, "email");
  auto runs = store_->ListScanRuns(0);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].matched, 2);
  EXPECT_EQ((*runs)[0].unmatched, 1);
  EXPECT_EQ((*runs)[0].lines, 3);
  store_.reset();  // close, checkpointing the WAL into the file
  std::string bytes = ReadFileOrDie(dir_.path() + "/kenchi.db");
  for (const char* f : {"-wal", "-shm"}) {
    if (FILE* w = std::fopen((dir_.path() + "/kenchi.db" + f).c_str(), "rb")) {
      std::fclose(w);
      bytes += ReadFileOrDie(dir_.path() + "/kenchi.db" + f);
    }
  }
  EXPECT_EQ(bytes.find("Correct-Horse-42"), std::string::npos) << "plaintext password in the database";
  EXPECT_EQ(bytes.find("Unwatched-Secret-77"), std::string::npos);
  EXPECT_EQ(bytes.find("other@elsewhere.example"), std::string::npos)
      << "unmatched lines leave counts only";
}

TEST_F(SecretScanTest, HashStableAcrossRunsDifferentWithAnotherSecret) {
  const std::string path = dir_.Write("combo.txt", kDump);
  ASSERT_TRUE(ScanWith(path, std::string(32, 'a')).ok());
  ASSERT_TRUE(ScanWith(path, std::string(32, 'a')).ok());
  auto list = store_->ListCredentialExposures("example.jp", 0);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u) << "same secret: the same rows, seen again";
  for (const auto& e : *list) EXPECT_EQ(e.sightings, 2);
  const std::string first = (*list)[0].password_hash;
  ASSERT_TRUE(ScanWith(path, std::string(32, 'b')).ok());
  list = store_->ListCredentialExposures("", 0);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 4u) << "another secret gives other hashes";
  EXPECT_EQ(text::KeyedHasher(std::string(32, 'a')).Hash("pw"),
            text::KeyedHasher(std::string(32, 'a')).Hash("pw"));
  // It is HMAC-SHA256: RFC 4231, test case 2.
  EXPECT_EQ(text::KeyedHasher("Jefe").Hash("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A copied hasher (sharing the keyed context) hashes alike, from threads too.
  const text::KeyedHasher original(std::string(32, 'c'));
  const text::KeyedHasher copy = original;
  std::string from_thread;
  std::thread t([&] { from_thread = copy.Hash("pw"); });
  const std::string here = original.Hash("pw");
  t.join();
  EXPECT_EQ(here, from_thread);
  EXPECT_NE(text::KeyedHasher(std::string(32, 'a')).Hash("pw"),
            text::KeyedHasher(std::string(32, 'b')).Hash("pw"));
}

TEST_F(SecretScanTest, MaskingRules) {
  EXPECT_EQ(text::MaskSecret("password"), "p******d");
  EXPECT_EQ(text::MaskSecret("abc"), "a*c");
  EXPECT_EQ(text::MaskSecret("ab"), "**");
  EXPECT_EQ(text::MaskSecret(""), "");
  EXPECT_EQ(text::MaskSecret("パスワード"), "パ***ド");
}

TEST_F(SecretScanTest, ABrokenFileStoresNothing) {
  // Valid lines first, then the stream breaks: nothing of the file stays.
  std::string gz;
  {
    const std::string plain = dir_.Write("p.txt", std::string(kDump));
    ASSERT_EQ(std::system(("gzip -c " + plain + " > " + dir_.path() + "/p.gz").c_str()), 0);
    gz = ReadFileOrDie(dir_.path() + "/p.gz");
  }
  gz[gz.size() - 6] ^= 0x55;  // damage the CRC trailer
  const std::string bad = dir_.Write("bad.gz", gz);
  auto stats = ScanWith(bad, std::string(32, 'k'));
  ASSERT_FALSE(stats.ok());
  EXPECT_NE(stats.status().message().find("bad.gz"), std::string::npos) << stats.status().message();
  EXPECT_EQ(store_->ListCredentialExposures("", 0)->size(), 0u);
  EXPECT_EQ(store_->ListScanRuns(0)->size(), 0u);
}

TEST(ScanCliTest, StoresMatchesAndReportsWithExitCodes) {
  ScratchDir dir;
  const std::string db = dir.path() + "/var/kenchi.db";
  const std::string dump = dir.Write("combo.txt", std::string(kDump) + "junk line\n");
  auto r = RunKenchi({"--db", db, "scan", dump, "--watch-email-domain", "example.jp", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["matched"], 2);
  EXPECT_EQ(j["files"][0]["bad_lines"], 1);
  EXPECT_EQ(j["files"][0]["bad_samples"][0]["line"], 4);
  // The secret was created beside the database, private.
  struct stat st {};
  ASSERT_EQ(stat((db + ".secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto none = RunKenchi({"--db", db, "scan", dump, "--watch-domain", "example.org", "--no-watchlists"});
  EXPECT_EQ(none.exit_code, 1) << none.err;

  auto table = RunKenchi({"--db", db, "scan", dump, "--watch-email-domain", "example.jp"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.err.find("combo.txt:4: bad line skipped"), std::string::npos) << table.err;

  // --mmap reads through mappings instead of pread: the same answer.
  auto mapped = RunKenchi({"--db", db, "scan", dump, "--watch-email-domain", "example.jp", "--no-store", "--mmap",
                           "--json"});
  ASSERT_EQ(mapped.exit_code, 0) << mapped.err;
  auto m = nlohmann::json::parse(mapped.out);
  EXPECT_EQ(m["matched"], 2);
  EXPECT_EQ(m["files"][0]["bad_samples"][0]["line"], 4);

  const std::string empty = dir.Write("empty.txt", "");
  auto bad = RunKenchi({"--db", db, "scan", empty, dump, "--watch-email-domain", "example.jp"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("empty.txt: empty file"), std::string::npos) << bad.err;

  auto nothing = RunKenchi({"--db", dir.path() + "/other.db", "scan", dump});
  EXPECT_EQ(nothing.exit_code, 2) << "no watchlist at all is a usage error";
  EXPECT_NE(nothing.err.find("nothing to look for"), std::string::npos);
}

// In a terminal a scan lists the ten watched values with the most matches,
// most first (ties by name), and counts the rest; --json lists them all.
TEST(ScanCliTest, TerminalListsTheMostMatchedValuesAndCountsTheRest) {
  ScratchDir dir;
  std::string dump;
  std::vector<std::string> args = {"--db", dir.path() + "/k.db", "scan", "", "--no-store", "--no-watchlists"};
  // d0 once, d1 twice, ..., d11 twelve times; d12 and d13 both 13 times.
  for (int d = 0; d < 14; ++d) {
    const std::string domain = "d" + std::to_string(d) + ".example.jp";
    for (int k = 0; k < std::min(d + 1, 13); ++k) dump += "user" + std::to_string(k) + "@" + domain + ":pw\n";
    args.push_back("--watch-email-domain");
    args.push_back(domain);
  }
  args[3] = dir.Write("combo.txt", dump);
  auto table = RunKenchi(args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  std::vector<std::string> shown;
  std::istringstream lines(table.out);
  for (std::string line; std::getline(lines, line);) {
    if (const size_t of = line.find(" match(es) of "); of != std::string::npos) shown.push_back(line.substr(of + 14));
  }
  EXPECT_EQ(shown, (std::vector<std::string>{"d12.example.jp", "d13.example.jp", "d11.example.jp", "d10.example.jp",
                                             "d9.example.jp", "d8.example.jp", "d7.example.jp", "d6.example.jp",
                                             "d5.example.jp", "d4.example.jp"}));
  EXPECT_NE(table.out.find("combo.txt: 13 match(es) of d12.example.jp"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("combo.txt: 4 more watched value(s) matched (--json lists them all)"), std::string::npos)
      << table.out;

  args.push_back("--json");
  auto json = RunKenchi(args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto by_watch = nlohmann::json::parse(json.out)["files"][0]["matches_by_watch"];
  EXPECT_EQ(by_watch.size(), 14u);
  EXPECT_EQ(by_watch["d0.example.jp"], 1);
  EXPECT_EQ(by_watch["d13.example.jp"], 13);
}

}  // namespace
}  // namespace kenchi::pipeline
