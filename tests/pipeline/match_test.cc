// kenchi match over a real store: severities, evidence, dedup and
// sightings, idempotent re-runs, re-matching after a watchlist change,
// and the alert lifecycle with allow-listing.
#include "kenchi/pipeline/match.h"

#include <gtest/gtest.h>

#include "kenchi/alert/lifecycle.h"
#include "kenchi/parse/parse.h"
#include "support/run.h"

namespace kenchi::pipeline {
namespace {

using kenchi::testing::ScratchDir;

class AlertRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() + "/k.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    org_ = *store_->PutOrganization(Organization{0, "kakuu-mart", "株式会社カクウマート"});
  }
  int64_t AddAsset(AssetKind kind, const std::string& value, const std::string& label = "") {
    Asset a;
    a.organization_id = org_;
    a.kind = kind;
    a.value = value;
    a.label = label;
    auto id = store_->PutAsset(a);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }
  int64_t AddDocument(const std::string& text, const std::string& uri, const std::string& source = "file") {
    Document d;
    d.source = source;
    d.uri = uri;
    d.raw = text;
    d.text = text;
    d.title = "";
    d.content_hash = parse::Sha256Hex(text);
    d.fetched_at = "2024-06-03T08:15:00Z";
    auto put = store_->PutDocument(d);
    EXPECT_TRUE(put.ok()) << put.status().message();
    return put.ok() ? put->document_id : 0;
  }
  MatchRunReport Run() {
    auto r = RunMatching(*store_, MatchRunOptions{});
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : MatchRunReport{};
  }
  std::vector<Alert> Alerts() { return *store_->ListAlerts(AlertFilter{}); }

  ScratchDir dir_;
  std::unique_ptr<Store> store_;
  int64_t org_ = 0;
};

TEST_F(AlertRunTest, BrandMentionInAPostIsLowWithEvidence) {
  const int64_t asset = AddAsset(AssetKind::kName, "カクウマート");
  AddAsset(AssetKind::kName, "ｶｸｳﾏｰﾄ", "カクウマート");
  const int64_t doc = AddDocument("昨日、株式会社ｶｸｳﾏｰﾄのサイトが重いという書き込みがあった。", "forum.jsonl#L4", "forum");
  AddDocument("関係のない投稿です。", "forum.jsonl#L5", "forum");
  MatchRunReport r = Run();
  EXPECT_EQ(r.rows_by_kind["document"], 2);
  EXPECT_EQ(r.alerts_new, 1) << "two variants of one brand are one finding";
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  const Alert& a = alerts[0];
  EXPECT_EQ(a.severity, Severity::kLow);
  EXPECT_EQ(a.status, AlertStatus::kNew);
  EXPECT_EQ(a.fact_kind, "document");
  EXPECT_EQ(a.document_id, doc);
  EXPECT_EQ(a.document_uri, "forum.jsonl#L4");
  EXPECT_EQ(a.document_source, "forum");
  EXPECT_EQ(a.organization_name, "kakuu-mart");
  EXPECT_TRUE(a.asset_id == asset || a.asset_value == "ｶｸｳﾏｰﾄ");
  EXPECT_EQ(a.matched, "ｶｸｳﾏｰﾄ");
  EXPECT_NE(a.evidence.find("株式会社[ｶｸｳﾏｰﾄ]のサイト"), std::string::npos) << a.evidence;
  EXPECT_NE(a.title.find("株式会社カクウマート"), std::string::npos) << a.title;
}

TEST_F(AlertRunTest, ReRunIsCheapAndCreatesNothing) {
  AddAsset(AssetKind::kName, "カクウマート");
  AddDocument("カクウマートの件", "a.txt");
  EXPECT_EQ(Run().alerts_new, 1);
  MatchRunReport second = Run();
  EXPECT_EQ(second.rows_matched, 0) << "the watermark skips rows already matched";
  EXPECT_EQ(second.alerts_new, 0);
  AddDocument("またカクウマートの件", "b.txt");
  MatchRunReport third = Run();
  EXPECT_EQ(third.rows_matched, 1);
  EXPECT_EQ(third.alerts_new, 1) << "a different post is a different finding";
}

