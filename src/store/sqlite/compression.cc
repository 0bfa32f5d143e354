#include "store/sqlite/compression.h"

#include <fmt/format.h>
#include <zstd.h>

namespace kenchi::sqlite {
namespace {

// Level 3 is zstd's default: most of the gain of higher levels on text at
// a fraction of their cost, which matters when ingesting large dumps.
constexpr int kLevel = 3;

}  // namespace

Result<std::string> CompressRaw(std::string_view bytes) {
  if (bytes.size() > kMaxRawDocumentBytes) {
    return Status::InvalidInput(fmt::format("raw document of {} bytes exceeds the limit of {} bytes",
                                            bytes.size(), kMaxRawDocumentBytes));
  }
  std::string frame(ZSTD_compressBound(bytes.size()), '\0');
  const size_t n = ZSTD_compress(frame.data(), frame.size(), bytes.data(), bytes.size(), kLevel);
  if (ZSTD_isError(n)) {
    return Status::Internal(fmt::format("zstd compression failed: {}", ZSTD_getErrorName(n)));
  }
  frame.resize(n);
  return frame;
}

Result<std::string> DecompressRaw(std::string_view frame, size_t expected_size) {
  if (expected_size > kMaxRawDocumentBytes) {
    return Status::IoError(fmt::format("recorded raw size {} exceeds the limit of {} bytes",
                                       expected_size, kMaxRawDocumentBytes));
  }
  const unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) {
    return Status::IoError("corrupt compressed data: not a zstd frame");
  }
  // The frame header must agree with the size column when it states one;
  // a disagreement means one of them was damaged.
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != expected_size) {
    return Status::IoError(fmt::format(
        "corrupt compressed data: frame holds {} bytes, expected {}", declared, expected_size));
  }
  std::string bytes(expected_size, '\0');
  const size_t n = ZSTD_decompress(bytes.data(), bytes.size(), frame.data(), frame.size());
  if (ZSTD_isError(n)) {
    return Status::IoError(fmt::format("corrupt compressed data: {}", ZSTD_getErrorName(n)));
  }
  if (n != expected_size) {
    return Status::IoError(fmt::format(
        "corrupt compressed data: decompressed to {} bytes, expected {}", n, expected_size));
  }
  return bytes;
}

}  // namespace kenchi::sqlite
