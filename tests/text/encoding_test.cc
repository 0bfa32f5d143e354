#include "kenchi/text/encoding.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

// Every byte literal below was produced and checked with Python's codecs
// (cp932, euc_jp, iso2022_jp, utf-16-le/-be), independently of ICU.

namespace kenchi::text {
namespace {

using namespace std::string_view_literals;

// "不正アクセス" in each encoding.
constexpr std::string_view kFuseiUtf8 = "\xe4\xb8\x8d\xe6\xad\xa3\xe3\x82\xa2\xe3\x82\xaf\xe3\x82\xbb\xe3\x82\xb9"sv;
constexpr std::string_view kFuseiSjis = "\x95\x73\x90\xb3\x83\x41\x83\x4e\x83\x5a\x83\x58"sv;
constexpr std::string_view kFuseiEuc = "\xc9\xd4\xc0\xb5\xa5\xa2\xa5\xaf\xa5\xbb\xa5\xb9"sv;
constexpr std::string_view kFuseiJis = "\x1b\x24\x42\x49\x54\x40\x35\x25\x22\x25\x2f\x25\x3b\x25\x39\x1b\x28\x42"sv;

Decoded MustDecode(std::string_view bytes, std::string_view declared = {}) {
  Result<Decoded> r = DecodeToUtf8(bytes, declared);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return Decoded{"", Encoding::kUtf8};
  EXPECT_TRUE(IsValidUtf8(r->utf8));
  return std::move(r).value();
}

std::string MustFail(std::string_view bytes, std::string_view declared = {}) {
  Result<Decoded> r = DecodeToUtf8(bytes, declared);
  EXPECT_FALSE(r.ok()) << "decoded as " << ToString(r.ok() ? r->encoding : Encoding::kUtf8) << ": "
                       << (r.ok() ? r->utf8 : "");
  if (r.ok()) return {};
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  return r.status().message();
}

// ---- detection and conversion ------------------------------------------------------

TEST(EncodingDetect, PureAsciiIsUtf8) {
  Decoded d = MustDecode("Unauthorized access at example.co.jp\n");
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.utf8, "Unauthorized access at example.co.jp\n");
}

TEST(EncodingDetect, PureAsciiStaysUtf8WhateverIsDeclared) {
  EXPECT_EQ(MustDecode("plain text", "Shift_JIS").encoding, Encoding::kUtf8);
  EXPECT_EQ(MustDecode("plain text", "EUC-JP").encoding, Encoding::kUtf8);
  EXPECT_EQ(MustDecode("plain text", "ISO-2022-JP").encoding, Encoding::kUtf8);
}

TEST(EncodingDetect, Utf8) {
  Decoded d = MustDecode(kFuseiUtf8);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.utf8, "不正アクセス");
}

TEST(EncodingDetect, Utf8WithBomIsStripped) {
  Decoded d = MustDecode(std::string("\xef\xbb\xbf") + std::string(kFuseiUtf8));
  EXPECT_EQ(d.encoding, Encoding::kUtf8Bom);
  EXPECT_EQ(d.utf8, "不正アクセス");
}

TEST(EncodingDetect, BomOnlyIsEmptyText) {
  Decoded d = MustDecode("\xef\xbb\xbf"sv);
  EXPECT_EQ(d.encoding, Encoding::kUtf8Bom);
  EXPECT_EQ(d.utf8, "");
}

TEST(EncodingDetect, ValidUtf8WinsOverADeclaredLegacyCharset) {
  // Pages re-encoded to UTF-8 often keep <meta charset="Shift_JIS">.
  EXPECT_EQ(MustDecode(kFuseiUtf8, "Shift_JIS").encoding, Encoding::kUtf8);
}

