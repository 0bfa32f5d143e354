// The delivery engine over a real SQLite store: exactly once per sink,
// retries, escalations, minimum severity, the digest throttle.
#include "kenchi/alert/deliver.h"

#include <map>

#include "alert/fixture_servers.h"
#include "store/store_test_util.h"

namespace kenchi::alert {
namespace {

using alert_test::ReadJsonLines;
using kenchi::store_test::RawDb;
using kenchi::testing::ScratchDir;

// Records what it was asked to deliver; fails while `fail` is set.
class RecordingSink final : public Sink {
 public:
  std::string Describe() const override { return "recording"; }
  std::vector<Status> Deliver(const Organization& org, std::span<const Alert> alerts) override {
    batches.emplace_back();
    for (const Alert& a : alerts) batches.back().push_back(a.id);
    last_org = org;
    return std::vector<Status>(alerts.size(), fail ? Status::IoError("recording: refused") : Status::Ok());
  }
  std::vector<std::vector<int64_t>> batches;
  Organization last_org;
  bool fail = false;
};

class DeliverEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.path() + "/kenchi.db";
    store_ = store_test::OpenOrFail(db_);
    ASSERT_NE(store_, nullptr);
    Result<int64_t> org = store_->PutOrganization(Organization{0, "sample-shoji", "株式会社サンプル商事"});
    ASSERT_TRUE(org.ok()) << org.status().message();
    org_ = *org;
    Result<int64_t> other = store_->PutOrganization(Organization{0, "other", ""});
    ASSERT_TRUE(other.ok());
    other_org_ = *other;
  }

  int64_t Upsert(const std::string& key, Severity severity, int64_t fact_id = 1, int64_t org = 0) {
    Alert a;
    a.organization_id = org == 0 ? org_ : org;
    a.fact_kind = "listing";
    a.fact_id = fact_id;
    a.severity = severity;
    a.dedup_key = key;
    a.title = "alert " + key;
    a.evidence = "evidence of " + key;
    Result<UpsertAlertOutcome> out = store_->UpsertAlert(a);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? out->alert_id : 0;
  }

  int64_t AddSink(const std::string& kind, const std::string& settings,
                  Severity min = Severity::kLow) {
    SinkRecord r;
    r.organization_id = org_;
    r.kind = kind;
    r.target = kind + std::to_string(++sinks_);
    r.settings = settings;
    r.min_severity = min;
    Result<int64_t> id = store_->AddSink(r);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }

  DeliveryReport Run(int64_t now = 1764000000) {
    DeliverOptions o;
    o.now_unix_seconds = now;
    o.make_sink = [this](const SinkRecord&) -> Result<std::unique_ptr<Sink>> {
      auto proxy = std::make_unique<Proxy>(&recorder_);
      return std::unique_ptr<Sink>(std::move(proxy));
    };
    Result<DeliveryReport> r = DeliverPending(*store_, o);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : DeliveryReport{};
  }

  // Forwards to the test's recorder, so it outlives each run's sink.
  class Proxy final : public Sink {
   public:
    explicit Proxy(RecordingSink* r) : r_(r) {}
    std::string Describe() const override { return r_->Describe(); }
    std::vector<Status> Deliver(const Organization& o, std::span<const Alert> a) override {
      return r_->Deliver(o, a);
    }

   private:
    RecordingSink* r_;
  };

  ScratchDir dir_;
  std::string db_;
  std::unique_ptr<Store> store_;
  int64_t org_ = 0, other_org_ = 0;
  int sinks_ = 0;
  RecordingSink recorder_;
};

TEST_F(DeliverEngineTest, EachAlertGoesToEachSinkOnce) {
  const int64_t a = Upsert("a", Severity::kHigh);
  const int64_t b = Upsert("b", Severity::kLow);
  Upsert("elsewhere", Severity::kCritical, 1, other_org_);  // another organisation's
  AddSink("stdout", "{}");
  DeliveryReport first = Run();
  EXPECT_EQ(first.sent, 2);
  ASSERT_EQ(recorder_.batches.size(), 1u);
  EXPECT_EQ(recorder_.batches[0], (std::vector<int64_t>{a, b}));
  EXPECT_EQ(recorder_.last_org.name, "sample-shoji");
  EXPECT_EQ(recorder_.last_org.display_name, "株式会社サンプル商事");

  DeliveryReport second = Run();
  EXPECT_EQ(second.sent, 0);
  EXPECT_EQ(recorder_.batches.size(), 1u);  // nothing to send: the sink was not even called
}

TEST_F(DeliverEngineTest, NewSightingIsNotResentButEscalationIs) {
  const int64_t a = Upsert("a", Severity::kMedium, 1);
  AddSink("stdout", "{}");
  EXPECT_EQ(Run().sent, 1);
  Upsert("a", Severity::kMedium, 2);  // seen again, same severity
  EXPECT_EQ(Run().sent, 0);
  Upsert("a", Severity::kCritical, 3);  // seen again, worse
  DeliveryReport r = Run();
  EXPECT_EQ(r.sent, 1);
  EXPECT_EQ(recorder_.batches.back(), (std::vector<int64_t>{a}));
  RawDb raw(db_);
  EXPECT_EQ(raw.Text("SELECT severity FROM alert_deliveries"), "critical");
  EXPECT_EQ(raw.Int("SELECT attempts FROM alert_deliveries"), 2);
}

