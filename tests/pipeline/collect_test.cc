// `kenchi source` and `kenchi collect`, run as a user would: the real
// binary, a real database, and a real HTTP server on loopback serving the
// fixtures in tests/fixtures/collect/site (see server.py there for what
// each path does).
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <filesystem>

#include <map>
#include <nlohmann/json.hpp>

#include "support/fixture_server.h"
#include "support/run.h"

namespace kenchi::testing {
namespace {

using nlohmann::json;

json ParseJson(const RunResult& r) {
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not JSON:\n" << r.out << "\nstderr:\n" << r.err;
  return j;
}

// One row per line of the server's request log.
std::vector<json> Requests(const std::string& log) {
  std::vector<json> out;
  if (!std::filesystem::exists(log)) return out;  // the server writes it on the first request
  std::string text = ReadFileOrDie(log);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    if (nl > pos) out.push_back(json::parse(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return out;
}

// Query results as strings, for checking what was stored.
std::vector<std::vector<std::string>> Query(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(h, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
  std::vector<std::vector<std::string>> rows;
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const unsigned char* t = sqlite3_column_text(stmt, i);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(h);
  return rows;
}

class CollectTest : public ::testing::Test {
 protected:
  std::string Url(const std::string& path) const { return server_.base() + path; }
  void AddSource(const std::string& name, const std::string& path,
                 std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--db", db_, "source", "add", name, Url(path)};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = RunKenchi(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult Collect(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--db", db_, "--json", "collect", "--timeout", "1", "--delay", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunKenchi(args);
  }
  // Items of a collect report by URL (feed and entry URLs are distinct here).
  static std::map<std::string, json> ByUrl(const json& report) {
    std::map<std::string, json> out;
    for (const json& item : report["items"]) out[item["url"].get<std::string>()] = item;
    return out;
  }
  int CountRequests(const std::string& path) {
    int n = 0;
    for (const json& r : Requests(log_)) n += r["path"] == path;
    return n;
  }

  ScratchDir dir_;
  std::string db_ = dir_.path() + "/kenchi.db";
  std::string log_ = dir_.path() + "/requests.jsonl";
  FixtureServer server_{SourceDir() + "/tests/fixtures/collect/server.py",
                        {"--root", SourceDir() + "/tests/fixtures/collect/site", "--log", log_}};
};

TEST_F(CollectTest, FeedsEntriesAndEveryKindOfBadInput) {
  AddSource("news", "/feeds/rss2.xml", {"--kind", "rss"});
  AddSource("city", "/feeds/notices.rdf", {"--kind", "rdf"});
  AddSource("univ", "/feeds/news.atom");
  AddSource("empty", "/feeds/empty.xml");
  AddSource("broken", "/feeds/broken.xml");

  RunResult first = Collect();
  EXPECT_EQ(first.exit_code, 2) << "some entries failed\n" << first.err;
  json report = ParseJson(first);
  std::map<std::string, json> items = ByUrl(report);
  auto expect = [&](const std::string& path, const std::string& outcome,
                    const std::string& reason_part = "") {
    SCOPED_TRACE(path);
    ASSERT_TRUE(items.count(Url(path))) << report.dump(2);
    const json& item = items[Url(path)];
    EXPECT_EQ(item["outcome"], outcome) << item.dump();
    if (!reason_part.empty()) {
      EXPECT_NE(item.value("reason", "").find(reason_part), std::string::npos) << item.dump();
    }
  };
  // Feeds.
  expect("/feeds/rss2.xml", "fetched", "rss feed, 10 entries");
  expect("/feeds/notices.rdf", "fetched", "rdf feed, 2 entries");
  expect("/feeds/news.atom", "fetched", "atom feed, 3 entries");
  expect("/feeds/empty.xml", "skipped", "no entries");
  expect("/feeds/broken.xml", "failed", "malformed XML");
  // Articles, in every encoding and format.
  expect("/news/2024/0601-kaiin.html", "new");
  expect("/news/2024/0602-eucjp.html", "new");
  expect("/redirect/2", "new");
  expect("/notices/0608-mail.html", "new");
  expect("/notices/0610-notice.pdf", "new");
  expect("/univ/0612-notice.html", "new");
  // Bad input: reported with the URL and why, the rest still stored.
  expect("/missing/0603.html", "failed", "HTTP 404");
  expect("/slow/0604.html", "failed", "timed out");
  expect("/big/0605.pdf", "failed", "larger than the 16777216-byte cap");
  expect("/redirect/8", "failed", "more than 5 redirects");
  expect("/to-file", "failed", "refused");
  expect("/news/2024/0609-damaged.html", "failed", "at byte");  // mojibake: where it broke
  expect("/univ/login.html", "skipped", "not an article");
  expect("/univ/logo.png", "skipped", "Content-Type image/png");
  ASSERT_TRUE(items.count("ftp://files.example.jp/notice/0606.txt"));
  EXPECT_EQ(items["ftp://files.example.jp/notice/0606.txt"]["outcome"], "skipped");
  EXPECT_EQ(report["documents_new"], 6);
  EXPECT_EQ(report["failed"], 7);
  // Failures reach stderr in the table form too; here (--json) they are in the report.

  // What was stored, and how it was decoded.
  auto rows = Query(db_,
                    "SELECT uri, source, format, encoding, published_on, title FROM documents "
                    "ORDER BY uri");
  std::map<std::string, std::vector<std::string>> docs;
  for (auto& row : rows) docs[row[0]] = row;
  ASSERT_EQ(docs.size(), 6u);
  EXPECT_EQ(docs[Url("/notices/0608-mail.html")][3], "shift_jis") << "charset only in <meta>";
  EXPECT_EQ(docs[Url("/notices/0608-mail.html")][1], "city");
  EXPECT_EQ(docs[Url("/news/2024/0602-eucjp.html")][3], "euc-jp") << "charset only in HTTP";
  EXPECT_EQ(docs[Url("/news/2024/0602-eucjp.html")][4], "2024-06-02");
  EXPECT_EQ(docs[Url("/notices/0610-notice.pdf")][2], "pdf");
  EXPECT_EQ(docs[Url("/notices/0610-notice.pdf")][4], "2024-06-10") << "date from the feed";
  EXPECT_EQ(docs[Url("/redirect/2")][5], "予約サイトでなりすましログイン、ポイント不正利用 - サンプル新報");
  auto text = Query(db_, "SELECT text FROM documents WHERE uri = '" + Url("/notices/0608-mail.html") + "'");
  ASSERT_EQ(text.size(), 1u);
  EXPECT_NE(text[0][0].find("メールアドレス1,284件"), std::string::npos) << text[0][0];
  EXPECT_EQ(text[0][0].find("くらし"), std::string::npos) << "navigation is dropped";

  // Every request said who it was.
  for (const json& r : Requests(log_)) {
    EXPECT_EQ(r["user_agent"].get<std::string>().rfind("kenchi/", 0), 0u) << r.dump();
  }
  const size_t requests_after_first = Requests(log_).size();

  // Second run: conditional requests, no article fetched again.
  RunResult second = Collect();
  EXPECT_EQ(second.exit_code, 2) << "the failed entries are retried and fail again\n" << second.err;
  json again = ParseJson(second);
  EXPECT_EQ(again["documents_new"], 0);
  std::vector<json> log = Requests(log_);
  std::vector<json> later(log.begin() + static_cast<long>(requests_after_first), log.end());
  std::map<std::string, json> second_requests;
  for (const json& r : later) second_requests[r["path"].get<std::string>()] = r;
  for (const char* path : {"/feeds/notices.rdf", "/feeds/news.atom", "/feeds/empty.xml"}) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(second_requests.count(path));
    EXPECT_FALSE(second_requests[path]["if_none_match"].is_null());
    EXPECT_EQ(second_requests[path]["if_modified_since"], "Mon, 03 Jun 2024 01:00:00 GMT");
    EXPECT_EQ(second_requests[path]["status"], 304);
  }
  // The feed with failed entries is read in full again, so they are retried...
  ASSERT_TRUE(second_requests.count("/feeds/rss2.xml"));
  EXPECT_TRUE(second_requests["/feeds/rss2.xml"]["if_none_match"].is_null());
  EXPECT_TRUE(second_requests.count("/missing/0603.html"));
  // ...but nothing collected before is fetched again.
  for (const char* path : {"/news/2024/0601-kaiin.html", "/news/2024/0602-eucjp.html",
                           "/redirect/2", "/redirect/0", "/notices/0608-mail.html",
                           "/notices/0610-notice.pdf", "/univ/0612-notice.html"}) {
    EXPECT_FALSE(second_requests.count(path)) << path << " was fetched again";
  }
  std::map<std::string, json> second_items = ByUrl(again);
  EXPECT_EQ(second_items[Url("/feeds/news.atom")]["outcome"], "not_modified");
  EXPECT_EQ(second_items[Url("/news/2024/0601-kaiin.html")]["outcome"], "unchanged");
  EXPECT_EQ(Query(db_, "SELECT count(*) FROM documents")[0][0], "6");
}

TEST_F(CollectTest, NamedSourcesOnlyAndTableOutput) {
  AddSource("univ", "/feeds/news.atom");
  AddSource("broken", "/feeds/broken.xml");
  RunResult r = RunKenchi({"--db", db_, "collect", "--delay", "0", "univ"});
  EXPECT_EQ(r.exit_code, 0) << "skips are not failures\n" << r.err;
  EXPECT_NE(r.out.find("1 new document(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(Url("/univ/login.html")), std::string::npos) << r.err;
  EXPECT_EQ(CountRequests("/feeds/broken.xml"), 0);

  RunResult all = RunKenchi({"--db", db_, "collect", "--delay", "0"});
  EXPECT_EQ(all.exit_code, 2);
  EXPECT_NE(all.err.find(Url("/feeds/broken.xml") + ":"), std::string::npos) << all.err;
  EXPECT_NE(all.err.find("malformed XML"), std::string::npos) << all.err;
}

TEST_F(CollectTest, DeclaredKindMustMatch) {
  AddSource("univ", "/feeds/news.atom", {"--kind", "rss"});
  RunResult r = Collect();
  EXPECT_EQ(r.exit_code, 2);
  json report = ParseJson(r);
  ASSERT_FALSE(report["items"].empty());
  EXPECT_EQ(report["items"][0]["outcome"], "failed");
  EXPECT_NE(report["items"][0]["reason"].get<std::string>().find("registered as rss"),
            std::string::npos);
  EXPECT_EQ(CountRequests("/univ/0612-notice.html"), 0);
}

TEST_F(CollectTest, UnknownSourceIsAUsageError) {
  AddSource("univ", "/feeds/news.atom");
  RunResult r = Collect({"nosuch"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no source named \"nosuch\""), std::string::npos) << r.err;
  EXPECT_TRUE(Requests(log_).empty()) << "nothing is fetched";
}

TEST_F(CollectTest, SourceCommands) {
  AddSource("univ", "/feeds/news.atom", {"--delay", "0.25"});
  RunResult dup = RunKenchi({"--db", db_, "source", "add", "univ", Url("/feeds/rss2.xml")});
  EXPECT_EQ(dup.exit_code, 2);
  EXPECT_NE(dup.err.find("already exists"), std::string::npos) << dup.err;
  RunResult bad_url =
      RunKenchi({"--db", db_, "source", "add", "files", "ftp://files.example.jp/feed.xml"});
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_NE(bad_url.err.find("http://"), std::string::npos) << bad_url.err;
  EXPECT_EQ(RunKenchi({"--db", db_, "source", "add", "a b", Url("/x")}).exit_code, 2);
  EXPECT_EQ(RunKenchi({"--db", db_, "source", "add", "k", Url("/x"), "--kind", "json"}).exit_code, 2);

  RunResult list = RunKenchi({"--db", db_, "--json", "source", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json sources = ParseJson(list);
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0]["name"], "univ");
  EXPECT_EQ(sources[0]["kind"], "auto");
  EXPECT_EQ(sources[0]["delay_ms"], 250);
  EXPECT_TRUE(sources[0]["last_polled_at"].is_null());

  ASSERT_EQ(Collect().exit_code, 0);
  sources = ParseJson(RunKenchi({"--db", db_, "--json", "source", "list"}));
  EXPECT_FALSE(sources[0]["etag"].is_null());
  EXPECT_FALSE(sources[0]["last_polled_at"].is_null());
  RunResult table = RunKenchi({"--db", db_, "source", "list"});
  EXPECT_NE(table.out.find("0.25 s"), std::string::npos) << table.out;

  EXPECT_EQ(RunKenchi({"--db", db_, "source", "remove", "univ"}).exit_code, 0);
  EXPECT_EQ(RunKenchi({"--db", db_, "source", "remove", "univ"}).exit_code, 2);
  EXPECT_EQ(Query(db_, "SELECT count(*) FROM documents")[0][0], "1") << "documents stay";
}

TEST(CollectHelp, ExplainsEveryOption) {
  RunResult r = RunKenchi({"collect", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"--timeout", "--connect-timeout", "--delay", "--max-bytes",
                           "--max-redirects", "--max-entries", "--no-extract", "ETag"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
  }
  RunResult add = RunKenchi({"source", "add", "--help"});
  EXPECT_NE(add.out.find("--kind"), std::string::npos);
  EXPECT_NE(add.out.find("--delay"), std::string::npos);
}

}  // namespace
}  // namespace kenchi::testing
