// The hot loop of `kenchi scan`: split lines, check them, parse the record,
// look its fields up. Nothing here allocates per line: lines and fields are
// views, domains are lowercased into a stack buffer, and only a match is
// copied out.
#include <array>
#include <cstring>

#include "kenchi/text/encoding.h"
#include "pipeline/scan_worker.h"

namespace kenchi::pipeline::internal {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Whether the line has bytes below 0x20 (candidates: TAB and CR are fine)
// or above 0x7F, eight bytes at a time.
void Classify(std::string_view s, bool* maybe_control, bool* high) {
  uint64_t hi = 0, ctrl = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    hi |= w;
    ctrl |= (w - 0x20 * kOnes) & ~w;
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    hi |= c;
    ctrl |= c < 0x20 ? 0x80 : 0;
  }
  *maybe_control = (ctrl & kHighBits) != 0;
  *high = (hi & kHighBits) != 0;
}

bool HasBadControl(std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\r') return true;
  }
  return false;
}

// The host of a URL: after "scheme://" and any "user:pass@", up to the
// port, path, query or fragment.
// (The end found through a table: one load and test a byte, where three
// compares a byte were a tenth of a stealer-log line's work.)
constexpr std::array<bool, 256> MakeHostEnd() {
  std::array<bool, 256> t{};
  t['/'] = t['?'] = t['#'] = true;
  return t;
}
constexpr std::array<bool, 256> kHostEnd = MakeHostEnd();

std::string_view HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos && scheme < 16) url.remove_prefix(scheme + 3);
  size_t end = 0;
  while (end < url.size() && !kHostEnd[static_cast<unsigned char>(url[end])]) ++end;
  url = url.substr(0, end);
  const size_t at = url.rfind('@');
  if (at != std::string_view::npos) url.remove_prefix(at + 1);
  const size_t colon = url.find(':');
  if (colon != std::string_view::npos) url = url.substr(0, colon);
  return url;
}

std::string MaskCard(std::string_view digits) {
  std::string out(digits.substr(0, 6));
  out.append(digits.size() - 10, '*');
  out.append(digits.substr(digits.size() - 4));
  return out;
}

}  // namespace

void ScanWorker::Block(std::string_view block, uint64_t base) {
  if (options_.fast_path && layout_.format == parse::DumpFormat::kCombolist &&
      matcher_.watches_domains()) {
    ComboBlock(*this, block, base);
    return;
  }
  const char* p = block.data();
  const char* const end = p + block.size();
  while (p < end) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl != nullptr ? nl : end;
    Line(std::string_view(p, static_cast<size_t>(line_end - p)),
         base + static_cast<uint64_t>(p - block.data()));
    p = line_end + 1;
  }
}

void ScanWorker::TooLong(uint64_t offset, std::string_view head) {
  ++counters.lines;
  Bad(offset, "line longer than " + std::to_string(options_.max_line_bytes) + " bytes", head);
}

void ScanWorker::Bad(uint64_t offset, std::string_view reason, std::string_view line) {
  ++counters.bad;
  if (options_.max_bad_samples == 0) return;
  // Blocks reach a worker in stream order, so the first samples are the
  // earliest; keep them.
  if (samples.size() >= options_.max_bad_samples) return;
  BadLineSample s;
  s.offset = offset;
  s.reason = std::string(reason);
  for (size_t i = 0; i < line.size() && i < 40; ++i) {
    const char c = line[i];
    s.excerpt.push_back(c >= 0x20 && c < 0x7f ? c : '.');
  }
  samples.push_back(std::move(s));
}

