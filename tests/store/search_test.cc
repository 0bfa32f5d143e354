// Full-text search: Japanese through the trigram index (3+ characters) and
// through the scan (1-2 characters), user input with FTS5 syntax taken
// literally, snippets, and the index following updates and deletes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/sqlite/search_text.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

using kenchi::testing::ScratchDir;

class StoreSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrFail(path_);
    ASSERT_NE(store_, nullptr);
    leak_ = Put("個人情報漏洩のお知らせ",
                "このたび、当社サーバーへの不正アクセスにより、お客様の個人情報が漏洩した"
                "可能性があることが判明いたしました。");
    english_ = Put("Security notice",
                   "We detected a Breach of our systems. Say \"hello\" OR bye* to (old) passwords; "
                   "100% of accounts_were reset.");
    other_ = Put("新製品のご案内", "春の新製品を発売します。");
  }

  int64_t Put(const std::string& title, const std::string& text) {
    Result<PutOutcome> put = store_->PutDocument(MakeDocument(title, text));
    EXPECT_TRUE(put.ok()) << put.status().message();
    return put.ok() ? put->document_id : 0;
  }

  std::vector<SearchHit> Find(const std::string& query, int limit = 10) {
    Result<std::vector<SearchHit>> hits = store_->Search(query, limit);
    EXPECT_TRUE(hits.ok()) << "query '" << query << "': " << hits.status().message();
    return hits.ok() ? *hits : std::vector<SearchHit>{};
  }

  std::vector<int64_t> Ids(const std::string& query) {
    std::vector<int64_t> ids;
    for (const SearchHit& hit : Find(query)) ids.push_back(hit.document_id);
    return ids;
  }

  ScratchDir dir_;
  std::string path_ = dir_.path() + "/kenchi.db";
  std::unique_ptr<Store> store_;
  int64_t leak_ = 0, english_ = 0, other_ = 0;
};

TEST_F(StoreSearch, JapaneseOfThreeOrMoreCharactersUsesTheIndex) {
  std::vector<SearchHit> hits = Find("不正アクセス");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].document_id, leak_);
  EXPECT_EQ(hits[0].title, "個人情報漏洩のお知らせ");
  EXPECT_EQ(hits[0].uri, "/data/個人情報漏洩のお知らせ.txt");
  EXPECT_NE(hits[0].snippet.find("[不正アクセス]"), std::string::npos) << hits[0].snippet;

  EXPECT_EQ(Ids("個人情報"), std::vector<int64_t>{leak_});
  EXPECT_EQ(Ids("新製品"), std::vector<int64_t>{other_});
}

TEST_F(StoreSearch, TwoCharacterQueryScans) {
  std::vector<SearchHit> hits = Find("漏洩");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].document_id, leak_);
  EXPECT_NE(hits[0].snippet.find("[漏洩]"), std::string::npos) << hits[0].snippet;
  EXPECT_EQ(Ids("春"), std::vector<int64_t>{other_});
}

TEST_F(StoreSearch, ShortQueryMatchingOnlyTheTitleHasATitleSnippet) {
  std::vector<SearchHit> hits = Find("案内");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].snippet, "新製品のご[案内]");
}

TEST_F(StoreSearch, AsciiIsCaseInsensitiveOnBothPaths) {
  EXPECT_EQ(Ids("breach"), std::vector<int64_t>{english_});
  EXPECT_EQ(Ids("BREACH"), std::vector<int64_t>{english_});
  EXPECT_EQ(Ids("OL"), std::vector<int64_t>{english_});  // "(old)", scan path
}

