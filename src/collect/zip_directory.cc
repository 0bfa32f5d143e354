// Reading a zip archive's central directory (APPNOTE.TXT, sections 4.3.6
// to 4.3.16): the end record at the file's end, the zip64 records when a
// count, size or offset does not fit the end record, then one header per
// member, then each member's local header, whose length says where its
// data starts. Anything this reader does not expect makes it answer
// nullopt, and libarchive reads the archive instead.
#include "collect/zip_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace kenchi::collect::internal {
namespace {

uint16_t U16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t U32(const unsigned char* p) { return U16(p) | static_cast<uint32_t>(U16(p + 2)) << 16; }
uint64_t U64(const unsigned char* p) { return U32(p) | static_cast<uint64_t>(U32(p + 4)) << 32; }

constexpr uint32_t kEndSignature = 0x06054b50, kZip64LocatorSignature = 0x07064b50,
                   kZip64EndSignature = 0x06064b50, kCentralSignature = 0x02014b50,
                   kLocalSignature = 0x04034b50;
constexpr size_t kEndSize = 22, kZip64LocatorSize = 20, kZip64EndSize = 56, kCentralSize = 46,
                 kLocalSize = 30;

struct Directory {
  uint64_t offset = 0, size = 0, entries = 0;
};

// The directory's place and size, from the end record (and the zip64 ones).
std::optional<Directory> FindDirectory(int fd, uint64_t file_size) {
  if (file_size < kEndSize) return std::nullopt;
  // The end record is followed by a comment of up to 65,535 bytes.
  const uint64_t tail_size = std::min<uint64_t>(file_size, kEndSize + 0xFFFF);
  const uint64_t tail_start = file_size - tail_size;
  std::vector<unsigned char> tail(tail_size);
  if (!ReadFully(fd, tail_start, tail_size, tail.data())) return std::nullopt;
  // The last record whose comment ends where the file does (a comment may
  // hold the signature's bytes too).
  for (size_t i = tail_size - kEndSize + 1; i-- > 0;) {
    const unsigned char* p = tail.data() + i;
    if (U32(p) != kEndSignature || i + kEndSize + U16(p + 20) != tail_size) continue;
    // One volume: this disk is disk 0, and so is the directory's.
    if (U16(p + 4) != 0 || U16(p + 6) != 0 || U16(p + 8) != U16(p + 10)) return std::nullopt;
    Directory d{U32(p + 16), U32(p + 12), U16(p + 10)};
    uint64_t directory_end = tail_start + i;  // where the directory must end
    // Zip64: a locator just before the end record names the zip64 record,
    // whose values then count. (Info-ZIP writes one for a streamed archive
    // even when the end record's fields hold the values.)
    unsigned char locator[kZip64LocatorSize];
    const bool has_locator = directory_end >= kZip64LocatorSize &&
                             ReadFully(fd, directory_end - kZip64LocatorSize, kZip64LocatorSize, locator) &&
                             U32(locator) == kZip64LocatorSignature;
    if (!has_locator && (d.offset == 0xFFFFFFFF || d.size == 0xFFFFFFFF || d.entries == 0xFFFF)) {
      return std::nullopt;
    }
    if (has_locator) {
      const uint64_t locator_at = directory_end - kZip64LocatorSize;
      if (U32(locator + 4) != 0 || U32(locator + 16) > 1) return std::nullopt;
      const uint64_t record_at = U64(locator + 8);
      unsigned char record[kZip64EndSize];
      if (record_at > locator_at || locator_at - record_at < kZip64EndSize ||
          !ReadFully(fd, record_at, kZip64EndSize, record) || U32(record) != kZip64EndSignature ||
          U32(record + 16) != 0 || U32(record + 20) != 0 || U64(record + 24) != U64(record + 32)) {
        return std::nullopt;
      }
      d = Directory{U64(record + 48), U64(record + 40), U64(record + 32)};
      directory_end = record_at;
    }
    // The directory ends where the end records start: otherwise there is
    // data before the archive (a self-extractor's program), which shifts
    // every offset, or between, which this reader does not guess about.
    if (d.offset > directory_end || d.size != directory_end - d.offset) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

// The zip64 "extended information" extra field (ID 1) holds, in this
// order, the 64-bit values of those fields whose 32-bit (or 16-bit) field
// is all ones.
bool ReadZip64Extra(const unsigned char* extra, size_t extra_size, uint64_t* size, uint64_t* compressed,
                    uint64_t* offset, uint32_t* disk) {
  size_t pos = 0;
  while (pos + 4 <= extra_size) {
    const uint16_t id = U16(extra + pos), len = U16(extra + pos + 2);
    if (pos + 4 + len > extra_size) return false;
    if (id == 1) {
      const unsigned char* f = extra + pos + 4;
      size_t at = 0;
      for (uint64_t* field : {size, compressed, offset}) {
        if (*field != 0xFFFFFFFF) continue;
        if (at + 8 > len) return false;
        *field = U64(f + at);
        at += 8;
      }
      if (*disk == 0xFFFF) {
        if (at + 4 > len) return false;
        *disk = U32(f + at);
      }
      return true;
    }
    pos += 4 + len;
  }
  // No such field: only right when no field asked for it.
  return *size != 0xFFFFFFFF && *compressed != 0xFFFFFFFF && *offset != 0xFFFFFFFF && *disk != 0xFFFF;
}

// Whether a member is a regular file: not a directory (a name ending in
// '/', or the MS-DOS directory attribute), and, when made on Unix, not a
// link, device or other special file by its mode.
bool IsRegularFile(const std::string& name, uint16_t made_by, uint32_t external) {
  if (!name.empty() && name.back() == '/') return false;
  const unsigned host = made_by >> 8;
  if (host == 0 && (external & 0x10) != 0) return false;  // MS-DOS: directory
  if (host == 3) {  // Unix (libarchive reads the mode of no other host's entries)
    const uint32_t type = (external >> 16) & S_IFMT;
    if (type != 0 && type != S_IFREG) return false;
  }
  return true;
}

}  // namespace

bool ReadFully(int fd, uint64_t offset, size_t n, unsigned char* out) {
  size_t done = 0;
  while (done < n) {
    const ssize_t r = pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += static_cast<size_t>(r);
  }
  return true;
}

std::optional<std::vector<ZipMember>> ReadZipDirectory(int fd, uint64_t file_size) {
  const std::optional<Directory> d = FindDirectory(fd, file_size);
  if (!d || d->size > kMaxZipDirectoryBytes || d->entries > kMaxZipMembers) return std::nullopt;
  std::vector<unsigned char> directory(d->size);
  if (!ReadFully(fd, d->offset, directory.size(), directory.data())) return std::nullopt;

  struct Listed {
    ZipMember member;
    uint64_t local_header = 0;
    uint16_t flags = 0;
    // A directory, link or other entry that is not read: its local header
    // must still be there, and nothing else's data may run over it.
    bool skipped = false;
  };
  std::vector<Listed> listed;
  size_t pos = 0;
  for (uint64_t k = 0; k < d->entries; ++k) {
    if (directory.size() - pos < kCentralSize) return std::nullopt;
    const unsigned char* p = directory.data() + pos;
    if (U32(p) != kCentralSignature) return std::nullopt;
    const uint16_t made_by = U16(p + 4), flags = U16(p + 8), method = U16(p + 10);
    const uint16_t name_size = U16(p + 28), extra_size = U16(p + 30), comment_size = U16(p + 32);
    const size_t entry_size = kCentralSize + name_size + extra_size + comment_size;
    if (directory.size() - pos < entry_size) return std::nullopt;
    Listed l;
    l.member.name.assign(reinterpret_cast<const char*>(p + kCentralSize), name_size);
    l.member.method = method;
    l.member.crc32 = U32(p + 16);
    l.member.compressed_size = U32(p + 20);
    l.member.size = U32(p + 24);
    l.local_header = U32(p + 42);
    uint32_t disk = U16(p + 34);
    if (!ReadZip64Extra(p + kCentralSize + name_size, extra_size, &l.member.size, &l.member.compressed_size,
                        &l.local_header, &disk) ||
        disk != 0) {
      return std::nullopt;
    }
    pos += entry_size;
    if (!IsRegularFile(l.member.name, made_by, U32(p + 38))) {
      l.skipped = true;
      listed.push_back(std::move(l));
      continue;
    }
    // Encrypted (bit 0; bit 6, strong encryption) or compressed otherwise:
    // libarchive's to read or to name.
    if ((flags & 0x41) != 0) return std::nullopt;
    l.flags = flags;
    if (method != ZipMember::kStored && method != ZipMember::kDeflated) return std::nullopt;
    if (method == ZipMember::kStored && l.member.compressed_size != l.member.size) return std::nullopt;
    listed.push_back(std::move(l));
  }
  // The entries fill the directory exactly: a count or a length that says
  // otherwise is damage, for libarchive to report.
  if (pos != directory.size()) return std::nullopt;
  // In the order of their data, as libarchive reads a seekable zip; a
  // skipped entry after the member or entry at its own offset.
  std::sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) {
    return a.local_header != b.local_header ? a.local_header < b.local_header : a.skipped < b.skipped;
  });
  // A skipped entry that points at another's local header claims no bytes
  // of its own: it goes, and the member there is read. (libarchive, given
  // the archive, keeps one entry per offset, the directory, and would read
  // nothing. Two members at one offset stay, and are refused below as
  // overlapping.)
  size_t kept = 0;
  for (size_t i = 0; i < listed.size(); ++i) {
    if (kept > 0 && listed[i].skipped && listed[i].local_header == listed[kept - 1].local_header) continue;
    if (kept != i) listed[kept] = std::move(listed[i]);
    ++kept;
  }
  listed.resize(kept);

