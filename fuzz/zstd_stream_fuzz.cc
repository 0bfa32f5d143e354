// libFuzzer target: the zstd reader of `kenchi scan` (libzstd's streaming
// decoder, frame after frame, straight into the caller's buffer) on
// arbitrary bytes.
//
// The same bytes read in compressed reads of 1 MiB and of a few bytes (the
// first input byte picks 1-64) must give the same text and the same
// verdict; a read never reports more than it was asked for; an error
// names the file (fuzz/stream_outcome.h); and what libzstd's streaming
// decoder, driven the simplest way, decodes whole, the reader must read
// the same. Inputs that do not start like
// zstd get a frame's magic number in front, so the fuzzer spends its time
// past it. (libzstd itself is not instrumented: the coverage the fuzzer
// sees is this reader's.)
#include <unistd.h>
#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "kenchi/collect/dump_stream.h"
#include "stream_outcome.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t small_reads = 1 + data[0] % 64;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string magic("\x28\xb5\x2f\xfd", 4);
  if (bytes.compare(0, 4, magic) != 0) bytes.insert(0, magic);
  static const std::string path = "/tmp/zstd_stream_fuzz." + std::to_string(getpid()) + ".zst";
  const fuzz_support::Outcome read =
      fuzz_support::CheckBothReadsAgree(bytes, kenchi::collect::Compression::kZstd, small_reads, path);
  // Against libzstd's streaming decoder driven the simplest way (all the
  // input at once, one large output buffer): what it decodes whole, the
  // reader must read, the same. (Not the one-shot ZSTD_decompress: it
  // accepts blocks larger than a frame's window, which the streaming
  // decoder and `zstd -dc` refuse.)
  static std::string reference(fuzz_support::kMaxOut, '\0');
  static ZSTD_DStream* const decoder = ZSTD_createDStream();
  ZSTD_initDStream(decoder);
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  ZSTD_outBuffer out{reference.data(), reference.size(), 0};
  size_t rc = 0;
  do {
    rc = ZSTD_decompressStream(decoder, &out, &in);
  } while (!ZSTD_isError(rc) && in.pos < in.size && out.pos < out.size);
  if (!ZSTD_isError(rc) && rc == 0 && in.pos == in.size && out.pos < out.size) {
    fuzz_support::Check(!read.failed, "a stream libzstd decodes whole reads");
    fuzz_support::Check(read.text.size() == out.pos && read.text.compare(0, out.pos, reference, 0, out.pos) == 0,
                        "the text libzstd decodes");
  }
  return 0;
}
