// kenchi report and kenchi subscribers as a user runs them: the real binary
// on the bundled sample data, real files, real Chromium when installed.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kenchi/report/pdf.h"
#include "support/run.h"

namespace kenchi::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Sets an environment variable for the tests' children, restored after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (had_) setenv(name_, old_.c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

// One database with the sample notices, underground posts and watchlist,
// shared by the tests of this file (ingesting runs MeCab: do it once).
class ReportCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    db_ = dir_->path() + "/kenchi.db";
    for (const char* what : {"notices", "underground"}) {
      RunResult r = RunKenchi({"--db", db_, "-q", "ingest", "--no-match", SourceDir() + "/sample-data/" + what});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    RunResult w = RunKenchi({"--db", db_, "-q", "watch", "import", SourceDir() + "/sample-data/watchlists/sample.yaml"});
    ASSERT_EQ(w.exit_code, 0) << w.err;
    RunResult m = RunKenchi({"--db", db_, "-q", "match"});
    ASSERT_EQ(m.exit_code, 0) << m.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static RunResult Kenchi(std::vector<std::string> args, const RunOptions& o = {}) {
    args.insert(args.begin(), {"--db", db_});
    return RunKenchi(args, o);
  }
  // Files in `dir` whose names start with a dot (temporaries left behind).
  static int Leftovers(const std::string& dir) {
    int n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) n += e.path().filename().string()[0] == '.';
    return n;
  }

  static ScratchDir* dir_;
  static std::string db_;
  ScratchDir out_;
};

ScratchDir* ReportCliTest::dir_ = nullptr;
std::string ReportCliTest::db_;

TEST_F(ReportCliTest, JsonIsTheModelOfTheSampleData) {
  const std::string path = out_.path() + "/r.json";
  RunResult r = Kenchi({"report", "--from", "2024-04-01", "--to", "2024-06-15", "--org", "kakuu-mart",
                        "--lang", "en", "-o", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, path + "\n");  // the path, for scripts
  const json m = json::parse(ReadFileOrDie(path));
  EXPECT_EQ(m["report"], "kenchi-security-report");
  EXPECT_EQ(m["lang"], "en");
  EXPECT_EQ(m["headline"]["incidents"], 5);  // the sixth is on 2024-06-20
  const json& months = m["incidents_by_month"]["months"];
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[2]["partial"], true);  // June is cut on the 15th
  EXPECT_EQ(m["headline"]["largest"][0]["organization"], "架空ペイ株式会社");
  EXPECT_EQ(m["headline"]["largest"][0]["records"][0]["count"], 12034567);
  EXPECT_GE(m["underground"]["listings"].get<int>(), 6);
  EXPECT_EQ(m["organization"]["name"], "kakuu-mart");
  EXPECT_GE(m["organization_findings"]["listings"].size(), 1u);
  // Section 5 aggregates; the target's name appears only in its own section's organisation field.
  EXPECT_EQ(m["underground"].dump().find("カクウマート"), std::string::npos);
  // Section 7: where the documents came from, and the incident span.
  std::map<std::string, int> sources;
  for (const json& s : m["method"]["sources"]) sources[s["source"]] = s["documents"];
  EXPECT_GE(sources["file"], 8) << m["method"].dump();
  EXPECT_GE(sources["telegram"], 1) << m["method"].dump();
  EXPECT_EQ(m["method"]["incident_span"]["first"], "2024-04-05");
  EXPECT_EQ(Leftovers(out_.path()), 0);
}

TEST_F(ReportCliTest, HtmlAndMarkdownInBothLanguages) {
  for (const std::string lang : {"ja", "en"}) {
    const std::string html = out_.path() + "/r-" + lang + ".html";
    RunResult r = Kenchi({"report", "--period", "2024-06", "--lang", lang, "-o", html});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string page = ReadFileOrDie(html);
    EXPECT_NE(page.find("<html lang=\"" + lang + "\">"), std::string::npos);
    EXPECT_NE(page.find("<svg class=\"chart\""), std::string::npos);
    EXPECT_EQ(page.find("<script"), std::string::npos);
    const std::string md = out_.path() + "/r-" + lang + ".md";
    ASSERT_EQ(Kenchi({"report", "--period", "2024-06", "--lang", lang, "-o", md}).exit_code, 0);
    const std::string text = ReadFileOrDie(md);
    if (lang == "ja") {
      EXPECT_NE(page.find("2024年6月"), std::string::npos);
      EXPECT_NE(text.find("## 1. 今期のまとめ"), std::string::npos) << text;
      EXPECT_NE(text.find("4万件以上"), std::string::npos) << text;  // 例示HD, "4万件超"
    } else {
      EXPECT_NE(page.find("Jun 2024"), std::string::npos);
      EXPECT_NE(text.find("## 1. Headline"), std::string::npos) << text;
      EXPECT_NE(text.find("at least 40,000 records"), std::string::npos) << text;
    }
  }
}