TEST(EncodingDetect, DeclaredLegacyBeatsAccidentalUtf8) {
  // EUC-JP "発表" is also well-formed UTF-8 ("ȯɽ", nothing Japanese about it).
  constexpr std::string_view kHappyou = "\xc8\xaf\xc9\xbd"sv;
  EXPECT_EQ(MustDecode(kHappyou).encoding, Encoding::kUtf8);
  Decoded d = MustDecode(kHappyou, "euc-jp");
  EXPECT_EQ(d.encoding, Encoding::kEucJp);
  EXPECT_EQ(d.utf8, "発表");
}

TEST(EncodingDetect, Utf16LeWithBom) {
  // BOM + "Hi 不正\n"
  Decoded d = MustDecode("\xff\xfe\x48\x00\x69\x00\x20\x00\x0d\x4e\x63\x6b\x0a\x00"sv);
  EXPECT_EQ(d.encoding, Encoding::kUtf16LE);
  EXPECT_EQ(d.utf8, "Hi 不正\n");
}

TEST(EncodingDetect, Utf16BeWithBom) {
  Decoded d = MustDecode("\xfe\xff\x00\x48\x00\x69\x00\x20\x4e\x0d\x6b\x63\x00\x0a"sv);
  EXPECT_EQ(d.encoding, Encoding::kUtf16BE);
  EXPECT_EQ(d.utf8, "Hi 不正\n");
}

TEST(EncodingDetect, Utf16LeWithoutBomFromNulPattern) {
  Decoded d = MustDecode("\x48\x00\x69\x00\x20\x00\x0d\x4e\x63\x6b\x0a\x00"sv);
  EXPECT_EQ(d.encoding, Encoding::kUtf16LE);
  EXPECT_EQ(d.utf8, "Hi 不正\n");
}

TEST(EncodingDetect, Utf16BeWithoutBomFromNulPattern) {
  Decoded d = MustDecode("\x00\x48\x00\x69\x00\x20\x4e\x0d\x6b\x63\x00\x0a"sv);
  EXPECT_EQ(d.encoding, Encoding::kUtf16BE);
  EXPECT_EQ(d.utf8, "Hi 不正\n");
}

TEST(EncodingDetect, Utf16SurrogatePair) {
  Decoded d = MustDecode("\xff\xfe\x61\x00\x3d\xd8\x00\xde"sv);  // "a😀"
  EXPECT_EQ(d.utf8, "a\xf0\x9f\x98\x80");
}

TEST(EncodingDetect, DeclaredUtf16WithoutNulBytes) {
  // "不正アクセス" in UTF-16LE has no NUL byte to give it away.
  constexpr std::string_view kBytes = "\x0d\x4e\x63\x6b\xa2\x30\xaf\x30\xbb\x30\xb9\x30"sv;
  Decoded d = MustDecode(kBytes, "utf-16le");
  EXPECT_EQ(d.encoding, Encoding::kUtf16LE);
  EXPECT_EQ(d.utf8, "不正アクセス");
}

TEST(EncodingDetect, SparseNulsAreUtf16OnlyWhenDeclared) {
  // "不正アクセス\n" in UTF-16LE: one NUL byte in seven code units is not
  // "mostly ASCII", so only a declaration makes it UTF-16.
  constexpr std::string_view kBytes = "\x0d\x4e\x63\x6b\xa2\x30\xaf\x30\xbb\x30\xb9\x30\x0a\x00"sv;
  EXPECT_EQ(MustDecode(kBytes, "UTF-16").utf8, "不正アクセス\n");
  EXPECT_EQ(MustFail(kBytes), "binary data (NUL byte at offset 13)");
  // The declaration does not override a NUL pattern of the other byte order.
  EXPECT_EQ(MustFail(kBytes, "utf-16be"), "binary data (NUL byte at offset 13)");
}

TEST(EncodingDetect, ShiftJis) {
  Decoded d = MustDecode(kFuseiSjis);
  EXPECT_EQ(d.encoding, Encoding::kShiftJis);
  EXPECT_EQ(d.utf8, "不正アクセス");
}