TEST_F(AlertRunTest, ListingSeenAgainIsASightingNotANewAlert) {
  AddAsset(AssetKind::kDomain, "kakuu-mart.example.jp");
  const int64_t d1 = AddDocument("WTS: admin panel access to kakuu-mart.example.jp, $1500", "m.jsonl#L1");
  Listing l;
  l.document_id = d1;
  l.offering = OfferingType::kAccessSale;
  l.target_organization = "kakuu-mart.example.jp";
  l.seller = "kakuu_access";
  l.posted_at = "2024-06-03T08:15:00Z";
  ASSERT_TRUE(store_->PutListing(l).ok());
  MatchRunReport r = Run();
  EXPECT_EQ(r.alerts_new, 1) << "the post itself raises no second, 'mentioned' alert";
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].fact_kind, "listing");
  EXPECT_EQ(alerts[0].severity, Severity::kCritical) << "admin access for sale";
  EXPECT_EQ(alerts[0].sightings, 1);

  // The same seller reposts the same offer in another forum a week later.
  const int64_t d2 = AddDocument("WTS again: admin panel, kakuu-mart.example.jp, price drop", "other.html");
  l.document_id = d2;
  l.posted_at = "2024-06-10T00:00:00Z";
  ASSERT_TRUE(store_->PutListing(l).ok());
  MatchRunReport again = Run();
  EXPECT_EQ(again.alerts_new, 0);
  EXPECT_EQ(again.sightings_new, 1);
  alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].sightings, 2);
  EXPECT_EQ(alerts[0].last_seen, "2024-06-10T00:00:00Z");
  EXPECT_EQ(alerts[0].first_seen, "2024-06-03T08:15:00Z");
}

TEST_F(AlertRunTest, CredentialWithPasswordOfAWatchedDomainIsCritical) {
  AddAsset(AssetKind::kEmailDomain, "mail.kakuu-mart.example.jp");
  const int64_t doc = AddDocument("combo dump part 1", "dump.txt");
  CredentialExposure c;
  c.document_id = doc;
  c.identity = "taro@mail.kakuu-mart.example.jp";
  c.domain = "mail.kakuu-mart.example.jp";
  c.password_hash = std::string(64, 'a');
  c.password_preview = "p*****d";
  ASSERT_TRUE(store_->PutCredentialExposure(c).ok());
  c.identity = "hanako@mail.kakuu-mart.example.jp";
  c.password_hash.clear();
  c.password_preview.clear();
  ASSERT_TRUE(store_->PutCredentialExposure(c).ok());
  c.identity = "someone@gmail.com";
  c.domain = "gmail.com";
  ASSERT_TRUE(store_->PutCredentialExposure(c).ok());
  Run();
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].severity, Severity::kCritical);
  EXPECT_EQ(alerts[1].severity, Severity::kHigh) << "no password seen";
  for (const Alert& a : alerts) {
    EXPECT_EQ(a.evidence.find(std::string(64, 'a')), std::string::npos) << "no hash in evidence";
    EXPECT_EQ(a.fact_kind, "credential_exposure");
  }
}

TEST_F(AlertRunTest, CompromisedHostInWatchedRangeIsCritical) {
  AddAsset(AssetKind::kCidr, "192.0.2.0/28");
  const int64_t doc = AddDocument("ip,port,service\n192.0.2.10,3389,rdp\n", "hosts.csv");
  CompromisedHost h;
  h.document_id = doc;
  h.ip = "192.0.2.10";
  h.port = 3389;
  h.service = "rdp";
  h.username = "Administrator";
  h.password_hash = std::string(64, 'b');
  ASSERT_TRUE(store_->PutCompromisedHost(h).ok());
  Run();
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u) << "the host list document raises no second alert";
  EXPECT_EQ(alerts[0].fact_kind, "compromised_host");
  EXPECT_EQ(alerts[0].severity, Severity::kCritical);
  EXPECT_EQ(alerts[0].matched, "192.0.2.10");
}

TEST_F(AlertRunTest, IncidentNamingTheOrganisationIsHigh) {
  AddAsset(AssetKind::kName, "カクウマート");
  const int64_t doc = AddDocument("株式会社カクウマートは不正アクセスを受けました。", "notice.txt");
  Incident in;
  in.organization = "株式会社カクウマート";
  in.organization_key = "カクウマート";
  in.published_on = "2024-06-03";
  in.document_ids = {doc};
  ASSERT_TRUE(store_->PutIncident(in).ok());
  Run();
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].fact_kind, "incident");
  EXPECT_EQ(alerts[0].severity, Severity::kHigh);
}

