#include "match/text_scan.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace kenchi::match {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-' || c == '_';
}

bool LuhnValid(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

int32_t CodePointBefore(std::string_view s, size_t i) {
  if (i == 0) return -1;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t pos = static_cast<int32_t>(i);
  UChar32 c;
  U8_PREV(p, 0, pos, c);
  return c;
}

int32_t CodePointAt(std::string_view s, size_t i) {
  if (i >= s.size()) return -1;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t pos = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(p, pos, static_cast<int32_t>(s.size()), c);
  return c;
}

}  // namespace

bool IsWordCodePoint(int32_t c) {
  if (c < 0) return false;
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (!u_isalnum(c)) return false;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_LATIN && U_SUCCESS(status);
}

bool AtWordBoundaries(std::string_view text, size_t begin, size_t end) {
  if (end <= begin) return false;
  if (IsWordCodePoint(CodePointAt(text, begin)) && IsWordCodePoint(CodePointBefore(text, begin))) {
    return false;
  }
  if (IsWordCodePoint(CodePointBefore(text, end)) && IsWordCodePoint(CodePointAt(text, end))) {
    return false;
  }
  return true;
}

bool AtDomainBoundaries(std::string_view text, size_t begin, size_t end, size_t* host_begin) {
  if (begin > 0 && IsHostChar(text[begin - 1])) return false;
  if (end < text.size()) {
    if (IsHostChar(text[end])) return false;
    if (text[end] == '.' && end + 1 < text.size() && IsHostChar(text[end + 1])) return false;
  }
  size_t b = begin;
  while (b > 0 && (IsHostChar(text[b - 1]) || (text[b - 1] == '.' && b >= 2 && IsHostChar(text[b - 2])))) {
    --b;
  }
  *host_begin = b;
  return true;
}

void FindIpLiterals(std::string_view text,
                    const std::function<void(size_t, size_t, const IpBytes&)>& found) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    if (!IsHex(text[i]) && text[i] != ':') {
      ++i;
      continue;
    }
    // A candidate: a maximal run of hex digits, dots and colons that does
    // not continue a word.
    const bool glued = i > 0 && (IsHostChar(text[i - 1]) || text[i - 1] == '.');
    size_t j = i;
    int dots = 0, colons = 0;
    while (j < n && (IsHex(text[j]) || text[j] == '.' || text[j] == ':')) {
      dots += text[j] == '.';
      colons += text[j] == ':';
      ++j;
    }
    size_t e = j;
    while (e > i && (text[e - 1] == '.' || (text[e - 1] == ':' && colons < 2))) --e;
    const bool glued_after = j < n && IsHostChar(text[j]);
    if (dots == 3 && colons == 1) {
      // "198.51.100.7:3389": an IPv4 address with its port.
      e = text.find(':', i);
    }
    if (!glued && !glued_after && (colons >= 2 || dots == 3) && e - i >= 7 && e - i <= 45) {
      if (std::optional<IpBytes> ip = ParseIp(text.substr(i, e - i))) found(i, e, *ip);
    }
    i = j;
  }
}

void FindCardNumbers(std::string_view text,
                     const std::function<void(size_t, size_t, std::string_view)>& found) {
  const size_t n = text.size();
  std::string digits;
  size_t i = 0;
  while (i < n) {
    if (!IsDigit(text[i]) || (i > 0 && (IsDigit(text[i - 1]) || text[i - 1] == '.'))) {
      ++i;
      continue;
    }
    digits.clear();
    size_t j = i;
    size_t last_digit_end = i;
    while (j < n && digits.size() <= 19) {
      if (IsDigit(text[j])) {
        digits.push_back(text[j]);
        ++j;
        last_digit_end = j;
      } else if ((text[j] == ' ' || text[j] == '-') && j + 1 < n && IsDigit(text[j + 1]) &&
                 j > i && IsDigit(text[j - 1])) {
        ++j;
      } else {
        break;
      }
    }
    const bool glued_after = last_digit_end < n && IsDigit(text[last_digit_end]);
    if (!glued_after && digits.size() >= 13 && digits.size() <= 19 && LuhnValid(digits)) {
      found(i, last_digit_end, digits);
    } else {
      // "BIN 453201": 6-8 digits right after the word BIN (and ": #" separators).
      size_t k = i;
      while (k > 0 && i - k < 4 && (text[k - 1] == ' ' || text[k - 1] == ':' || text[k - 1] == '#')) --k;
      const bool after_bin = k >= 3 && (text.substr(k - 3, 3) == "bin" || text.substr(k - 3, 3) == "BIN" ||
                                        text.substr(k - 3, 3) == "Bin") &&
                             (k == 3 || !IsHostChar(text[k - 4]));
      size_t run = i;
      while (run < n && IsDigit(text[run])) ++run;
      if (after_bin && run - i >= 6 && run - i <= 8) found(i, run, text.substr(i, run - i));
    }
    i = last_digit_end > i ? last_digit_end : i + 1;
  }
}

}  // namespace kenchi::match
