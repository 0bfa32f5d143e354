// The report by email, against a real SMTP server on loopback (Debian's
// python3-aiosmtpd, tests/fixtures/smtp_server.py); what it received is
// read back with Python's email package, as a mail client would.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "alert/fixture_servers.h"
#include "kenchi/report/pdf.h"
#include "support/run.h"

namespace kenchi::testing {
namespace {

using alert_test::ClosedPort;
using alert_test::ParseMail;
using alert_test::ServerProcess;
using alert_test::StoredMails;
using nlohmann::json;

class SubscriberMailTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    seed_db_ = dir_->path() + "/seed.db";
    RunResult r = RunKenchi({"--db", seed_db_, "-q", "ingest", "--no-match", SourceDir() + "/sample-data/notices"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    RunResult w = RunKenchi({"--db", seed_db_, "-q", "watch", "import", SourceDir() + "/sample-data/watchlists/sample.yaml"});
    ASSERT_EQ(w.exit_code, 0) << w.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    // Each test gets its own copy: subscribers and deliveries are written.
    db_ = dir_->path() + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    std::filesystem::copy_file(seed_db_, db_, std::filesystem::copy_options::overwrite_existing);
    mail_dir_ = out_.path() + "/mail";
  }
  void StartServer(const std::string& auth = "") {
    std::vector<std::string> args{"--out", mail_dir_};
    if (!auth.empty()) args.insert(args.end(), {"--auth", auth});
    server_ = std::make_unique<ServerProcess>("smtp_server.py", args, out_.path());
  }
  RunResult Kenchi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunKenchi(args);
  }
  RunResult Mail(int port) {
    return Kenchi({"report", "--period", "2024-06", "--mail", "--smtp", "smtp://127.0.0.1:" + std::to_string(port),
                   "--starttls", "no", "--mail-from", "report@kenchi.example.jp", "--mail-from-name", "検知レポート",
                   "--smtp-timeout-ms", "5000"});
  }
  void Subscribe(std::vector<std::string> args) {
    args.insert(args.begin(), {"subscribers", "add"});
    RunResult r = Kenchi(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static ScratchDir* dir_;
  static std::string seed_db_;
  ScratchDir out_;
  std::string db_, mail_dir_;
  std::unique_ptr<ServerProcess> server_;
};

ScratchDir* SubscriberMailTest::dir_ = nullptr;
std::string SubscriberMailTest::seed_db_;

const json* PartOf(const json& mail, const std::string& type) {
  for (const json& p : mail["parts"]) {
    if (p["content_type"] == type) return &p;
  }
  return nullptr;
}

TEST_F(SubscriberMailTest, EachSubscriberGetsTheirReportAsTextAndHtmlOnce) {
  StartServer();
  Subscribe({"ciso@kakuu-mart.example.jp", "--lang", "ja", "--org", "kakuu-mart"});
  Subscribe({"analyst@example.jp", "--lang", "en"});
  RunResult r = Mail(server_->port());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sent"), std::string::npos) << r.out;

  std::vector<std::string> mails = StoredMails(mail_dir_);
  ASSERT_EQ(mails.size(), 2u);
  // Subscribers go in address order: analyst@ first.
  const json en = ParseMail(mails[0]);
  EXPECT_EQ(en["to"], (json{"analyst@example.jp"}));
  EXPECT_EQ(en["subject"], "[kenchi] Security report (Jun 2024)");
  EXPECT_EQ(en["from_name"], "検知レポート");
  EXPECT_EQ(en["content_type"], "multipart/alternative");
  EXPECT_EQ(en["structure"], "multipart/alternative(text/plain,text/html)");
  EXPECT_EQ(en["all_ascii"], true);
  EXPECT_LE(en["max_line_length"].get<int>(), 78);
  const json* text = PartOf(en, "text/plain");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ((*text)["charset"], "utf-8");
  EXPECT_NE((*text)["text"].get<std::string>().find("## 1. Headline"), std::string::npos);
  EXPECT_NE((*text)["text"].get<std::string>().find("4 incidents were disclosed"), std::string::npos)
      << (*text)["text"];
  const json* html = PartOf(en, "text/html");
  ASSERT_NE(html, nullptr);
  EXPECT_NE((*html)["text"].get<std::string>().find("<svg class=\"chart\""), std::string::npos);

  const json ja = ParseMail(mails[1]);
  EXPECT_EQ(ja["to"], (json{"ciso@kakuu-mart.example.jp"}));
  EXPECT_EQ(ja["subject"], "[kenchi] 株式会社カクウマート 様向けセキュリティレポート（2024年6月）");
  EXPECT_NE(ReadFileOrDie(mails[1]).find("\r\nSubject: =?UTF-8?B?"), std::string::npos);  // RFC 2047
  EXPECT_EQ(ja["all_ascii"], true);
  const std::string ja_text = (*PartOf(ja, "text/plain"))["text"];
  EXPECT_NE(ja_text.find("## 6. 株式会社カクウマート 様に関する検知"), std::string::npos) << ja_text;
  EXPECT_NE(ja_text.find("個人情報 4万件以上"), std::string::npos) << ja_text;

  // A second run sends nothing: every subscriber has this report.
  RunResult again = Mail(server_->port());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already_sent"), std::string::npos) << again.out;
  EXPECT_EQ(StoredMails(mail_dir_).size(), 2u);
  // Another period is another report.
  RunResult may = Kenchi({"report", "--period", "2024-05", "--mail", "--smtp",
                          "smtp://127.0.0.1:" + std::to_string(server_->port()), "--starttls", "no",
                          "--mail-from", "report@kenchi.example.jp"});
  ASSERT_EQ(may.exit_code, 0) << may.err;
  EXPECT_EQ(StoredMails(mail_dir_).size(), 4u);
}

TEST_F(SubscriberMailTest, APdfSubscriberGetsThePdfAttached) {
  if (!report::FindChromium().ok()) GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
  StartServer();
  Subscribe({"board@kakuu-mart.example.jp", "--org", "kakuu-mart", "--format", "pdf"});
  RunResult r = Mail(server_->port());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> mails = StoredMails(mail_dir_);
  ASSERT_EQ(mails.size(), 1u);
  const json m = ParseMail(mails[0]);
  EXPECT_EQ(m["structure"], "multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf)");
  const json* pdf = PartOf(m, "application/pdf");
  ASSERT_NE(pdf, nullptr);
  EXPECT_EQ((*pdf)["filename"], "kenchi-report-2024-06-ja.pdf");
  EXPECT_EQ((*pdf)["head"].get<std::string>().substr(0, 5), "%PDF-");
  EXPECT_GT((*pdf)["size"].get<int>(), 20000);
  EXPECT_NE((*PartOf(m, "text/plain"))["text"].get<std::string>().find("PDF 版を添付しています"), std::string::npos);
}

TEST_F(SubscriberMailTest, AFailedDeliveryIsReportedAndRetriedNextRun) {
  Subscribe({"ciso@kakuu-mart.example.jp", "--org", "kakuu-mart"});
  const int closed = ClosedPort();
  RunResult down = Mail(closed);
  EXPECT_EQ(down.exit_code, 3);
  EXPECT_NE(down.err.find("ciso@kakuu-mart.example.jp"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("smtp://127.0.0.1:" + std::to_string(closed)), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("retried"), std::string::npos) << down.err;

  StartServer();
  RunResult up = Mail(server_->port());
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(StoredMails(mail_dir_).size(), 1u);
  EXPECT_EQ(Mail(server_->port()).exit_code, 0);
  EXPECT_EQ(StoredMails(mail_dir_).size(), 1u);
}

TEST_F(SubscriberMailTest, AServerThatRefusesIsAFailureNotASend) {
  StartServer("kenchi:secret");  // requires AUTH; kenchi is given no login
  Subscribe({"analyst@example.jp", "--lang", "en"});
  RunResult r = Mail(server_->port());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("not delivered"), std::string::npos) << r.err;
  EXPECT_EQ(StoredMails(mail_dir_).size(), 0u);

  // With the login it goes through, once.
  setenv("KENCHI_TEST_SMTP_PASSWORD", "secret", 1);
  RunResult ok = Kenchi({"report", "--period", "2024-06", "--mail", "--smtp",
                         "smtp://127.0.0.1:" + std::to_string(server_->port()), "--starttls", "no",
                         "--mail-from", "report@kenchi.example.jp", "--smtp-user", "kenchi",
                         "--smtp-password-env", "KENCHI_TEST_SMTP_PASSWORD", "--auth", "PLAIN"});
  unsetenv("KENCHI_TEST_SMTP_PASSWORD");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(StoredMails(mail_dir_).size(), 1u);
}

TEST_F(SubscriberMailTest, APdfSubscriberWithoutAPdfEngineIsAFailureRetriedLater) {
  StartServer();
  Subscribe({"board@kakuu-mart.example.jp", "--org", "kakuu-mart", "--format", "pdf"});
  Subscribe({"analyst@example.jp", "--lang", "en"});
  setenv("KENCHI_CHROMIUM", (out_.path() + "/no-chromium").c_str(), 1);
  RunResult r = Mail(server_->port());
  unsetenv("KENCHI_CHROMIUM");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("board@kakuu-mart.example.jp"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("PDF engine not found"), std::string::npos) << r.err;
  // The other subscriber was served; the PDF one was not sent half its report.
  std::vector<std::string> mails = StoredMails(mail_dir_);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(ParseMail(mails[0])["to"], (json{"analyst@example.jp"}));
  if (!report::FindChromium().ok()) return;  // the retry needs the real engine
  RunResult retry = Mail(server_->port());
  ASSERT_EQ(retry.exit_code, 0) << retry.err;
  ASSERT_EQ(StoredMails(mail_dir_).size(), 2u);
  EXPECT_EQ(ParseMail(StoredMails(mail_dir_)[1])["to"], (json{"board@kakuu-mart.example.jp"}));
}

TEST_F(SubscriberMailTest, MailNeedsAServerAndASender) {
  RunResult with_org = Kenchi({"report", "--period", "2024-06", "--mail", "--org", "kakuu-mart"});
  EXPECT_EQ(with_org.exit_code, 2);  // subscribers say whose report they get
  Subscribe({"analyst@example.jp"});
  RunResult no_smtp = Kenchi({"report", "--period", "2024-06", "--mail", "--mail-from", "r@kenchi.example.jp"});
  EXPECT_EQ(no_smtp.exit_code, 2);
  EXPECT_NE(no_smtp.err.find("--smtp"), std::string::npos) << no_smtp.err;
  RunResult no_from = Kenchi({"report", "--period", "2024-06", "--mail", "--smtp", "smtp://127.0.0.1:25"});
  EXPECT_EQ(no_from.exit_code, 2);
  EXPECT_NE(no_from.err.find("--mail-from"), std::string::npos) << no_from.err;
}

}  // namespace
}  // namespace kenchi::testing