TEST(EncodingDetect, ShiftJisSentence) {
  // "株式会社サンプル商事で不正アクセス"
  Decoded d = MustDecode(
      "\x8a\x94\x8e\xae\x89\xef\x8e\xd0\x83\x54\x83\x93\x83\x76\x83\x8b\x8f\xa4\x8e\x96\x82\xc5"
      "\x95\x73\x90\xb3\x83\x41\x83\x4e\x83\x5a\x83\x58"sv);
  EXPECT_EQ(d.encoding, Encoding::kShiftJis);
  EXPECT_EQ(d.utf8, "株式会社サンプル商事で不正アクセス");
}

TEST(EncodingDetect, ShiftJisIsDecodedAsCp932) {
  // ① (NEC row 13), ㈱, wave dash 0x8160 -> U+FF5E as on Windows, then
  // half-width ｱ and ｶ + ﾞ, which NFKC later joins.
  Decoded d = MustDecode("\x87\x40\x87\x8a\x81\x60\xb1\xb6\xde"sv);
  EXPECT_EQ(d.encoding, Encoding::kShiftJis);
  EXPECT_EQ(d.utf8, "①㈱\xef\xbd\x9e" "ｱｶﾞ");
}

TEST(EncodingDetect, ShiftJisIbmExtensionsAndAsciiBytes) {
  // 髙 (0xFB 0xFC, IBM extension) and 﨑 (0xED 0x95, NEC-selected IBM),
  // followed by 0x5C and 0x7E which CP932 keeps as '\' and '~'.
  Decoded d = MustDecode("\x8d\x82\x96\xd8\xfb\xfc\xed\x95\x5c\x7e"sv);
  EXPECT_EQ(d.encoding, Encoding::kShiftJis);
  EXPECT_EQ(d.utf8, "高木髙﨑\\~");
}

TEST(EncodingDetect, ShiftJisKeepsControlBytesAsWindowsDoes) {
  // ICU's IBM table swaps 0x1A/0x1C/0x7F; Windows does not.
  Decoded d = MustDecode("\x95\x73\x90\xb3\x7f\x83\x41\x83\x4e\x1a"sv);
  EXPECT_EQ(d.encoding, Encoding::kShiftJis);
  EXPECT_EQ(d.utf8, "不正\x7f" "アク\x1a");
}

TEST(EncodingDetect, ShiftJisAllHalfWidthKatakana) {
  std::string bytes(kFuseiSjis);
  for (int b = 0xA1; b <= 0xDF; ++b) bytes.push_back(static_cast<char>(b));
  Decoded d = MustDecode(bytes);
  ASSERT_EQ(d.encoding, Encoding::kShiftJis);
  // U+FF61..U+FF9F, three UTF-8 bytes each, after the 18 bytes of 不正アクセス.
  ASSERT_EQ(d.utf8.size(), 18u + 63u * 3u);
  EXPECT_EQ(d.utf8.substr(18, 3), "\xef\xbd\xa1");
  EXPECT_EQ(d.utf8.substr(d.utf8.size() - 3), "\xef\xbe\x9f");
}

TEST(EncodingDetect, EucJp) {
  Decoded d = MustDecode(kFuseiEuc);
  EXPECT_EQ(d.encoding, Encoding::kEucJp);
  EXPECT_EQ(d.utf8, "不正アクセス");
}

TEST(EncodingDetect, EucJpSentence) {
  // "個人情報が漏えいしました"
  Decoded d = MustDecode(
      "\xb8\xc4\xbf\xcd\xbe\xf0\xca\xf3\xa4\xac\xcf\xb3\xa4\xa8\xa4\xa4\xa4\xb7\xa4\xde\xa4\xb7\xa4\xbf"sv);
  EXPECT_EQ(d.encoding, Encoding::kEucJp);
  EXPECT_EQ(d.utf8, "個人情報が漏えいしました");
}