TEST_F(DeliverEngineTest, FailuresAreRecordedAndRetriedNextRun) {
  const int64_t a = Upsert("a", Severity::kHigh);
  const int64_t sink = AddSink("stdout", "{}");
  recorder_.fail = true;
  DeliveryReport failed = Run();
  EXPECT_EQ(failed.failed, 1);
  EXPECT_EQ(failed.sent, 0);
  ASSERT_EQ(failed.sinks.size(), 1u);
  EXPECT_EQ(failed.sinks[0].error, "recording: refused");
  Result<std::vector<DeliveryRecord>> records = store_->ListDeliveries(sink);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_FALSE((*records)[0].delivered);
  EXPECT_EQ((*records)[0].last_error, "recording: refused");
  EXPECT_EQ((*records)[0].delivered_at, "");

  recorder_.fail = false;
  DeliveryReport retried = Run(1764000600);
  EXPECT_EQ(retried.sent, 1);
  records = store_->ListDeliveries(sink);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_TRUE((*records)[0].delivered);
  EXPECT_EQ((*records)[0].alert_id, a);
  EXPECT_EQ((*records)[0].attempts, 2);
  EXPECT_EQ((*records)[0].last_error, "");
  EXPECT_EQ((*records)[0].delivered_at, IsoUtc(1764000600));
  EXPECT_EQ(Run().sent, 0);
}

TEST_F(DeliverEngineTest, BelowMinimumSeverityIsSkippedUntilItEscalates) {
  Upsert("a", Severity::kLow, 1);
  Upsert("b", Severity::kCritical, 1);
  AddSink("stdout", "{}", Severity::kHigh);
  DeliveryReport r = Run();
  EXPECT_EQ(r.sent, 1);
  EXPECT_EQ(r.skipped, 1);
  Upsert("a", Severity::kHigh, 2);
  r = Run();
  EXPECT_EQ(r.sent, 1);
  EXPECT_EQ(r.skipped, 0);
}

TEST_F(DeliverEngineTest, OnlyNewAlertsAreSent) {
  const int64_t a = Upsert("a", Severity::kHigh);
  Upsert("b", Severity::kHigh);
  ASSERT_TRUE(store_->SetAlertStatus(a, AlertStatus::kAcknowledged, "seen").ok());
  AddSink("stdout", "{}");
  EXPECT_EQ(Run().sent, 1);
}

TEST_F(DeliverEngineTest, DigestThrottleDefersTheNextDigest) {
  const std::string digest =
      R"({"smtp_url":"smtp://127.0.0.1:25","from":"k@example.jp","to":["s@example.jp"],)"
      R"("mode":"digest","throttle_minutes":60})";
  Upsert("a", Severity::kHigh);
  Upsert("b", Severity::kLow);
  AddSink("email", digest);
  const int64_t t0 = 1764000000;
  EXPECT_EQ(Run(t0).sent, 2);
  ASSERT_EQ(recorder_.batches.size(), 1u);
  EXPECT_EQ(recorder_.batches[0].size(), 2u);  // one batch: one digest

  Upsert("c", Severity::kCritical);
  DeliveryReport held = Run(t0 + 59 * 60);
  EXPECT_EQ(held.sent, 0);
  EXPECT_EQ(held.deferred, 1);
  EXPECT_EQ(recorder_.batches.size(), 1u);

  DeliveryReport later = Run(t0 + 60 * 60);
  EXPECT_EQ(later.sent, 1);
  EXPECT_EQ(later.deferred, 0);
}

TEST_F(DeliverEngineTest, SinkThatCannotBeMadeFailsItsAlerts) {
  // A secret from an environment variable nobody set: a failed delivery
  // naming the variable, nothing marked delivered.
  Upsert("a", Severity::kHigh);
  const int64_t sink =
      AddSink("webhook", R"({"url":"http://127.0.0.1:9/x","secret_env":"KENCHI_TEST_UNSET_SECRET"})");
  Result<DeliveryReport> r = DeliverPending(*store_, DeliverOptions{1764000000, 0, nullptr});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->failed, 1);
  EXPECT_NE(r->sinks[0].error.find("KENCHI_TEST_UNSET_SECRET"), std::string::npos) << r->sinks[0].error;
  EXPECT_FALSE((*store_->ListDeliveries(sink))[0].delivered);
}

TEST_F(DeliverEngineTest, RemovingASinkRemovesItsRecords) {
  Upsert("a", Severity::kHigh);
  const int64_t sink = AddSink("stdout", "{}");
  EXPECT_EQ(Run().sent, 1);
  ASSERT_TRUE(store_->RemoveSink(sink).ok());
  EXPECT_EQ(store_->RemoveSink(sink).code(), Status::Code::kNotFound);
  RawDb raw(db_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM alert_deliveries"), 0);
}

TEST(DeliverTime, IsoRoundTrip) {
  EXPECT_EQ(IsoUtc(1764098484), "2025-11-25T19:21:24Z");
  EXPECT_EQ(ParseIsoUtc("2025-11-25T19:21:24Z"), 1764098484);
  EXPECT_EQ(ParseIsoUtc("2025-11-25 19:21:24"), std::nullopt);
  EXPECT_EQ(ParseIsoUtc(""), std::nullopt);
}

}  // namespace
}  // namespace kenchi::alert
