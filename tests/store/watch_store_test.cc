// Organisations, assets, allow-lists and alerts in the SQLite store.
#include <gtest/gtest.h>

#include "kenchi/store.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi {
namespace {

using kenchi::testing::ScratchDir;

class OrgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() + "/k.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }
  Alert MakeAlert(int64_t org, const std::string& key, const std::string& fact_kind, int64_t fact_id,
                  const std::string& seen) {
    Alert a;
    a.organization_id = org;
    a.fact_kind = fact_kind;
    a.fact_id = fact_id;
    a.dedup_key = key;
    a.title = "t";
    a.severity = Severity::kHigh;
    a.first_seen = seen;
    a.last_seen = seen;
    return a;
  }
  ScratchDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(OrgStoreTest, PutIsAnUpsertByName) {
  auto id = store_->PutOrganization(Organization{0, "kakuu-mart", ""});
  ASSERT_TRUE(id.ok());
  auto again = store_->PutOrganization(Organization{0, "kakuu-mart", "株式会社カクウマート"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*id, *again);
  auto org = store_->GetOrganizationByName("kakuu-mart");
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->display_name, "株式会社カクウマート");
  EXPECT_EQ(store_->GetOrganizationByName("nobody").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store_->PutOrganization(Organization{0, "", ""}).status().code(), Status::Code::kInvalidInput);
}

TEST_F(OrgStoreTest, AssetsKeepOptionsAndLabels) {
  const int64_t org = *store_->PutOrganization(Organization{0, "a", ""});
  Asset asset;
  asset.organization_id = org;
  asset.kind = AssetKind::kName;
  asset.value = "Kakuu";
  asset.label = "KakuuMart";
  asset.options.whole_word = true;
  asset.options.exclusions = {"kakuu city", "カクウ市"};
  const int64_t id = *store_->PutAsset(asset);
  asset.options.case_sensitive = true;
  EXPECT_EQ(*store_->PutAsset(asset), id) << "same (org, kind, value): updated, not added";
  auto assets = store_->ListAssets();
  ASSERT_TRUE(assets.ok());
  ASSERT_EQ(assets->size(), 1u);
  const Asset& a = (*assets)[0];
  EXPECT_EQ(a.label, "KakuuMart");
  EXPECT_TRUE(a.options.whole_word);
  EXPECT_TRUE(a.options.case_sensitive);
  EXPECT_EQ(a.options.exclusions, (std::vector<std::string>{"kakuu city", "カクウ市"}));
  EXPECT_EQ(store_->RemoveAsset(id + 100).code(), Status::Code::kNotFound);
  EXPECT_TRUE(store_->RemoveAsset(id).ok());
  EXPECT_TRUE(store_->ListAssets()->empty());
}

// Assets come by organisation, then in the order they were added, however
// their additions interleave (the store reads them in id order and sorts
// only when it must).
TEST_F(OrgStoreTest, AssetsAreListedByOrganisationThenId) {
  const int64_t first = *store_->PutOrganization(Organization{0, "first", ""});
  const int64_t second = *store_->PutOrganization(Organization{0, "second", ""});
  std::vector<std::pair<int64_t, std::string>> added;
  for (int i = 0; i < 6; ++i) {
    Asset a;
    a.organization_id = i % 3 == 0 ? first : second;  // second, second, first, ...
    a.kind = AssetKind::kDomain;
    a.value = "d" + std::to_string(i) + ".example.jp";
    added.emplace_back(*store_->PutAsset(a), a.value);
  }
  auto assets = store_->ListAssets();
  ASSERT_TRUE(assets.ok());
  std::vector<std::string> values;
  for (const Asset& a : *assets) values.push_back(a.value);
  EXPECT_EQ(values, (std::vector<std::string>{"d0.example.jp", "d3.example.jp", "d1.example.jp", "d2.example.jp",
                                              "d4.example.jp", "d5.example.jp"}));
  for (size_t i = 1; i < assets->size(); ++i) {
    const Asset& a = (*assets)[i - 1];
    const Asset& b = (*assets)[i];
    EXPECT_TRUE(a.organization_id < b.organization_id || (a.organization_id == b.organization_id && a.id < b.id));
  }
}

TEST_F(OrgStoreTest, RemovingAnOrganisationRemovesItsAssetsAllowListAndAlerts) {
  const int64_t org = *store_->PutOrganization(Organization{0, "a", ""});
  const int64_t other = *store_->PutOrganization(Organization{0, "b", ""});
  Asset asset;
  asset.organization_id = org;
  asset.kind = AssetKind::kKeyword;
  asset.value = "kakuu";
  ASSERT_TRUE(store_->PutAsset(asset).ok());
  ASSERT_TRUE(store_->PutAllowEntry(AllowEntry{0, org, AllowKind::kTerm, "kakuu city", ""}).ok());
  ASSERT_TRUE(store_->PutAllowEntry(AllowEntry{0, 0, AllowKind::kDomain, "gmail.com", ""}).ok());
  ASSERT_TRUE(store_->UpsertAlert(MakeAlert(org, "k1", "document", 1, "2024-06-01T00:00:00Z")).ok());
  ASSERT_TRUE(store_->UpsertAlert(MakeAlert(other, "k2", "document", 1, "2024-06-01T00:00:00Z")).ok());
  ASSERT_TRUE(store_->RemoveOrganization(org).ok());
  EXPECT_TRUE(store_->ListAssets()->empty());
  EXPECT_EQ(store_->ListAllowEntries()->size(), 1u) << "the global entry stays";
  EXPECT_EQ(store_->ListAlerts(AlertFilter{})->size(), 1u);
  EXPECT_EQ(store_->RemoveOrganization(org).code(), Status::Code::kNotFound);
}

TEST_F(OrgStoreTest, AllowEntriesAreUniquePerScope) {
  const int64_t org = *store_->PutOrganization(Organization{0, "a", ""});
  const int64_t g1 = *store_->PutAllowEntry(AllowEntry{0, 0, AllowKind::kDomain, "gmail.com", "public"});
  const int64_t g2 = *store_->PutAllowEntry(AllowEntry{0, 0, AllowKind::kDomain, "gmail.com", ""});
  EXPECT_EQ(g1, g2) << "global entries are deduplicated too (NULL organisation)";
  const int64_t o1 = *store_->PutAllowEntry(AllowEntry{0, org, AllowKind::kDomain, "gmail.com", ""});
  EXPECT_NE(o1, g1);
  auto entries = *store_->ListAllowEntries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].reason, "public") << "an empty reason does not erase one";
}

