// JSON lines: one record per line, as forum scrapes, market dumps and feed
// exports arrive.
//
// Every line is judged on its own. A broken line (truncated write, a stray
// log message) becomes a Rejection naming path:line and the rest of the file
// is still used; only a file with no usable line at all is an error.
//
// Per line, a Document gets:
//   raw          the line's bytes as they are in the file, without the line
//                terminator (and without a UTF-8 BOM on line 1), so the same
//                record hashes the same whichever file it came in. UTF-16
//                files cannot be split on byte 0x0A; for them raw is the
//                line transcoded to UTF-8.
//   encoding     what that line's bytes are in (a pure-ASCII line of a
//                Shift_JIS file is plain UTF-8).
//   title        "title"
//   text         the first string among "text", "body", "content", "message"
//   published_on the first of "published", "published_at", "date",
//                "posted_at" that starts with a date, as YYYY-MM-DD
//   uri          "url" or "link" when it is an absolute http(s) URL: where
//                the record really came from is what an analyst follows up.
//                Otherwise "path#L<line>". (The line is still in any
//                rejection message, and raw holds the whole record.)
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

#include "kenchi/parse/parse.h"
#include "kenchi/text/encoding.h"
#include "parse/internal.h"
#include "parse/posts_internal.h"

namespace kenchi::parse::internal {
namespace {

// Deeper than any real record; keeps a hostile "[[[[..." line from costing
// more than it is worth.
constexpr int kMaxJsonDepth = 256;
// nlohmann's messages quote the input near the error; keep them readable.
constexpr size_t kMaxReasonBytes = 300;
constexpr size_t kMaxUrlBytes = 2048;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!IsAsciiSpace(c)) return false;
  }
  return true;
}

// The charset label DecodeToUtf8 understands for an encoding found in the
// whole file, passed as the hint when each line is decoded on its own.
std::string_view LabelFor(Encoding e) {
  switch (e) {
    case Encoding::kShiftJis: return "Shift_JIS";
    case Encoding::kEucJp: return "EUC-JP";
    case Encoding::kIso2022Jp: return "ISO-2022-JP";
    case Encoding::kUtf8:
    case Encoding::kUtf8Bom:
    case Encoding::kUtf16LE:
    case Encoding::kUtf16BE: break;
  }
  return "UTF-8";
}

bool IsHttpUrl(std::string_view s) {
  if (s.empty() || s.size() > kMaxUrlBytes) return false;
  std::string lower;
  for (char c : s.substr(0, 8)) lower.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
  size_t host;
  if (lower.rfind("http://", 0) == 0) {
    host = 7;
  } else if (lower.rfind("https://", 0) == 0) {
    host = 8;
  } else {
    return false;
  }
  if (host >= s.size() || s[host] == '/' || s[host] == '?' || s[host] == '#') return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  return true;
}

// A string member, or null when absent or not a string.
const std::string* StringField(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

// JSON can carry "\u0000"; a NUL in the text would only truncate it in C
// APIs further down, so it goes.
std::string WithoutNul(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\0') out.push_back(c);
  }
  return out;
}

std::string TitleFrom(std::string_view s) {
  std::string t = WithoutNul(s);
  for (char& c : t) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return std::string(CutUtf8(TrimSpace(t), kMaxTitleBytes));
}

// nlohmann says "[json.exception.parse_error.101] parse error at line 1,
// column 7: syntax error ..."; the bracketed id means nothing to a user.
std::string ParseErrorReason(const nlohmann::json::exception& e) {
  std::string_view what = e.what();
  size_t close = what.find("] ");
  if (what.rfind("[json.exception.", 0) == 0 && close != std::string_view::npos) {
    what.remove_prefix(close + 2);
  }
  return "invalid JSON (" + std::string(CutUtf8(what, kMaxReasonBytes)) + ")";
}

struct LineOutcome {
  bool ok = false;
  Document doc;        // when ok
  std::string reason;  // when not
};