  std::vector<ZipMember> members;
  members.reserve(listed.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    Listed& l = listed[i];
    unsigned char local[kLocalSize];
    if (l.local_header > d->offset || d->offset - l.local_header < kLocalSize ||
        !ReadFully(fd, l.local_header, kLocalSize, local) || U32(local) != kLocalSignature) {
      return std::nullopt;
    }
    // (libarchive reads a skipped entry's local header too, and reports
    // one that is not there.)
    if (l.skipped) {
      if (i + 1 < listed.size() && listed[i + 1].local_header - l.local_header < kLocalSize) return std::nullopt;
      continue;
    }
    if (U16(local + 8) != l.member.method || (U16(local + 6) & 0x49) != (l.flags & 0x49)) return std::nullopt;
    // The local header repeats the CRC-32 and sizes (libarchive checks the
    // data against those), unless a data descriptor after the data holds
    // them (flag bit 3). Any disagreement: libarchive's to judge. (Sizes of
    // all ones are in a zip64 extra field.)
    if ((l.flags & 0x08) == 0) {
      const uint32_t compressed = U32(local + 18), size = U32(local + 22);
      if (U32(local + 14) != l.member.crc32 ||
          (compressed != 0xFFFFFFFF && compressed != l.member.compressed_size) ||
          (size != 0xFFFFFFFF && size != l.member.size)) {
        return std::nullopt;
      }
    }
    l.member.data_offset = l.local_header + kLocalSize + U16(local + 26) + U16(local + 28);
    // The data lies before the next member's local header (or the
    // directory): members that overlap are a zip bomb's trick.
    const uint64_t limit = i + 1 < listed.size() ? listed[i + 1].local_header : d->offset;
    if (l.member.data_offset > limit || limit - l.member.data_offset < l.member.compressed_size) {
      return std::nullopt;
    }
    members.push_back(std::move(l.member));
  }
  return members;
}

}  // namespace kenchi::collect::internal