TEST_F(OrgStoreTest, AlertUpsertDedupAndSightings) {
  const int64_t org = *store_->PutOrganization(Organization{0, "a", ""});
  auto first = store_->UpsertAlert(MakeAlert(org, "key", "listing", 1, "2024-06-01T00:00:00Z"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first->inserted);
  EXPECT_TRUE(first->new_sighting);
  auto same_fact = store_->UpsertAlert(MakeAlert(org, "key", "listing", 1, "2024-06-05T00:00:00Z"));
  ASSERT_TRUE(same_fact.ok());
  EXPECT_FALSE(same_fact->inserted);
  EXPECT_FALSE(same_fact->new_sighting) << "matching the same row again is not news";
  Alert critical = MakeAlert(org, "key", "listing", 2, "2024-06-09T00:00:00Z");
  critical.severity = Severity::kCritical;
  auto other_fact = store_->UpsertAlert(critical);
  ASSERT_TRUE(other_fact.ok());
  EXPECT_EQ(other_fact->alert_id, first->alert_id);
  EXPECT_TRUE(other_fact->new_sighting);
  Alert a = *store_->GetAlert(first->alert_id);
  EXPECT_EQ(a.sightings, 2);
  EXPECT_EQ(a.last_seen, "2024-06-09T00:00:00Z");
  EXPECT_EQ(a.first_seen, "2024-06-01T00:00:00Z");
  EXPECT_EQ(a.severity, Severity::kCritical) << "severity only rises";
  Alert lower = MakeAlert(org, "key", "listing", 3, "2024-06-10T00:00:00Z");
  lower.severity = Severity::kLow;
  ASSERT_TRUE(store_->UpsertAlert(lower).ok());
  EXPECT_EQ(store_->GetAlert(first->alert_id)->severity, Severity::kCritical);
}

// Listing ids are reused (the highest, once removed, is the next one's):
// a listing removed by `listings reextract` takes its sightings along, so
// that a later listing with its id is a new sighting, not one already seen.
TEST_F(OrgStoreTest, AReusedListingIdIsANewSighting) {
  const int64_t org = *store_->PutOrganization(Organization{0, "a", ""});
  Result<PutOutcome> doc = store_->PutDocument(store_test::MakeDocument("post", "出售"));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  Listing l;
  l.document_id = doc->document_id;
  const int64_t first = *store_->PutListing(l);
  ASSERT_TRUE(store_->UpsertAlert(MakeAlert(org, "key", "listing", first, "2024-06-01T00:00:00Z")).ok());
  ASSERT_TRUE(store_->RemoveListing(first).ok());
  const int64_t reused = *store_->PutListing(l);
  ASSERT_EQ(reused, first);  // what makes this matter
  auto again = store_->UpsertAlert(MakeAlert(org, "key", "listing", reused, "2024-06-09T00:00:00Z"));
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->new_sighting);
  EXPECT_EQ(store_->GetAlert(again->alert_id)->last_seen, "2024-06-09T00:00:00Z");
}

TEST_F(OrgStoreTest, AlertFiltersAndStatus) {
  const int64_t a = *store_->PutOrganization(Organization{0, "a", ""});
  const int64_t b = *store_->PutOrganization(Organization{0, "b", ""});
  Alert low = MakeAlert(a, "1", "document", 1, "2024-06-01T00:00:00Z");
  low.severity = Severity::kLow;
  const int64_t id1 = store_->UpsertAlert(low)->alert_id;
  store_->UpsertAlert(MakeAlert(a, "2", "document", 2, "2024-06-01T00:00:00Z"));
  store_->UpsertAlert(MakeAlert(b, "3", "document", 3, "2024-06-01T00:00:00Z"));
  AlertFilter f;
  f.organization_id = a;
  EXPECT_EQ(store_->ListAlerts(f)->size(), 2u);
  f.min_severity = Severity::kMedium;
  EXPECT_EQ(store_->ListAlerts(f)->size(), 1u);
  ASSERT_TRUE(store_->SetAlertStatus(id1, AlertStatus::kAcknowledged, "looking").ok());
  AlertFilter by_status;
  by_status.status = AlertStatus::kAcknowledged;
  auto acked = *store_->ListAlerts(by_status);
  ASSERT_EQ(acked.size(), 1u);
  EXPECT_EQ(acked[0].status_note, "looking");
  AlertFilter page;
  page.after_id = id1;
  page.limit = 1;
  EXPECT_EQ(store_->ListAlerts(page)->size(), 1u);
  EXPECT_EQ(store_->SetAlertStatus(9999, AlertStatus::kResolved, "").code(), Status::Code::kNotFound);
  EXPECT_EQ(store_->GetAlert(9999).status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace kenchi
