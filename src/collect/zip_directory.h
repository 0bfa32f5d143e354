// The central directory of a zip archive: which members it holds, where
// their data is, how it is compressed. Private to src/collect: the dump
// reader (dump_stream.cc) inflates the members of a plain zip itself, with
// ISA-L, and leaves every other zip to libarchive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kenchi::collect::internal {

// One regular file of an archive.
struct ZipMember {
  std::string name;
  uint16_t method = 0;  // kStored or kDeflated
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t size = 0;
  uint64_t data_offset = 0;  // where its compressed bytes start (after the local header)

  static constexpr uint16_t kStored = 0, kDeflated = 8;
};

// Reads `n` bytes at `offset` of `fd` into `out` (pread, again after a
// short read or EINTR); false on an error or the file's end first.
bool ReadFully(int fd, uint64_t offset, size_t n, unsigned char* out);

// Limits on what is read before a single byte is inflated: a hostile
// directory cannot make kenchi allocate or read much.
inline constexpr uint64_t kMaxZipDirectoryBytes = uint64_t{64} << 20;
inline constexpr uint64_t kMaxZipMembers = 100000;

// The regular files of the zip archive open as `fd` (`file_size` bytes),
// in the order of their data in the file (libarchive's order), or nullopt
// when the archive is not one this reader takes: no end-of-directory
// record, several volumes, data before the archive, a directory over the
// limits or whose entries do not fill it exactly, a member that is
// encrypted or compressed otherwise than stored or deflated, a local
// header whose method, flags, CRC-32 or sizes disagree with the directory.
// Those go to libarchive, which reads what it can and reports what it
// cannot. (Directories, and links and other special files made on Unix,
// are left out, as libarchive's reader leaves them.)
std::optional<std::vector<ZipMember>> ReadZipDirectory(int fd, uint64_t file_size);

}  // namespace kenchi::collect::internal