TEST(EncodingDetect, EucJpHalfWidthKanaAndJisX0212) {
  // ｱ (0x8E 0xB1) and 丂 U+4E02 (JIS X 0212, 0x8F 0xB0 0xA1) after 不正アクセス.
  Decoded d = MustDecode(std::string(kFuseiEuc) + "\x8e\xb1\x8f\xb0\xa1");
  EXPECT_EQ(d.encoding, Encoding::kEucJp);
  EXPECT_EQ(d.utf8, "不正アクセスｱ丂");
}

TEST(EncodingDetect, EucJpNecRow13) {
  // ① ㈱ in EUC-JP (row 13, as eucJP-ms / CP51932) after 不正アクセス.
  Decoded d = MustDecode(std::string(kFuseiEuc) + "\xad\xa1\xad\xea");
  EXPECT_EQ(d.encoding, Encoding::kEucJp);
  EXPECT_EQ(d.utf8, "不正アクセス①㈱");
}

TEST(EncodingDetect, Iso2022Jp) {
  Decoded d = MustDecode(std::string("Subject: ") + std::string(kFuseiJis) + "\r\n");
  EXPECT_EQ(d.encoding, Encoding::kIso2022Jp);
  EXPECT_EQ(d.utf8, "Subject: 不正アクセス\r\n");
}

TEST(EncodingDetect, Iso2022JpExtensions) {
  // JIS X 0212 丂 (ESC $ ( D), half-width ｱ (ESC ( I), NEC ① in JIS X 0208 mode.
  Decoded d = MustDecode("\x1b\x24\x28\x44\x30\x21\x1b\x28\x49\x31\x1b\x24\x42\x2d\x21\x1b\x28\x42"sv);
  EXPECT_EQ(d.encoding, Encoding::kIso2022Jp);
  EXPECT_EQ(d.utf8, "丂ｱ①");
}

// Bytes valid as both CP932 and EUC-JP: the declaration decides; without
// one, the more Japanese-looking reading wins.
TEST(EncodingDetect, DeclaredCharsetBreaksTies) {
  // EUC-JP "あい" is also CP932 "､｢､､" (half-width punctuation).
  constexpr std::string_view kAi = "\xa4\xa2\xa4\xa4"sv;
  EXPECT_EQ(MustDecode(kAi).utf8, "あい");
  EXPECT_EQ(MustDecode(kAi).encoding, Encoding::kEucJp);
  Decoded as_sjis = MustDecode(kAi, "Shift_JIS");
  EXPECT_EQ(as_sjis.encoding, Encoding::kShiftJis);
  EXPECT_EQ(as_sjis.utf8, "､｢､､");

  // CP932 "ｱｲｳｴ" is also EUC-JP "渦慨".
  constexpr std::string_view kAiueo = "\xb1\xb2\xb3\xb4"sv;
  EXPECT_EQ(MustDecode(kAiueo, "x-sjis").utf8, "ｱｲｳｴ");
  EXPECT_EQ(MustDecode(kAiueo, "EUC-JP").utf8, "渦慨");
  EXPECT_EQ(MustDecode(kAiueo, "EUC-JP").encoding, Encoding::kEucJp);
}

TEST(EncodingDetect, DeclarationNeverForcesAnInvalidReading) {
  // Shift_JIS bytes declared as EUC-JP or UTF-8 still decode as Shift_JIS.
  EXPECT_EQ(MustDecode(kFuseiSjis, "EUC-JP").encoding, Encoding::kShiftJis);
  EXPECT_EQ(MustDecode(kFuseiSjis, "utf-8").encoding, Encoding::kShiftJis);
  // An unknown label is ignored.
  EXPECT_EQ(MustDecode(kFuseiSjis, "klingon").encoding, Encoding::kShiftJis);
}

TEST(EncodingDetect, FewStrayControlBytesAreText) {
  std::string text(200, 'a');
  text[50] = '\x0b';  // vertical tab
  text[199] = '\x1a';  // DOS end-of-file marker
  EXPECT_EQ(MustDecode(text).encoding, Encoding::kUtf8);
  EXPECT_EQ(MustDecode("form\ffeed\ttab\r\n").utf8, "form\ffeed\ttab\r\n");
}