TEST_F(StoreSearch, QueriesWithFtsSyntaxAreTakenLiterally) {
  // None of these may be a syntax error; each matches only where the text
  // literally contains it.
  for (const std::string query :
       {"\"", "\"\"", "a\"b", "OR", "AND", "NOT", "*", "bye*", "NEAR(a b)", "title:x", "-x", "(",
        ")", "^abc", "{title}: x", "'", "\\", "%", "_", "a OR b", "\"hello\" OR"}) {
    SCOPED_TRACE(query);
    Result<std::vector<SearchHit>> hits = store_->Search(query, 10);
    EXPECT_TRUE(hits.ok()) << hits.status().message();
  }
  EXPECT_EQ(Ids("\"hello\" OR bye*"), std::vector<int64_t>{english_});
  EXPECT_EQ(Ids("(old)"), std::vector<int64_t>{english_});
  EXPECT_TRUE(Find("hello OR bye").empty()) << "OR must not be an operator";
  EXPECT_TRUE(Find("hell*").empty()) << "* must not be a prefix operator";
  // LIKE wildcards in short queries are literal too.
  EXPECT_EQ(Ids("%"), std::vector<int64_t>{english_});
  EXPECT_EQ(Ids("_w"), std::vector<int64_t>{english_});
  EXPECT_TRUE(Find("a_").empty());
}

TEST_F(StoreSearch, NoHitIsAnEmptyList) {
  EXPECT_TRUE(Find("ランサムウェア").empty());
  EXPECT_TRUE(Find("鯖").empty());
}

TEST_F(StoreSearch, SurroundingSpacesAreIgnored) {
  EXPECT_EQ(Ids("  漏洩 "), std::vector<int64_t>{leak_});
  EXPECT_EQ(Ids("\t個人情報\n"), std::vector<int64_t>{leak_});
}

TEST_F(StoreSearch, BadArgumentsAreInvalidInput) {
  for (const std::string query : {"", "   "}) {
    Result<std::vector<SearchHit>> hits = store_->Search(query, 10);
    ASSERT_FALSE(hits.ok());
    EXPECT_EQ(hits.status().code(), Status::Code::kInvalidInput);
  }
  EXPECT_FALSE(store_->Search("漏洩", 0).ok());
  EXPECT_FALSE(store_->Search(std::string("ab\0c", 4), 10).ok());
}

TEST_F(StoreSearch, LimitIsRespected) {
  for (int i = 0; i < 5; ++i) Put("追加" + std::to_string(i), "追加の不正アクセス報告です。");
  EXPECT_EQ(Find("不正アクセス", 3).size(), 3u);
  EXPECT_EQ(Find("不正", 2).size(), 2u);
}

TEST_F(StoreSearch, IndexFollowsUpdatesAndDeletes) {
  RawDb raw(path_);
  ASSERT_EQ(raw.Exec("UPDATE documents SET text = 'ランサムウェア被害の報告' WHERE id = " +
                     std::to_string(other_)),
            "");
  EXPECT_EQ(Ids("ランサムウェア"), std::vector<int64_t>{other_});
  EXPECT_TRUE(Find("新製品を発売").empty());
  ASSERT_EQ(raw.Exec("DELETE FROM documents WHERE id = " + std::to_string(leak_)), "");
  EXPECT_TRUE(Find("不正アクセス").empty());
  EXPECT_EQ(raw.Exec("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')"), "");
}

TEST(StoreSearchText, Utf8LengthCountsCharactersNotBytes) {
  EXPECT_EQ(sqlite::Utf8Length(""), 0u);
  EXPECT_EQ(sqlite::Utf8Length("abc"), 3u);
  EXPECT_EQ(sqlite::Utf8Length("漏洩"), 2u);
  EXPECT_EQ(sqlite::Utf8Length("個人情報"), 4u);
  EXPECT_EQ(sqlite::Utf8Length("a漏😀"), 3u);
}

TEST(StoreSearchText, QuotingAndEscaping) {
  EXPECT_EQ(sqlite::QuoteFts5String("abc"), "\"abc\"");
  EXPECT_EQ(sqlite::QuoteFts5String("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(sqlite::LikeContainsPattern("50%_a\\"), "%50\\%\\_a\\\\%");
}

TEST(StoreSearchText, ExcerptCutsOnCharacterBoundaries) {
  const std::string text = "あいうえおかきくけこさしすせそ";
  EXPECT_EQ(sqlite::ExcerptAround(text, "くけ", 2), "…かき[くけ]こさ…");
  EXPECT_EQ(sqlite::ExcerptAround(text, "あい", 2), "[あい]うえ…");
  EXPECT_EQ(sqlite::ExcerptAround("Hello World", "world", 3), "…lo [World]");
  EXPECT_EQ(sqlite::ExcerptAround(text, "ん", 2), "");
}

}  // namespace
}  // namespace kenchi::store_test