void ScanWorker::Line(std::string_view line, uint64_t offset) {
  ++counters.lines;
  ++counters.general;
  if (line.size() > options_.max_line_bytes) {
    Bad(offset, "line longer than " + std::to_string(options_.max_line_bytes) + " bytes", line);
    return;
  }
  if (offset == 0 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  if (line.empty() || (line.size() == 1 && line[0] == '\r')) {
    ++counters.skipped;
    return;
  }
  bool maybe_control = false, high = false;
  Classify(line, &maybe_control, &high);
  if (maybe_control && HasBadControl(line)) {
    Bad(offset, "control bytes (binary data?)", line);
    return;
  }
  if (high && !text::IsValidUtf8(line)) ++counters.invalid_utf8;

  parse::DumpRecord rec;
  parse::LineIssue issue = parse::LineIssue::kNone;
  switch (layout_.format) {
    case parse::DumpFormat::kCombolist:
      issue = parse::ParseComboLine(line, rec);
      if (issue == parse::LineIssue::kNone) Record(rec, offset);
      break;
    case parse::DumpFormat::kCsv:
      if (offset == 0 && layout_.header_line) {
        ++counters.skipped;
        return;
      }
      issue = parse::ParseCsvLine(line, layout_, scratch_, rec);
      if (issue == parse::LineIssue::kNone) Record(rec, offset);
      break;
    case parse::DumpFormat::kSql: {
      bool is_insert = false;
      issue = sql_.Parse(line, &is_insert, [&](const parse::DumpRecord& r) { Record(r, offset); });
      if (!is_insert) ++counters.skipped;
      break;
    }
  }
  if (issue != parse::LineIssue::kNone) Bad(offset, parse::Describe(issue), line);
}

void ScanWorker::Record(const parse::DumpRecord& rec, uint64_t offset) {
  ++counters.records;
  char buf[256];
  FoundKind kind = FoundKind::kEmail;
  match::EntryIndex hit = match::kNoMatch;
  std::string_view domain;
  if (matcher_.watches_domains()) {
    if (!rec.identity.empty()) {
      const void* at = memrchr(rec.identity.data(), '@', rec.identity.size());
      if (at != nullptr) {
        const size_t pos = static_cast<size_t>(static_cast<const char*>(at) - rec.identity.data());
        uint64_t dots;
        const size_t n = match::LowerHost(rec.identity.substr(pos + 1), buf, 253, &dots);
        if (n > 0) {
          domain = std::string_view(buf, n);
          // (Dots found while lowering: no second pass over the name.)
          hit = matcher_.MatchEmailDomain(domain, dots);
        }
      }
    }
    if (hit == match::kNoMatch && !rec.url.empty()) {
      uint64_t dots;
      const size_t n = match::LowerHost(HostOf(rec.url), buf, 253, &dots);
      if (n > 0) {
        domain = std::string_view(buf, n);
        hit = matcher_.MatchHost(domain, dots);
        kind = FoundKind::kUrl;
      }
    }
  }
  char digits[19];
  size_t ndigits = 0;
  if (hit == match::kNoMatch && !rec.card.empty() && matcher_.watches_cards()) {
    ndigits = parse::CardDigits(rec.card, digits);
    if (ndigits > 0) {
      hit = matcher_.MatchCard(std::string_view(digits, ndigits));
      kind = FoundKind::kCard;
    }
  }
  if (hit == match::kNoMatch) return;
  if (kind == FoundKind::kCard) {
    // A card number is itself the secret: only a masked form leaves here;
    // the digits go on as the "password", hashed by the caller, never stored.
    const std::string_view d(digits, ndigits);
    Found(kind, hit, offset, MaskCard(d), d, matcher_.entry(hit).value, {});
  } else {
    Found(kind, hit, offset, rec.identity, rec.password, domain, rec.url);
  }
}

void ScanWorker::Keep(FoundKind kind, match::EntryIndex hit, uint64_t offset,
                      std::string_view identity, std::string_view password,
                      std::string_view domain, std::string_view url) {
  FoundCredential& f = found.Next();
  f.kind = kind;
  f.entry = hit;
  f.offset = offset;
  f.identity.assign(identity);
  f.password.assign(password);
  f.domain.assign(domain);
  f.url.assign(url);
}

}  // namespace kenchi::pipeline::internal
