// Recognising a format from content, and finding the charset an HTML page
// declares for itself. Both look only at the first few kilobytes so that a
// 64 MB file costs no more to sniff than a small one.
#include <string>
#include <string_view>

#include "kenchi/parse/parse.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

constexpr size_t kHtmlMarkerWindow = 1024;     // where <html>, <head>... must appear
constexpr size_t kFragmentWindow = 64 * 1024;  // where a fragment's </p> or <br> must appear
constexpr size_t kCharsetWindow = 4096;        // where a <meta charset> must appear
constexpr int kJsonLinesToCheck = 5;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive: does `s` start with `lower_prefix` (given in lowercase)?
bool StartsWithNoCase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    if (AsciiLower(s[i]) != lower_prefix[i]) return false;
  }
  return true;
}

// Case-insensitive find of `lower_needle` in `s`, from `from`.
size_t FindNoCase(std::string_view s, std::string_view lower_needle, size_t from = 0) {
  if (lower_needle.empty() || s.size() < lower_needle.size()) return std::string_view::npos;
  for (size_t i = from; i + lower_needle.size() <= s.size(); ++i) {
    if (StartsWithNoCase(s.substr(i), lower_needle)) return i;
  }
  return std::string_view::npos;
}

// True when `tag` (e.g. "<head") occurs in `s` as a whole tag name, so that
// "<header" or "<html5-notes" do not count as "<head" or "<html".
bool ContainsTag(std::string_view s, std::string_view lower_tag) {
  for (size_t at = FindNoCase(s, lower_tag); at != std::string_view::npos;
       at = FindNoCase(s, lower_tag, at + 1)) {
    size_t after = at + lower_tag.size();
    if (after == s.size() || IsAsciiSpace(s[after]) || s[after] == '>' || s[after] == '/') {
      return true;
    }
  }
  return false;
}

std::string_view SkipBomAndSpace(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The first non-blank line looks like one JSON object, and so do most of
// the first few. "Most", not "all": a dump with one line cut short near the
// top is still JSON lines (that line becomes a rejection), while
// pretty-printed JSON ("{" alone on the first line) and prose that happens to
// open with a brace are not. A real parse happens later, line by line; this
// only has to be cheap and right for the files that actually occur.
bool LooksLikeJsonLines(std::string_view s) {
  int seen = 0;
  int objects = 0;
  size_t pos = 0;
  while (pos < s.size() && seen < kJsonLinesToCheck) {
    size_t nl = s.find('\n', pos);
    size_t end = nl == std::string_view::npos ? s.size() : nl;
    std::string_view line = TrimAscii(s.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) continue;
    bool object = line.front() == '{' && line.back() == '}';
    if (seen == 0 && !object) return false;
    ++seen;
    if (object) ++objects;
  }
  return seen > 0 && 2 * objects > seen;
}

bool LooksLikeHtml(std::string_view s) {
  std::string_view head = s.substr(0, kHtmlMarkerWindow);
  for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body"}) {
    if (ContainsTag(head, tag)) return true;
  }
  // A fragment without a document skeleton, as some feeds deliver.
  if (!s.empty() && s.front() == '<') {
    std::string_view window = s.substr(0, kFragmentWindow);
    if (FindNoCase(window, "</p>") != std::string_view::npos || ContainsTag(window, "<br")) {
      return true;
    }
  }
  return false;
}

// ---- declared charset ---------------------------------------------------------

// A tiny attribute reader for one start tag, positioned after the tag name.
class TagAttributes {
 public:
  TagAttributes(std::string_view s, size_t pos) : s_(s), pos_(pos) {}