// ---- errors ----------------------------------------------------------------------------

TEST(EncodingErrors, Empty) {
  EXPECT_EQ(MustFail(""), "empty file");
}

TEST(EncodingErrors, PngHeaderIsBinary) {
  constexpr std::string_view kPng = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x00"sv;
  EXPECT_EQ(MustFail(kPng), "binary data (NUL byte at offset 8)");
}

TEST(EncodingErrors, NulByteIsBinary) {
  EXPECT_EQ(MustFail("abc\x00\x00\x00xyz"sv), "binary data (NUL byte at offset 3)");
  // A single NUL on one parity is not enough to call it UTF-16.
  EXPECT_EQ(MustFail("hello world, this is text\x00 with a NUL in it"sv),
            "binary data (NUL byte at offset 25)");
}

TEST(EncodingErrors, TrailingNulIsBinaryNotUtf16) {
  // All NULs on one parity, but far too few for UTF-16 of ASCII text.
  EXPECT_EQ(MustFail("hello world\0"sv), "binary data (NUL byte at offset 11)");
}

TEST(EncodingErrors, MostlyAsciiUtf16WithOddLength) {
  EXPECT_EQ(MustFail("H\0i\0!\0\n"sv),
            "truncated UTF-16LE sequence at byte 6 (odd number of bytes; the last code unit is incomplete)");
}

TEST(EncodingErrors, ManyControlBytesAreBinary) {
  const std::string msg = MustFail("ab\x01\x02\x03\x04\x05\x06\x07\x08 cd"sv);
  EXPECT_NE(msg.find("binary data (control byte 0x01 at offset 2"), std::string::npos) << msg;
}

TEST(EncodingErrors, StrayEscapeIsAControlByte) {
  // ESC is only acceptable as part of an ISO-2022-JP escape sequence.
  const std::string msg = MustFail("\x1b[31mred\x1b[0m"sv);
  EXPECT_NE(msg.find("binary data (control byte 0x1B at offset 0"), std::string::npos) << msg;
}

TEST(EncodingErrors, LoneContinuationByte) {
  EXPECT_EQ(MustFail("abc\x80" "def"sv),
            "invalid UTF-8 at byte 3 (unexpected continuation byte 0x80 without a lead byte)");
}

TEST(EncodingErrors, Utf8MissingContinuation) {
  // "不正アクセス", then 0xE3 followed by 'A', then "不正アクセス" again. As
  // CP932 these bytes would validate as mojibake, which must not be returned.
  EXPECT_EQ(MustFail(std::string(kFuseiUtf8) + "\xe3" "A ok " + std::string(kFuseiUtf8)),
            "invalid UTF-8 at byte 18 (expected a continuation byte after lead byte 0xE3, found 0x41 at "
            "byte 19)");
}

TEST(EncodingErrors, Utf8Overlong) {
  // UTF-8 text damaged by an overlong '/' (0xC0 0xAF). As CP932 these bytes
  // would "validate" as mojibake, which must not be returned.
  EXPECT_EQ(MustFail(std::string(kFuseiUtf8) + "\xc0\xaf"),
            "invalid UTF-8 at byte 18 (overlong encoding starting with 0xC0)");
}

TEST(EncodingErrors, Utf8Surrogate) {
  EXPECT_EQ(MustFail(std::string(kFuseiUtf8) + " \xed\xa0\x80 " + std::string(kFuseiUtf8)),
            "invalid UTF-8 at byte 19 (UTF-16 surrogate code point encoded as 0xED 0xA0)");
}

TEST(EncodingErrors, TruncatedUtf8) {
  // A download cut in the middle of "ア".
  EXPECT_EQ(MustFail(std::string(kFuseiUtf8) + "\xe3\x82"),
            "truncated UTF-8 sequence at byte 18 (lead byte 0xE3 needs 2 continuation bytes, input ends "
            "after 1)");
}

