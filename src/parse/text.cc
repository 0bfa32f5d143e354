// Plain text documents, and the small string helpers the other formats share.
#include <string>
#include <string_view>

#include "parse/internal.h"

namespace kenchi::parse::internal {
namespace {

// Length of the space character at the start of `s` (ASCII whitespace,
// U+00A0 NO-BREAK SPACE, U+3000 IDEOGRAPHIC SPACE), or 0.
size_t LeadingSpaceLength(std::string_view s) {
  if (s.empty()) return 0;
  char c = s.front();
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (s.substr(0, 2) == "\xC2\xA0") return 2;
  if (s.substr(0, 3) == "\xE3\x80\x80") return 3;
  return 0;
}

size_t TrailingSpaceLength(std::string_view s) {
  if (s.empty()) return 0;
  char c = s.back();
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return 2;
  if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") return 3;
  return 0;
}

}  // namespace

std::string_view TrimSpace(std::string_view s) {
  while (size_t n = LeadingSpaceLength(s)) s.remove_prefix(n);
  while (size_t n = TrailingSpaceLength(s)) s.remove_suffix(n);
  return s;
}

std::string_view CutUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void FillFromText(std::string_view utf8, Document* doc) {
  doc->text = NormalizeNewlines(utf8);
  std::string_view rest = doc->text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = TrimSpace(rest.substr(0, nl));
    if (!line.empty()) {
      doc->title = std::string(CutUtf8(line, kMaxTitleBytes));
      break;
    }
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  // A text file states its date in prose, if at all: the extractor finds it.
  doc->published_on.clear();
}

}  // namespace kenchi::parse::internal
