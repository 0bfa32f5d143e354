// Reading leak dumps as a stream of bytes, plain or compressed.
//
// The compression is recognised from the first bytes (magic numbers), never
// from the file name: bzip2, xz, 7z and RAR go through libarchive; gzip goes
// through ISA-L's inflate, because libarchive does not check a gzip
// member's CRC and a damaged dump must not pass as whole (and ISA-L is the
// faster inflate); a zip whose members are stored or deflated goes through
// ISA-L too (its members' CRC-32s checked), any other zip through
// libarchive; zstd through libzstd's streaming decoder, which writes
// straight into the caller's buffer; anything else is read as it is. A zip,
// 7z or RAR archive is read as the concatenation of its regular files, a
// newline between two files. (libarchive does not check the CRC of a RAR 5
// member stored uncompressed.)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kenchi/status.h"

struct archive;  // libarchive

namespace kenchi::collect {

enum class Compression : uint8_t { kNone, kGzip, kBzip2, kXz, kZstd, kZip, k7z, kRar };
std::string_view ToString(Compression c);

// From the first bytes of a file (8 are enough).
Compression SniffCompression(std::string_view head);

// A decompressing reader over one file (ISA-L for gzip and plain zip,
// libzstd for zstd, libarchive for the rest). Not thread-safe: one thread reads, others may consume what it read.
class ArchiveStream {
 public:
  ~ArchiveStream();
  ArchiveStream(const ArchiveStream&) = delete;
  ArchiveStream& operator=(const ArchiveStream&) = delete;

  // kIoError when the file cannot be opened, kInvalidInput when it is not
  // a readable archive; messages name the path. `read_bytes`: how much
  // compressed input a gzip, zstd or ISA-L zip stream reads at a time
  // (tests and the fuzz targets use a few bytes, to cut headers, blocks
  // and trailers anywhere).
  static Result<std::unique_ptr<ArchiveStream>> Open(const std::string& path, Compression c,
                                                     size_t read_bytes = size_t{1} << 20);

  // Up to `cap` decompressed bytes; 0 at the end. A damaged stream is
  // kInvalidInput naming the path, the compressed offset reached and the
  // decompressed offset ("broken gzip stream at compressed byte 1200,
  // decompressed byte 65536: ...").
  Result<size_t> Read(char* buf, size_t cap);

  uint64_t decompressed_offset() const { return out_offset_; }
  uint64_t compressed_offset() const;

 private:
  ArchiveStream() = default;
  Status NextEntry(bool* found);
  Result<size_t> ReadGzip(char* buf, size_t cap);
  Result<size_t> ReadZip(char* buf, size_t cap);
  struct Gzip;  // ISA-L inflate state, only for Compression::kGzip
  std::unique_ptr<Gzip> gzip_;
  struct Zip;  // the members and ISA-L inflate state of a zip read without libarchive
  std::unique_ptr<Zip> zip_;
  Result<size_t> ReadZstd(char* buf, size_t cap);
  struct Zstd;  // libzstd's decoder, only for Compression::kZstd
  std::unique_ptr<Zstd> zstd_;
  ::archive* archive_ = nullptr;
  std::string path_;
  Compression compression_ = Compression::kNone;
  uint64_t out_offset_ = 0;
  bool in_entry_ = false;
  bool done_ = false;
  bool separator_pending_ = false;  // a newline owed between two archive entries
  int entries_ = 0;
};

}  // namespace kenchi::collect