TEST(EncodingErrors, TruncatedUtf8AfterBom) {
  EXPECT_EQ(MustFail("\xef\xbb\xbf" "abc\xe3"sv),
            "truncated UTF-8 sequence at byte 6 (lead byte 0xE3 needs 2 continuation bytes, input ends "
            "after 0)");
}

TEST(EncodingErrors, TruncatedShiftJis) {
  EXPECT_EQ(MustFail(std::string(kFuseiSjis) + "\x93"),
            "truncated Shift_JIS sequence at byte 12 (lead byte 0x93 without its trail byte at end of "
            "input)");
}

TEST(EncodingErrors, ShiftJisBadTrailByte) {
  EXPECT_EQ(MustFail(std::string(kFuseiSjis) + "\x93\x0a" + std::string(kFuseiSjis)),
            "invalid Shift_JIS at byte 12 (lead byte 0x93 followed by 0x0A; expected a trail byte 0x40-0x7E "
            "or 0x80-0xFC)");
}

TEST(EncodingErrors, ShiftJisUnassignedCode) {
  // 0x85 0x40 is well-formed CP932 but assigned to nothing.
  EXPECT_EQ(MustFail(std::string(kFuseiSjis) + "\x85\x40"),
            "invalid Shift_JIS at byte 12 (0x85 0x40 is not assigned to any character)");
}

TEST(EncodingErrors, TruncatedEucJp) {
  // 0xE3 is an EUC-JP lead byte (and a CP932 one) with nothing after it.
  EXPECT_EQ(MustFail(std::string(kFuseiEuc) + "\xe3"),
            "truncated EUC-JP sequence at byte 12 (lead byte 0xE3 needs 1 more byte, input ends after 0)");
}

TEST(EncodingErrors, DamagedEucJpIsNotReadAsCp932UserDefinedCodes) {
  // "個人情報が漏えいしました" + a lone lead byte: as CP932 these bytes only
  // validate by using user-defined (private-use) codes.
  const std::string msg = MustFail(
      "\xb8\xc4\xbf\xcd\xbe\xf0\xca\xf3\xa4\xac\xcf\xb3\xa4\xa8\xa4\xa4\xa4\xb7\xa4\xde\xa4\xb7\xa4\xbf\xc9"sv);
  EXPECT_EQ(msg, "truncated EUC-JP sequence at byte 24 (lead byte 0xC9 needs 1 more byte, input ends after 0)");
}

TEST(EncodingErrors, TruncatedIso2022Jp) {
  // JIS X 0208 mode, one byte of a two-byte character, then the end.
  const std::string msg = MustFail("\x1b\x24\x42\x49\x54\x40"sv);
  EXPECT_NE(msg.find("ISO-2022-JP"), std::string::npos) << msg;
  EXPECT_NE(msg.find("byte 5"), std::string::npos) << msg;
}

TEST(EncodingErrors, Utf16BadSurrogate) {
  // BOM, 'a', then a high surrogate followed by 'b'.
  EXPECT_EQ(MustFail("\xff\xfe\x61\x00\x3d\xd8\x62\x00"sv),
            "invalid UTF-16LE at byte 4 (high surrogate U+D83D not followed by a low surrogate)");
}

TEST(EncodingErrors, Utf16OddLength) {
  EXPECT_EQ(MustFail("\xfe\xff\x00\x41\x00"sv),
            "truncated UTF-16BE sequence at byte 4 (odd number of bytes; the last code unit is incomplete)");
}

TEST(EncodingErrors, Utf16NulCharacterIsBinary) {
  EXPECT_EQ(MustFail("\xff\xfe\x41\x00\x00\x00"sv), "binary data (NUL character at offset 4)");
}

TEST(EncodingErrors, MessagesNameTheOffset) {
  for (std::string_view bad : {"abc\xff"sv, "abc\xfe\xfe"sv, "x\x80"sv}) {
    const std::string msg = MustFail(bad);
    EXPECT_NE(msg.find("at byte"), std::string::npos) << msg;
  }
}

// ---- IsValidUtf8 ----------------------------------------------------------------------

