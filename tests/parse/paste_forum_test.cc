#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"
#include "kenchi/parse/posts.h"

namespace kenchi::parse {
namespace {

const std::string kPasteDump =
    "===== paste 7f3a2b 2024-06-01 12:00 =====\n"
    "selling admin panel access, DM @kakuu_access\n"
    "\n"
    "--- paste: https://paste.example.com/abc9 ---\n"
    "random notes\nline two\n";

TEST(PasteTest, OneDocumentPerPaste) {
  Result<ParseOutput> out = ParseFile(kPasteDump, "dumps/pastes.txt");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 2u);
  const Document& a = out->documents[0];
  EXPECT_EQ(a.source, "paste");
  EXPECT_EQ(a.uri, "dumps/pastes.txt#paste1");
  EXPECT_EQ(a.published_on, "2024-06-01");
  EXPECT_EQ(a.text, "selling admin panel access, DM @kakuu_access");
  EXPECT_EQ(a.raw, "===== paste 7f3a2b 2024-06-01 12:00 =====\n"
                   "selling admin panel access, DM @kakuu_access\n\n");
  const Document& b = out->documents[1];
  EXPECT_EQ(b.uri, "https://paste.example.com/abc9");
  EXPECT_EQ(b.text, "random notes\nline two");
  EXPECT_TRUE(IsPost(b));
}

TEST(PasteTest, TextWithoutHeaderIsOrdinaryText) {
  Result<ParseOutput> out = ParseFile("hello\n===== paste 1 =====\nx\n", "n.txt");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->documents.size(), 1u);
  EXPECT_EQ(out->documents[0].source, "file");
  EXPECT_FALSE(LooksLikePasteDump("=== pastel colours ===\n"));
  EXPECT_TRUE(LooksLikePasteDump("\n### PASTE ###\nx"));
}

TEST(PasteTest, HeaderWithoutTextIsRejected) {
  Result<ParseOutput> out = ParseFile("=== paste 1 ===\n\n=== paste 2 ===\nbody\n", "p.txt");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->documents.size(), 1u);
  ASSERT_EQ(out->rejected.size(), 1u);
  EXPECT_EQ(out->rejected[0].where, "p.txt:1");
  Result<ParseOutput> none = ParseFile("=== paste 1 ===\n   \n", "e.txt");
  EXPECT_FALSE(none.ok());
}

const std::string kForumPage = R"(<!DOCTYPE html>
<html><head><title>Market :: Databases</title></head><body>
<nav>Home | Rules</nav>
<div class="post" id="p1">
  <div class="post-author"><a href="/u/1">kakuu_seller</a></div>
  <time datetime="2024-06-03T08:00:00Z">3 Jun</time>
  <div class="post-content"><p>Selling JP retailer customer DB, 1.2 million rows.</p>
  <p>Price $3,000 for the lot. TG @kakuu_seller</p></div>
</div>
<article class="message message--post">
  <span class="username">reader42</span>
  <span class="date">2024-06-03</span>
  <div class="message-body">is this legit?</div>
</article>
<footer>copyright</footer>
</body></html>
)";

TEST(ForumTest, PostsOfASavedPage) {
  Result<ParseOutput> out = ParseFile(kForumPage, "saved/thread.html");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 2u);
  const Document& a = out->documents[0];
  EXPECT_EQ(a.source, "forum");
  EXPECT_EQ(a.uri, "saved/thread.html#post1");
  EXPECT_EQ(a.title, "Market :: Databases");
  EXPECT_EQ(a.published_on, "2024-06-03");
  EXPECT_NE(a.text.find("1.2 million rows"), std::string::npos) << a.text;
  EXPECT_EQ(a.text.find("kakuu_seller</a>"), std::string::npos);
  PostMeta meta = ReadPostMeta(a);
  EXPECT_EQ(meta.author, "kakuu_seller");
  EXPECT_EQ(meta.posted_at, "2024-06-03T08:00:00Z");
  const Document& b = out->documents[1];
  EXPECT_EQ(b.text, "is this legit?");
  EXPECT_EQ(ReadPostMeta(b).author, "reader42");
}

TEST(ForumTest, ArticlePageStaysOneDocument) {
  const std::string article =
      "<html><body><article class=\"post\"><span class=\"author\">editor</span>"
      "<div class=\"entry-content\"><p>news</p></div></article></body></html>";
  Result<ParseOutput> out = ParseFile(article, "news.html");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->documents.size(), 1u);
  EXPECT_EQ(out->documents[0].format, DocumentFormat::kHtml);
  EXPECT_EQ(out->documents[0].source, "file");
}

TEST(ForumTest, JsonLinesRecordAuthorAndTime) {
  Result<ParseOutput> out = ParseFile(
      R"({"author": "kakuu_seller", "posted_at": "2024-06-04T10:00:00Z", "text": "x"})"
      "\n"
      R"({"user": {"name": "other"}, "timestamp": 1717495200, "body": "y"})"
      "\n",
      "dump.jsonl");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->documents.size(), 2u);
  PostMeta a = ReadPostMeta(out->documents[0]);
  EXPECT_EQ(a.author, "kakuu_seller");
  EXPECT_EQ(a.posted_at, "2024-06-04T10:00:00Z");
  PostMeta b = ReadPostMeta(out->documents[1]);
  EXPECT_EQ(b.author, "other");
  EXPECT_EQ(b.posted_at, "2024-06-04T10:00:00Z");
}

}  // namespace
}  // namespace kenchi::parse
