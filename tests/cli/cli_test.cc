// The kenchi command, run as a user would run it: the real binary, a real
// database file, the bundled sample data.
#include <sys/stat.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run.h"

namespace kenchi::testing {
namespace {

using nlohmann::json;

std::string SampleNotices() { return SourceDir() + "/sample-data/notices"; }

json ParseJsonOrFail(const RunResult& r) {
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not JSON:\n" << r.out << "\nstderr:\n" << r.err;
  return j;
}

// Database counts as JSON, to check that a failed command changed nothing.
json Counts(const std::string& db) {
  RunResult r = RunKenchi({"--db", db, "status", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ParseJsonOrFail(r)["counts"];
}

TEST(CliTest, HelpListsCommandsAndExitCodes) {
  RunResult r = RunKenchi({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"ingest", "incidents", "search", "status", "--db", "--json", "Exit codes"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word << " missing from:\n" << r.out;
}

TEST(CliTest, SubcommandHelpExplainsOptions) {
  RunResult r = RunKenchi({"ingest", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--no-extract"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Shift_JIS"), std::string::npos) << r.out;
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunKenchi({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(RunKenchi({}).exit_code, 2);
  EXPECT_EQ(RunKenchi({"ingest"}).exit_code, 2);  // PATH is required
  EXPECT_EQ(RunKenchi({"incidents", "--limit", "0"}).exit_code, 2);
}

TEST(CliTest, VersionFlag) {
  RunResult r = RunKenchi({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("kenchi "), std::string::npos);
}

TEST(CliTest, IngestTwiceStoresNothingNewTheSecondTime) {
  ScratchDir dir;
  const std::string db = dir.path() + "/var/kenchi.db";
  RunResult first = RunKenchi({"--db", db, "ingest", SampleNotices(), "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  json a = ParseJsonOrFail(first);
  EXPECT_GT(a["documents_new"].get<int>(), 5);
  EXPECT_EQ(a["documents_unchanged"].get<int>(), 0);
  EXPECT_EQ(a["rejected"].get<int>(), 0) << a.dump(2);
  EXPECT_GT(a["incidents_new"].get<int>(), 0);

  RunResult second = RunKenchi({"--db", db, "ingest", SampleNotices(), "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  json b = ParseJsonOrFail(second);
  EXPECT_EQ(b["documents_new"].get<int>(), 0);
  EXPECT_EQ(b["documents_unchanged"], a["documents_new"]);
  EXPECT_EQ(b["incidents_new"].get<int>(), 0);

  // And in words, for people.
  RunResult third = RunKenchi({"--db", db, "ingest", SampleNotices()});
  EXPECT_EQ(third.exit_code, 0);
  EXPECT_NE(third.out.find("nothing new"), std::string::npos) << third.out;
  EXPECT_NE(third.out.find("0 new document(s)"), std::string::npos) << third.out;
}

TEST(CliTest, IncidentsJsonShowsOrganizationDateAndCount) {
  ScratchDir dir;
  const std::string db = dir.path() + "/kenchi.db";
  ASSERT_EQ(RunKenchi({"--db", db, "ingest", SampleNotices()}).exit_code, 0);
  RunResult r = RunKenchi({"--db", db, "incidents", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json incidents = ParseJsonOrFail(r);
  ASSERT_TRUE(incidents.is_array());
  ASSERT_FALSE(incidents.empty());
  int complete = 0;
  for (const json& inc : incidents) {
    EXPECT_FALSE(inc["organization"].get<std::string>().empty()) << inc.dump(2);
    if (inc["published_on"].is_string() && !inc["records"].empty()) {
      const json& rec = inc["records"][0];
      EXPECT_GT(rec["count"].get<long long>(), 0);
      EXPECT_TRUE(rec["data_type"].is_string());
      EXPECT_TRUE(rec["qualifier"].is_string());
      ++complete;
    }
  }
  EXPECT_GT(complete, 0) << incidents.dump(2);

  RunResult table = RunKenchi({"--db", db, "incidents"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("ORGANIZATION"), std::string::npos);
  EXPECT_NE(table.out.find(incidents[0]["organization"].get<std::string>().substr(0, 6)),
            std::string::npos);
}

TEST(CliTest, SearchFindsJapanesePhrase) {
  ScratchDir dir;
  const std::string db = dir.path() + "/kenchi.db";
  const std::string notice =
      "\xe3\x80\x90\xe9\x87\x8d\xe8\xa6\x81\xe3\x80\x91"  // 【重要】
      "不正アクセスによる個人情報流出に関するお詫び\n\n"
      "株式会社テスト検知において、顧客情報の一部が外部に流出した可能性があります。\n";
  dir.Write("in/notice.txt", notice);
  ASSERT_EQ(RunKenchi({"--db", db, "ingest", dir.path() + "/in"}).exit_code, 0);

  RunResult hit = RunKenchi({"--db", db, "search", "顧客情報の一部", "--json"});
  ASSERT_EQ(hit.exit_code, 0) << hit.err;
  json hits = ParseJsonOrFail(hit);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0]["uri"].get<std::string>().find("notice.txt"), std::string::npos);

  RunResult miss = RunKenchi({"--db", db, "search", "存在しない語句"});
  EXPECT_EQ(miss.exit_code, 1);
}

TEST(CliTest, ReadCommandsWithoutDatabaseExplain) {
  ScratchDir dir;
  RunResult r = RunKenchi({"--db", dir.path() + "/missing.db", "incidents"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("missing.db"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/missing.db"));
}

// ---- bad input: a clear message naming the file, a non-zero exit, and the
// database exactly as it was. ----

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/kenchi.db";
    dir_.Write("good/ok.txt", "これは正常なテキストです。\n");
    ASSERT_EQ(RunKenchi({"--db", db_, "ingest", dir_.path() + "/good"}).exit_code, 0);
    before_ = Counts(db_);
  }

  // Ingests `path`, expects exit 2 with `path` and `reason` on stderr, and
  // an unchanged database.
  void ExpectRejected(const std::string& path, const std::string& reason,
                      const RunOptions& options = {}) {
    RunResult r = RunKenchi({"--db", db_, "ingest", path}, options);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << "message does not name the file:\n" << r.err;
    EXPECT_NE(r.err.find(reason), std::string::npos) << "expected '" << reason << "' in:\n" << r.err;
    EXPECT_EQ(Counts(db_), before_);
  }

  ScratchDir dir_;
  std::string db_;
  json before_;
};

TEST_F(BadInputTest, EmptyFile) { ExpectRejected(dir_.Write("empty.txt", ""), "empty"); }

TEST_F(BadInputTest, BinaryFile) {
  ExpectRejected(dir_.Write("image.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)), "binary");
}

TEST_F(BadInputTest, InvalidUtf8) {
  // Valid UTF-8, then a lone continuation byte and an overlong slash.
  ExpectRejected(dir_.Write("bad-utf8.txt", "abc\xe3\x81\x82 \x80\xc0\xaf xyz\n"), "byte");
}

TEST_F(BadInputTest, TruncatedShiftJis) {
  // 不正アクセス in Shift_JIS, then a lead byte 0x93 with no trail byte.
  ExpectRejected(dir_.Write("truncated-sjis.txt",
                            "\x95\x73\x90\xb3\x83\x41\x83\x4e\x83\x5a\x83\x58\x93"),
                 "Shift_JIS");
}

TEST_F(BadInputTest, MissingPath) {
  ExpectRejected(dir_.path() + "/does-not-exist", "no such file");
}

TEST_F(BadInputTest, UnreadableDirectory) {
  const std::string locked = dir_.path() + "/locked";
  dir_.Write("locked/inside.txt", "中身\n");
  ASSERT_EQ(chmod(locked.c_str(), 0), 0);
  RunOptions options;
  options.enforce_permissions = true;
  ExpectRejected(locked, "cannot read directory", options);
}

TEST_F(BadInputTest, UnwritableDatabasePath) {
  // The database's parent is a regular file: nothing can be created there.
  const std::string blocker = dir_.Write("not-a-dir", "x");
  const std::string db = blocker + "/kenchi.db";
  RunResult r = RunKenchi({"--db", db, "ingest", dir_.path() + "/good"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find(db), std::string::npos) << r.err;
}

TEST_F(BadInputTest, ReadOnlyDatabaseDirectory) {
  const std::string ro = dir_.path() + "/ro";
  std::filesystem::create_directories(ro);
  ASSERT_EQ(chmod(ro.c_str(), 0555), 0);
  RunOptions options;
  options.enforce_permissions = true;
  RunResult r = RunKenchi({"--db", ro + "/kenchi.db", "ingest", dir_.path() + "/good"}, options);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find(ro + "/kenchi.db"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(ro + "/kenchi.db"));
}

TEST_F(BadInputTest, GoodFilesBesideABadOneAreStoredAndTheBadOneReported) {
  dir_.Write("mixed/a.txt", "正常な文書その一。\n");
  dir_.Write("mixed/b.txt", "");
  dir_.Write("mixed/c.txt", "正常な文書その二。\n");
  RunResult r = RunKenchi({"--db", db_, "ingest", dir_.path() + "/mixed", "--json"});
  EXPECT_EQ(r.exit_code, 2);
  json j = ParseJsonOrFail(r);
  EXPECT_EQ(j["documents_new"].get<int>(), 2);
  EXPECT_EQ(j["rejected"].get<int>(), 1);
  EXPECT_EQ(Counts(db_)["documents"].get<int>(), before_["documents"].get<int>() + 2);
}

}  // namespace
}  // namespace kenchi::testing