LineOutcome ParseLine(std::string_view raw_line, std::string_view text_line, Encoding encoding,
                      const std::string& path, size_t line_no) {
  LineOutcome r;
  if (internal::JsonNestingDepth(text_line) > kMaxJsonDepth) {
    r.reason = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return r;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text_line);
  } catch (const nlohmann::json::exception& e) {
    // parse_error for bad syntax, but also out_of_range for a number that
    // overflows a double ("1e999"): both mean the line is unusable.
    r.reason = ParseErrorReason(e);
    return r;
  }
  if (!j.is_object()) {
    r.reason = std::string("not a JSON object (it is ") + j.type_name() + ")";
    return r;
  }

  Document& doc = r.doc;
  doc.format = DocumentFormat::kJsonLines;
  doc.encoding = encoding;
  doc.raw = std::string(raw_line);
  doc.content_hash = Sha256Hex(raw_line);
  if (const std::string* title = StringField(j, "title")) doc.title = TitleFrom(*title);
  for (const char* key : {"text", "body", "content", "message"}) {
    if (const std::string* text = StringField(j, key)) {
      doc.text = NormalizeNewlines(WithoutNul(*text));
      break;
    }
  }
  for (const char* key : {"published", "published_at", "date", "posted_at"}) {
    if (const std::string* date = StringField(j, key)) {
      doc.published_on = NormalizeDate(*date);
      if (!doc.published_on.empty()) break;
    }
  }
  doc.uri = path + "#L" + std::to_string(line_no);
  for (const char* key : {"url", "link"}) {
    const std::string* url = StringField(j, key);
    if (url && IsHttpUrl(*url)) {
      doc.uri = *url;
      break;
    }
  }
  r.ok = true;
  return r;
}

}  // namespace

Result<ParseOutput> ParseJsonLines(std::string_view raw, std::string_view utf8, Encoding encoding,
                                   const std::string& path) {
  // Byte 0x0A is a line feed and nothing else in UTF-8, Shift_JIS, EUC-JP
  // and ISO-2022-JP, so those files are split as bytes; UTF-16 is split
  // after transcoding.
  const bool split_decoded = encoding == Encoding::kUtf16LE || encoding == Encoding::kUtf16BE;
  const bool utf8_file = encoding == Encoding::kUtf8 || encoding == Encoding::kUtf8Bom;
  std::string_view source = split_decoded ? utf8 : raw;
  if (!split_decoded && source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3);

  ParseOutput out;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < source.size()) {
    ++line_no;
    size_t nl = source.find('\n', pos);
    size_t end = nl == std::string_view::npos ? source.size() : nl;
    std::string_view line = source.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;

    std::string where = path + ":" + std::to_string(line_no);
    if (line.size() > kMaxJsonLineBytes) {
      out.rejected.push_back({where, "line is " + std::to_string(line.size()) +
                                         " bytes, over the " +
                                         std::to_string(kMaxJsonLineBytes) + "-byte limit"});
      continue;
    }

    std::string transcoded;
    std::string_view text = line;
    Encoding line_encoding = Encoding::kUtf8;
    if (!split_decoded && !utf8_file) {
      Result<text::Decoded> d = text::DecodeToUtf8(line, LabelFor(encoding));
      if (!d.ok()) {
        out.rejected.push_back({where, d.status().message()});
        continue;
      }
      transcoded = std::move(d->utf8);
      text = transcoded;
      line_encoding = d->encoding;
    }

    LineOutcome r = ParseLine(line, text, line_encoding, path, line_no);
    if (r.ok) {
      out.documents.push_back(std::move(r.doc));
    } else {
      out.rejected.push_back({where, std::move(r.reason)});
    }
  }

  if (out.documents.empty()) {
    if (out.rejected.empty()) return Status::InvalidInput(path + ": no JSON lines");
    const Rejection& first = out.rejected.front();
    return Status::InvalidInput(path + ": no usable JSON line (" +
                                std::to_string(out.rejected.size()) + " rejected; first " +
                                first.where + ": " + first.reason + ")");
  }
  return out;
}

}  // namespace kenchi::parse::internal
