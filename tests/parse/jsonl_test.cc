#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

// A forum scrape: posts about leaked data, one JSON object per line, with
// one line cut short by an interrupted write.
const std::string kLine1 =
    R"({"title":"日本の通販サイト 顧客DB 20万件","body":"氏名・住所・電話番号・メールアドレスを含む。\nサンプル提供可。","posted_at":"2024-04-01 03:12:55","url":"http://exampleforum.onion/thread/1234"})";
const std::string kLine2 = R"({"title":"VPN access JP manufacturer","message":"FortiGate, domain admin","date":"2024/4/2"})";
const std::string kLine4 = R"({"title":"クレジットカード情報 1,500件", "content": "有効期限・セキュリティコード付き", "published_at": "2024年4月3日"})";

std::string Scrape() {
  return kLine1 + "\n" + kLine2 + "\r\n" + R"({"title":"途中で切れた行","body":"あいう)" + "\n" +
         kLine4 + "\n\n";
}

TEST(ParseJsonLinesTest, EachGoodLineIsADocument) {
  Result<ParseOutput> out = ParseFile(Scrape(), "dumps/forum.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 3u);

  const Document& a = out->documents[0];
  EXPECT_EQ(a.format, DocumentFormat::kJsonLines);
  EXPECT_EQ(a.encoding, Encoding::kUtf8);
  EXPECT_EQ(a.title, "日本の通販サイト 顧客DB 20万件");
  EXPECT_EQ(a.text, "氏名・住所・電話番号・メールアドレスを含む。\nサンプル提供可。");
  EXPECT_EQ(a.published_on, "2024-04-01");
  EXPECT_EQ(a.uri, "http://exampleforum.onion/thread/1234");  // a real URL wins
  EXPECT_EQ(a.raw, kLine1);
  EXPECT_EQ(a.content_hash, Sha256Hex(kLine1));

  const Document& b = out->documents[1];
  EXPECT_EQ(b.uri, "dumps/forum.jsonl#L2");
  EXPECT_EQ(b.raw, kLine2);  // without the CR of its CRLF
  EXPECT_EQ(b.text, "FortiGate, domain admin");
  EXPECT_EQ(b.published_on, "2024-04-02");

  const Document& c = out->documents[2];
  EXPECT_EQ(c.uri, "dumps/forum.jsonl#L4");
  EXPECT_EQ(c.text, "有効期限・セキュリティコード付き");
  EXPECT_EQ(c.published_on, "2024-04-03");
}

TEST(ParseJsonLinesTest, MalformedLineIsRejectedWithPathAndLine) {
  Result<ParseOutput> out = ParseFile(Scrape(), "dumps/forum.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->rejected.size(), 1u);
  EXPECT_EQ(out->rejected[0].where, "dumps/forum.jsonl:3");
  EXPECT_EQ(out->rejected[0].reason.rfind("invalid JSON (", 0), 0u) << out->rejected[0].reason;
  EXPECT_EQ(out->rejected[0].reason.find("[json.exception"), std::string::npos);
}

TEST(ParseJsonLinesTest, FieldPrecedenceAndOddValues) {
  std::string file =
      R"j({"title":"  一行\n目  ","text":"本文","body":"使われない","published":"不明","date":"2023-12-01","link":"javascript:alert(1)"})j"
      "\n"
      R"({"title":123,"content":["not","a","string"],"url":"ftp://example.jp/x"})"
      "\n"
      R"({"message":"NUL\u0000を含む","link":"HTTPS://Example.JP/a?b=c"})"
      "\n";
  Result<ParseOutput> out = ParseFile(file, "feed.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 3u);
  EXPECT_EQ(out->documents[0].title, "一行 目");
  EXPECT_EQ(out->documents[0].text, "本文");
  EXPECT_EQ(out->documents[0].published_on, "2023-12-01");  // "不明" is skipped
  EXPECT_EQ(out->documents[0].uri, "feed.jsonl#L1");        // not an http(s) URL
  EXPECT_EQ(out->documents[1].title, "");
  EXPECT_EQ(out->documents[1].text, "");
  EXPECT_EQ(out->documents[1].uri, "feed.jsonl#L2");
  EXPECT_EQ(out->documents[2].text, "NULを含む");
  EXPECT_EQ(out->documents[2].uri, "HTTPS://Example.JP/a?b=c");
}

TEST(ParseJsonLinesTest, NonObjectsDeepNestingAndLongLinesAreRejected) {
  std::string deep = "{\"a\":" + std::string(300, '[') + std::string(300, ']') + "}";
  std::string long_line = "{\"text\":\"" + std::string(internal::kMaxJsonLineBytes, 'x') + "\"}";
  std::string file =
      "{\"title\":\"ok\"}\n" + deep + "\n" + long_line + "\n{\"x\":1}\n[1,2]\n{\"y\":2}\n";
  Result<ParseOutput> out = ParseFile(file, "f.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->documents.size(), 3u);
  ASSERT_EQ(out->rejected.size(), 3u);
  EXPECT_EQ(out->rejected[0].where, "f.jsonl:2");
  EXPECT_NE(out->rejected[0].reason.find("nested deeper"), std::string::npos);
  EXPECT_EQ(out->rejected[1].where, "f.jsonl:3");
  EXPECT_NE(out->rejected[1].reason.find("over the 1048576-byte limit"), std::string::npos);
  EXPECT_EQ(out->rejected[2].where, "f.jsonl:5");
  EXPECT_EQ(out->rejected[2].reason, "not a JSON object (it is array)");
}

TEST(ParseJsonLinesTest, NumberOverflowIsARejectionNotACrash) {
  Result<ParseOutput> out = ParseFile("{\"a\":1}\n{\"n\":1e999}\n{\"b\":2}\n", "n.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->documents.size(), 2u);
  ASSERT_EQ(out->rejected.size(), 1u);
  EXPECT_EQ(out->rejected[0].where, "n.jsonl:2");
  EXPECT_EQ(out->rejected[0].reason, "invalid JSON (number overflow parsing '1e999')");
}

TEST(ParseJsonLinesTest, EveryLineBadIsAnError) {
  std::string file = "{\"a\":}\n{\"b\":\n{oops}\n";
  Result<ParseOutput> out = ParseFile(file, "broken.jsonl");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(out.status().message().rfind("broken.jsonl: no usable JSON line (3 rejected; first "
                                         "broken.jsonl:1: invalid JSON",
                                         0),
            0u)
      << out.status().message();
}

TEST(ParseJsonLinesTest, BomOnFirstLineIsNotPartOfTheRecord) {
  std::string line = R"({"title":"BOM付き"})";
  Result<ParseOutput> out = ParseFile("\xEF\xBB\xBF" + line + "\n", "bom.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 1u);
  EXPECT_EQ(out->documents[0].raw, line);
  EXPECT_EQ(out->documents[0].content_hash, Sha256Hex(line));
  EXPECT_EQ(out->documents[0].title, "BOM付き");
}

TEST(ParseJsonLinesTest, ShiftJisLinesKeepTheirBytes) {
  // {"title":"お知らせ","text":"個人情報が流出"} in Shift_JIS (iconv-checked).
  const std::string line =
      "{\"title\":\"\x82\xa8\x92\x6d\x82\xe7\x82\xb9\",\"text\":\""
      "\x8c\xc2\x90\x6c\x8f\xee\x95\xf1\x82\xaa\x97\xac\x8f\x6f\"}";
  Result<ParseOutput> out = ParseFile(line + "\n" + line + "\n", "sjis.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 2u);
  EXPECT_EQ(out->documents[0].encoding, Encoding::kShiftJis);
  EXPECT_EQ(out->documents[0].raw, line);
  EXPECT_EQ(out->documents[0].title, "お知らせ");
  EXPECT_EQ(out->documents[0].text, "個人情報が流出");
  EXPECT_EQ(out->documents[1].uri, "sjis.jsonl#L2");
}

}  // namespace
}  // namespace kenchi::parse
