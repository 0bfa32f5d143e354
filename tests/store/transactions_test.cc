// Transactions: rollback and the Transaction guard leave nothing, a failure
// in the middle of a multi-row write leaves nothing, and a failed write
// inside a transaction takes back only itself.
#include <gtest/gtest.h>

#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

using kenchi::testing::ScratchDir;

class StoreTransactions : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(path_);
    ASSERT_NE(store_, nullptr);
  }
  int64_t Documents() { return store_->Counts()->documents; }
  int64_t Incidents() { return store_->Counts()->incidents; }

  ScratchDir dir_;
  std::string path_ = dir_.path() + "/kenchi.db";
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTransactions, CommitKeepsRows) {
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->PutDocument(MakeDocument("kept", "残る文書")).ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(Documents(), 1);
}

TEST_F(StoreTransactions, RollbackLeavesNoRows) {
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->PutDocument(MakeDocument("a", "一つ目")).ok());
  ASSERT_TRUE(store_->PutDocument(MakeDocument("b", "二つ目")).ok());
  Incident in;
  in.organization = "巻き戻される会社";
  ASSERT_TRUE(store_->PutIncident(in).ok());
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(Documents(), 0);
  EXPECT_EQ(Incidents(), 0);
  // The search index was rolled back with the rows.
  EXPECT_TRUE(store_->Search("一つ目", 10)->empty());
}

TEST_F(StoreTransactions, FailureInTheMiddleOfAMultiRowWriteLeavesNothing) {
  // What an ingest does per file: documents, then the facts from them.
  auto ingest = [&]() -> Status {
    Transaction tx(*store_);
    KENCHI_RETURN_IF_ERROR(tx.status());
    Result<PutOutcome> a = store_->PutDocument(MakeDocument("first", "最初の文書"));
    if (!a.ok()) return a.status();
    Result<PutOutcome> b = store_->PutDocument(MakeDocument("second", "二番目の文書"));
    if (!b.ok()) return b.status();
    Incident in;
    in.organization = "株式会社途中";
    in.document_ids = {a->document_id, b->document_id + 99};  // fails here
    Result<int64_t> id = store_->PutIncident(in);
    if (!id.ok()) return id.status();
    return tx.Commit();
  };
  Status status = ingest();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("FOREIGN KEY"), std::string::npos) << status.message();
  EXPECT_EQ(Documents(), 0);
  EXPECT_EQ(Incidents(), 0);
}

TEST_F(StoreTransactions, TransactionDestructorRollsBack) {
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.status().ok()) << tx.status().message();
    ASSERT_TRUE(store_->PutDocument(MakeDocument("dropped", "捨てられる文書")).ok());
  }
  EXPECT_EQ(Documents(), 0);
  // The store is usable afterwards: no transaction was left open.
  Transaction tx(*store_);
  ASSERT_TRUE(tx.status().ok()) << tx.status().message();
  ASSERT_TRUE(store_->PutDocument(MakeDocument("kept", "残る文書")).ok());
  ASSERT_TRUE(tx.Commit().ok());
  EXPECT_EQ(Documents(), 1);
}

TEST_F(StoreTransactions, FailedIncidentInsideATransactionTakesBackOnlyItself) {
  ASSERT_TRUE(store_->Begin().ok());
  Result<PutOutcome> doc = store_->PutDocument(MakeDocument("survivor", "生き残る文書"));
  ASSERT_TRUE(doc.ok());
  Incident bad;
  bad.organization = "株式会社失敗";
  bad.types = {IncidentType::kMalware};
  bad.document_ids = {doc->document_id + 1};
  EXPECT_FALSE(store_->PutIncident(bad).ok());
  Incident good;
  good.organization = "株式会社成功";
  good.document_ids = {doc->document_id};
  ASSERT_TRUE(store_->PutIncident(good).ok());
  ASSERT_TRUE(store_->Commit().ok());

  EXPECT_EQ(Documents(), 1);
  Result<std::vector<Incident>> list = store_->ListIncidents(10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().organization, "株式会社成功");
  EXPECT_TRUE(list->front().types.empty()) << "the failed incident's types leaked";
}

TEST_F(StoreTransactions, NestedBeginIsRefused) {
  ASSERT_TRUE(store_->Begin().ok());
  Status nested = store_->Begin();
  EXPECT_FALSE(nested.ok());
  EXPECT_NE(nested.message().find("already open"), std::string::npos) << nested.message();
  EXPECT_TRUE(store_->Rollback().ok());
}

TEST_F(StoreTransactions, RollbackWithoutATransactionIsHarmless) {
  EXPECT_TRUE(store_->Rollback().ok());
  EXPECT_FALSE(store_->Commit().ok());  // nothing to commit is a caller's mistake
}

}  // namespace
}  // namespace kenchi::store_test