  // Reads the next name/value pair; false at the end of the tag.
  bool Next(std::string* name, std::string_view* value) {
    while (pos_ < s_.size() && (IsAsciiSpace(s_[pos_]) || s_[pos_] == '/')) ++pos_;
    if (pos_ >= s_.size() || s_[pos_] == '>') return false;
    size_t start = pos_;
    while (pos_ < s_.size() && !IsAsciiSpace(s_[pos_]) && s_[pos_] != '=' && s_[pos_] != '>' &&
           s_[pos_] != '/') {
      ++pos_;
    }
    name->clear();
    for (size_t i = start; i < pos_; ++i) name->push_back(AsciiLower(s_[i]));
    *value = {};
    size_t look = pos_;
    while (look < s_.size() && IsAsciiSpace(s_[look])) ++look;
    if (look >= s_.size() || s_[look] != '=') return true;  // attribute without a value
    pos_ = look + 1;
    while (pos_ < s_.size() && IsAsciiSpace(s_[pos_])) ++pos_;
    if (pos_ >= s_.size()) return true;
    if (s_[pos_] == '"' || s_[pos_] == '\'') {
      char quote = s_[pos_++];
      size_t close = s_.find(quote, pos_);
      if (close == std::string_view::npos) close = s_.size();
      *value = s_.substr(pos_, close - pos_);
      pos_ = close == s_.size() ? close : close + 1;
    } else {
      size_t vstart = pos_;
      while (pos_ < s_.size() && !IsAsciiSpace(s_[pos_]) && s_[pos_] != '>') ++pos_;
      *value = s_.substr(vstart, pos_ - vstart);
    }
    return true;
  }

 private:
  std::string_view s_;
  size_t pos_;
};

// The value after "charset=" in a Content-Type such as
// "text/html; charset=Shift_JIS".
std::string_view CharsetFromContentType(std::string_view content) {
  size_t at = FindNoCase(content, "charset");
  while (at != std::string_view::npos) {
    size_t p = at + 7;
    while (p < content.size() && IsAsciiSpace(content[p])) ++p;
    if (p < content.size() && content[p] == '=') {
      ++p;
      while (p < content.size() && IsAsciiSpace(content[p])) ++p;
      if (p < content.size() && (content[p] == '"' || content[p] == '\'')) ++p;
      size_t start = p;
      while (p < content.size() && !IsAsciiSpace(content[p]) && content[p] != ';' &&
             content[p] != '"' && content[p] != '\'') {
        ++p;
      }
      return content.substr(start, p - start);
    }
    at = FindNoCase(content, "charset", at + 1);
  }
  return {};
}

// The charset one <meta ...> tag declares, or empty. `pos` is just after "<meta".
std::string_view CharsetFromMeta(std::string_view s, size_t pos) {
  TagAttributes attrs(s, pos);
  std::string name;
  std::string_view value;
  std::string_view content;
  bool content_type = false;
  while (attrs.Next(&name, &value)) {
    if (name == "charset") return TrimAscii(value);
    if (name == "content") content = value;
    if (name == "http-equiv") content_type = StartsWithNoCase(TrimAscii(value), "content-type");
  }
  if (content_type) return TrimAscii(CharsetFromContentType(content));
  return {};
}

// encoding="..." of an XML declaration at the very start (XHTML pages).
std::string_view CharsetFromXmlDeclaration(std::string_view s) {
  s = SkipBomAndSpace(s);
  if (!StartsWithNoCase(s, "<?xml")) return {};
  size_t end = s.find("?>");
  std::string_view decl = s.substr(0, end);
  TagAttributes attrs(decl, 5);
  std::string name;
  std::string_view value;
  while (attrs.Next(&name, &value)) {
    if (name == "encoding") return TrimAscii(value);
  }
  return {};
}

}  // namespace

DocumentFormat SniffFormat(std::string_view utf8) {
  std::string_view s = SkipBomAndSpace(utf8);
  if (!s.empty() && s.front() == '{' && LooksLikeJsonLines(s)) return DocumentFormat::kJsonLines;
  if (LooksLikeHtml(s)) return DocumentFormat::kHtml;
  return DocumentFormat::kText;
}

namespace internal {

std::string FindDeclaredCharset(std::string_view raw) {
  std::string_view s = raw.substr(0, kCharsetWindow);
  size_t pos = 0;
  while (pos < s.size()) {
    size_t lt = s.find('<', pos);
    if (lt == std::string_view::npos) break;
    std::string_view rest = s.substr(lt);
    if (rest.substr(0, 4) == "<!--") {
      // A commented-out declaration is not a declaration.
      size_t close = s.find("-->", lt + 4);
      if (close == std::string_view::npos) break;
      pos = close + 3;
      continue;
    }
    if (StartsWithNoCase(rest, "<meta") && rest.size() > 5 &&
        (IsAsciiSpace(rest[5]) || rest[5] == '/')) {
      std::string_view charset = CharsetFromMeta(s, lt + 5);
      if (!charset.empty()) return std::string(charset);
    }
    pos = lt + 1;
  }
  return std::string(CharsetFromXmlDeclaration(s));
}

}  // namespace internal
}  // namespace kenchi::parse
