// `kenchi sink ...` and `kenchi deliver`, run as a user would, against real
// servers on loopback.
#include <fstream>

#include "alert/fixture_servers.h"
#include "store/store_test_util.h"

namespace kenchi::alert {
namespace {

using alert_test::ParseMail;
using alert_test::ReadJsonLines;
using alert_test::ServerProcess;
using alert_test::StoredMails;
using kenchi::store_test::RawDb;
using kenchi::testing::RunKenchi;
using kenchi::testing::RunResult;
using kenchi::testing::ScratchDir;
using nlohmann::json;

class SinkCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/kenchi.db";
    auto store = store_test::OpenOrFail(db_);
    ASSERT_NE(store, nullptr);
    Result<int64_t> org = store->PutOrganization(Organization{0, "sample-shoji", "株式会社サンプル商事"});
    ASSERT_TRUE(org.ok()) << org.status().message();
    org_ = *org;
  }

  void AddAlert(const std::string& key, Severity severity, const std::string& title) {
    auto store = store_test::OpenOrFail(db_);
    Alert a;
    a.organization_id = org_;
    a.fact_kind = "listing";
    a.fact_id = ++facts_;
    a.severity = severity;
    a.dedup_key = key;
    a.title = title;
    a.evidence = "…[sample-shoji.example.jp]…";
    ASSERT_TRUE(store->UpsertAlert(a).ok());
  }

  RunResult Kenchi(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunKenchi(args);
  }

  // Adds a sink and returns its id (printed on stdout).
  std::string AddSink(std::vector<std::string> args) {
    args.insert(args.begin(), {"sink", "add", "sample-shoji"});
    RunResult r = Kenchi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string id = r.out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }

  ScratchDir dir_;
  std::string db_;
  int64_t org_ = 0;
  int64_t facts_ = 0;
};

