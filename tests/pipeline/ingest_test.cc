// The ingest pipeline over a real SQLite store: idempotency, atomicity per
// file when the store fails half-way, and reporting of rejected input.
#include "kenchi/pipeline/ingest.h"

#include <gtest/gtest.h>

#include "support/run.h"

namespace kenchi::pipeline {
namespace {

using kenchi::testing::ScratchDir;

// Passes everything through to a real store, but fails the Nth PutDocument
// call: what an interrupted or failing write looks like to the pipeline.
class FailingStore : public Store {
 public:
  FailingStore(Store& inner, int fail_on_put) : inner_(inner), fail_on_put_(fail_on_put) {}
  int SchemaVersion() const override { return inner_.SchemaVersion(); }
  Status Begin() override { return inner_.Begin(); }
  Status Commit() override { return inner_.Commit(); }
  Status Rollback() override { return inner_.Rollback(); }
  Result<PutOutcome> PutDocument(const Document& doc) override {
    if (++puts_ == fail_on_put_) return Status::IoError("disk full (injected)");
    return inner_.PutDocument(doc);
  }
  Result<Document> GetDocument(int64_t id) override { return inner_.GetDocument(id); }
  Result<bool> HasDocumentWithHash(const std::string& h) override { return inner_.HasDocumentWithHash(h); }
  Result<std::vector<SearchHit>> Search(const std::string& q, int limit) override {
    return inner_.Search(q, limit);
  }
  Result<int64_t> PutIncident(const Incident& incident) override { return inner_.PutIncident(incident); }
  Result<std::vector<Incident>> ListIncidents(int limit) override { return inner_.ListIncidents(limit); }
  Result<StoreCounts> Counts() override { return inner_.Counts(); }

 private:
  Store& inner_;
  int fail_on_put_;
  int puts_ = 0;
};

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() + "/kenchi.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }
  int64_t Documents() { return store_->Counts()->documents; }

  ScratchDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(IngestTest, SecondRunIsANoOp) {
  dir_.Write("in/a.txt", "一つ目の文書です。\n");
  dir_.Write("in/b.html", "<!DOCTYPE html><html><head><title>二つ目</title></head>"
                          "<body><p>二つ目の文書です。</p></body></html>");
  auto first = Ingest(*store_, {dir_.path() + "/in"}, {});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->documents_new, 2);
  auto second = Ingest(*store_, {dir_.path() + "/in"}, {});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->documents_new, 0);
  EXPECT_EQ(second->documents_unchanged, 2);
  EXPECT_EQ(Documents(), 2);
}

TEST_F(IngestTest, FailureHalfWayThroughAFileLeavesNoneOfItsDocuments) {
  // Two JSON lines records in one file: the store fails on the second.
  dir_.Write("in/posts.jsonl",
             "{\"title\":\"一件目\",\"body\":\"最初の投稿の本文\"}\n"
             "{\"title\":\"二件目\",\"body\":\"二番目の投稿の本文\"}\n");
  FailingStore failing(*store_, /*fail_on_put=*/2);
  auto report = Ingest(failing, {dir_.path() + "/in"}, {});
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("disk full"), std::string::npos);
  EXPECT_EQ(Documents(), 0) << "the first record of the file must have been rolled back";

  // A later run without the fault stores both.
  auto retry = Ingest(*store_, {dir_.path() + "/in"}, {});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->documents_new, 2);
}

TEST_F(IngestTest, EarlierFilesSurviveAFailureInALaterOne) {
  dir_.Write("in/1.txt", "最初のファイル。\n");
  dir_.Write("in/2.txt", "二番目のファイル。\n");
  FailingStore failing(*store_, /*fail_on_put=*/2);
  auto report = Ingest(failing, {dir_.path() + "/in"}, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(Documents(), 1);
}

TEST_F(IngestTest, RejectionsAreListedWithReasons) {
  dir_.Write("in/empty.txt", "");
  dir_.Write("in/ok.txt", "正常。\n");
  auto report = Ingest(*store_, {dir_.path() + "/in", dir_.path() + "/nope"}, {});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->documents_new, 1);
  EXPECT_EQ(report->rejected, 2);
  int seen = 0;
  for (const auto& item : report->items) {
    if (item.outcome != IngestItem::Outcome::kRejected) continue;
    EXPECT_FALSE(item.reason.empty());
    // The path is in `uri`; the reason does not repeat it.
    EXPECT_EQ(item.reason.find(item.uri), std::string::npos) << item.reason;
    ++seen;
  }
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace kenchi::pipeline
