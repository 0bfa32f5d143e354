// Japanese and Chinese numerals (see include/kenchi/text/numbers.h).
//
// A number is read as a sum of "sections", each multiplied by a large unit
// (兆, 億, 万) that must appear in decreasing order, plus a last section
// without a large unit:
//
//     1億 1000万 329      -> 1*10^8 + 1000*10^4 + 329
//     2,007万 6,016       -> 2007*10^4 + 6016
//     3万 1千             -> 3*10^4 + 1*10^3
//
// A section is a sum of "terms". A term is a digit run (Arabic, or kanji
// digits read positionally such as 二〇二四) optionally followed by a small
// unit (千, 百, 十); a small unit on its own ("百二十", "千件") means one of
// it. Small units must also decrease within a section ("三千五百"), and a
// term without a unit ends its section. Anything out of order ends the
// number at the last point where it was complete, so the caller sees a
// short, correct number rather than a wrong long one.
//
// Thousands separators: a comma belongs to a number only between digit
// groups, i.e. the digits before it form a valid leading group (1-3 digits)
// or a full group (3 digits after an earlier comma), and exactly three
// digits follow it. Otherwise the number ends *before* the comma: "1,2"
// parses as 1 (length 1), "1234,567" as 1234 — in such text the comma is a
// list separator, not part of the number.
//
// A decimal point is accepted only when a unit follows the fraction and the
// product is a whole number ("1.5万" = 15000, "2.25千" = 2250); "1.5件"
// parses as 1 and stops before the point.
//
// Bare large units never start a number: "万一" (just in case) and "億劫"
// (bothersome) are words, not numbers.