TEST_F(SinkCliTest, FileSinkEndToEnd) {
  AddAlert("a", Severity::kCritical, "管理者アカウントの販売");
  AddAlert("b", Severity::kLow, "社名の言及");
  const std::string path = dir_.path() + "/siem.jsonl";
  const std::string id = AddSink({"file", "--path", path});
  RunResult r = Kenchi({"deliver", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json report = json::parse(r.out);
  EXPECT_EQ(report["sent"], 2);
  EXPECT_EQ(report["failed"], 0);
  auto lines = ReadJsonLines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["title"], "管理者アカウントの販売");
  EXPECT_EQ(lines[0]["organization"]["display_name"], "株式会社サンプル商事");

  // A second run sends nothing; a new sighting at the same severity neither.
  AddAlert("a", Severity::kCritical, "管理者アカウントの販売");
  r = Kenchi({"deliver", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["sent"], 0);
  EXPECT_EQ(ReadJsonLines(path).size(), 2u);

  // The table says what happened, on stderr.
  r = Kenchi({"deliver"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("0 sent, 0 failed"), std::string::npos) << r.err;

  r = Kenchi({"sink", "list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json list = json::parse(r.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"].get<int>(), std::stoi(id));
  EXPECT_EQ(list[0]["delivered"], 2);
  EXPECT_EQ(list[0]["target"], path);
}

TEST_F(SinkCliTest, WebhookSecretIsReadFromAFileAndNeverListed) {
  const std::string secret = "file-secret-0123456789";
  const std::string secret_file = dir_.Write("webhook.secret", secret + "\n");
  const std::string log = dir_.path() + "/requests.jsonl";
  ServerProcess server("webhook_server.py", {"--log", log, "--secret", secret}, dir_.path());
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/hook";
  const std::string id = AddSink({"webhook", "--url", url, "--secret-file", secret_file,
                                  "--min-severity", "high"});
  AddAlert("a", Severity::kHigh, "VPNアクセスの販売");
  AddAlert("b", Severity::kLow, "社名の言及");

  RunResult r = Kenchi({"deliver", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json report = json::parse(r.out);
  EXPECT_EQ(report["sent"], 1);
  EXPECT_EQ(report["skipped"], 1);
  auto requests = ReadJsonLines(log);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["signature_valid"], true);
  EXPECT_EQ(json::parse(requests[0]["body"].get<std::string>())["title"], "VPNアクセスの販売");

  // `sink test` sends a marked test alert and records nothing.
  r = Kenchi({"sink", "test", id});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  requests = ReadJsonLines(log);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(json::parse(requests[1]["body"].get<std::string>())["fact"]["kind"], "test");
  EXPECT_EQ(requests[1]["signature_valid"], true);

  for (const auto& args : {std::vector<std::string>{"sink", "list"},
                           std::vector<std::string>{"sink", "list", "--json"}}) {
    r = Kenchi(args);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("webhook.secret"), std::string::npos) << r.out;
  }
  RawDb raw(db_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sink_configs WHERE settings LIKE '%" + secret + "%'"), 0);
}

TEST_F(SinkCliTest, UnreachableWebhookFailsNamingTheUrlAndIsRetried) {
  AddAlert("a", Severity::kHigh, "x");
  const std::string url = "http://127.0.0.1:" + std::to_string(alert_test::ClosedPort()) + "/hook";
  AddSink({"webhook", "--url", url, "--attempts", "2", "--backoff-ms", "10"});
  RunResult r = Kenchi({"deliver"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find(url), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("0 sent, 1 failed"), std::string::npos) << r.err;
  RawDb raw(db_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM alert_deliveries WHERE status = 'delivered'"), 0);
  EXPECT_EQ(raw.Text("SELECT status FROM alert_deliveries"), "failed");
  EXPECT_NE(raw.Text("SELECT last_error FROM alert_deliveries").find(url), std::string::npos);

  // `sink test` says the same, with exit 3.
  r = Kenchi({"sink", "test", "1"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find(url), std::string::npos) << r.err;

  // The next run tries again.
  r = Kenchi({"deliver", "--json"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(json::parse(r.out)["failed"], 1);
  EXPECT_EQ(raw.Int("SELECT attempts FROM alert_deliveries"), 2);
}

TEST_F(SinkCliTest, EmailDigestWithThrottleAgainstARealSmtpServer) {
  const std::string out = dir_.path() + "/mail";
  ServerProcess server("smtp_server.py", {"--out", out}, dir_.path());
  const std::string smtp = "smtp://127.0.0.1:" + std::to_string(server.port());
  AddSink({"email", "--smtp-url", smtp, "--starttls", "no", "--from", "kenchi@alerts.example.jp",
           "--from-name", "検知", "--to", "soc@sample-shoji.example.jp", "--mode", "digest",
           "--throttle-minutes", "60"});
  AddAlert("a", Severity::kCritical, "顧客のパスワードが流出");
  AddAlert("b", Severity::kHigh, "VPNアクセスの販売");
  AddAlert("c", Severity::kLow, "社名の言及");

  RunResult r = Kenchi({"deliver", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["sent"], 3);
  auto mails = StoredMails(out);
  ASSERT_EQ(mails.size(), 1u);
  json m = ParseMail(mails[0]);
  EXPECT_EQ(m["subject"], "[kenchi] 株式会社サンプル商事: 3 alerts (critical 1, high 1, low 1)");
  EXPECT_EQ(m["from_name"], "検知");
  const std::string body = m["parts"][0]["text"];
  EXPECT_NE(body.find("顧客のパスワードが流出"), std::string::npos) << body;
  EXPECT_NE(body.find("社名の言及"), std::string::npos) << body;

  // Within the throttle a new alert waits: no second digest.
  AddAlert("d", Severity::kCritical, "管理画面のアクセス権");
  r = Kenchi({"deliver", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json report = json::parse(r.out);
  EXPECT_EQ(report["sent"], 0);
  EXPECT_EQ(report["deferred"], 1);
  EXPECT_EQ(StoredMails(out).size(), 1u);
}

TEST_F(SinkCliTest, BadConfigurationIsRefusedWithTheReason) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases{
      {{"webhook"}, "\"url\""},
      {{"webhook", "--url", "ftp://example.jp/x"}, "http://"},
      {{"webhook", "--url", "https://example.jp/x", "--secret-env", "A", "--secret-file", "/f"}, "not both"},
      {{"file", "--url", "https://example.jp/x", "--path", "/tmp/x"}, "does not apply to a file sink"},
      {{"email", "--smtp-url", "smtp://mail.example.jp", "--from", "k@example.jp"}, "\"to\""},
      {{"email", "--smtp-url", "smtp://mail.example.jp", "--from", "k@example.jp", "--to", "not an address"},
       "not an email address"},
      {{"email", "--smtp-url", "http://mail.example.jp", "--from", "k@example.jp", "--to", "s@example.jp"},
       "smtp://"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args{"sink", "add", "sample-shoji"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    RunResult r = Kenchi(args);
    EXPECT_EQ(r.exit_code, 2) << c.says << "\n" << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  RunResult unknown = Kenchi({"sink", "add", "no-such-org", "stdout"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no-such-org"), std::string::npos) << unknown.err;
  RunResult duplicate = Kenchi({"sink", "add", "sample-shoji", "stdout"});
  EXPECT_EQ(duplicate.exit_code, 0) << duplicate.err;
  duplicate = Kenchi({"sink", "add", "sample-shoji", "stdout"});
  EXPECT_EQ(duplicate.exit_code, 2);
  EXPECT_EQ(Kenchi({"sink", "remove", "99"}).exit_code, 2);
  EXPECT_EQ(Kenchi({"sink", "test", "99"}).exit_code, 2);
  RawDb raw(db_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sink_configs"), 1);
}

TEST_F(SinkCliTest, StdoutSinkAndRemove) {
  AddAlert("a", Severity::kMedium, "社名の言及");
  const std::string id = AddSink({"stdout"});
  RunResult r = Kenchi({"deliver"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json line = json::parse(r.out);  // exactly one JSON line on stdout
  EXPECT_EQ(line["title"], "社名の言及");
  EXPECT_EQ(Kenchi({"sink", "remove", id}).exit_code, 0);
  r = Kenchi({"sink", "list", "--json"});
  EXPECT_EQ(json::parse(r.out).size(), 0u);
}

TEST_F(SinkCliTest, HelpExplainsEveryOption) {
  RunResult r = RunKenchi({"sink", "add", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* opt : {"--path", "--url", "--secret-env", "--secret-file", "--smtp-url", "--from",
                          "--to", "--starttls", "--username", "--password-env", "--mode",
                          "--throttle-minutes", "--min-severity"})
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
  r = RunKenchi({"deliver", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("severity rose"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kenchi::alert
