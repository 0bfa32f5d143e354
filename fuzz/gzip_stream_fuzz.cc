// libFuzzer target: the gzip reader of `kenchi scan` (ISA-L inflate, member
// after member, zero padding, CRC and length checks) on arbitrary bytes.
//
// Beyond "does not crash": a read never reports more than it was asked
// for, and an error names the file. Inputs that do not start like gzip get
// a gzip header in front, so the fuzzer spends its time in the deflate
// data and the member loop rather than in the magic bytes.
#include <unistd.h>

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (size < 2 || data[0] != 0x1f || data[1] != 0x8b) {
    bytes.insert(0, std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10));
  }
  static const std::string path = "/tmp/gzip_stream_fuzz." + std::to_string(getpid()) + ".gz";
  FILE* f = std::fopen(path.c_str(), "wb");
  Check(f != nullptr, "temporary file");
  Check(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size(), "temporary file written");
  std::fclose(f);

  auto stream = kenchi::collect::ArchiveStream::Open(path, kenchi::collect::Compression::kGzip);
  Check(stream.ok(), "a readable file opens");
  char buf[4096];
  size_t total = 0;
  // Reads of changing sizes; at most 16 MiB out (a small input may inflate
  // to far more).
  for (size_t i = 0; total < (16u << 20); ++i) {
    const size_t cap = i % 3 == 0 ? 1 : i % 3 == 1 ? 7 : sizeof buf;
    kenchi::Result<size_t> n = (*stream)->Read(buf, cap);
    if (!n.ok()) {
      Check(n.status().message().find(path) != std::string::npos, "an error names the file");
      break;
    }
    Check(*n <= cap, "a read fits what was asked");
    if (*n == 0) break;
    total += *n;
  }
  return 0;
}
