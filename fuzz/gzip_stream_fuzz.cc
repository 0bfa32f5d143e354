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
#include "stream_outcome.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t small_reads = 1 + data[0] % 64;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (bytes.size() < 2 || bytes[0] != '\x1f' || bytes[1] != '\x8b') {
    bytes.insert(0, std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10));
  }
  static const std::string path = "/tmp/gzip_stream_fuzz." + std::to_string(getpid()) + ".gz";
  fuzz_support::CheckBothReadsAgree(bytes, kenchi::collect::Compression::kGzip, small_reads, path);
  return 0;
}
