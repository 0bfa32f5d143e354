#include "support/read_dump.h"

#include <algorithm>
#include <memory>

namespace kenchi::testing {

Result<std::string> ReadDump(const std::string& path, collect::Compression compression, size_t read_bytes,
                             size_t out_bytes) {
  Result<std::unique_ptr<collect::ArchiveStream>> s = collect::ArchiveStream::Open(path, compression, read_bytes);
  if (!s.ok()) return s.status();
  std::string out;
  char buf[4096];
  while (true) {
    Result<size_t> n = (*s)->Read(buf, std::min(out_bytes, sizeof buf));
    if (!n.ok()) return n.status();
    if (*n == 0) return out;
    out.append(buf, *n);
  }
}

}  // namespace kenchi::testing
