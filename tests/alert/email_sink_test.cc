// The email sink against a real SMTP server on loopback (Debian's
// python3-aiosmtpd, tests/fixtures/smtp_server.py); what it received is
// read back with Python's email package, as a mail client would.
#include "kenchi/alert/email_sink.h"

#include "alert/fixture_servers.h"
#include "kenchi/alert/mime.h"

namespace kenchi::alert {
namespace {

using alert_test::MakeAlert;
using alert_test::ParseMail;
using alert_test::SampleOrg;
using alert_test::ServerProcess;
using alert_test::StoredMails;
using kenchi::testing::ReadFileOrDie;
using kenchi::testing::ScratchDir;

class SmtpSinkTest : public ::testing::Test {
 protected:
  void Start(const std::string& auth = "") {
    out_ = dir_.path() + "/mail";
    std::vector<std::string> args{"--out", out_};
    if (!auth.empty()) {
      args.push_back("--auth");
      args.push_back(auth);
    }
    server_ = std::make_unique<ServerProcess>("smtp_server.py", args, dir_.path());
  }
  EmailOptions Options(EmailMode mode) const {
    EmailOptions o;
    o.smtp_url = "smtp://127.0.0.1:" + std::to_string(server_->port());
    o.starttls = StartTls::kNo;
    o.from = "kenchi@alerts.example.jp";
    o.from_name = "検知アラート";
    o.to = {"soc@sample-shoji.example.jp", "ciso@sample-shoji.example.jp"};
    o.mode = mode;
    o.timeout_ms = 10000;
    return o;
  }

  ScratchDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string out_;
};

TEST_F(SmtpSinkTest, ImmediateSendsOneUtf8MessagePerAlert) {
  Start();
  std::vector<Alert> alerts{MakeAlert(1, Severity::kCritical, "管理画面のアクセス権が販売されている"),
                            MakeAlert(2, Severity::kMedium, "ブランド名の言及")};
  std::vector<Status> st = MakeEmailSink(Options(EmailMode::kImmediate))->Deliver(SampleOrg(), alerts);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_TRUE(st[0].ok()) << st[0].message();
  EXPECT_TRUE(st[1].ok()) << st[1].message();

  const auto mails = StoredMails(out_);
  ASSERT_EQ(mails.size(), 2u);
  const nlohmann::json m = ParseMail(mails[0]);
  EXPECT_EQ(m["subject"], "[kenchi] CRITICAL 株式会社サンプル商事: 管理画面のアクセス権が販売されている");
  EXPECT_EQ(m["from_name"], "検知アラート");
  EXPECT_EQ(m["from_address"], "kenchi@alerts.example.jp");
  EXPECT_EQ(m["to"], (nlohmann::json{"soc@sample-shoji.example.jp", "ciso@sample-shoji.example.jp"}));
  EXPECT_EQ(m["mime_version"], "1.0");
  EXPECT_NE(m["date_parsed"], nullptr);
  const std::string id = m["message_id"];
  EXPECT_EQ(id.front(), '<');
  EXPECT_NE(id.find("@alerts.example.jp>"), std::string::npos) << id;
  // 7-bit clean with short lines: survives any relay.
  EXPECT_EQ(m["all_ascii"], true);
  EXPECT_LE(m["max_line_length"].get<int>(), 78);

  EXPECT_EQ(m["content_type"], "multipart/mixed");
  ASSERT_EQ(m["parts"].size(), 2u);
  const nlohmann::json& text = m["parts"][0];
  EXPECT_EQ(text["content_type"], "text/plain");
  EXPECT_EQ(text["charset"], "utf-8");
  EXPECT_EQ(text["transfer_encoding"], "base64");
  const std::string body = text["text"];
  EXPECT_NE(body.find("[CRITICAL] 管理画面のアクセス権が販売されている"), std::string::npos) << body;
  EXPECT_NE(body.find("株式会社サンプル商事 (sample-shoji)"), std::string::npos) << body;
  EXPECT_NE(body.find("…サンプル商事の顧客データ[sample-shoji.example.jp]を販売…"), std::string::npos);
  const nlohmann::json& attachment = m["parts"][1];
  EXPECT_EQ(attachment["content_type"], "application/json");
  EXPECT_EQ(attachment["filename"], "kenchi-alerts.json");
  EXPECT_EQ(nlohmann::json::parse(attachment["text"].get<std::string>())["id"], 1);

  EXPECT_EQ(ParseMail(mails[1])["subject"], "[kenchi] MEDIUM 株式会社サンプル商事: ブランド名の言及");
  const nlohmann::json envelope = nlohmann::json::parse(ReadFileOrDie(out_ + "/001.json"));
  EXPECT_EQ(envelope["mail_from"], "kenchi@alerts.example.jp");
  EXPECT_EQ(envelope["rcpt_tos"].size(), 2u);
}

TEST_F(SmtpSinkTest, DigestGroupsTheBatchInOneMessage) {
  Start();
  std::vector<Alert> alerts{MakeAlert(1, Severity::kLow, "ブランド名の言及"),
                            MakeAlert(2, Severity::kCritical, "顧客のメールアドレスとパスワード"),
                            MakeAlert(3, Severity::kHigh, "VPNアクセスの販売")};
  std::vector<Status> st = MakeEmailSink(Options(EmailMode::kDigest))->Deliver(SampleOrg(), alerts);
  ASSERT_EQ(st.size(), 3u);
  for (const Status& s : st) EXPECT_TRUE(s.ok()) << s.message();

  const auto mails = StoredMails(out_);
  ASSERT_EQ(mails.size(), 1u);
  const nlohmann::json m = ParseMail(mails[0]);
  EXPECT_EQ(m["subject"], "[kenchi] 株式会社サンプル商事: 3 alerts (critical 1, high 1, low 1)");
  const std::string body = m["parts"][0]["text"];
  const size_t critical = body.find("顧客のメールアドレスとパスワード");
  const size_t high = body.find("VPNアクセスの販売");
  const size_t low = body.find("ブランド名の言及");
  ASSERT_NE(critical, std::string::npos) << body;
  ASSERT_NE(high, std::string::npos);
  ASSERT_NE(low, std::string::npos);
  EXPECT_LT(critical, high);  // highest severity first
  EXPECT_LT(high, low);
  EXPECT_NE(body.find("== CRITICAL (1) =="), std::string::npos) << body;
  const std::string json_lines = m["parts"][1]["text"];
  EXPECT_EQ(std::count(json_lines.begin(), json_lines.end(), '\n'), 3);
}

TEST_F(SmtpSinkTest, AuthenticatesWithTheConfiguredLogin) {
  Start("kenchi:正しいパスワード");
  EmailOptions o = Options(EmailMode::kImmediate);
  o.username = "kenchi";
  o.password = "正しいパスワード";
  o.auth = "PLAIN";
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status ok = MakeEmailSink(o)->Deliver(SampleOrg(), alerts)[0];
  EXPECT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(StoredMails(out_).size(), 1u);

  o.password = "wrong";
  // aiosmtpd keeps the session open after refusing AUTH and libcurl waits
  // for it: a short timeout keeps the test short; it fails either way.
  o.timeout_ms = 2000;
  Status refused = MakeEmailSink(o)->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find(o.smtp_url), std::string::npos) << refused.message();
  EXPECT_EQ(StoredMails(out_).size(), 1u);
}

TEST_F(SmtpSinkTest, RequiredStartTlsIsRefusedByAPlainServer) {
  Start();
  EmailOptions o = Options(EmailMode::kImmediate);
  o.starttls = StartTls::kRequire;
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status s = MakeEmailSink(o)->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(s.ok());  // never falls back to plaintext when TLS is required
  EXPECT_EQ(StoredMails(out_).size(), 0u);
}

TEST(SmtpSink, UnreachableServerNamesTheHost) {
  EmailOptions o;
  o.smtp_url = "smtp://127.0.0.1:" + std::to_string(alert_test::ClosedPort());
  o.starttls = StartTls::kNo;
  o.from = "kenchi@alerts.example.jp";
  o.to = {"soc@example.jp"};
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status s = MakeEmailSink(o)->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(o.smtp_url), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("connect"), std::string::npos) << s.message();
}

