// Credential exposures in the SQLite store: one at a time and in batches
// (as `kenchi scan` stores them), which must leave the same rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kenchi/store.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi {
namespace {

using kenchi::store_test::MakeDocument;
using kenchi::store_test::RawDb;
using kenchi::testing::ScratchDir;

class ExposureStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store_test::OpenOrFail(dir_.path() + "/k.db");
    ASSERT_NE(store_, nullptr);
    Result<PutOutcome> doc = store_->PutDocument(MakeDocument("dump", "x"));
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    document_id_ = doc->document_id;
  }
  CredentialExposure Make(const std::string& identity, const std::string& hash, const std::string& seen) {
    CredentialExposure e;
    e.document_id = document_id_;
    e.identity = identity;
    e.domain = "example.jp";
    e.password_hash = hash;
    e.password_preview = "p***d";
    e.first_seen = e.last_seen = seen;
    e.matched_on = "example.jp";
    e.kind = "email";
    return e;
  }
  // Every stored column, one line per row, in identity order.
  std::string Rows() {
    RawDb raw(dir_.path() + "/k.db");
    return raw.Text(
        "SELECT group_concat(r, char(10)) FROM (SELECT identity || '|' || password_hash || '|' || "
        "first_seen || '|' || last_seen || '|' || sightings || '|' || matched_on || '|' || "
        "password_preview AS r FROM credential_exposures ORDER BY identity, password_hash)");
  }
  std::vector<CredentialExposure> Sample() {
    return {Make("a@example.jp", "h1", "2026-01-01T00:00:00Z"), Make("b@example.jp", "h2", "2026-01-02T00:00:00Z"),
            Make("a@example.jp", "h1", "2026-01-03T00:00:00Z"),  // a repeat within the batch
            Make("a@example.jp", "h3", "2026-01-04T00:00:00Z")};
  }
  ScratchDir dir_;
  std::unique_ptr<Store> store_;
  int64_t document_id_ = 0;
};

TEST_F(ExposureStoreTest, BatchLeavesTheSameRowsAsOneByOne) {
  for (const CredentialExposure& e : Sample()) ASSERT_TRUE(store_->PutCredentialExposure(e).ok());
  const std::string one_by_one = Rows();
  ASSERT_NE(one_by_one, "");
  {
    RawDb raw(dir_.path() + "/k.db");
    ASSERT_EQ(raw.Exec("DELETE FROM credential_exposures"), "");
  }
  Transaction tx(*store_);
  ASSERT_TRUE(tx.status().ok());
  Status s = store_->PutCredentialExposures(Sample());
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_TRUE(tx.Commit().ok());
  EXPECT_EQ(Rows(), one_by_one);
  EXPECT_NE(one_by_one.find("a@example.jp|h1|2026-01-01T00:00:00Z|2026-01-03T00:00:00Z|2|"), std::string::npos)
      << one_by_one;
}

TEST_F(ExposureStoreTest, BatchesAddSightingsToStoredRowsAndWorkOutsideATransaction) {
  ASSERT_TRUE(store_->PutCredentialExposures(Sample()).ok());
  ASSERT_TRUE(store_->PutCredentialExposures(Sample()).ok());
  RawDb raw(dir_.path() + "/k.db");
  EXPECT_EQ(raw.Int("SELECT count(*) FROM credential_exposures"), 3);
  EXPECT_EQ(raw.Int("SELECT sightings FROM credential_exposures WHERE password_hash = 'h1'"), 4);
  EXPECT_EQ(raw.Int("SELECT sightings FROM credential_exposures WHERE password_hash = 'h2'"), 2);
}

TEST_F(ExposureStoreTest, ABadExposureStoresNothingOfItsBatch) {
  std::vector<CredentialExposure> batch = Sample();
  batch[2].kind = "phone";
  Status s = store_->PutCredentialExposures(batch);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("kind must be email, url or card"), std::string::npos) << s.message();
  batch[2].kind = "email";
  batch[1].identity.clear();
  EXPECT_FALSE(store_->PutCredentialExposures(batch).ok());
  RawDb raw(dir_.path() + "/k.db");
  EXPECT_EQ(raw.Int("SELECT count(*) FROM credential_exposures"), 0);
}

TEST_F(ExposureStoreTest, ABatchAfterARolledBackOneStillWorks) {
  {
    Transaction tx(*store_);  // creates the staging table, then rolls back
    ASSERT_TRUE(store_->PutCredentialExposures(Sample()).ok());
  }
  RawDb raw(dir_.path() + "/k.db");
  EXPECT_EQ(raw.Int("SELECT count(*) FROM credential_exposures"), 0);
  Status s = store_->PutCredentialExposures(Sample());
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(raw.Int("SELECT count(*) FROM credential_exposures"), 3);
}

}  // namespace
}  // namespace kenchi
