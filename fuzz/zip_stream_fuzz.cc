// libFuzzer target: the zip reader of `kenchi scan` (the central directory,
// then ISA-L's raw inflate member after member, CRC-32 and size checks;
// any zip it does not take falls back to libarchive).
//
// Random bytes are seldom a zip, so the input describes one: up to four
// members, each stored, deflated here (ISA-L) or given as raw deflate bytes
// from the input, with right or wrong CRC-32 and size fields; then the
// archive's bytes may be patched anywhere (a directory field, an offset, a
// signature). The same file read in compressed reads of 1 MiB and of a few
// bytes must give the same text and verdict; a read never reports more
// than it was asked for; an error names the file; and an archive left
// whole, with right fields, must read back as its members' text, a
// newline between two, read by this reader (not left to libarchive).
#include <fcntl.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "collect/zip_directory.h"
#include "kenchi/collect/dump_stream.h"
#include "stream_outcome.h"

namespace {

using fuzz_support::Check;
using fuzz_support::Outcome;
using fuzz_support::ReadAll;

// Reads the input front to back; zeros once it runs out.
struct Input {
  const uint8_t* p;
  size_t left;
  uint8_t Byte() {
    if (left == 0) return 0;
    --left;
    return *p++;
  }
  std::string Bytes(size_t n) {
    n = std::min(n, left);
    std::string s(reinterpret_cast<const char*>(p), n);
    p += n, left -= n;
    return s;
  }
};

void Put16(std::string& s, uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void Put32(std::string& s, uint32_t v) {
  Put16(s, v & 0xFFFF);
  Put16(s, v >> 16);
}

std::string Deflate(const std::string& data) {
  std::string out(data.size() + 1024, '\0');
  isal_zstream z;
  isal_deflate_stateless_init(&z);
  z.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uint32_t>(data.size());
  z.next_out = reinterpret_cast<uint8_t*>(out.data());
  z.avail_out = static_cast<uint32_t>(out.size());
  z.end_of_stream = 1;
  z.flush = NO_FLUSH;
  Check(isal_deflate_stateless(&z) == COMP_OK, "deflate");
  out.resize(z.total_out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in{data, size};
  const size_t small_reads = 1 + in.Byte() % 64;
  const unsigned members = 1 + in.Byte() % 4;
  std::string zip, directory, expected;
  bool whole = true;  // every field right, nothing patched: the text is known
  for (unsigned m = 0; m < members; ++m) {
    const uint8_t mode = in.Byte();
    const std::string name = "m" + std::to_string(m) + ".txt";
    const size_t low = in.Byte(), high = in.Byte() & 0x0F;
    const std::string payload = in.Bytes(low | high << 8);
    // 0: stored, 1: deflated here, 2: the payload is the deflate data.
    const unsigned kind = mode % 3;
    const std::string packed = kind == 0 ? payload : kind == 1 ? Deflate(payload) : payload;
    uint32_t crc = crc32_gzip_refl(0, reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
    uint32_t plain_size = static_cast<uint32_t>(payload.size());
    if (kind == 2 || (mode & 0x40) != 0) {  // fields the reader must not trust
      crc ^= in.Byte();
      plain_size += in.Byte();
      whole = false;
    }
    if (m > 0) expected += '\n';
    expected += payload;
    const uint32_t local_at = static_cast<uint32_t>(zip.size());
    const uint16_t method = kind == 0 ? 0 : 8;
    Put32(zip, 0x04034b50), Put16(zip, 20), Put16(zip, 0), Put16(zip, method), Put32(zip, 0);
    Put32(zip, crc), Put32(zip, static_cast<uint32_t>(packed.size())), Put32(zip, plain_size);
    Put16(zip, static_cast<uint32_t>(name.size())), Put16(zip, 0);
    zip += name + packed;
    Put32(directory, 0x02014b50), Put16(directory, 0x0314), Put16(directory, 20), Put16(directory, 0);
    Put16(directory, method), Put32(directory, 0), Put32(directory, crc);
    Put32(directory, static_cast<uint32_t>(packed.size())), Put32(directory, plain_size);
    Put16(directory, static_cast<uint32_t>(name.size())), Put16(directory, 0), Put16(directory, 0);
    Put16(directory, 0), Put16(directory, 0), Put32(directory, 0100644u << 16), Put32(directory, local_at);
    directory += name;
  }
  const uint32_t directory_at = static_cast<uint32_t>(zip.size());
  zip += directory;
  Put32(zip, 0x06054b50), Put16(zip, 0), Put16(zip, 0), Put16(zip, members), Put16(zip, members);
  Put32(zip, static_cast<uint32_t>(directory.size())), Put32(zip, directory_at), Put16(zip, 0);
  // Patches: (offset, byte) pairs from what is left of the input.
  while (in.left >= 3) {
    const size_t low = in.Byte(), high = in.Byte();
    const size_t at = (low | high << 8) % zip.size();
    zip[at] = static_cast<char>(in.Byte());
    whole = false;
  }

  static const std::string path = "/tmp/zip_stream_fuzz." + std::to_string(getpid()) + ".zip";
  FILE* f = std::fopen(path.c_str(), "wb");
  Check(f != nullptr, "temporary file");
  Check(std::fwrite(zip.data(), 1, zip.size(), f) == zip.size(), "temporary file written");
  std::fclose(f);
  if (whole) {
    // (Else the check below would hold with every archive left to libarchive.)
    const int fd = open(path.c_str(), O_RDONLY);
    Check(fd >= 0, "temporary file opens");
    Check(kenchi::collect::internal::ReadZipDirectory(fd, zip.size()).has_value(),
          "a whole archive is read from its directory, not left to libarchive");
    close(fd);
  }
  using kenchi::collect::ArchiveStream;
  auto one = ArchiveStream::Open(path, kenchi::collect::Compression::kZip);
  auto two = ArchiveStream::Open(path, kenchi::collect::Compression::kZip, small_reads);
  unlink(path.c_str());  // the open streams keep reading it
  if (!one.ok() || !two.ok()) {
    // libarchive refused it when opening: both must have.
    Check(one.ok() == two.ok(), "the same verdict on opening");
    Check(one.status().message().find(path) != std::string::npos, "an error names the file");
    return 0;
  }
  const Outcome a = ReadAll(**one, path);
  const Outcome b = ReadAll(**two, path);
  fuzz_support::CheckSame(a, b);
  if (whole) {
    Check(!a.failed, "a whole archive reads");
    Check(a.text == expected, "a whole archive reads back as its members");
  }
  return 0;
}