#include "kenchi/text/numbers.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace kenchi::text {
namespace {

// ---- code points ------------------------------------------------------------

// Decodes one UTF-8 code point at `pos`. Returns its byte length, or 0 for a
// malformed sequence (which simply ends the number; this parser never has
// to judge encodings).
size_t DecodeAt(std::string_view s, size_t pos, char32_t* cp) {
  if (pos >= s.size()) return 0;
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t value = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    value = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    value = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    value = b0 & 0x07;
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  for (size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  *cp = value;
  return len;
}

// Value of a kanji digit, or -1.
int KanjiDigit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': case U'两': case U'兩': return 2;  // 两 is Chinese "two" before units
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

// Small units multiply the term before them; 0 if `c` is not one.
int64_t SmallUnit(char32_t c) {
  switch (c) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    default: return 0;
  }
}

// Large units multiply the whole section before them; 0 if not one.
// 萬 and 亿 are the traditional / simplified Chinese spellings.
int64_t LargeUnit(char32_t c) {
  switch (c) {
    case U'万': case U'萬': return 10'000;
    case U'億': case U'亿': return 100'000'000;
    case U'兆': return 1'000'000'000'000;
    default: return 0;
  }
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool MulAdd(int64_t a, int64_t b, int64_t c, int64_t* out) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return false;
  return !__builtin_add_overflow(product, c, out);
}

// ---- digit runs -------------------------------------------------------------

struct Run {
  int64_t value = 0;
  size_t end = 0;        // byte offset just past the run
  // A fraction ("1.5") that is only valid if a unit follows; kept apart so
  // that a unit-less run can drop it and end before the point.
  int64_t frac = 0;
  int64_t frac_scale = 1;  // 10^(fraction digits); 1 when there is none
  size_t frac_end = 0;
};

// Arabic digits with optional thousands commas and an optional fraction.
// `pos` is at an ASCII digit. Returns false on overflow.
bool ReadArabicRun(std::string_view s, size_t pos, Run* run) {
  int64_t value = 0;
  size_t i = pos;
  size_t group_digits = 0;
  bool after_comma = false;
  for (;;) {
    while (i < s.size() && IsAsciiDigit(s[i])) {
      if (!MulAdd(value, 10, s[i] - '0', &value)) return false;
      ++i;
      ++group_digits;
    }
    // A comma continues the run only between well-formed groups.
    const bool group_ok = after_comma ? group_digits == 3 : group_digits <= 3;
    if (group_ok && i + 4 <= s.size() && s[i] == ',' && IsAsciiDigit(s[i + 1]) &&
        IsAsciiDigit(s[i + 2]) && IsAsciiDigit(s[i + 3]) &&
        (i + 4 == s.size() || !IsAsciiDigit(s[i + 4]))) {
      ++i;
      group_digits = 0;
      after_comma = true;
      continue;
    }
    break;
  }
  // A comma run whose last group is not exactly 3 digits cannot happen:
  // the lookahead above only admits a comma followed by exactly 3 digits.
  run->value = value;
  run->end = i;
  run->frac_end = i;
  if (i + 1 < s.size() && s[i] == '.' && IsAsciiDigit(s[i + 1])) {
    size_t j = i + 1;
    int64_t frac = 0;
    int64_t scale = 1;
    // More than a few fraction digits cannot produce a whole number with
    // the units we know about and would only risk overflow.
    while (j < s.size() && IsAsciiDigit(s[j])) {
      if (scale >= 1'000'000'000'000) return true;  // ignore the fraction
      frac = frac * 10 + (s[j] - '0');
      scale *= 10;
      ++j;
    }
    run->frac = frac;
    run->frac_scale = scale;
    run->frac_end = j;
  }
  return true;
}

// Kanji digits read positionally ("二〇二四" = 2024). `pos` is at a kanji
// digit. Returns false on overflow.
bool ReadKanjiRun(std::string_view s, size_t pos, Run* run) {
  int64_t value = 0;
  size_t i = pos;
  for (;;) {
    char32_t c = 0;
    const size_t n = DecodeAt(s, i, &c);
    if (n == 0) break;
    const int d = KanjiDigit(c);
    if (d < 0) break;
    if (!MulAdd(value, 10, d, &value)) return false;
    i += n;
  }
  run->value = value;
  run->end = i;
  run->frac_end = i;
  return true;
}

// Applies `unit` to a run, including its fraction.
enum class Scaled { kOk, kOverflow, kNotWhole };

Scaled ScaleRun(const Run& run, int64_t unit, int64_t* out) {
  int64_t whole = 0;
  if (__builtin_mul_overflow(run.value, unit, &whole)) return Scaled::kOverflow;
  if (run.frac_scale == 1) {
    *out = whole;
    return Scaled::kOk;
  }
  int64_t frac_units = 0;
  if (__builtin_mul_overflow(run.frac, unit, &frac_units)) return Scaled::kOverflow;
  if (frac_units % run.frac_scale != 0) return Scaled::kNotWhole;
  if (__builtin_add_overflow(whole, frac_units / run.frac_scale, out)) return Scaled::kOverflow;
  return Scaled::kOk;
}

// ---- sections ---------------------------------------------------------------

enum class SectionResult { kNone, kOk, kOverflow };

struct Section {
  int64_t value = 0;
  size_t end = 0;  // just past the last term
};

// Reads the terms of one section starting at `pos`. A section whose value
// is to be multiplied by a large unit may end with a fractional run
// ("1.5万"); `pending` receives such a run so the caller can scale it.
struct PendingRun {
  bool present = false;
  Run run;
  int64_t base = 0;  // the section value before this run
};

SectionResult ReadSection(std::string_view s, size_t pos, Section* out, PendingRun* pending) {
  int64_t value = 0;
  size_t i = pos;
  int64_t last_small_unit = 10'000;  // larger than any small unit
  bool any = false;
  pending->present = false;

  for (;;) {
    char32_t c = 0;
    const size_t n = DecodeAt(s, i, &c);
    if (n == 0) break;

    Run run;
    bool have_run = false;
    if (c < 0x80 && IsAsciiDigit(static_cast<char>(c))) {
      if (!ReadArabicRun(s, i, &run)) return SectionResult::kOverflow;
      have_run = true;
    } else if (KanjiDigit(c) >= 0) {
      if (!ReadKanjiRun(s, i, &run)) return SectionResult::kOverflow;
      have_run = true;
    }

    if (have_run) {
      // Is the run followed by a small unit?
      char32_t u = 0;
      const size_t after_int = run.end;
      const size_t after_frac = run.frac_end;
      const size_t un = DecodeAt(s, after_frac, &u);
      const int64_t unit = un ? SmallUnit(u) : 0;
      if (unit != 0 && unit < last_small_unit) {
        int64_t term = 0;
        const Scaled sc = ScaleRun(run, unit, &term);
        if (sc == Scaled::kOverflow) return SectionResult::kOverflow;
        if (sc == Scaled::kNotWhole) {
          // "1.05千": the number is just the integer part, ending before
          // the point.
          int64_t v = 0;
          if (__builtin_add_overflow(value, run.value, &v)) return SectionResult::kOverflow;
          value = v;
          i = after_int;
          any = true;
          break;
        }
        int64_t v = 0;
        if (__builtin_add_overflow(value, term, &v)) return SectionResult::kOverflow;
        value = v;
        i = after_frac + un;
        last_small_unit = unit;
        any = true;
        continue;
      }
      // A run without a small unit (or with one out of order, as in
      // "百千") ends the section. Keep any fraction aside: it is valid only
      // if a large unit follows.
      int64_t v = 0;
      if (__builtin_add_overflow(value, run.value, &v)) return SectionResult::kOverflow;
      if (run.frac_scale != 1) {
        pending->present = true;
        pending->run = run;
        pending->base = value;
      }
      value = v;
      i = after_int;
      any = true;
      break;
    }

    // A small unit on its own means one of it ("百二十", "千件").
    const int64_t unit = SmallUnit(c);
    if (unit != 0 && unit < last_small_unit) {
      int64_t v = 0;
      if (__builtin_add_overflow(value, unit, &v)) return SectionResult::kOverflow;
      value = v;
      i += n;
      last_small_unit = unit;
      any = true;
      continue;
    }
    break;
  }
  if (!any) return SectionResult::kNone;
  out->value = value;
  out->end = i;
  return SectionResult::kOk;
}

}  // namespace

