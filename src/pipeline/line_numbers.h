// Line numbers for the bad-line samples of a plain-file scan: a second pass
// that counts newlines up to each sample, run only when there are samples
// (a dump whose last line was cut off always has one, at its end). Private
// to src/pipeline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kenchi/pipeline/scan.h"

namespace kenchi::pipeline::internal {

// The '\n's of [p, p + n).
uint64_t CountNewlines(const char* p, size_t n);

// Sets each sample's 1-based line (samples by increasing offset). With
// `map` (the scan read the file through mappings, so a file that shrinks
// meets the same SIGBUS handler) the file is read through mappings of
// `window` bytes (a multiple of the page size) at a time, else, or when a
// mapping fails, through pread. A sample past the file's end, or a read
// error, leaves that sample and the later ones at 0 (unknown).
void NumberLines(int fd, std::vector<BadLineSample>& samples, bool map, uint64_t window = uint64_t{64} << 20);

}  // namespace kenchi::pipeline::internal
