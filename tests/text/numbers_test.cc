#include "kenchi/text/numbers.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace kenchi::text {
namespace {

// Parses `s` and expects `value`, consuming `consumed` (the prefix of `s`
// that is the number; its byte length is what the parser must report).
void ExpectNumber(std::string_view s, int64_t value, std::string_view consumed) {
  ASSERT_TRUE(s.starts_with(consumed)) << "bad test: " << s;
  const std::optional<ParsedNumber> n = ParseJapaneseNumber(s);
  ASSERT_TRUE(n.has_value()) << s;
  EXPECT_EQ(n->value, value) << s;
  EXPECT_EQ(n->length, consumed.size()) << s;
}

void ExpectWhole(std::string_view s, int64_t value) { ExpectNumber(s, value, s); }

TEST(JapaneseNumber, ManAndRemainder) {
  ExpectWhole("2007万6016", 20076016);
  ExpectWhole("475万329", 4750329);
  ExpectWhole("1万", 10000);
}

TEST(JapaneseNumber, CommasInsideGroups) {
  ExpectWhole("2,007万6,016", 20076016);
  ExpectWhole("18,746", 18746);
  ExpectWhole("13,434", 13434);
  ExpectWhole("1,234,567", 1234567);
  ExpectWhole("1,000万", 10000000);
}

TEST(JapaneseNumber, CommaOutsideGroupsEndsTheNumber) {
  // The documented rule: a comma is part of a number only when 1-3 digits
  // (or a full group of 3) precede it and exactly 3 digits follow.
  ExpectNumber("1,2", 1, "1");
  ExpectNumber("1,2345", 1, "1");
  ExpectNumber("1234,567", 1234, "1234");
  ExpectNumber("1,234,56", 1234, "1,234");
  ExpectNumber("12,", 12, "12");
  ExpectNumber("3,5件", 3, "3");
  // Japanese list commas are never part of a number.
  ExpectNumber("100、200", 100, "100");
}

TEST(JapaneseNumber, KanjiNumerals) {
  ExpectWhole("三千", 3000);
  ExpectWhole("二十三", 23);
  ExpectWhole("〇", 0);
  ExpectWhole("百二十", 120);
  ExpectWhole("十", 10);
  ExpectWhole("三千五百", 3500);
  ExpectWhole("一億二千三百四十五万六千七百八十九", 123456789);
  ExpectWhole("二〇二四", 2024);  // positional kanji digits
}

TEST(JapaneseNumber, MixedDigitsAndUnits) {
  ExpectWhole("3万1千", 31000);
  ExpectWhole("1億1000万", 110000000);
  ExpectWhole("1千2百万", 12000000);
  ExpectWhole("2兆5億", 2000500000000);
}

TEST(JapaneseNumber, ChineseSpellings) {
  ExpectWhole("两万", 20000);
  ExpectWhole("3萬", 30000);
  ExpectWhole("1亿", 100000000);
}

TEST(JapaneseNumber, DecimalOnlyWithAUnit) {
  ExpectWhole("1.5万", 15000);
  ExpectWhole("2.25千", 2250);
  ExpectNumber("1.5件", 1, "1");
  ExpectNumber("2024.5.28", 2024, "2024");
  // A fraction that does not come out whole is not part of the number.
  ExpectNumber("1.00005万", 1, "1");
}

TEST(JapaneseNumber, StopsBeforeCounters) {
  ExpectNumber("2007万6016件", 20076016, "2007万6016");
  ExpectNumber("18,746名分", 18746, "18,746");
  ExpectNumber("3万1千人", 31000, "3万1千");
  ExpectNumber("13,434 件", 13434, "13,434");
  ExpectNumber("三千件", 3000, "三千");
}

TEST(JapaneseNumber, LengthIsInUtf8Bytes) {
  const auto n = ParseJapaneseNumber("二十三件");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->length, 9u);  // three 3-byte kanji; 件 is not consumed
  const auto m = ParseJapaneseNumber("3万1千件");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->length, 8u);  // 1 + 3 + 1 + 3
}

TEST(JapaneseNumber, OutOfOrderUnitsEndEarly) {
  ExpectNumber("1万1億", 10000, "1万");
  ExpectNumber("百千", 100, "百");
  ExpectNumber("1万2万", 10000, "1万");
}

TEST(JapaneseNumber, OverflowIsNothing) {
  EXPECT_FALSE(ParseJapaneseNumber("99999999999999999999"));
  EXPECT_FALSE(ParseJapaneseNumber("10000000兆"));
  EXPECT_FALSE(ParseJapaneseNumber("9,223,372,036,854,775,808"));
  ExpectWhole("9,223,372,036,854,775,807", INT64_MAX);
}

TEST(JapaneseNumber, NonNumbersAreNothing) {
  EXPECT_FALSE(ParseJapaneseNumber(""));
  EXPECT_FALSE(ParseJapaneseNumber("件"));
  EXPECT_FALSE(ParseJapaneseNumber("約3万件"));  // the qualifier is the caller's job
  EXPECT_FALSE(ParseJapaneseNumber(",123"));
  EXPECT_FALSE(ParseJapaneseNumber("万一"));   // a word, not ten thousand and one
  EXPECT_FALSE(ParseJapaneseNumber("億劫"));
  EXPECT_FALSE(ParseJapaneseNumber("\xE4"));  // truncated UTF-8
}

// English counts (the suite name keeps it with the extraction tests).
TEST(ExtractEnglishNumber, CommasDecimalsAndScales) {
  auto v = [](std::string_view s) { return ParseEnglishNumber(s); };
  ASSERT_TRUE(v("41,000 customers"));
  EXPECT_EQ(v("41,000 customers")->value, 41000);
  EXPECT_EQ(v("41,000 customers")->length, 6u);
  EXPECT_EQ(v("1.2 million customers")->value, 1200000);
  EXPECT_EQ(v("1.2 million customers")->length, 11u);
  EXPECT_EQ(v("3 billion")->value, 3000000000);
  EXPECT_EQ(v("12 thousand")->value, 12000);
  EXPECT_EQ(v("500,000")->value, 500000);
  // A fraction without a scale ends the number before the point.
  EXPECT_EQ(v("2.5 percent")->value, 2);
  EXPECT_EQ(v("2.5 percent")->length, 1u);
  // "12,34" is a list, not a number with a separator.
  EXPECT_EQ(v("12,34")->value, 12);
  EXPECT_EQ(v("7 millionaires")->value, 7);
  EXPECT_FALSE(v("about 5"));
  EXPECT_FALSE(v(""));
  EXPECT_FALSE(v("99999999999999999999"));
}

}  // namespace
}  // namespace kenchi::text
