// Documents: every field survives a round trip, raw bytes are compressed on
// disk and come back byte for byte, the content hash is the natural key,
// and damaged stored data is reported rather than returned.
#include <gtest/gtest.h>

#include <string>

#include "store/sqlite/compression.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

using kenchi::testing::ScratchDir;

class StoreDocuments : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(path_);
    ASSERT_NE(store_, nullptr);
  }

  ScratchDir dir_;
  std::string path_ = dir_.path() + "/kenchi.db";
  std::unique_ptr<Store> store_;
};

TEST_F(StoreDocuments, RoundTripKeepsEveryField) {
  Document doc;
  doc.source = "jpcert-feed";
  doc.uri = "https://example.jp/news/2024/0501.html";
  doc.format = DocumentFormat::kHtml;
  doc.encoding = Encoding::kShiftJis;
  for (int i = 0; i < 256; ++i) doc.raw.push_back(static_cast<char>(i));  // NULs included
  doc.raw += doc.raw;
  doc.content_hash = FakeHash(doc.raw);
  doc.title = "不正アクセスに関するお知らせ";
  doc.text = "当社サーバーへの不正アクセスが判明しました。";
  doc.published_on = "2024-05-01";
  doc.fetched_at = "2024-05-02T03:04:05Z";

  Result<PutOutcome> put = store_->PutDocument(doc);
  ASSERT_TRUE(put.ok()) << put.status().message();
  EXPECT_TRUE(put->inserted);
  EXPECT_GT(put->document_id, 0);

  Result<Document> got = store_->GetDocument(put->document_id);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->id, put->document_id);
  EXPECT_EQ(got->source, doc.source);
  EXPECT_EQ(got->uri, doc.uri);
  EXPECT_EQ(got->format, doc.format);
  EXPECT_EQ(got->encoding, doc.encoding);
  EXPECT_EQ(got->content_hash, doc.content_hash);
  EXPECT_EQ(got->raw, doc.raw);
  EXPECT_EQ(got->title, doc.title);
  EXPECT_EQ(got->text, doc.text);
  EXPECT_EQ(got->published_on, doc.published_on);
  EXPECT_EQ(got->fetched_at, doc.fetched_at);
}

TEST_F(StoreDocuments, UnknownDatesAreStoredAsNullAndReadAsEmpty) {
  Document doc = MakeDocument("undated", "日付のない文書");
  doc.fetched_at.clear();
  Result<PutOutcome> put = store_->PutDocument(doc);
  ASSERT_TRUE(put.ok()) << put.status().message();
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM documents WHERE published_on IS NULL AND "
                    "fetched_at IS NULL"),
            1);
  Result<Document> got = store_->GetDocument(put->document_id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->published_on, "");
  EXPECT_EQ(got->fetched_at, "");
}

TEST_F(StoreDocuments, EmptyRawRoundTrips) {
  Document doc = MakeDocument("empty", "");
  doc.raw.clear();
  Result<PutOutcome> put = store_->PutDocument(doc);
  ASSERT_TRUE(put.ok()) << put.status().message();
  Result<Document> got = store_->GetDocument(put->document_id);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->raw, "");
}

TEST_F(StoreDocuments, RawBytesAreCompressedOnDisk) {
  std::string raw;
  while (raw.size() < 200'000) raw += "<tr><td>山田太郎</td><td>taro@example.jp</td></tr>\n";
  Document doc = MakeDocument("dump", "表形式のデータ");
  doc.raw = raw;
  doc.content_hash = FakeHash(raw);
  Result<PutOutcome> put = store_->PutDocument(doc);
  ASSERT_TRUE(put.ok()) << put.status().message();

  RawDb db(path_);
  const std::string id = std::to_string(put->document_id);
  EXPECT_EQ(db.Int("SELECT raw_size FROM documents WHERE id = " + id),
            static_cast<int64_t>(raw.size()));
  const int64_t stored = db.Int("SELECT length(raw) FROM documents WHERE id = " + id);
  EXPECT_LT(stored * 20, static_cast<int64_t>(raw.size())) << "stored " << stored << " bytes";
  EXPECT_EQ(store_->GetDocument(put->document_id)->raw, raw);
}

TEST_F(StoreDocuments, SameContentHashIsStoredOnce) {
  const Document doc = MakeDocument("twice", "二回取り込まれる文書");
  Result<PutOutcome> first = store_->PutDocument(doc);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first->inserted);

  Document again = doc;
  again.uri = "/elsewhere/copy.txt";  // same bytes found under another name
  Result<PutOutcome> second = store_->PutDocument(again);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_FALSE(second->inserted);
  EXPECT_EQ(second->document_id, first->document_id);
  EXPECT_EQ(store_->Counts()->documents, 1);
  EXPECT_EQ(store_->GetDocument(first->document_id)->uri, doc.uri);  // first one wins

  EXPECT_TRUE(*store_->HasDocumentWithHash(doc.content_hash));
  EXPECT_FALSE(*store_->HasDocumentWithHash(FakeHash("never stored")));
}

