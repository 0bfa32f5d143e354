// The webhook sink against a real HTTP server on loopback
// (tests/fixtures/webhook_server.py), which records what it received.
#include "kenchi/alert/webhook_sink.h"

#include <ctime>

#include "alert/fixture_servers.h"
#include "kenchi/alert/alert_json.h"
#include "kenchi/alert/signature.h"

namespace kenchi::alert {
namespace {

using alert_test::MakeAlert;
using alert_test::ReadJsonLines;
using alert_test::SampleOrg;
using alert_test::ServerProcess;
using kenchi::testing::ScratchDir;

class WebhookSinkTest : public ::testing::Test {
 protected:
  // Starts the receiver answering `responses` (e.g. "500,200") late by `delay_ms`.
  void Start(const std::string& responses, int delay_ms = 0) {
    log_ = dir_.path() + "/requests.jsonl";
    server_ = std::make_unique<ServerProcess>(
        "webhook_server.py",
        std::vector<std::string>{"--log", log_, "--responses", responses, "--delay-ms",
                                 std::to_string(delay_ms), "--secret", kSecret},
        dir_.path());
    url_ = "http://127.0.0.1:" + std::to_string(server_->port()) + "/hooks/kenchi";
  }
  WebhookOptions Options() const {
    WebhookOptions o;
    o.url = url_;
    o.secret = kSecret;
    o.sink_id = 5;
    o.backoff_ms = 20;
    o.timeout_ms = 5000;
    return o;
  }
  std::vector<nlohmann::json> Requests() const { return ReadJsonLines(log_); }

  static constexpr const char* kSecret = "テスト用-shared-secret";
  ScratchDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string log_, url_;
};

TEST_F(WebhookSinkTest, PostsSignedJson) {
  Start("200");
  std::vector<Alert> alerts{MakeAlert(42, Severity::kCritical, "VPNアカウントの販売"),
                            MakeAlert(43, Severity::kLow, "brand mention")};
  std::vector<Status> st = MakeWebhookSink(Options())->Deliver(SampleOrg(), alerts);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_TRUE(st[0].ok()) << st[0].message();
  EXPECT_TRUE(st[1].ok()) << st[1].message();

  auto requests = Requests();
  ASSERT_EQ(requests.size(), 2u);
  const nlohmann::json& r = requests[0];
  EXPECT_EQ(r["path"], "/hooks/kenchi");
  EXPECT_EQ(r["headers"]["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(r["headers"]["x-kenchi-delivery"], "42-5");
  EXPECT_EQ(r["headers"]["user-agent"].get<std::string>().rfind("kenchi/", 0), 0u);
  // The receiver's own HMAC check (Python's hmac module) passed...
  EXPECT_EQ(r["signature_valid"], true);
  // ...and so does ours, over the bytes it received.
  const std::string body = r["body"];
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, r["headers"]["x-kenchi-timestamp"].get<std::string>(),
                                     body, r["headers"]["x-kenchi-signature"].get<std::string>(),
                                     static_cast<int64_t>(std::time(nullptr))));
  EXPECT_EQ(nlohmann::json::parse(body), AlertToJson(SampleOrg(), alerts[0]));
  EXPECT_EQ(nlohmann::json::parse(requests[1]["body"].get<std::string>())["id"], 43);
}

TEST_F(WebhookSinkTest, NoSecretMeansNoSignatureHeaders) {
  Start("200");
  WebhookOptions o = Options();
  o.secret.clear();
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  ASSERT_TRUE(MakeWebhookSink(o)->Deliver(SampleOrg(), alerts)[0].ok());
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_FALSE(requests[0]["headers"].contains("x-kenchi-signature"));
  EXPECT_EQ(requests[0]["signature_valid"], false);  // the receiver insists on one
}

TEST_F(WebhookSinkTest, RetriesServerErrorsThenSucceeds) {
  Start("500,503,200");
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status s = MakeWebhookSink(Options())->Deliver(SampleOrg(), alerts)[0];
  EXPECT_TRUE(s.ok()) << s.message();
  auto requests = Requests();
  ASSERT_EQ(requests.size(), 3u);
  // Each retry is signed afresh and carries the same delivery id.
  for (const auto& r : requests) {
    EXPECT_EQ(r["signature_valid"], true);
    EXPECT_EQ(r["headers"]["x-kenchi-delivery"], "1-5");
  }
}

TEST_F(WebhookSinkTest, GivesUpAfterTheLastAttempt) {
  Start("502");
  WebhookOptions o = Options();
  o.attempts = 3;
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status s = MakeWebhookSink(o)->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(url_), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("HTTP 502"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("3 attempts"), std::string::npos) << s.message();
  EXPECT_EQ(Requests().size(), 3u);
}

TEST_F(WebhookSinkTest, ClientErrorIsNotRetried) {
  Start("400");
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status s = MakeWebhookSink(Options())->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("HTTP 400"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("rejected by test server"), std::string::npos) << s.message();
  EXPECT_EQ(Requests().size(), 1u);
}

TEST_F(WebhookSinkTest, SlowEndpointTimesOut) {
  Start("200", /*delay_ms=*/3000);
  WebhookOptions o = Options();
  o.timeout_ms = 300;
  o.attempts = 2;
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status s = MakeWebhookSink(o)->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Timeout"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(url_), std::string::npos) << s.message();
  EXPECT_EQ(Requests().size(), 2u);  // a timeout is worth a retry
}

TEST(WebhookSink, UnreachableServerNamesTheUrl) {
  WebhookOptions o;
  o.url = "http://127.0.0.1:" + std::to_string(alert_test::ClosedPort()) + "/hook";
  o.attempts = 2;
  o.backoff_ms = 10;
  std::vector<Alert> alerts{MakeAlert(1, Severity::kHigh, "x")};
  Status s = MakeWebhookSink(o)->Deliver(SampleOrg(), alerts)[0];
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(o.url), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("connect"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("2 attempts"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace kenchi::alert