// ---- MIME pieces -----------------------------------------------------------

TEST(SmtpMime, AsciiHeadersStayReadable) {
  EXPECT_EQ(EncodeHeaderText("[kenchi] 3 alerts"), "[kenchi] 3 alerts");
  // "=?" would start an encoded-word, so such text is encoded.
  EXPECT_EQ(EncodeHeaderText("a =?b").rfind("=?UTF-8?B?", 0), 0u);
}

TEST(SmtpMime, LongJapaneseSubjectIsFoldedIntoWholeCharacterWords) {
  const std::string subject = "株式会社サンプル商事の顧客情報およびVPNアクセス権が地下フォーラムで販売されている";
  const std::string encoded = EncodeHeaderText(subject);
  size_t words = 0;
  for (size_t pos = 0; (pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos; ++pos) ++words;
  EXPECT_GE(words, 3u);
  size_t start = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 75u);  // RFC 2047's limit per encoded-word
    start = end + 3;
  }
}

TEST(SmtpMime, DateAndAddresses) {
  EXPECT_EQ(Rfc5322Date(1764098484), "Tue, 25 Nov 2025 19:21:24 +0000");
  EXPECT_EQ(FormatAddress("", "a@example.jp"), "a@example.jp");
  EXPECT_EQ(FormatAddress("SOC, Tokyo", "a@example.jp"), "\"SOC, Tokyo\" <a@example.jp>");
  EXPECT_EQ(FormatAddress("検知", "a@example.jp").rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_TRUE(IsPlausibleAddress("soc@sample-shoji.example.jp"));
  for (const char* bad : {"", "soc", "@example.jp", "soc@", "a b@example.jp", "a@b@example.jp",
                          "<a@example.jp>", "a@example.jp\r\nBcc: x@example.com", "a@localhost"}) {
    EXPECT_FALSE(IsPlausibleAddress(bad)) << bad;
  }
}

}  // namespace
}  // namespace kenchi::alert