TEST(EncodingUtf8Validation, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("ascii only"));
  EXPECT_TRUE(IsValidUtf8("不正アクセス①"));
  EXPECT_TRUE(IsValidUtf8("\xc2\x80"));                  // U+0080
  EXPECT_TRUE(IsValidUtf8("\xed\x9f\xbf"));              // U+D7FF
  EXPECT_TRUE(IsValidUtf8("\xee\x80\x80"));              // U+E000
  EXPECT_TRUE(IsValidUtf8("\xef\xbf\xbf"));              // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xf0\x90\x80\x80"));          // U+10000
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));          // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("embedded\0nul"sv));
}

TEST(EncodingUtf8Validation, RejectsIllFormedWithOffset) {
  struct Case {
    std::string_view bytes;
    size_t offset;
  };
  const Case cases[] = {
      {"ab\x80"sv, 2},                    // lone continuation
      {"\xc0\xaf"sv, 0},                  // overlong '/'
      {"\xc1\xbf"sv, 0},                  // overlong
      {"x\xe0\x80\xaf"sv, 1},             // 3-byte overlong
      {"\xf0\x8f\xbf\xbf"sv, 0},          // 4-byte overlong
      {"12345678\xed\xa0\x80"sv, 8},      // surrogate U+D800 (after the 8-byte fast path)
      {"\xed\xbf\xbf"sv, 0},              // surrogate U+DFFF
      {"\xf4\x90\x80\x80"sv, 0},          // U+110000
      {"\xf5\x80\x80\x80"sv, 0},          // lead above F4
      {"\xff"sv, 0},
      {"abc\xe3\x82"sv, 3},               // truncated
      {"\xe3\x41\x42"sv, 0},              // missing continuation
  };
  for (const Case& c : cases) {
    size_t offset = 12345;
    EXPECT_FALSE(IsValidUtf8(c.bytes, &offset)) << testing::PrintToString(std::string(c.bytes));
    EXPECT_EQ(offset, c.offset) << testing::PrintToString(std::string(c.bytes));
  }
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));  // null offset pointer is fine
}

// ---- labels ---------------------------------------------------------------------------

TEST(EncodingLabel, KnownLabels) {
  struct Case {
    std::string_view label;
    Encoding want;
  };
  const Case cases[] = {
      {"utf-8", Encoding::kUtf8},           {"UTF8", Encoding::kUtf8},
      {"Shift_JIS", Encoding::kShiftJis},   {"shift-jis", Encoding::kShiftJis},
      {"SJIS", Encoding::kShiftJis},        {"x-sjis", Encoding::kShiftJis},
      {"Windows-31J", Encoding::kShiftJis}, {"cp932", Encoding::kShiftJis},
      {"MS932", Encoding::kShiftJis},       {"EUC-JP", Encoding::kEucJp},
      {"eucjp", Encoding::kEucJp},          {"x-euc-jp", Encoding::kEucJp},
      {"euc_jp", Encoding::kEucJp},         {"ISO-2022-JP", Encoding::kIso2022Jp},
      {"csISO2022JP", Encoding::kIso2022Jp}, {"utf-16", Encoding::kUtf16LE},
      {"UTF-16LE", Encoding::kUtf16LE},     {"utf-16be", Encoding::kUtf16BE},
      {" \"Shift_JIS\" ", Encoding::kShiftJis},
  };
  for (const Case& c : cases) {
    Encoding e = Encoding::kUtf8Bom;
    EXPECT_TRUE(EncodingFromLabel(c.label, &e)) << c.label;
    EXPECT_EQ(e, c.want) << c.label;
  }
}

TEST(EncodingLabel, UnknownLabels) {
  Encoding e = Encoding::kUtf8;
  for (std::string_view label : {"", "latin1", "iso-8859-1", "windows-1252", "gb2312", "utf-32", "shift"}) {
    EXPECT_FALSE(EncodingFromLabel(label, &e)) << label;
  }
}

}  // namespace
}  // namespace kenchi::text