std::optional<ParsedNumber> ParseJapaneseNumber(std::string_view s) {
  int64_t total = 0;
  size_t pos = 0;
  bool any = false;
  int64_t last_large_unit = std::numeric_limits<int64_t>::max();

  for (;;) {
    Section section;
    PendingRun pending;
    const SectionResult r = ReadSection(s, pos, &section, &pending);
    if (r == SectionResult::kOverflow) return std::nullopt;
    if (r == SectionResult::kNone) break;

    // Is the section followed by a large unit? A pending fraction sits
    // between the integer part and the unit ("1.5万").
    const size_t unit_pos = pending.present ? pending.run.frac_end : section.end;
    char32_t c = 0;
    const size_t n = DecodeAt(s, unit_pos, &c);
    const int64_t unit = n ? LargeUnit(c) : 0;

    if (unit != 0 && unit < last_large_unit) {
      int64_t scaled = 0;
      if (pending.present) {
        int64_t run_scaled = 0;
        int64_t base_scaled = 0;
        const Scaled sc = ScaleRun(pending.run, unit, &run_scaled);
        if (sc == Scaled::kOverflow) return std::nullopt;
        if (sc == Scaled::kNotWhole) {
          // "1.00005万": the number is the integer part, ending before the
          // point; the unit is not applied to it.
          int64_t t = 0;
          if (__builtin_add_overflow(total, section.value, &t)) return std::nullopt;
          return ParsedNumber{t, section.end};
        }
        if (__builtin_mul_overflow(pending.base, unit, &base_scaled) ||
            __builtin_add_overflow(base_scaled, run_scaled, &scaled)) {
          return std::nullopt;
        }
      } else if (__builtin_mul_overflow(section.value, unit, &scaled)) {
        return std::nullopt;
      }
      int64_t t = 0;
      if (__builtin_add_overflow(total, scaled, &t)) return std::nullopt;
      total = t;
      pos = unit_pos + n;
      last_large_unit = unit;
      any = true;
      continue;
    }

    if (unit != 0 && any) {
      // A large unit out of order ("1万1億"): stop before this section so
      // that no digit is attributed to the wrong unit.
      break;
    }
    // The last section, without a large unit; a dangling fraction is not
    // part of the number.
    int64_t t = 0;
    if (__builtin_add_overflow(total, section.value, &t)) return std::nullopt;
    total = t;
    pos = section.end;
    any = true;
    break;
  }
  if (!any) return std::nullopt;
  return ParsedNumber{total, pos};
}

std::optional<ParsedNumber> ParseEnglishNumber(std::string_view s) {
  auto digit = [&](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  if (!digit(0)) return std::nullopt;
  int64_t value = 0;
  size_t i = 0;
  size_t group = 0;  // digits since the last comma (or the start)
  bool comma_seen = false;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 10;
  while (i < s.size()) {
    if (digit(i)) {
      if (value > kMax) return std::nullopt;
      value = value * 10 + (s[i] - '0');
      ++group;
      ++i;
    } else if (s[i] == ',' && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4) &&
               (comma_seen ? group == 3 : group <= 3)) {
      comma_seen = true;
      group = 0;
      ++i;
    } else {
      break;
    }
  }
  if (comma_seen && group != 3) return std::nullopt;
  // Optional fraction, kept only when a scale word follows.
  size_t j = i;
  int64_t frac = 0, frac_scale = 1;
  if (j + 1 < s.size() && s[j] == '.' && digit(j + 1)) {
    ++j;
    while (digit(j) && frac_scale < 1000000) {
      frac = frac * 10 + (s[j] - '0');
      frac_scale *= 10;
      ++j;
    }
    if (digit(j)) return ParsedNumber{value, i};
  }
  size_t k = j;
  while (k < s.size() && s[k] == ' ') ++k;
  struct Scale {
    std::string_view word;
    int64_t factor;
  };
  static constexpr Scale kScales[] = {{"billion", 1000000000}, {"million", 1000000}, {"thousand", 1000},
                                      {"bn", 1000000000},      {"m ", 1000000}};
  for (const Scale& sc : kScales) {
    if (s.substr(k, sc.word.size()) != sc.word) continue;
    const size_t after = k + sc.word.size();
    if (sc.word.back() != ' ' && after < s.size() && ((s[after] | 0x20) >= 'a' && (s[after] | 0x20) <= 'z')) {
      continue;
    }
    if ((sc.factor % frac_scale) != 0 || value > std::numeric_limits<int64_t>::max() / sc.factor) {
      return std::nullopt;
    }
    const int64_t total = value * sc.factor + frac * (sc.factor / frac_scale);
    return ParsedNumber{total, sc.word.back() == ' ' ? after - 1 : after};
  }
  return ParsedNumber{value, i};
}

}  // namespace kenchi::text
