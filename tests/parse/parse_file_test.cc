#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"

namespace kenchi::parse {
namespace {

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A Shift_JIS page whose only charset declaration is <meta charset>. The
// Japanese bytes were produced with `iconv -f UTF-8 -t SHIFT_JIS` and
// checked back with `iconv -f SHIFT_JIS -t UTF-8`:
//   お知らせ      82 a8 92 6d 82 e7 82 b9
//   不正アクセス  95 73 90 b3 83 41 83 4e 83 5a 83 58
//   個人情報      8c c2 90 6c 8f ee 95 f1
//   流出          97 ac 8f 6f
//   株式会社      8a 94 8e ae 89 ef 8e d0
const std::string kShiftJisPage =
    "<!DOCTYPE html>\n<html><head><meta charset=\"Shift_JIS\">\n"
    "<title>\x95\x73\x90\xb3\x83\x41\x83\x4e\x83\x5a\x83\x58\x82\xcc\x82\xa8\x92\x6d\x82\xe7\x82\xb9"
    "</title></head>\n<body><p>\x8a\x94\x8e\xae\x89\xef\x8e\xd0\x82\xcc"
    "\x8c\xc2\x90\x6c\x8f\xee\x95\xf1\x82\xaa\x97\xac\x8f\x6f</p></body></html>\n";

TEST(ParseFileTest, ShiftJisHtmlDeclaredByMetaCharset) {
  Result<ParseOutput> out = ParseFile(kShiftJisPage, "pages/notice.html");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 1u);
  const Document& doc = out->documents[0];
  EXPECT_EQ(doc.format, DocumentFormat::kHtml);
  EXPECT_EQ(doc.encoding, Encoding::kShiftJis);
  EXPECT_EQ(doc.title, "不正アクセスのお知らせ");
  EXPECT_EQ(doc.text, "株式会社の個人情報が流出");
  EXPECT_EQ(doc.uri, "pages/notice.html");
  EXPECT_EQ(doc.raw, kShiftJisPage);  // the bytes as collected, not the UTF-8
  EXPECT_EQ(doc.content_hash, Sha256Hex(kShiftJisPage));
}

TEST(ParseFileTest, MetaCharsetDecidesBetweenEncodingsThatBothFit) {
  // B1 B8 BE BD is half-width ｱｸｾｽ in Shift_JIS and 姥晶 in EUC-JP; only
  // the declaration can tell them apart.
  const std::string bytes = "\xb1\xb8\xbe\xbd";
  Result<ParseOutput> sjis =
      ParseFile("<html><head><meta charset=\"Shift_JIS\"></head><body><p>" + bytes +
                    "</p></body></html>",
                "a.html");
  ASSERT_TRUE(sjis.ok()) << sjis.status().message();
  EXPECT_EQ(sjis->documents[0].encoding, Encoding::kShiftJis);
  EXPECT_EQ(sjis->documents[0].text, "ｱｸｾｽ");

  Result<ParseOutput> euc = ParseFile(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\">"
      "</head><body><p>" + bytes + "</p></body></html>",
      "b.html");
  ASSERT_TRUE(euc.ok()) << euc.status().message();
  EXPECT_EQ(euc->documents[0].encoding, Encoding::kEucJp);
  EXPECT_EQ(euc->documents[0].text, "姥晶");
}

TEST(ParseFileTest, Utf8HtmlWithChrome) {
  const std::string page =
      "<!doctype html><html><head><title>システム障害とデータ漏えいのお知らせ</title>"
      "<meta name=\"date\" content=\"2024-06-01\"></head><body>"
      "<nav class=\"gnav\">トップ / 企業情報</nav>"
      "<script>gtag('config','G-XXXX');</script>"
      "<main><h1>データ漏えいのお知らせ</h1><p>R&amp;D部門のファイルサーバーから&#x3042;る資料が外部に送信されました。</p></main>"
      "<footer>&copy; 2024 株式会社サンプル</footer></body></html>";
  Result<ParseOutput> out = ParseFile(page, "p.html");
  ASSERT_TRUE(out.ok()) << out.status().message();
  const Document& doc = out->documents[0];
  EXPECT_EQ(doc.format, DocumentFormat::kHtml);
  EXPECT_EQ(doc.encoding, Encoding::kUtf8);
  EXPECT_EQ(doc.title, "システム障害とデータ漏えいのお知らせ");
  EXPECT_EQ(doc.published_on, "2024-06-01");
  EXPECT_EQ(doc.text,
            "データ漏えいのお知らせ\n\nR&D部門のファイルサーバーからある資料が外部に送信されました。");
  EXPECT_FALSE(Has(doc.text, "gtag"));
  EXPECT_FALSE(Has(doc.text, "企業情報"));
}

TEST(ParseFileTest, EmptyFileIsAnErrorNamingThePath) {
  Result<ParseOutput> out = ParseFile("", "inbox/empty.txt");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(out.status().message(), "inbox/empty.txt: file is empty");
}

TEST(ParseFileTest, WhitespaceOnlyIsAnError) {
  Result<ParseOutput> out = ParseFile(" \r\n\t\n", "inbox/blank.txt");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(), "inbox/blank.txt: file contains only whitespace");
}

TEST(ParseFileTest, BinaryIsAnErrorNamingThePath) {
  // The start of a PNG.
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 24);
  Result<ParseOutput> out = ParseFile(png, "inbox/logo.png");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(out.status().message().rfind("inbox/logo.png: ", 0), 0u) << out.status().message();
}

TEST(ParseFileTest, UndecodableBytesAreAnErrorNamingThePath) {
  // A lone UTF-8 lead byte at the end fits no supported encoding cleanly.
  Result<ParseOutput> out = ParseFile("お知らせ\n\xE3\x81", "inbox/cut.txt");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message().rfind("inbox/cut.txt: ", 0), 0u) << out.status().message();
}

TEST(ParseFileTest, OversizeIsRejectedBeforeAnyWork) {
  std::string big(kMaxDocumentBytes + 1, 'a');
  Result<ParseOutput> out = ParseFile(big, "huge.txt");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(out.status().message(), "huge.txt: file is 67108865 bytes, over the 67108864-byte limit");
}

TEST(ParseFileTest, Utf16JsonLinesAreSplitAfterDecoding) {
  // {"title":"漏えい"}\n{"title":"流出"}\n as UTF-16LE with a BOM.
  auto utf16le = [](const std::u16string& s) {
    std::string out = "\xFF\xFE";
    for (char16_t c : s) {
      out.push_back(static_cast<char>(c & 0xFF));
      out.push_back(static_cast<char>(c >> 8));
    }
    return out;
  };
  Result<ParseOutput> out =
      ParseFile(utf16le(u"{\"title\":\"漏えい\"}\n{\"title\":\"流出\"}\n"), "u16.jsonl");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 2u);
  EXPECT_EQ(out->documents[0].title, "漏えい");
  // The record as UTF-8, since UTF-16 cannot be cut at byte 0x0A.
  EXPECT_EQ(out->documents[0].raw, "{\"title\":\"漏えい\"}");
  EXPECT_EQ(out->documents[0].encoding, Encoding::kUtf8);
  EXPECT_EQ(out->documents[1].uri, "u16.jsonl#L2");
}

}  // namespace
}  // namespace kenchi::parse
