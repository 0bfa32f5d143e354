#include "kenchi/text/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "kenchi/text/encoding.h"

namespace kenchi::text {
namespace {

using namespace std::string_view_literals;

TEST(NormalizeNfkc, FullWidthDigitsAndCommas) {
  EXPECT_EQ(Nfkc("２，００７万６０１６件"), "2,007万6016件");
  EXPECT_EQ(Nfkc("約１２．５％"), "約12.5%");
}

TEST(NormalizeNfkc, FullWidthBracketsAndLatin) {
  EXPECT_EQ(Nfkc("（株）サンプル商事"), "(株)サンプル商事");
  EXPECT_EQ(Nfkc("［速報］｛ＰａｙＰａｙ｝"), "[速報]{PayPay}");
  EXPECT_EQ(Nfkc("ｅｘａｍｐｌｅ．ｃｏ．ｊｐ／ｌｏｇｉｎ"), "example.co.jp/login");
  EXPECT_EQ(Nfkc("　全角スペース"), " 全角スペース");  // U+3000 -> U+0020
}

TEST(NormalizeNfkc, EnclosedAndSquaredForms) {
  EXPECT_EQ(Nfkc("㈱"), "(株)");
  EXPECT_EQ(Nfkc("①②"), "12");
  EXPECT_EQ(Nfkc("㍻"), "平成");
}

TEST(NormalizeNfkc, HalfWidthKatakanaBecomesFullWidth) {
  EXPECT_EQ(Nfkc("ｱｸｾｽ"), "アクセス");
  // Voiced and semi-voiced marks join their base: ｶﾞ -> ガ, ﾊﾟ -> パ.
  EXPECT_EQ(Nfkc("ｶﾞｲﾄﾞﾊﾟｽ"), "ガイドパス");
}

TEST(NormalizeNfkc, ComposesCombiningMarks) {
  EXPECT_EQ(Nfkc("\xe3\x81\x8b\xe3\x82\x99"), "が");  // か + U+3099
  EXPECT_EQ(Nfkc("e\xcc\x81"), "\xc3\xa9");            // e + U+0301 -> é
}

TEST(NormalizeNfkc, LeavesPlainTextAlone) {
  EXPECT_EQ(Nfkc(""), "");
  EXPECT_EQ(Nfkc("Unauthorized access, 2024-05-01"), "Unauthorized access, 2024-05-01");
  EXPECT_EQ(Nfkc("不正アクセスにより個人情報が漏えい"), "不正アクセスにより個人情報が漏えい");
  EXPECT_EQ(Nfkc("Case Stays"), "Case Stays");
}

TEST(NormalizeNfkc, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(Nfkc("a\xff" "b"), "a\xef\xbf\xbd" "b");
  EXPECT_EQ(Nfkc("x\xe3\x82"), "x\xef\xbf\xbd");  // truncated sequence: one U+FFFD
  // A surrogate is three ill-formed bytes: three U+FFFD.
  EXPECT_EQ(Nfkc("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(Nfkc("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(Nfkc("nul\0kept"sv), "nul\0kept"sv);
  EXPECT_TRUE(IsValidUtf8(Nfkc("\x80\x81\xfe\xff\xf4\x90\x80\x80 ２")));
}

TEST(NormalizeNfkc, LongInputIsCutAtSafeBoundaries) {
  // Well over the 1 MiB piece size, made of pairs that must stay together
  // (ｶ + ﾞ -> ガ), offset by one byte so a naive cut would split a pair.
  std::string in = "x";
  std::string want = "x";
  for (int i = 0; i < 400000; ++i) {
    in += "ｶﾞ";
    want += "ガ";
  }
  in += "\xff";
  want += "\xef\xbf\xbd";
  EXPECT_EQ(Nfkc(in), want);
}

TEST(NormalizeCaseFold, FoldsCaseAndWidth) {
  EXPECT_EQ(NfkcCaseFold("ＰａｙＰａｙ"), "paypay");
  EXPECT_EQ(NfkcCaseFold("PayPay"), "paypay");
  EXPECT_EQ(NfkcCaseFold("ＰａｙＰａｙ"), NfkcCaseFold("paypay"));
  EXPECT_EQ(NfkcCaseFold("EXAMPLE.CO.JP"), "example.co.jp");
}

TEST(NormalizeCaseFold, FullUnicodeFolding) {
  EXPECT_EQ(NfkcCaseFold("Straße"), "strasse");
  EXPECT_EQ(NfkcCaseFold("ΣΊΣΥΦΟΣ"), NfkcCaseFold("σίσυφος"));
  EXPECT_EQ(NfkcCaseFold("ｶﾞｲﾄﾞ"), "ガイド");  // kana have no case; width still folds
}

TEST(NormalizeCaseFold, InvalidBytes) {
  EXPECT_EQ(NfkcCaseFold("A\xff" "B"), "a\xef\xbf\xbd" "b");
  EXPECT_TRUE(IsValidUtf8(NfkcCaseFold("\xe3\x82\xe3 ＡＢＣ \xf8")));
}

}  // namespace
}  // namespace kenchi::text
