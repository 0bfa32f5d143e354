#include "store/sqlite/search_text.h"

namespace kenchi::sqlite {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char FoldAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Byte offset of `needle` in `text` comparing ASCII letters without case;
// other bytes, including every byte of a multi-byte character, must match
// exactly, which is what SQLite's LIKE does.
size_t FindFolded(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) return std::string_view::npos;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (IsContinuation(static_cast<unsigned char>(text[i]))) continue;
    size_t j = 0;
    while (j < needle.size() && FoldAscii(text[i + j]) == FoldAscii(needle[j])) ++j;
    if (j == needle.size()) return i;
  }
  return std::string_view::npos;
}

// Moves `pos` back over up to `n` characters of `text`.
size_t BackChars(std::string_view text, size_t pos, size_t n) {
  while (n > 0 && pos > 0) {
    --pos;
    while (pos > 0 && IsContinuation(static_cast<unsigned char>(text[pos]))) --pos;
    --n;
  }
  return pos;
}

// Moves `pos` forward over up to `n` characters of `text`.
size_t ForwardChars(std::string_view text, size_t pos, size_t n) {
  while (n > 0 && pos < text.size()) {
    ++pos;
    while (pos < text.size() && IsContinuation(static_cast<unsigned char>(text[pos]))) ++pos;
    --n;
  }
  return pos;
}

}  // namespace

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return n;
}

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string QuoteFts5String(std::string_view query) {
  std::string out;
  out.reserve(query.size() + 2);
  out += '"';
  for (char c : query) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string LikeContainsPattern(std::string_view query) {
  std::string out;
  out.reserve(query.size() + 2);
  out += '%';
  for (char c : query) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

std::string ExcerptAround(std::string_view text, std::string_view needle, size_t context) {
  const size_t at = FindFolded(text, needle);
  if (at == std::string_view::npos) return {};
  const size_t end = at + needle.size();
  const size_t from = BackChars(text, at, context);
  const size_t to = ForwardChars(text, end, context);

  std::string out;
  if (from > 0) out += kEllipsis;
  out += text.substr(from, at - from);
  out += kMatchOpen;
  out += text.substr(at, needle.size());
  out += kMatchClose;
  out += text.substr(end, to - end);
  if (to < text.size()) out += kEllipsis;
  return out;
}

}  // namespace kenchi::sqlite