TEST_F(AlertRunTest, WatchlistChangeRematchesWithoutDuplicates) {
  AddAsset(AssetKind::kName, "カクウマート");
  AddDocument("カクウマートと卡库市场の話", "a.txt");
  EXPECT_EQ(Run().alerts_new, 1);
  AddAsset(AssetKind::kName, "卡库市场");  // a new entry of its own (no label)
  MatchRunReport r = Run();
  EXPECT_EQ(r.rows_matched, 1) << "changed watchlists: everything is matched again";
  EXPECT_EQ(r.alerts_new, 1) << "only the new entry's finding is new";
  EXPECT_EQ(r.sightings_new, 0) << "the same document again is not a new sighting";
  EXPECT_EQ(Alerts().size(), 2u);
  EXPECT_EQ(Alerts()[0].sightings, 1);
}

TEST_F(AlertRunTest, ResolvedAlertSeenAgainReopens) {
  AddAsset(AssetKind::kDomain, "kakuu-mart.example.jp");
  Listing l;
  l.document_id = AddDocument("selling kakuu-mart.example.jp customer db", "1.txt");
  l.offering = OfferingType::kDataSale;
  l.target_organization = "kakuu-mart.example.jp";
  l.seller = "x";
  ASSERT_TRUE(store_->PutListing(l).ok());
  Run();
  const int64_t id = Alerts()[0].id;
  ASSERT_TRUE(alert::ApplyAlertAction(*store_, id, alert::AlertAction::kResolve, "").ok());
  l.document_id = AddDocument("still selling kakuu-mart.example.jp customer db", "2.txt");
  ASSERT_TRUE(store_->PutListing(l).ok());
  MatchRunReport r = Run();
  EXPECT_EQ(r.reopened, 1);
  EXPECT_EQ(store_->GetAlert(id)->status, AlertStatus::kNew);
}

TEST_F(AlertRunTest, FalsePositiveWithAllowStopsTheNoise) {
  AddAsset(AssetKind::kName, "カクウ");
  AddDocument("カクウ市の花火大会のお知らせ", "city.txt");
  Run();
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 1u);
  alert::AllowRequest allow;
  allow.add = true;
  allow.phrase = "カクウ市";
  auto fp = alert::ApplyAlertAction(*store_, alerts[0].id, alert::AlertAction::kFalsePositive,
                                    "the city, not the company", allow);
  ASSERT_TRUE(fp.ok()) << fp.status().message();
  ASSERT_TRUE(fp->allowed.has_value());
  EXPECT_EQ(fp->allowed->kind, AllowKind::kTerm);
  EXPECT_EQ(fp->allowed->organization_id, org_);
  AddDocument("カクウ市の花火大会は雨天中止", "city2.txt");
  MatchRunReport r = Run();
  EXPECT_EQ(r.alerts_new, 0) << "the allow-list entry drops the same noise";
  AddDocument("カクウの顧客データ流出か", "leak.txt");
  EXPECT_EQ(Run().alerts_new, 1) << "and only that noise";
  alert::AllowRequest unrelated;
  unrelated.add = true;
  unrelated.phrase = "花火大会";
  EXPECT_EQ(alert::ApplyAlertAction(*store_, alerts[0].id, alert::AlertAction::kFalsePositive, "", unrelated)
                .status()
                .code(),
            Status::Code::kInvalidInput)
      << "a phrase that does not contain the match would not stop it";
  EXPECT_EQ(Alerts()[0].status, AlertStatus::kFalsePositive);
  EXPECT_EQ(Alerts()[0].status_note, "the city, not the company");
}

TEST(AlertLifecycleTest, Transitions) {
  using alert::AlertAction;
  using alert::NextStatus;
  EXPECT_EQ(*NextStatus(AlertStatus::kNew, AlertAction::kAcknowledge), AlertStatus::kAcknowledged);
  EXPECT_EQ(*NextStatus(AlertStatus::kAcknowledged, AlertAction::kAcknowledge), AlertStatus::kAcknowledged);
  EXPECT_EQ(*NextStatus(AlertStatus::kNew, AlertAction::kResolve), AlertStatus::kResolved);
  EXPECT_EQ(*NextStatus(AlertStatus::kResolved, AlertAction::kResolve), AlertStatus::kResolved);
  EXPECT_EQ(*NextStatus(AlertStatus::kResolved, AlertAction::kFalsePositive), AlertStatus::kFalsePositive);
  EXPECT_FALSE(NextStatus(AlertStatus::kResolved, AlertAction::kAcknowledge).ok());
  EXPECT_FALSE(NextStatus(AlertStatus::kFalsePositive, AlertAction::kResolve).ok());
  EXPECT_NE(NextStatus(AlertStatus::kFalsePositive, AlertAction::kAcknowledge).status().message().find(
                "false_positive"),
            std::string::npos);
}

}  // namespace
}  // namespace kenchi::pipeline
