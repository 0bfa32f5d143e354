// Listings in the store: every field, the sector included, comes back as it
// was put; the sector filters; listings stored before the sector migration
// read as "unknown".
#include <gtest/gtest.h>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

using kenchi::testing::ScratchDir;

Listing MakeListing(int64_t document_id, Sector sector) {
  Listing l;
  l.document_id = document_id;
  l.offering = OfferingType::kDataSale;
  l.target_organization = "東架空病院";
  l.target_country = "JP";
  l.sector = sector;
  l.data_types = {DataType::kPersonalInfo, DataType::kPhone};
  l.volume = 8000;
  l.price = 0.5;
  l.currency = "USDT";
  l.price_basis = PriceBasis::kPerRecord;
  l.seller = "med_records_cn";
  l.contact = "telegram:@med_records_cn";
  l.posted_at = "2024-06-10T09:00:00Z";
  l.language = "zh";
  l.summary = "出售 日本某私立医院 患者数据";
  l.offering_evidence = {document_id, 20, 32};
  l.volume_evidence = {document_id, 33, 40};
  l.price_evidence = {document_id, 50, 58};
  l.sector_evidence = {document_id, 7, 13};
  return l;
}

class StoreListings : public ::testing::Test {
 protected:
  ScratchDir dir_;
  std::string path_ = dir_.path() + "/kenchi.db";
};

TEST_F(StoreListings, SectorAndItsEvidenceRoundTrip) {
  auto store = OpenOrFail(path_);
  ASSERT_NE(store, nullptr);
  Result<PutOutcome> doc = store->PutDocument(MakeDocument("post", "出售 日本某私立医院 患者数据"));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const Listing put = MakeListing(doc->document_id, Sector::kHealthcare);
  ASSERT_TRUE(store->PutListing(put).ok());
  Listing other = MakeListing(doc->document_id, Sector::kUnknown);
  other.sector_evidence = {};
  ASSERT_TRUE(store->PutListing(other).ok());

  Result<std::vector<Listing>> all = store->ListListings(ListingFilter{});
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 2u);
  const Listing* got = nullptr;
  for (const Listing& l : *all) {
    if (l.sector == Sector::kHealthcare) got = &l;
  }
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->sector_evidence.document_id, doc->document_id);
  EXPECT_EQ(got->sector_evidence.begin, 7u);
  EXPECT_EQ(got->sector_evidence.end, 13u);
  EXPECT_EQ(got->offering, put.offering);
  EXPECT_EQ(got->target_organization, put.target_organization);
  EXPECT_EQ(got->data_types, put.data_types);
  EXPECT_EQ(got->price_evidence.begin, 50u);

  RawDb raw(path_);
  EXPECT_EQ(raw.Text("SELECT group_concat(sector, ',') FROM (SELECT sector FROM listings ORDER BY id)"),
            "healthcare,unknown");

  ListingFilter healthcare;
  healthcare.sector = Sector::kHealthcare;
  Result<std::vector<Listing>> only = store->ListListings(healthcare);
  ASSERT_TRUE(only.ok());
  ASSERT_EQ(only->size(), 1u);
  EXPECT_EQ((*only)[0].sector, Sector::kHealthcare);
  ListingFilter finance;
  finance.sector = Sector::kFinance;
  EXPECT_TRUE(store->ListListings(finance)->empty());
}

TEST_F(StoreListings, ReplaceKeepsTheIdAndRemoveTakesTheDataTypes) {
  auto store = OpenOrFail(path_);
  ASSERT_NE(store, nullptr);
  Document post = MakeDocument("post", "出售 架空銀行 顧客データ");
  post.source = "telegram";
  Result<PutOutcome> doc = store->PutDocument(post);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  Result<int64_t> id = store->PutListing(MakeListing(doc->document_id, Sector::kUnknown));
  ASSERT_TRUE(id.ok()) << id.status().message();
  Listing better = MakeListing(doc->document_id, Sector::kFinance);
  better.target_organization = "架空銀行";
  better.data_types = {DataType::kBankAccount};
  better.volume.reset();
  ASSERT_TRUE(store->ReplaceListing(*id, better).ok());
  Result<std::vector<Listing>> all = store->ListListings(ListingFilter{});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].id, *id);
  EXPECT_EQ((*all)[0].target_organization, "架空銀行");
  EXPECT_EQ((*all)[0].sector, Sector::kFinance);
  EXPECT_EQ((*all)[0].data_types, std::vector<DataType>{DataType::kBankAccount});
  EXPECT_FALSE((*all)[0].volume.has_value());
  better.target_country = "Japan";
  EXPECT_EQ(store->ReplaceListing(*id, better).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(store->ReplaceListing(*id + 1, MakeListing(doc->document_id, Sector::kFinance)).code(),
            Status::Code::kNotFound);

  EXPECT_EQ(store->RemoveListing(*id + 1).code(), Status::Code::kNotFound);
  ASSERT_TRUE(store->RemoveListing(*id).ok());
  EXPECT_TRUE(store->ListListings(ListingFilter{})->empty());
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("SELECT count(*) FROM listing_data_types"), "0");

  ASSERT_TRUE(store->PutDocument(MakeDocument("news", "a news article")).ok());
  Result<std::vector<int64_t>> posts = store->ListPostDocumentIds();
  ASSERT_TRUE(posts.ok());
  EXPECT_EQ(*posts, std::vector<int64_t>{doc->document_id});
}

TEST_F(StoreListings, ASectorOutsideTheEnumIsRefused) {
  auto store = OpenOrFail(path_);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->PutDocument(MakeDocument("post", "本文")).ok());
  RawDb raw(path_);
  EXPECT_NE(raw.Exec("INSERT INTO listings (document_id, offering, sector) VALUES (1, 'data_sale', 'banking')")
                .find("CHECK constraint failed"),
            std::string::npos);
}

TEST_F(StoreListings, ListingsStoredBeforeTheSectorMigrationReadAsUnknown) {
  const auto all = sqlite::KenchiMigrations();
  ASSERT_EQ(all.back().name, "listing sector");
  {
    // A database as the build before the migration left it.
    auto old = sqlite::OpenSqliteStoreWithMigrations(path_, all.first(all.size() - 1));
    ASSERT_TRUE(old.ok()) << old.status().message();
    ASSERT_TRUE((*old)->PutDocument(MakeDocument("post", "本文")).ok());
    RawDb raw(path_);
    ASSERT_EQ(raw.Exec("INSERT INTO listings (document_id, offering, target_country) "
                       "VALUES (1, 'cards', 'JP')"),
              "");
  }
  auto store = OpenOrFail(path_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
  Result<std::vector<Listing>> listed = store->ListListings(ListingFilter{});
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].offering, OfferingType::kCards);
  EXPECT_EQ((*listed)[0].sector, Sector::kUnknown);
  EXPECT_EQ((*listed)[0].sector_evidence.end, 0u);
}

}  // namespace
}  // namespace kenchi::store_test
