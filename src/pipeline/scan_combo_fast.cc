// The fast path of `kenchi scan` for combolists: most lines are short,
// plain "user@domain:password" lines, and for those the work is a handful of
// vector compares and one hash lookup. One 64-byte window at the start of
// a line gives, as bit masks, where the line ends, where the first field
// separator is and where the '@' signs are; the domain is then the bytes
// between the last '@' before the separator and the separator.
//
// Anything unusual (a line longer than the window, bytes outside printable
// ASCII, a leading space, a "scheme://" stealer-log line, a card number
// when cards are watched, the first line of the stream with its possible
// BOM, no separator at all) goes to ScanWorker::Line, the general parser,
// so both paths count and match every line the same way. The tests compare
// the two on the same input.
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pipeline/scan_worker.h"

namespace kenchi::pipeline::internal {
namespace {

struct WindowMasks {
  uint64_t newline = 0;
  uint64_t separator = 0;  // ':' ';' '|' TAB: what ParseComboLine splits on
  uint64_t at = 0;
  uint64_t special = 0;    // bytes >= 0x80 and controls other than TAB and '\n' (CR included)
};

#if defined(__SSE2__)
inline uint64_t Bits(__m128i m, int shift) {
  return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(m))) << shift;
}

// 64 bytes at p (all readable).
inline WindowMasks Classify(const char* p) {
  WindowMasks w;
  const __m128i nl = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t'), colon = _mm_set1_epi8(':'),
                semi = _mm_set1_epi8(';'), bar = _mm_set1_epi8('|'), at = _mm_set1_epi8('@'),
                space = _mm_set1_epi8(0x20);
  for (int i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i is_nl = _mm_cmpeq_epi8(v, nl);
    const __m128i is_tab = _mm_cmpeq_epi8(v, tab);
    const __m128i sep = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, semi)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, bar), is_tab));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" takes them too.
    const __m128i low = _mm_cmplt_epi8(v, space);
    const __m128i special = _mm_andnot_si128(_mm_or_si128(is_nl, is_tab), low);
    w.newline |= Bits(is_nl, 16 * i);
    w.separator |= Bits(sep, 16 * i);
    w.at |= Bits(_mm_cmpeq_epi8(v, at), 16 * i);
    w.special |= Bits(special, 16 * i);
  }
  return w;
}
#else
inline WindowMasks Classify(const char* p) {
  WindowMasks w;
  for (int i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    const uint64_t bit = uint64_t{1} << i;
    if (c == '\n') w.newline |= bit;
    if (c == ':' || c == ';' || c == '|' || c == '\t') w.separator |= bit;
    if (c == '@') w.at |= bit;
    if ((c < 0x20 && c != '\t' && c != '\n') || c >= 0x80) w.special |= bit;
  }
  return w;
}
#endif

inline uint64_t Below(unsigned n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }

}  // namespace

void ScanWorker::ComboBlock(std::string_view block, uint64_t base) {
  const char* const begin = block.data();
  const char* p = begin;
  const char* const end = begin + block.size();
  const bool cards = matcher_.watches_cards();
  // The window is 64 bytes: a smaller line limit must be checked per line.
  const bool window_ok = options_.max_line_bytes >= 64;
  char lowered[256];
  while (p < end) {
    const uint64_t offset = base + static_cast<uint64_t>(p - begin);
    if (window_ok && end - p >= 64 && offset != 0) {
      const WindowMasks w = Classify(p);
      if (w.newline != 0) {
        const auto len = static_cast<unsigned>(__builtin_ctzll(w.newline));
        unsigned n = len;
        uint64_t special = w.special & Below(len);
        if (special != 0 && len > 0 && special == uint64_t{1} << (len - 1) && p[len - 1] == '\r') {
          n = len - 1;  // CRLF line ending
          special = 0;
        }
        const uint64_t seps = w.separator & Below(n);
        if (special == 0 && n > 0 && seps != 0) {
          const auto s = static_cast<unsigned>(__builtin_ctzll(seps));
          const bool scheme = p[s] == ':' && s + 2 < n && p[s + 1] == '/' && p[s + 2] == '/';
          const bool digit_first = p[0] >= '0' && p[0] <= '9';
          if (s > 0 && p[0] != ' ' && p[s - 1] != ' ' && !scheme && !(cards && digit_first)) {
            ++counters.lines;
            ++counters.records;
            const uint64_t ats = w.at & Below(s);
            if (ats != 0) {
              const auto a = static_cast<unsigned>(63 - __builtin_clzll(ats));
              const std::string_view raw(p + a + 1, s - a - 1);
              const size_t k = match::LowerHost(raw, lowered, sizeof lowered);
              if (k > 0) {
                const std::string_view domain(lowered, k);
                const match::EntryIndex hit = matcher_.MatchEmailDomain(domain);
                if (hit != match::kNoMatch) {
                  Found(FoundKind::kEmail, hit, offset, std::string_view(p, s),
                        std::string_view(p + s + 1, n - s - 1), domain, {});
                }
              }
            }
            p += len + 1;
            continue;
          }
        }
      }
    }
    // The general path, for this one line.
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl != nullptr ? nl : end;
    Line(std::string_view(p, static_cast<size_t>(line_end - p)), offset);
    p = line_end + 1;
  }
}

}  // namespace kenchi::pipeline::internal
