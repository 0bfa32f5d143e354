// What the stream fuzz targets (gzip_, zip_ and zstd_stream_fuzz) check of
// a decompressing reader: the same file read in large and in tiny
// compressed reads gives the same text and the same verdict, a read never
// reports more than it was asked for, and an error names the file.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kenchi/collect/dump_stream.h"

namespace fuzz_support {

inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "stream fuzz target: broken promise: %s\n", what);
    std::abort();
  }
}

struct Outcome {
  std::string text;
  bool failed = false;
};

// At most 16 MiB out: a small input may inflate to far more.
inline constexpr size_t kMaxOut = 16u << 20;

// Reads the stream to its end or first error, in reads of 1, 7 and 4096
// bytes in turn.
inline Outcome ReadAll(kenchi::collect::ArchiveStream& stream, const std::string& path) {
  Outcome out;
  char buf[4096];
  for (size_t i = 0; out.text.size() < kMaxOut; ++i) {
    const size_t cap = i % 3 == 0 ? 1 : i % 3 == 1 ? 7 : sizeof buf;
    kenchi::Result<size_t> n = stream.Read(buf, cap);
    if (!n.ok()) {
      Check(n.status().message().find(path) != std::string::npos, "an error names the file");
      out.failed = true;
      break;
    }
    Check(*n <= cap, "a read fits what was asked");
    if (*n == 0) break;
    out.text.append(buf, *n);
  }
  return out;
}

// The same text and verdict from two reads of one file.
inline void CheckSame(const Outcome& a, const Outcome& b) {
  const size_t n = std::min({a.text.size(), b.text.size(), kMaxOut});
  Check(a.text.compare(0, n, b.text, 0, n) == 0, "the same text whatever the reads");
  if (a.text.size() < kMaxOut && b.text.size() < kMaxOut) {
    Check(a.failed == b.failed, "the same verdict whatever the reads");
    if (!a.failed) Check(a.text == b.text, "the whole text whatever the reads");
  }
}

// Writes `bytes` to `path`, opens it twice as `compression` (compressed
// reads of 1 MiB, and of `small_reads` bytes), and checks that both reads
// agree (CheckSame).
// Returns the first read's outcome.
inline Outcome CheckBothReadsAgree(const std::string& bytes, kenchi::collect::Compression compression,
                                   size_t small_reads, const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "wb");
  Check(f != nullptr, "temporary file");
  Check(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size(), "temporary file written");
  std::fclose(f);
  using kenchi::collect::ArchiveStream;
  auto whole = ArchiveStream::Open(path, compression);
  auto pieces = ArchiveStream::Open(path, compression, small_reads);
  std::remove(path.c_str());  // the open streams keep reading it
  Check(whole.ok() && pieces.ok(), "a readable file opens");
  Outcome first = ReadAll(**whole, path);
  CheckSame(first, ReadAll(**pieces, path));
  return first;
}

}  // namespace fuzz_support
