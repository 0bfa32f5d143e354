#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

constexpr const char* kNotice =
    "\n"
    "　　個人情報漏えいに関するお詫びとお知らせ　\n"
    "\n"
    "2024年5月20日\n"
    "株式会社サンプル商事\n"
    "\n"
    "当社の会員サイトが不正アクセスを受け、会員様のメールアドレス 約3万件が\n"
    "外部に流出した可能性があることが判明しました。\n";

TEST(ParseTextTest, TitleIsFirstNonBlankLineTrimmed) {
  Document doc;
  internal::FillFromText(kNotice, &doc);
  // Ideographic spaces (U+3000) are trimmed like ASCII ones.
  EXPECT_EQ(doc.title, "個人情報漏えいに関するお詫びとお知らせ");
  EXPECT_EQ(doc.text, kNotice);
  EXPECT_EQ(doc.published_on, "");  // the extractor reads "2024年5月20日" from the text
}

TEST(ParseTextTest, LineEndingsBecomeLineFeeds) {
  Document doc;
  internal::FillFromText("件名\r\n本文一行目\r本文二行目\r\n", &doc);
  EXPECT_EQ(doc.title, "件名");
  EXPECT_EQ(doc.text, "件名\n本文一行目\n本文二行目\n");
}

TEST(ParseTextTest, ViaParseFile) {
  Result<ParseOutput> out = ParseFile(kNotice, "notices/2024-05-20.txt");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 1u);
  EXPECT_TRUE(out->rejected.empty());
  const Document& doc = out->documents[0];
  EXPECT_EQ(doc.uri, "notices/2024-05-20.txt");
  EXPECT_EQ(doc.format, DocumentFormat::kText);
  EXPECT_EQ(doc.encoding, Encoding::kUtf8);
  EXPECT_EQ(doc.raw, kNotice);
  EXPECT_EQ(doc.content_hash, Sha256Hex(kNotice));
  EXPECT_EQ(doc.title, "個人情報漏えいに関するお詫びとお知らせ");
}

TEST(ParseTextTest, Helpers) {
  EXPECT_EQ(internal::TrimSpace(" \t\xC2\xA0　題名　\r\n"), "題名");
  EXPECT_EQ(internal::TrimSpace("   "), "");
  EXPECT_EQ(internal::CutUtf8("あいう", 4), "あ");
  EXPECT_EQ(internal::CutUtf8("あいう", 6), "あい");
  EXPECT_EQ(internal::CutUtf8("abc", 10), "abc");
}

}  // namespace
}  // namespace kenchi::parse
