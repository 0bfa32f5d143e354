// Reading a whole dump through kenchi's decompressing reader, for the
// tests of that reader.
#pragma once

#include <string>

#include "kenchi/collect/dump_stream.h"
#include "kenchi/status.h"

namespace kenchi::testing {

// Everything `path` decompresses to, read `out_bytes` (up to 4 KiB) at a
// time, with `read_bytes` of compressed input a read (see
// ArchiveStream::Open); or the first error.
Result<std::string> ReadDump(const std::string& path, collect::Compression compression,
                             size_t read_bytes = size_t{1} << 20, size_t out_bytes = 4096);

}  // namespace kenchi::testing
