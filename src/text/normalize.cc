// NFKC and NFKC_Casefold via ICU's Normalizer2, working on UTF-8 directly.
//
// Input is first made well-formed (each maximal ill-formed subsequence
// becomes U+FFFD, the Unicode-recommended practice), because ICU's UTF-8
// normaliser is only specified for well-formed input. Long input is cut into
// pieces at normalisation boundaries: ICU's UTF-8 API takes int32 lengths,
// and pieces keep the temporary buffers small.

#include "kenchi/text/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace kenchi::text {
namespace {

// Piece size for normalising. Any value well under INT32_MAX works; 1 MiB
// keeps the sanitised copy of a piece cheap.
constexpr size_t kPieceBytes = size_t{1} << 20;

// How far back from a piece end to look for a boundary before giving up and
// cutting anyway (only reachable with pathological runs of combining marks).
constexpr size_t kMaxBoundarySearch = 4096;

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Decodes the code point at s[i] and advances i; negative for ill-formed
// bytes (i then skips the maximal ill-formed subpart).
int32_t NextCodePoint(const uint8_t* s, size_t* i, size_t n) {
  UChar32 c;
  size_t pos = *i;
  U8_NEXT(s, pos, n, c);
  *i = pos;
  return c;
}

// Copies [begin, end) replacing ill-formed sequences with U+FFFD.
void AppendSanitized(std::string_view in, std::string* out) {
  const auto* s = reinterpret_cast<const uint8_t*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    const size_t start = i;
    if (NextCodePoint(s, &i, n) < 0) {
      out->append(kReplacement);
    } else {
      out->append(in.data() + start, i - start);
    }
  }
}

// Returns a cut position in (from, limit] where normalisation of the two
// sides is independent: the code point starting there has a boundary before
// it. Works on raw (possibly ill-formed) bytes; ill-formed bytes become
// U+FFFD, which always has a boundary before it.
size_t FindCut(const icu::Normalizer2& norm, std::string_view s, size_t from, size_t limit) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t cut = limit;
  // Back up to the start of a code point (at most 3 continuation bytes).
  for (int k = 0; k < 3 && cut > from + 1 && (p[cut] & 0xC0) == 0x80; ++k) --cut;
  const size_t floor = cut > from + kMaxBoundarySearch ? cut - kMaxBoundarySearch : from + 1;
  for (size_t c = cut; c >= floor; --c) {
    if ((p[c] & 0xC0) == 0x80) continue;
    size_t i = c;
    const int32_t cp = NextCodePoint(p, &i, s.size());
    if (cp < 0 || norm.hasBoundaryBefore(cp)) return c;
    if (c == floor) break;
  }
  return cut;
}

// `norm` is null when ICU could not load its normalisation data; the text is
// then only made well-formed. Callers must never crash on text, and keeping
// it readable beats dropping it.
std::string Normalize(const icu::Normalizer2* norm, std::string_view utf8) {
  std::string out;
  if (norm == nullptr) {
    AppendSanitized(utf8, &out);
    return out;
  }
  out.reserve(utf8.size());
  std::string piece_text, normalized;
  size_t from = 0;
  while (from < utf8.size()) {
    const size_t end = utf8.size() - from <= kPieceBytes ? utf8.size()
                                                         : FindCut(*norm, utf8, from, from + kPieceBytes);
    piece_text.clear();
    AppendSanitized(utf8.substr(from, end - from), &piece_text);
    normalized.clear();
    UErrorCode status = U_ZERO_ERROR;
    {
      icu::StringByteSink<std::string> sink(&normalized);
      norm->normalizeUTF8(0, icu::StringPiece(piece_text.data(), static_cast<int32_t>(piece_text.size())),
                          sink, nullptr, status);
    }
    out.append(U_SUCCESS(status) ? normalized : piece_text);
    from = end;
  }
  return out;
}

}  // namespace

std::string Nfkc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFKCInstance(status);
  return Normalize(U_SUCCESS(status) ? norm : nullptr, utf8);
}

std::string NfkcCaseFold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFKCCasefoldInstance(status);
  return Normalize(U_SUCCESS(status) ? norm : nullptr, utf8);
}

}  // namespace kenchi::text