TEST_F(ReportCliTest, AnEmptyPeriodIsAReportNotAnError) {
  const std::string path = out_.path() + "/empty.md";
  RunResult r = Kenchi({"report", "--period", "2019-01", "--lang", "en", "-o", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("nothing was found"), std::string::npos) << r.err;
  EXPECT_NE(ReadFileOrDie(path).find("Nothing was found in the stored data for this period"), std::string::npos);
}

TEST_F(ReportCliTest, AnUnknownOrganisationIsRefusedAndNothingIsWritten) {
  const std::string path = out_.path() + "/org.html";
  RunResult r = Kenchi({"report", "--period", "2024-06", "--org", "no-such-org", "-o", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no organisation named \"no-such-org\""), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(ReportCliTest, BadPeriodsAreUsageErrors) {
  RunResult none = Kenchi({"report", "-o", out_.path() + "/x.html"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--period"), std::string::npos) << none.err;
  RunResult bad = Kenchi({"report", "--period", "2024-13"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("2024-13"), std::string::npos) << bad.err;
  RunResult reversed = Kenchi({"report", "--from", "2024-06-01", "--to", "2024-05-01"});
  EXPECT_EQ(reversed.exit_code, 2);
  EXPECT_NE(reversed.err.find("after"), std::string::npos) << reversed.err;
  EXPECT_EQ(Kenchi({"report", "--period", "2024-06", "--lang", "fr"}).exit_code, 2);
}

TEST_F(ReportCliTest, AnUnwritableOutputFailsNamingThePathAndLeavesNothing) {
  const std::string ro = out_.path() + "/readonly";
  fs::create_directories(ro);
  ASSERT_EQ(chmod(ro.c_str(), 0555), 0);
  RunOptions o;
  o.enforce_permissions = true;
  const std::string path = ro + "/r.html";
  RunResult r = Kenchi({"report", "--period", "2024-06", "-o", path}, o);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(ro));
  // A directory that does not exist either.
  RunResult missing = Kenchi({"report", "--period", "2024-06", "-o", out_.path() + "/no/such/dir/r.html"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("no/such/dir/r.html"), std::string::npos) << missing.err;
}

TEST_F(ReportCliTest, AnExistingReportIsReplacedWholeNeverHalfWritten) {
  const std::string path = out_.path() + "/r.html";
  out_.Write("r.html", "old report");
  ASSERT_EQ(Kenchi({"report", "--period", "2024-06", "-o", path}).exit_code, 0);
  const std::string page = ReadFileOrDie(path);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("</html>"), std::string::npos);
  EXPECT_EQ(Leftovers(out_.path()), 0);
}

TEST_F(ReportCliTest, AMissingPdfEngineIsNamedAndNothingIsWritten) {
  ScopedEnv env("KENCHI_CHROMIUM", out_.path() + "/no-chromium-here");
  const std::string path = out_.path() + "/r.pdf";
  RunResult r = Kenchi({"report", "--period", "2024-06", "-o", path});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("PDF engine not found"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no-chromium-here"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(Leftovers(out_.path()), 0);
}

TEST_F(ReportCliTest, PdfIsPrintedByChromium) {
  if (!report::FindChromium().ok()) GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
  const std::string path = out_.path() + "/r.pdf";
  RunResult r = Kenchi({"report", "--period", "2024-06", "--org", "kakuu-mart", "-o", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string pdf = ReadFileOrDie(path);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf.size(), 20000u);  // fonts embedded, more than an empty page
  EXPECT_NE(pdf.find("/Type /Page"), std::string::npos);
}

TEST_F(ReportCliTest, SubscribersAddListRemove) {
  ScratchDir d;
  const std::string db = d.path() + "/s.db";
  ASSERT_EQ(RunKenchi({"--db", db, "-q", "org", "add", "kakuu-mart"}).exit_code, 0);
  RunResult add = RunKenchi({"--db", db, "subscribers", "add", "ciso@kakuu-mart.example.jp", "--lang", "en",
                             "--org", "kakuu-mart", "--format", "pdf"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  ASSERT_EQ(RunKenchi({"--db", db, "subscribers", "add", "news@example.jp"}).exit_code, 0);
  RunResult again = RunKenchi({"--db", db, "subscribers", "add", "NEWS@example.jp"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already receives"), std::string::npos) << again.err;
  RunResult bad = RunKenchi({"--db", db, "subscribers", "add", "not-an-address"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("not-an-address"), std::string::npos);
  RunResult no_org = RunKenchi({"--db", db, "subscribers", "add", "x@example.jp", "--org", "ghost"});
  EXPECT_EQ(no_org.exit_code, 2);
  EXPECT_NE(no_org.err.find("\"ghost\""), std::string::npos);

  RunResult list = RunKenchi({"--db", db, "--json", "subscribers", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json subs = json::parse(list.out);
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0]["email"], "ciso@kakuu-mart.example.jp");
  EXPECT_EQ(subs[0]["organization"], "kakuu-mart");
  EXPECT_EQ(subs[0]["format"], "pdf");
  EXPECT_EQ(subs[0]["lang"], "en");
  EXPECT_EQ(subs[1]["lang"], "ja");

  EXPECT_EQ(RunKenchi({"--db", db, "subscribers", "remove", std::to_string(subs[0]["id"].get<int>())}).exit_code, 0);
  RunResult gone = RunKenchi({"--db", db, "subscribers", "remove", "999"});
  EXPECT_EQ(gone.exit_code, 2);
  EXPECT_NE(gone.err.find("no subscriber with id 999"), std::string::npos);
  EXPECT_EQ(json::parse(RunKenchi({"--db", db, "--json", "subscribers", "list"}).out).size(), 1u);
}

}  // namespace
}  // namespace kenchi::testing
