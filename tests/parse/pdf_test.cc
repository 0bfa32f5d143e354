// PDF notices: poppler text extraction through ParseFile, the bad PDFs a
// collector meets, and `kenchi ingest file.pdf`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kenchi/parse/parse.h"
#include "parse/pdf.h"
#include "support/run.h"

namespace kenchi::parse {
namespace {

using kenchi::testing::ReadFileOrDie;
using kenchi::testing::RunKenchi;
using kenchi::testing::RunResult;
using kenchi::testing::ScratchDir;
using kenchi::testing::SourceDir;

std::string PdfPath(const std::string& name) { return SourceDir() + "/tests/fixtures/pdf/" + name; }

TEST(PdfTest, JapaneseNoticeText) {
  const std::string bytes = ReadFileOrDie(PdfPath("notice-ja.pdf"));
  Result<ParseOutput> out = ParseFile(bytes, "notice-ja.pdf");
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->documents.size(), 1u);
  const Document& doc = out->documents[0];
  EXPECT_EQ(doc.format, DocumentFormat::kPdf);
  EXPECT_EQ(doc.encoding, Encoding::kUtf8);
  EXPECT_EQ(doc.raw, bytes);
  EXPECT_EQ(doc.content_hash, Sha256Hex(bytes));
  EXPECT_EQ(doc.title, "ウェブサイト改ざんに関するお知らせ");
  for (const char* line : {"令和6年6月10日", "観光案内ウェブサイトが第三者により改ざんされ",
                           "現時点で個人情報の流出は確認されておりません。"}) {
    EXPECT_NE(doc.text.find(line), std::string::npos) << line << "\n" << doc.text;
  }
}

TEST(PdfTest, TitleFallsBackToTheFirstLine) {
  Result<ParseOutput> out = ParseFile(ReadFileOrDie(PdfPath("notice-en.pdf")), "notice-en.pdf");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->documents[0].title, "Notice of unauthorized access");
  EXPECT_NE(out->documents[0].text.find("About 1,200 customer e-mail addresses"), std::string::npos)
      << out->documents[0].text;
}

TEST(PdfTest, DamagedAndTextlessPdfsAreRejectedByName) {
  Result<ParseOutput> truncated = ParseFile(ReadFileOrDie(PdfPath("truncated.pdf")), "truncated.pdf");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().message().rfind("truncated.pdf: ", 0), 0u)
      << truncated.status().message();
  Result<ParseOutput> empty = ParseFile(ReadFileOrDie(PdfPath("no-text.pdf")), "no-text.pdf");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("no text"), std::string::npos) << empty.status().message();
  Result<ParseOutput> junk = ParseFile("%PDF-1.7\nnot really a pdf\n", "junk.pdf");
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("junk.pdf"), std::string::npos);
}

TEST(PdfTest, OversizedPdfIsRefusedBeforeParsing) {
  std::string big = "%PDF-1.4\n";
  big.resize(internal::kMaxPdfBytes + 1, '0');
  Result<ParseOutput> out = ParseFile(big, "big.pdf");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("limit"), std::string::npos) << out.status().message();
}

TEST(PdfTest, IngestStoresAPdfAndRejectsABrokenOne) {
  ScratchDir dir;
  const std::string db = dir.path() + "/kenchi.db";
  const std::string in = dir.path() + "/in";
  dir.Write("in/notice.pdf", ReadFileOrDie(PdfPath("notice-ja.pdf")));
  dir.Write("in/truncated.pdf", ReadFileOrDie(PdfPath("truncated.pdf")));
  RunResult r = RunKenchi({"--db", db, "--json", "ingest", in});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["documents_new"], 1);
  EXPECT_EQ(j["rejected"], 1);
  RunResult search = RunKenchi({"--db", db, "search", "観光案内ウェブサイト"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("notice.pdf"), std::string::npos) << search.out;
}

TEST(PdfTest, TransportCharsetOutranksMeta) {
  // Half-width katakana in Shift_JIS are also valid EUC-JP kanji: the
  // declaration decides, and the HTTP one wins over <meta>.
  const std::string page =
      "<html><head><meta charset=\"EUC-JP\"><title>t</title></head><body><p>"
      "\xB1\xB2\xB3\xB4\xB5\xB6\xB7\xB8</p></body></html>";
  ParseOptions sjis;
  sjis.declared_charset = "Shift_JIS";
  Result<ParseOutput> as_sjis = ParseFile(page, "http://a.example.jp/", sjis);
  ASSERT_TRUE(as_sjis.ok()) << as_sjis.status().message();
  EXPECT_EQ(as_sjis->documents[0].encoding, Encoding::kShiftJis);
  Result<ParseOutput> as_meta = ParseFile(page, "http://a.example.jp/");
  ASSERT_TRUE(as_meta.ok()) << as_meta.status().message();
  EXPECT_EQ(as_meta->documents[0].encoding, Encoding::kEucJp);
  ParseOptions unknown;
  unknown.declared_charset = "x-no-such-charset";
  Result<ParseOutput> fallback = ParseFile(page, "http://a.example.jp/", unknown);
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->documents[0].encoding, Encoding::kEucJp) << "unknown label: <meta> decides";
}

}  // namespace
}  // namespace kenchi::parse
