#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

TEST(ParseSniffTest, RecognisesHtmlDocuments) {
  EXPECT_EQ(SniffFormat("<!DOCTYPE html>\n<html lang=\"ja\"><head></head></html>"),
            DocumentFormat::kHtml);
  EXPECT_EQ(SniffFormat("\xEF\xBB\xBF  \n<HTML><BODY>お知らせ</BODY></HTML>"), DocumentFormat::kHtml);
  EXPECT_EQ(SniffFormat("<!-- saved from url=(0042)https://example.jp/ -->\n<html>"),
            DocumentFormat::kHtml);
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?>\n<!doctype html>"), DocumentFormat::kHtml);
  EXPECT_EQ(SniffFormat("<head><title>t</title></head>"), DocumentFormat::kHtml);
  EXPECT_EQ(SniffFormat("<body>本文</body>"), DocumentFormat::kHtml);
}

TEST(ParseSniffTest, RecognisesHtmlFragments) {
  EXPECT_EQ(SniffFormat("<div><p>弊社サーバーへの不正アクセスについて</p></div>"),
            DocumentFormat::kHtml);
  EXPECT_EQ(SniffFormat("<span>一行目<br>二行目</span>"), DocumentFormat::kHtml);
  EXPECT_EQ(SniffFormat("<span>一行目<BR/>二行目</span>"), DocumentFormat::kHtml);
}

TEST(ParseSniffTest, TagNamesMustBeWhole) {
  // "<header>" is not "<head>", "<brand>" is not "<br>".
  EXPECT_EQ(SniffFormat("<header>見出し</header>"), DocumentFormat::kText);
  EXPECT_EQ(SniffFormat("<brand>名前</brand>"), DocumentFormat::kText);
}

TEST(ParseSniffTest, HtmlMarkersMustBeNearTheStart) {
  std::string late(2000, 'x');
  late += "<html>";
  EXPECT_EQ(SniffFormat(late), DocumentFormat::kText);
}

TEST(ParseSniffTest, RecognisesJsonLines) {
  EXPECT_EQ(SniffFormat("{\"title\":\"a\"}\n{\"title\":\"b\"}\n"), DocumentFormat::kJsonLines);
  EXPECT_EQ(SniffFormat("\n  {\"a\":1}  \r\n\r\n{\"b\":2}\r\n"), DocumentFormat::kJsonLines);
  // Later lines may be broken; they become rejections, not a different format.
  std::string many;
  for (int i = 0; i < 6; ++i) many += "{\"n\":" + std::to_string(i) + "}\n";
  many += "garbage\n";
  EXPECT_EQ(SniffFormat(many), DocumentFormat::kJsonLines);
}

TEST(ParseSniffTest, OneBrokenLineNearTheTopIsStillJsonLines) {
  EXPECT_EQ(SniffFormat("{\"a\":1}\n{\"b\":2}\n{\"c\":\"cut of\n{\"d\":4}\n"),
            DocumentFormat::kJsonLines);
}

TEST(ParseSniffTest, PrettyPrintedJsonIsNotJsonLines) {
  EXPECT_EQ(SniffFormat("{\n  \"title\": \"a\"\n}\n"), DocumentFormat::kText);
  // Most of the first lines must be objects.
  EXPECT_EQ(SniffFormat("{\"a\":1}\nnot json\n"), DocumentFormat::kText);
  EXPECT_EQ(SniffFormat("{注意}\n以下は社外秘です。\n"), DocumentFormat::kText);
  EXPECT_EQ(SniffFormat("not json\n{\"a\":1}\n{\"a\":1}\n"), DocumentFormat::kText);
}

TEST(ParseSniffTest, EverythingElseIsText) {
  EXPECT_EQ(SniffFormat("株式会社サンプル商事\n不正アクセスによる個人情報漏えいのお知らせ\n"),
            DocumentFormat::kText);
  EXPECT_EQ(SniffFormat("x <p>not a fragment</p>"), DocumentFormat::kText);
  EXPECT_EQ(SniffFormat(""), DocumentFormat::kText);
}

TEST(ParseCharsetTest, FindsMetaCharset) {
  EXPECT_EQ(internal::FindDeclaredCharset("<html><head><meta charset=\"Shift_JIS\">"),
            "Shift_JIS");
  EXPECT_EQ(internal::FindDeclaredCharset("<META CHARSET='euc-jp' />"), "euc-jp");
  EXPECT_EQ(internal::FindDeclaredCharset("<meta charset=utf-8>"), "utf-8");
}

TEST(ParseCharsetTest, FindsHttpEquivInEitherAttributeOrder) {
  EXPECT_EQ(internal::FindDeclaredCharset(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"),
            "Shift_JIS");
  EXPECT_EQ(internal::FindDeclaredCharset(
                "<meta content=\"text/html;charset=EUC-JP\" http-equiv=\"content-type\">"),
            "EUC-JP");
  // A content attribute without http-equiv Content-Type declares nothing.
  EXPECT_EQ(internal::FindDeclaredCharset("<meta name=\"x\" content=\"charset=Shift_JIS\">"), "");
}

TEST(ParseCharsetTest, IgnoresCommentsAndLookalikes) {
  EXPECT_EQ(internal::FindDeclaredCharset("<!-- <meta charset=\"euc-jp\"> --><meta charset=\"utf-8\">"),
            "utf-8");
  EXPECT_EQ(internal::FindDeclaredCharset("<metadata charset=\"euc-jp\">"), "");
  EXPECT_EQ(internal::FindDeclaredCharset("plain text, charset=Shift_JIS"), "");
}

TEST(ParseCharsetTest, LooksOnlyAtTheFirstKilobytes) {
  std::string page = "<html><head>" + std::string(5000, ' ') + "<meta charset=\"Shift_JIS\">";
  EXPECT_EQ(internal::FindDeclaredCharset(page), "");
}

TEST(ParseCharsetTest, FallsBackToXmlDeclaration) {
  EXPECT_EQ(internal::FindDeclaredCharset(
                "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<html xmlns=\"x\">"),
            "Shift_JIS");
}

}  // namespace
}  // namespace kenchi::parse
