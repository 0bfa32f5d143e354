// Paste dumps: pastes concatenated with a header line before each one (see
// kenchi/parse/posts.h for the header's shape).
#include <algorithm>
#include <string>
#include <vector>
#include <string_view>

#include "kenchi/parse/parse.h"
#include "kenchi/parse/posts.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

constexpr size_t kMaxHeaderBytes = 1024;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "===== paste 7f3a2b 2024-06-01 =====": a run of three or more of one of
// = - #, optional space, "paste" as a word.
bool IsPasteHeader(std::string_view line) {
  line = Trim(line);
  if (line.size() < 8 || line.size() > kMaxHeaderBytes) return false;
  const char fence = line.front();
  if (fence != '=' && fence != '-' && fence != '#') return false;
  size_t i = 0;
  while (i < line.size() && line[i] == fence) ++i;
  if (i < 3) return false;
  while (i < line.size() && IsSpace(line[i])) ++i;
  static constexpr std::string_view kWord = "paste";
  if (line.size() - i < kWord.size()) return false;
  for (size_t k = 0; k < kWord.size(); ++k) {
    char c = line[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kWord[k]) return false;
  }
  return i + kWord.size() == line.size() || !IsLetter(line[i + kWord.size()]);
}

// The first http(s) URL in a header, or empty.
std::string UrlIn(std::string_view header) {
  for (std::string_view scheme : {"https://", "http://"}) {
    size_t at = header.find(scheme);
    if (at == std::string_view::npos) continue;
    size_t end = at;
    while (end < header.size() && !IsSpace(header[end]) && header[end] != '=' &&
           static_cast<unsigned char>(header[end]) > 0x20) {
      ++end;
    }
    if (end > at + scheme.size()) return std::string(header.substr(at, end - at));
  }
  return {};
}

// The first date in a header.
std::string DateIn(std::string_view header) {
  for (size_t i = 0; i + 8 <= header.size(); ++i) {
    if (header[i] >= '1' && header[i] <= '2' && (i == 0 || !(header[i - 1] >= '0' && header[i - 1] <= '9'))) {
      std::string date = internal::NormalizeDate(header.substr(i));
      if (!date.empty()) return date;
    }
  }
  return {};
}

struct Line {
  size_t begin;  // byte offset of the line in the text
  size_t end;    // end of the line's content (before \n)
};

}  // namespace

bool LooksLikePasteDump(std::string_view utf8) {
  if (utf8.substr(0, 3) == "\xEF\xBB\xBF") utf8.remove_prefix(3);
  size_t pos = 0;
  while (pos < utf8.size()) {
    size_t nl = utf8.find('\n', pos);
    size_t end = nl == std::string_view::npos ? utf8.size() : nl;
    std::string_view line = utf8.substr(pos, end - pos);
    if (!Trim(line).empty()) return IsPasteHeader(line);
    pos = end + 1;
  }
  return false;
}

Result<ParseOutput> ParsePasteDump(std::string_view raw, std::string_view utf8, Encoding encoding,
                                   const std::string& path) {
  // Raw slices only line up with the decoded text for UTF-8; other
  // encodings keep the decoded paste as its raw.
  const bool utf8_file = encoding == Encoding::kUtf8 || encoding == Encoding::kUtf8Bom;
  std::string_view source = utf8_file ? raw : utf8;
  if (source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3);

  std::vector<Line> headers;
  size_t pos = 0;
  while (pos < source.size()) {
    size_t nl = source.find('\n', pos);
    size_t end = nl == std::string_view::npos ? source.size() : nl;
    if (IsPasteHeader(source.substr(pos, end - pos))) headers.push_back({pos, end});
    pos = end + 1;
  }
  ParseOutput out;
  for (size_t k = 0; k < headers.size(); ++k) {
    const size_t begin = headers[k].begin;
    const size_t end = k + 1 < headers.size() ? headers[k + 1].begin : source.size();
    std::string_view whole = source.substr(begin, end - begin);
    std::string_view header = Trim(source.substr(begin, headers[k].end - begin));
    std::string_view body = source.substr(std::min(headers[k].end + 1, end), end - std::min(headers[k].end + 1, end));
    std::string text = internal::NormalizeNewlines(internal::TrimSpace(body));
    if (text.empty()) {
      out.rejected.push_back({path + ":" + std::to_string(1 + std::count(source.begin(), source.begin() + static_cast<long>(begin), '\n')),
                              "paste has a header but no text"});
      continue;
    }
    Document doc;
    doc.source = std::string(kSourcePaste);
    doc.format = DocumentFormat::kText;
    doc.encoding = encoding == Encoding::kUtf8Bom ? Encoding::kUtf8 : encoding;
    doc.raw = std::string(whole);
    doc.content_hash = Sha256Hex(doc.raw);
    std::string url = UrlIn(header);
    doc.uri = url.empty() ? path + "#paste" + std::to_string(k + 1) : url;
    doc.title = std::string(internal::CutUtf8(header, internal::kMaxTitleBytes));
    doc.published_on = DateIn(header);
    doc.text = std::string(internal::CutUtf8(text, kMaxPostTextBytes));
    out.documents.push_back(std::move(doc));
  }
  if (out.documents.empty()) {
    return Status::InvalidInput(path + ": paste dump holds no paste with text");
  }
  return out;
}

}  // namespace kenchi::parse
