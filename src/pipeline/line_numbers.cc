// Counting newlines for the bad-line samples' line numbers.
#include "pipeline/line_numbers.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kenchi::pipeline::internal {

// 16 bytes a step with SSE2 (every x86-64), each byte lane counting its
// matches, summed every 255 steps before a lane can overflow. (std::count,
// a byte at a time, made numbering the samples of a dump whose last line
// was cut off four times as long as its scan.)
uint64_t CountNewlines(const char* p, size_t n) {
  uint64_t total = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  while (n - i >= 16) {
    __m128i lanes = _mm_setzero_si128();
    const size_t steps = std::min<size_t>((n - i) / 16, 255);
    for (size_t k = 0; k < steps; ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, newline));  // a match is -1
    }
    // Two sums of eight lanes, each at most 2,040, in 16-bit words 0 and 4.
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    total += static_cast<uint64_t>(_mm_extract_epi16(sums, 0)) + static_cast<uint64_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; i < n; ++i) total += p[i] == '\n' ? 1 : 0;
  return total;
}

// With pread, 256 KiB at a time (the copy stays in L2), unless `map`: then
// through mappings, which are slower when the file's page cache is in 4 KiB
// pages (a file just written: 0.65 against 0.25 s for a cut 0.54 GB dump
// with two workers, docs/BENCHMARKS.md).
void NumberLines(int fd, std::vector<BadLineSample>& samples, bool map, uint64_t window) {
  if (samples.empty()) return;
  struct stat st {};
  if (fstat(fd, &st) != 0) return;
  const auto file_size = static_cast<uint64_t>(st.st_size);
  std::vector<char> buf;
  uint64_t pos = 0, line = 1;
  for (BadLineSample& s : samples) {
    if (s.offset > file_size) return;  // shrunk since the scan
    while (pos < s.offset) {
      if (map) {
        const uint64_t start = pos / window * window;
        const size_t length = static_cast<size_t>(std::min(window, s.offset - start));
        void* base = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, static_cast<off_t>(start));
        if (base != MAP_FAILED) {
          line += CountNewlines(static_cast<const char*>(base) + (pos - start), length - (pos - start));
          munmap(base, length);
          pos = start + length;
          continue;
        }
        map = false;  // read on with pread
      }
      if (buf.empty()) buf.resize(size_t{256} << 10);
      const size_t want = static_cast<size_t>(std::min<uint64_t>(buf.size(), s.offset - pos));
      const ssize_t got = pread(fd, buf.data(), want, static_cast<off_t>(pos));
      if (got <= 0) return;
      line += CountNewlines(buf.data(), static_cast<size_t>(got));
      pos += static_cast<uint64_t>(got);
    }
    s.line = line;
  }
}

}  // namespace kenchi::pipeline::internal
