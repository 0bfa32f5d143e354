#include "kenchi/text/width.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace kenchi::text {
namespace {

int CodePointWidth(UChar32 c) {
  if (c < 0) return 1;  // invalid byte: shown as one replacement character
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  const int gc = u_charType(c);
  if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR) return 0;
  const int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
}

}  // namespace

int DisplayWidth(std::string_view utf8) {
  int width = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    width += CodePointWidth(c);
  }
  return width;
}

std::string TruncateToWidth(std::string_view utf8, int columns) {
  if (DisplayWidth(utf8) <= columns) return std::string(utf8);
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  int width = 0;
  int32_t i = 0;
  while (i < n) {
    int32_t next = i;
    UChar32 c;
    U8_NEXT(s, next, n, c);
    const int w = CodePointWidth(c);
    if (width + w > columns - 1) break;  // keep one column for the ellipsis
    width += w;
    i = next;
  }
  return std::string(utf8.substr(0, static_cast<size_t>(i))) + "…";
}

}  // namespace kenchi::text
