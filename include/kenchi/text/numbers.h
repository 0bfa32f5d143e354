// Japanese and Chinese numerals as they appear in breach notices.
//
// "2007万6016件", "2,007万6,016件", "475万329件", "3万1千件", "三千件",
// "1億1000万", "18,746名分", "13,434 件". Input is expected to be
// NFKC-normalised (so "２，００７万" has become "2,007万").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kenchi::text {

struct ParsedNumber {
  int64_t value = 0;
  size_t length = 0;  // bytes of input consumed
};

// Parses the number that starts at the beginning of `s` (Arabic digits with
// optional thousands commas, kanji digits 〇一二三四五六七八九, units
// 十百千万億兆, and mixtures such as "1億1000万"). Stops before the first
// byte that is not part of the number. Returns nothing if `s` does not start
// with a number or the value overflows int64.
std::optional<ParsedNumber> ParseJapaneseNumber(std::string_view s);

// Parses an English count at the start of `s`: digits with thousands
// commas ("41,000"), optionally a decimal fraction and a scale word
// ("1.2 million", "3 billion", "12 thousand", "2.5m"). A fraction without a
// scale word, or one the scale does not make whole, ends the number before
// the point. Returns nothing when `s` does not start with a digit.
std::optional<ParsedNumber> ParseEnglishNumber(std::string_view s);

}  // namespace kenchi::text
