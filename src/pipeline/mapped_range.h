// A byte range of a plain file as blocks of whole lines, read through
// read-only mappings a window at a time: the scan reads the page cache
// where it is, with no copy. `kenchi scan --mmap` only: where the file's
// page cache is in 4 KiB pages (a file just written), the scan's own cache
// misses and page faults made it 1.5-2 times slower than pread into an
// L2-sized buffer (docs/BENCHMARKS.md). Private to src/pipeline.
//
// Memory stays bounded: one window per worker is mapped at a time, and
// unmapped before the next. If the file shrinks while it is mapped, reading
// a page past its new end raises SIGBUS; MappedRange installs a handler
// that says so and exits with kenchi's failure code (3) instead of dying
// with a core dump. Nothing half-written results: a store's writes of the
// scan are in one transaction, which is not committed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "kenchi/status.h"

namespace kenchi::pipeline::internal {

struct MappedRange {
  int fd = -1;
  std::string path;         // for messages
  uint64_t file_size = 0;
  uint64_t start = 0, end = 0;  // the range: lines that start in [start, end)
  size_t window = 32u << 20;    // bytes mapped at a time (rounded to pages)
  size_t block = 1u << 20;      // about this much is handed over at a time
};

using BlockFn = std::function<void(std::string_view block, uint64_t base)>;
using TooLongFn = std::function<void(uint64_t offset, std::string_view head)>;

// Hands the lines that start in [start, end) to `on_block` in order, in
// blocks of whole lines (the last line of the file may lack its '\n'). A
// line with no '\n' within a whole window is reported to `too_long` and
// skipped to its end. Stops early when `stop` is set.
Status FrameMappedRange(const MappedRange& range, const std::atomic<bool>& stop, const BlockFn& on_block,
                        const TooLongFn& too_long);

// The framing rules of a byte range of a plain file, shared with the pread
// reader (scan.cc): a range owns the lines that start in it.
//
// Whether a range starting at `start` begins in the middle of a line (which
// then belongs to the range before).
Result<bool> StartsMidLine(int fd, const std::string& path, uint64_t start);
// The error of a read that found the file shorter than when the scan began
// (byte `gone` is no longer there).
Status FileShrank(const std::string& path, uint64_t gone);
// Of `complete` bytes of whole lines at `region` (stream offset `base`),
// those that belong to a range ending at `end`: its last line ends at the
// first '\n' at or after end - 1. Sets *finished when the range ends there.
size_t CutAtRangeEnd(std::string_view region, uint64_t base, size_t complete, uint64_t end, bool* finished);

// Whether `fd` can be mapped at all (some file systems cannot); the caller
// falls back to pread when not.
bool CanMap(int fd);

}  // namespace kenchi::pipeline::internal
