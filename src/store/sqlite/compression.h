// zstd compression of the raw bytes of documents.
//
// Raw bytes are kept so that a better extractor can re-run over everything
// without collecting again; they are mostly text and markup, which zstd
// shrinks several times over at a level that costs little CPU.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kenchi/status.h"

namespace kenchi::sqlite {

// The largest raw document the store accepts and will decompress. A cap on
// decompression stops a corrupt or hostile size field from making us
// allocate gigabytes; the same cap on input keeps the two sides symmetric.
inline constexpr size_t kMaxRawDocumentBytes = size_t{512} << 20;  // 512 MiB

// One zstd frame holding `bytes`, with the content size recorded in the
// frame header.
Result<std::string> CompressRaw(std::string_view bytes);

// The bytes of `frame`, which must decompress to exactly `expected_size`
// bytes (the size recorded next to the blob). Corrupt frames, size
// mismatches and sizes above kMaxRawDocumentBytes are errors.
Result<std::string> DecompressRaw(std::string_view frame, size_t expected_size);

}  // namespace kenchi::sqlite
