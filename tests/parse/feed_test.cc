// Feed parsing: the three formats, encodings, relative links, dates, and
// the bad input a collector meets (empty, malformed, not a feed, entities).
#include "kenchi/parse/feed.h"

#include <gtest/gtest.h>

#include "support/run.h"

namespace kenchi::parse {
namespace {

using kenchi::testing::ReadFileOrDie;
using kenchi::testing::SourceDir;

// A fixture feed as the test server would send it from http://news.example.jp.
std::string Fixture(const std::string& name) {
  std::string s = ReadFileOrDie(SourceDir() + "/tests/fixtures/collect/site/feeds/" + name);
  const std::string placeholder = "{{BASE}}";
  for (size_t at; (at = s.find(placeholder)) != std::string::npos;)
    s.replace(at, placeholder.size(), "http://news.example.jp");
  return s;
}

TEST(FeedTest, Rss2) {
  Result<Feed> feed = ParseFeed(Fixture("rss2.xml"), "http://news.example.jp/feeds/rss2.xml");
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_EQ(feed->kind, FeedKind::kRss);
  EXPECT_EQ(feed->title, "サンプル新報 セキュリティ");
  ASSERT_EQ(feed->entries.size(), 10u);
  const FeedEntry& first = feed->entries[0];
  EXPECT_EQ(first.title, "通販サイトに不正アクセス、会員情報約3万件流出の恐れ");
  EXPECT_EQ(first.link, "http://news.example.jp/news/2024/0601-kaiin.html");
  EXPECT_EQ(first.published_on, "2024-06-01");
  EXPECT_EQ(feed->entries[6].link, "ftp://files.example.jp/notice/0606.txt");
}

TEST(FeedTest, RdfInShiftJis) {
  const std::string bytes = Fixture("notices.rdf");
  ASSERT_NE(bytes.find("Shift_JIS"), std::string::npos);
  Result<Feed> feed = ParseFeed(bytes, "http://city.example.jp/feeds/notices.rdf");
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_EQ(feed->kind, FeedKind::kRdf);
  EXPECT_EQ(feed->title, "サンプル市 お知らせ");
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].title, "市民向けメールの誤送信について");
  EXPECT_EQ(feed->entries[0].published_on, "2024-06-08");
  EXPECT_EQ(feed->entries[1].id, "http://news.example.jp/notices/0610-notice.pdf");
  EXPECT_EQ(feed->entries[1].link, "http://news.example.jp/notices/0610-notice.pdf");
}

TEST(FeedTest, AtomLinksAreResolvedAgainstTheFeedUrl) {
  Result<Feed> feed = ParseFeed(Fixture("news.atom"), "http://univ.example.jp/feeds/news.atom");
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_EQ(feed->kind, FeedKind::kAtom);
  ASSERT_EQ(feed->entries.size(), 3u);
  EXPECT_EQ(feed->entries[0].link, "http://univ.example.jp/univ/0612-notice.html");
  EXPECT_EQ(feed->entries[0].id, "tag:univ.example.jp,2024:0612");
  EXPECT_EQ(feed->entries[0].published_on, "2024-06-12");
  EXPECT_EQ(feed->entries[1].published_on, "2024-06-11") << "updated when not published";
  EXPECT_NE(feed->entries[0].summary.find("不正ログイン"), std::string::npos);
}

TEST(FeedTest, AtomPrefersTheAlternateLink) {
  const std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title>"
      "<link rel=\"edit\" href=\"http://a.example.jp/edit\"/>"
      "<link rel=\"alternate\" href=\"http://a.example.jp/page\"/></entry></feed>";
  Result<Feed> feed = ParseFeed(atom, "http://a.example.jp/feed");
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  ASSERT_EQ(feed->entries.size(), 1u);
  EXPECT_EQ(feed->entries[0].link, "http://a.example.jp/page");
}

TEST(FeedTest, RssGuidIsTheLinkWhenThereIsNoLink) {
  const std::string rss =
      "<rss version=\"2.0\"><channel><item><title>a</title>"
      "<guid>http://a.example.jp/1</guid><pubDate>Mon, 3 Jun 24 08:00:00 GMT</pubDate></item>"
      "<item><title>b</title><guid isPermaLink=\"false\">id-2</guid></item>"
      "</channel></rss>";
  Result<Feed> feed = ParseFeed(rss, "http://a.example.jp/feed");
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  ASSERT_EQ(feed->entries.size(), 2u);
  EXPECT_EQ(feed->entries[0].link, "http://a.example.jp/1");
  EXPECT_EQ(feed->entries[0].published_on, "2024-06-03");
  EXPECT_EQ(feed->entries[1].link, "");
  EXPECT_EQ(feed->entries[1].id, "id-2");
}

TEST(FeedTest, EmptyFeedIsNotAnError) {
  Result<Feed> feed = ParseFeed(Fixture("empty.xml"), "http://a.example.jp/empty.xml");
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_TRUE(feed->entries.empty());
  EXPECT_EQ(feed->title, "サンプル商事 ニュースリリース");
}

TEST(FeedTest, MalformedXmlNamesTheUrlAndLine) {
  Result<Feed> feed = ParseFeed(Fixture("broken.xml"), "http://a.example.jp/broken.xml");
  ASSERT_FALSE(feed.ok());
  EXPECT_EQ(feed.status().code(), Status::Code::kInvalidInput);
  const std::string& m = feed.status().message();
  EXPECT_NE(m.find("http://a.example.jp/broken.xml:"), std::string::npos) << m;
  EXPECT_NE(m.find("malformed XML"), std::string::npos) << m;
  // libxml2 reports where it gave up (the end of the data, line 11).
  EXPECT_NE(m.find("broken.xml:11:"), std::string::npos) << m;
}

TEST(FeedTest, BadBytesAreRefused) {
  EXPECT_FALSE(ParseFeed("", "u").ok());
  EXPECT_FALSE(ParseFeed("   \n", "u").ok());
  EXPECT_FALSE(ParseFeed(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "u").ok());
  Result<Feed> html = ParseFeed("<html><body><p>x</p></body></html>", "http://a.example.jp/");
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().message().find("not a feed"), std::string::npos)
      << html.status().message();
  EXPECT_FALSE(ParseFeed(std::string(kMaxFeedBytes + 1, ' '), "u").ok());
}

TEST(FeedTest, DeclaredEntitiesAreNotExpanded) {
  // "Billion laughs": expanding would need gigabytes.
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    xml += std::string("<!ENTITY ") + c + " \"";
    for (int i = 0; i < 10; ++i) xml += std::string("&") + prev + ";";
    xml += "\">";
    prev = c;
  }
  xml += "]><rss><channel><item><title>&j;</title><link>http://a.example.jp/1</link></item>"
         "</channel></rss>";
  Result<Feed> feed = ParseFeed(xml, "http://a.example.jp/feed");
  // Either refused by libxml2's amplification guard or parsed without
  // expansion; never a title of 10^10 bytes.
  if (feed.ok()) {
    ASSERT_EQ(feed->entries.size(), 1u);
    EXPECT_LT(feed->entries[0].title.size(), 1000u);
  }
}

TEST(FeedTest, HttpCharsetIsUsed) {
  // EUC-JP bytes with no XML declaration: the HTTP charset says what they are.
  const std::string rss = "<rss><channel><title>\xA4\xAA\xC3\xCE\xA4\xE9\xA4\xBB</title></channel></rss>";
  Result<Feed> feed = ParseFeed(rss, "http://a.example.jp/feed", "EUC-JP");
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_EQ(feed->title, "お知らせ");
}

}  // namespace
}  // namespace kenchi::parse
