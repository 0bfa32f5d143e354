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
  // Every field different from MakeListing's, and from each other where
  // two could be swapped (volume and price, the evidence spans).
  Listing better;
  better.document_id = doc->document_id;
  better.offering = OfferingType::kAccessSale;
  better.access_kind = AccessKind::kVpn;
  better.target_organization = "架空銀行";
  better.target_country = "KR";
  better.sector = Sector::kFinance;
  better.data_types = {DataType::kBankAccount};
  better.price = 1234567.25;
  better.currency = "BTC";
  better.price_basis = PriceBasis::kForTheLot;
  better.seller = "other_seller";
  better.contact = "telegram:@other_seller";
  better.posted_at = "2025-01-02T03:04:05Z";
  better.language = "ja";
  better.summary = "販売 架空銀行";
  better.offering_evidence = {doc->document_id, 1, 2};
  better.volume_evidence = {doc->document_id, 3, 4};
  better.price_evidence = {doc->document_id, 5, 6};
  better.sector_evidence = {doc->document_id, 7, 8};
  ASSERT_TRUE(store->ReplaceListing(*id, better).ok());
  Result<std::vector<Listing>> all = store->ListListings(ListingFilter{});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  const Listing& got = (*all)[0];
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.document_id, better.document_id);
  EXPECT_EQ(got.offering, better.offering);
  EXPECT_EQ(got.access_kind, better.access_kind);
  EXPECT_EQ(got.target_organization, better.target_organization);
  EXPECT_EQ(got.target_country, better.target_country);
  EXPECT_EQ(got.sector, better.sector);
  EXPECT_EQ(got.data_types, better.data_types);
  EXPECT_FALSE(got.volume.has_value());
  EXPECT_EQ(got.price, better.price);
  EXPECT_EQ(got.currency, better.currency);
  EXPECT_EQ(got.price_basis, better.price_basis);
  EXPECT_EQ(got.seller, better.seller);
  EXPECT_EQ(got.contact, better.contact);
  EXPECT_EQ(got.posted_at, better.posted_at);
  EXPECT_EQ(got.language, better.language);
  EXPECT_EQ(got.summary, better.summary);
  for (auto [a, b] : {std::pair{got.offering_evidence, better.offering_evidence},
                      std::pair{got.volume_evidence, better.volume_evidence},
                      std::pair{got.price_evidence, better.price_evidence},
                      std::pair{got.sector_evidence, better.sector_evidence}}) {
    EXPECT_EQ(a.begin, b.begin);
    EXPECT_EQ(a.end, b.end);
  }
  better.target_country = "Japan";
  EXPECT_EQ(store->ReplaceListing(*id, better).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(store->ReplaceListing(*id + 1, MakeListing(doc->document_id, Sector::kFinance)).code(),
            Status::Code::kNotFound);

  EXPECT_EQ(store->RemoveListing(*id + 1).code(), Status::Code::kNotFound);
  ASSERT_TRUE(store->RemoveListing(*id).ok());
  EXPECT_TRUE(store->ListListings(ListingFilter{})->empty());
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("SELECT count(*) FROM listing_data_types"), "0");

  // Posts as parse::IsPost says: Telegram, forum and paste documents, and
  // JSON-lines records from anywhere; not news or plain files.
  std::vector<int64_t> expected = {doc->document_id};
  ASSERT_TRUE(store->PutDocument(MakeDocument("news", "a news article")).ok());
  for (const char* source : {"forum", "paste", "file"}) {
    Document d = MakeDocument(std::string("post from ") + source, "本文");
    d.source = source;
    if (std::string(source) == "file") d.format = DocumentFormat::kJsonLines;
    Result<PutOutcome> put = store->PutDocument(d);
    ASSERT_TRUE(put.ok()) << put.status().message();
    expected.push_back(put->document_id);
  }
  Result<std::vector<int64_t>> posts = store->ListPostDocumentIds();
  ASSERT_TRUE(posts.ok());
  EXPECT_EQ(*posts, expected);
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