TEST_F(StoreDocuments, MissingDocumentIsNotFound) {
  Result<Document> got = store_->GetDocument(12345);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Status::Code::kNotFound);
  EXPECT_NE(got.status().message().find("12345"), std::string::npos);
}

TEST_F(StoreDocuments, MalformedContentHashIsInvalidInput) {
  for (const std::string& hash :
       {std::string(), std::string("abc"), std::string(64, 'A'), std::string(64, 'g')}) {
    Document doc = MakeDocument("bad-hash", "本文");
    doc.content_hash = hash;
    Result<PutOutcome> put = store_->PutDocument(doc);
    ASSERT_FALSE(put.ok()) << "hash '" << hash << "' accepted";
    EXPECT_EQ(put.status().code(), Status::Code::kInvalidInput);
    EXPECT_NE(put.status().message().find(doc.uri), std::string::npos) << put.status().message();
  }
  EXPECT_EQ(store_->Counts()->documents, 0);
}

TEST_F(StoreDocuments, MalformedPublishedDateIsInvalidInput) {
  Document doc = MakeDocument("bad-date", "本文");
  doc.published_on = "2024/05/01";
  Result<PutOutcome> put = store_->PutDocument(doc);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(put.status().message().find("2024/05/01"), std::string::npos);
}

TEST_F(StoreDocuments, CorruptStoredRawIsAClearError) {
  Result<PutOutcome> put = store_->PutDocument(MakeDocument("victim", "壊される文書"));
  ASSERT_TRUE(put.ok());
  const std::string id = std::to_string(put->document_id);
  RawDb raw(path_);

  ASSERT_EQ(raw.Exec("UPDATE documents SET raw = x'00010203040506070809' WHERE id = " + id), "");
  Result<Document> got = store_->GetDocument(put->document_id);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("document " + id), std::string::npos)
      << got.status().message();
  EXPECT_NE(got.status().message().find("corrupt"), std::string::npos) << got.status().message();
}

TEST_F(StoreDocuments, SizeMismatchIsAClearError) {
  Result<PutOutcome> put = store_->PutDocument(MakeDocument("victim", "壊される文書"));
  ASSERT_TRUE(put.ok());
  RawDb raw(path_);
  ASSERT_EQ(raw.Exec("UPDATE documents SET raw_size = raw_size + 1"), "");
  Result<Document> got = store_->GetDocument(put->document_id);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("corrupt"), std::string::npos) << got.status().message();
}

TEST(StoreCompression, RoundTripsArbitraryBytes) {
  std::string bytes;
  for (int i = 0; i < 10'000; ++i) bytes.push_back(static_cast<char>((i * 7919) % 256));
  Result<std::string> frame = sqlite::CompressRaw(bytes);
  ASSERT_TRUE(frame.ok());
  Result<std::string> back = sqlite::DecompressRaw(*frame, bytes.size());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, bytes);
}

TEST(StoreCompression, RefusesSizesAboveTheCap) {
  Result<std::string> frame = sqlite::CompressRaw("small");
  ASSERT_TRUE(frame.ok());
  // The cap is checked before anything is allocated.
  Result<std::string> back = sqlite::DecompressRaw(*frame, sqlite::kMaxRawDocumentBytes + 1);
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.status().message().find("exceeds the limit"), std::string::npos);
}

TEST(StoreCompression, RejectsGarbageAndTruncatedFrames) {
  EXPECT_FALSE(sqlite::DecompressRaw("definitely not zstd", 5).ok());
  Result<std::string> frame = sqlite::CompressRaw(std::string(1000, 'z') + "tail");
  ASSERT_TRUE(frame.ok());
  const std::string truncated = frame->substr(0, frame->size() - 3);
  EXPECT_FALSE(sqlite::DecompressRaw(truncated, 1004).ok());
}

}  // namespace
}  // namespace kenchi::store_test
