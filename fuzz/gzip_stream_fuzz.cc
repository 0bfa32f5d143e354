// libFuzzer target: the gzip reader of `kenchi scan` (ISA-L inflate, member
// after member, zero padding, header, CRC and length checks) on arbitrary
// bytes.
//
// Beyond "does not crash": the same bytes read in compressed reads of 1 MiB
// and of a few bytes (the first input byte picks 1-64), so that headers,
// blocks and trailers are cut anywhere, must give the same text and the
// same verdict (a header parsed across reads once failed its CRC check); a
// read never reports more than it was asked for; an error names the file.
// Inputs that do not start like gzip get a gzip header in front, so the
// fuzzer spends its time past the magic bytes. (ISA-L itself is not
// instrumented: the coverage the fuzzer sees is this reader's.)
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kenchi/collect/dump_stream.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "gzip_stream_fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

struct Outcome {
  std::string text;
  bool failed = false;
};

// At most 16 MiB out: a small input may inflate to far more.
constexpr size_t kMaxOut = 16u << 20;

Outcome ReadAll(kenchi::collect::ArchiveStream& stream, const std::string& path) {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t small_reads = 1 + data[0] % 64;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (bytes.size() < 2 || bytes[0] != '\x1f' || bytes[1] != '\x8b') {
    bytes.insert(0, std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10));
  }
  static const std::string path = "/tmp/gzip_stream_fuzz." + std::to_string(getpid()) + ".gz";
  FILE* f = std::fopen(path.c_str(), "wb");
  Check(f != nullptr, "temporary file");
  Check(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size(), "temporary file written");
  std::fclose(f);
  using kenchi::collect::ArchiveStream;
  auto whole = ArchiveStream::Open(path, kenchi::collect::Compression::kGzip);
  auto pieces = ArchiveStream::Open(path, kenchi::collect::Compression::kGzip, small_reads);
  unlink(path.c_str());  // the open streams keep reading it
  Check(whole.ok() && pieces.ok(), "a readable file opens");

  const Outcome a = ReadAll(**whole, path);
  const Outcome b = ReadAll(**pieces, path);
  const size_t n = std::min({a.text.size(), b.text.size(), kMaxOut});
  Check(a.text.compare(0, n, b.text, 0, n) == 0, "the same text whatever the reads");
  if (a.text.size() < kMaxOut && b.text.size() < kMaxOut) {
    Check(a.failed == b.failed, "the same verdict whatever the reads");
    if (!a.failed) Check(a.text == b.text, "the whole text whatever the reads");
  }
  return 0;
}
