// Turning the date strings found in pages and feed records into YYYY-MM-DD.
//
// Only dates that are spelled out at the start of the value are accepted;
// anything cleverer (era years, "3日前", epoch numbers whose unit is a
// guess) is left to the extractor, which sees the whole text.
#include <string>
#include <string_view>

#include "parse/internal.h"

namespace kenchi::parse::internal {
namespace {

// Enough for "2024年12月31日" in full-width digits with room to spare.
constexpr size_t kDatePrefixBytes = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The first bytes of `s` with full-width digits and date punctuation
// (０-９, －, ／, ．) folded to ASCII, since Japanese pages write either.
std::string FoldPrefix(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size() && out.size() < kDatePrefixBytes) {
    // Full-width forms U+FF01..U+FF5E are EF BC 81..EF BD 9E in UTF-8.
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF) {
      unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
      unsigned char b2 = static_cast<unsigned char>(s[i + 2]);
      unsigned cp = 0;
      if (b1 == 0xBC && b2 >= 0x80 && b2 <= 0xBF) cp = 0xFF00 + (b2 - 0x80);
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0xBF) cp = 0xFF40 + (b2 - 0x80);
      if (cp >= 0xFF10 && cp <= 0xFF19) {
        out.push_back(static_cast<char>('0' + (cp - 0xFF10)));
        i += 3;
        continue;
      }
      if (cp == 0xFF0D || cp == 0xFF0F || cp == 0xFF0E) {
        out.push_back(cp == 0xFF0D ? '-' : cp == 0xFF0F ? '/' : '.');
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

// Reads 1..max_digits digits at *pos.
bool ReadNumber(std::string_view s, size_t* pos, size_t max_digits, int* value) {
  size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && IsDigit(s[*pos]) && *pos - start < max_digits) {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  if (*pos == start) return false;
  *value = v;
  return true;
}

bool Consume(std::string_view s, size_t* pos, std::string_view token) {
  if (s.substr(*pos, token.size()) != token) return false;
  *pos += token.size();
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

std::string Format(int y, int m, int d) {
  // Years outside this range are typos or placeholders ("0000-00-00").
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return {};
  auto digits = [](int v, int width) {
    std::string out(static_cast<size_t>(width), '0');
    for (int i = width - 1; i >= 0; --i, v /= 10) out[static_cast<size_t>(i)] = char('0' + v % 10);
    return out;
  };
  return digits(y, 4) + "-" + digits(m, 2) + "-" + digits(d, 2);
}

}  // namespace

std::string NormalizeDate(std::string_view input) {
  std::string folded = FoldPrefix(TrimSpace(input));
  std::string_view s = folded;
  size_t pos = 0;
  int y = 0, m = 0, d = 0;
  if (!ReadNumber(s, &pos, 4, &y) || pos != 4) return {};

  // Compact ISO 8601: 20240315 (but not a longer run of digits).
  if (pos + 4 <= s.size() && IsDigit(s[pos])) {
    size_t p = pos;
    if (!ReadNumber(s, &p, 2, &m) || p != 6 || !ReadNumber(s, &p, 2, &d) || p != 8) return {};
    if (p < s.size() && IsDigit(s[p])) return {};
    return Format(y, m, d);
  }

  if (Consume(s, &pos, "年")) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (!ReadNumber(s, &pos, 2, &m)) return {};
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (!Consume(s, &pos, "月")) return {};
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (!ReadNumber(s, &pos, 2, &d)) return {};
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (!Consume(s, &pos, "日")) return {};
    return Format(y, m, d);
  }

  if (pos >= s.size()) return {};
  char sep = s[pos];
  if (sep != '-' && sep != '/' && sep != '.') return {};
  ++pos;
  if (!ReadNumber(s, &pos, 2, &m) || pos >= s.size() || s[pos] != sep) return {};
  ++pos;
  if (!ReadNumber(s, &pos, 2, &d)) return {};
  if (pos < s.size() && IsDigit(s[pos])) return {};  // "2024-03-151"
  return Format(y, m, d);
}

}  // namespace kenchi::parse::internal
