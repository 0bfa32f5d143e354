// Decompressing dumps: whole streams come out whole, damaged ones are errors
// that say where they broke.
#include "kenchi/collect/dump_stream.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "support/read_dump.h"
#include "support/run.h"

namespace kenchi::collect {
namespace {

using kenchi::testing::ReadFileOrDie;
using kenchi::testing::ScratchDir;

std::string Lines(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += "user" + std::to_string(i) + "@example.jp:pw\n";
  return s;
}

// Compresses `text` with the real command-line tool (`gzip`, `xz`).
std::string Compressed(const ScratchDir& dir, const std::string& tool, const std::string& text) {
  const std::string plain = dir.Write("in.txt", text);
  const std::string out = dir.path() + "/out.bin";
  EXPECT_EQ(std::system((tool + " -c " + plain + " > " + out).c_str()), 0);
  return ReadFileOrDie(out);
}

Result<std::string> ReadAll(const std::string& path, size_t read_bytes = size_t{1} << 20, size_t out_bytes = 4096) {
  return kenchi::testing::ReadDump(path, SniffCompression(ReadFileOrDie(path).substr(0, 8)), read_bytes, out_bytes);
}

TEST(DumpStreamTest, ConcatenatedGzipMembersAreOneStream) {
  ScratchDir dir;
  const std::string a = Compressed(dir, "gzip", Lines(1, 3000));
  const std::string b = Compressed(dir, "gzip", Lines(3001, 4000));
  // Zero padding after the last member, as tape tools leave it, is not data.
  const std::string path = dir.Write("two.gz", a + b + std::string(512, '\0'));
  Result<std::string> text = ReadAll(path);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, Lines(1, 4000));
}

// Lines that compress poorly (random passwords), so that a few MB of them
// span several of the reader's 1 MiB input reads.
std::string NoisyLines(int from, int to, uint32_t seed) {
  std::string s;
  for (int i = from; i <= to; ++i) {
    s += "user" + std::to_string(i) + "@example.jp:";
    for (int k = 0; k < 24; ++k) {
      seed = seed * 1103515245u + 12345u;
      s += "abcdefghijklmnopqrstuvwxyz0123456789"[(seed >> 16) % 36];
    }
    s += '\n';
  }
  return s;
}

// Members of every size, bgzip-style many and small, some empty, over
// several input reads: member ends fall everywhere, including across a
// read, and the stream is still the members' text in order.
TEST(DumpStreamTest, ManyGzipMembersAcrossInputReads) {
  ScratchDir dir;
  std::string gz, want;
  int line = 1;
  for (int m = 0; m < 160; ++m) {
    const int count = m % 7 == 3 ? 0 : 1 + (m * 37) % 1800;  // some members empty
    const std::string text = NoisyLines(line, line + count - 1, static_cast<uint32_t>(m));
    line += count;
    want += text;
    gz += Compressed(dir, m % 2 == 0 ? "gzip -1" : "gzip -9", text);
  }
  ASSERT_GT(gz.size(), size_t{2} << 20) << "the test needs more than two input reads";
  const std::string path = dir.Write("many.gz", gz);
  Result<std::string> text = ReadAll(path);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->size(), want.size());
  EXPECT_TRUE(*text == want);
}

// The trailer's length is checked as well as its CRC; bytes after the last
// member that are neither a member nor zero padding are an error.
TEST(DumpStreamTest, GzipLengthAndTrailingGarbageAreChecked) {
  ScratchDir dir;
  std::string gz = Compressed(dir, "gzip", Lines(1, 2000));
  std::string bad_length = gz;
  bad_length[bad_length.size() - 2] ^= 0x01;  // ISIZE, the last four bytes
  Result<std::string> text = ReadAll(dir.Write("len.gz", bad_length));
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("incorrect data check"), std::string::npos) << text.status().message();

  Result<std::string> garbage = ReadAll(dir.Write("tail.gz", gz + "not gzip at all"));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(garbage.status().message().find("tail.gz: broken gzip stream at compressed byte " +
                                            std::to_string(gz.size())),
            std::string::npos)
      << garbage.status().message();
  EXPECT_NE(garbage.status().message().find("not a gzip member"), std::string::npos) << garbage.status().message();
}

// A member with every optional header field (FEXTRA, FNAME, FCOMMENT and a
// header CRC, FHCRC), written by Python's zlib with a hand-made header,
// between two ordinary members; read with compressed reads of a few bytes,
// so that every field, the deflate data and the trailers are cut
// everywhere. (ISA-L checks the header CRC over the whole header only when
// it is parsed in one piece of state across reads.)
TEST(DumpStreamTest, GzipHeaderFieldsAndReadsOfAnySize) {
  ScratchDir dir;
  const std::string middle = dir.Write("middle.txt", Lines(101, 400));
  const std::string crafted = dir.path() + "/crafted.bin";
  const std::string script =
      "import struct, sys, zlib\n"
      "data = open(sys.argv[1], 'rb').read()\n"
      "flags = 2 | 4 | 8 | 16\n"
      "h = b'\\x1f\\x8b\\x08' + bytes([flags]) + struct.pack('<I', 0) + b'\\x00\\x03'\n"
      "h += struct.pack('<H', 6) + b'kenchi'\n"
      "h += b'dump.txt\\x00' + b'a comment for the test\\x00'\n"
      "h += struct.pack('<H', zlib.crc32(h) & 0xffff)\n"
      "c = zlib.compressobj(6, zlib.DEFLATED, -15)\n"
      "body = c.compress(data) + c.flush()\n"
      "t = struct.pack('<II', zlib.crc32(data), len(data) & 0xffffffff)\n"
      "open(sys.argv[2], 'wb').write(h + body + t)\n";
  const std::string py = dir.Write("craft.py", script);
  ASSERT_EQ(std::system(("python3 " + py + " " + middle + " " + crafted).c_str()), 0);
  const std::string gz = Compressed(dir, "gzip", Lines(1, 100)) + ReadFileOrDie(crafted) +
                         Compressed(dir, "gzip", Lines(401, 500)) + std::string(40, '\0');
  const std::string path = dir.Write("fields.gz", gz);
  for (size_t read_bytes : {size_t{1}, size_t{3}, size_t{7}, size_t{64}, size_t{1} << 20}) {
    Result<std::string> text = ReadAll(path, read_bytes);
    ASSERT_TRUE(text.ok()) << read_bytes << ": " << text.status().message();
    EXPECT_EQ(*text, Lines(1, 500)) << read_bytes;
  }
  // The same member with its header CRC wrong: an error at the member's start.
  std::string bad = ReadFileOrDie(crafted);
  const size_t hcrc = bad.find("test") + 6;  // after "...for the test\0"
  bad[hcrc] ^= 0x5a;
  const std::string first = Compressed(dir, "gzip", Lines(1, 100));
  for (size_t read_bytes : {size_t{5}, size_t{1} << 20}) {
    Result<std::string> text = ReadAll(dir.Write("hcrc.gz", first + bad), read_bytes);
    ASSERT_FALSE(text.ok()) << read_bytes;
    EXPECT_NE(text.status().message().find("at compressed byte " + std::to_string(first.size())), std::string::npos)
        << text.status().message();
    EXPECT_NE(text.status().message().find("header fails its CRC"), std::string::npos) << text.status().message();
  }
}

// Deflate data that goes bad: a stored block of 160 bytes, then a block of
// the reserved type (bits 11). The error names the byte that holds that
// block's header and the 160 bytes before it, whatever the read size
// (ISA-L reads up to 8 bytes ahead; those are not counted).
std::string StoredThenInvalidBlock() {
  const std::string text(160, 'a');
  std::string deflate;
  deflate += '\x00';  // BFINAL 0, BTYPE 00 (stored); the rest of the byte is padding
  deflate += static_cast<char>(text.size() & 0xFF);
  deflate += static_cast<char>(text.size() >> 8);
  deflate += static_cast<char>(~text.size() & 0xFF);
  deflate += static_cast<char>((~text.size() >> 8) & 0xFF);
  deflate += text;
  deflate += '\x07';  // BFINAL 1, BTYPE 11: reserved
  deflate += std::string(20, '\0');
  return deflate;
}

TEST(DumpStreamTest, ABrokenDeflateBlockIsReportedWhereItIs) {
  ScratchDir dir;
  const std::string header("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  const std::string deflate = StoredThenInvalidBlock();
  const std::string path = dir.Write("block.gz", header + deflate + std::string(8, '\0'));
  const size_t bad_block = header.size() + deflate.size() - 21;
  for (size_t read_bytes : {size_t{1}, size_t{5}, size_t{1} << 20}) {
    // (ISA-L decodes ahead of a small output read: that output counts too.)
    for (size_t out_bytes : {size_t{1}, size_t{7}, size_t{4096}}) {
      Result<std::string> text = ReadAll(path, read_bytes, out_bytes);
      ASSERT_FALSE(text.ok()) << read_bytes;
      EXPECT_NE(text.status().message().find("at compressed byte " + std::to_string(bad_block) +
                                             ", decompressed byte 160: invalid deflate block"),
                std::string::npos)
          << read_bytes << ", " << out_bytes << ": " << text.status().message();
    }
  }
}

// A member cut short is reported where the file ends, whatever the reads.
TEST(DumpStreamTest, ATruncatedMemberIsReportedWhereTheFileEnds) {
  ScratchDir dir;
  const std::string gz = Compressed(dir, "gzip", Lines(1, 3000));
  const std::string cut = gz.substr(0, gz.size() / 2);
  const std::string path = dir.Write("cut.gz", cut);
  for (size_t read_bytes : {size_t{1}, size_t{7}, size_t{1} << 20}) {
    Result<std::string> text = ReadAll(path, read_bytes);
    ASSERT_FALSE(text.ok()) << read_bytes;
    EXPECT_NE(text.status().message().find("at compressed byte " + std::to_string(cut.size()) + ", decompressed byte "),
              std::string::npos)
        << read_bytes << ": " << text.status().message();
    EXPECT_NE(text.status().message().find("the stream ends inside a member"), std::string::npos)
        << text.status().message();
  }
}

// A damaged trailer is reported where the member ends, whatever the read
// size (the padding bits of the deflate data's last byte are no unread byte).
TEST(DumpStreamTest, ADamagedTrailerIsReportedWhereTheMemberEnds) {
  ScratchDir dir;
  const std::string gz = Compressed(dir, "gzip", Lines(1, 3000));
  for (size_t field : {gz.size() - 8, gz.size() - 2}) {  // the CRC-32, then ISIZE
    std::string bad = gz;
    bad[field] ^= 0x01;
    const std::string path = dir.Write("trailer.gz", bad);
    for (size_t read_bytes : {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{9}, size_t{1} << 20}) {
      Result<std::string> text = ReadAll(path, read_bytes);
      ASSERT_FALSE(text.ok()) << read_bytes;
      EXPECT_NE(text.status().message().find("at compressed byte " + std::to_string(gz.size()) + ", decompressed byte " +
                                             std::to_string(Lines(1, 3000).size()) + ": incorrect data check"),
                std::string::npos)
          << field << ", " << read_bytes << ": " << text.status().message();
    }
  }
}

// Zero padding ends the stream: a member after it is an error, wherever
// the reads cut the zeros.
TEST(DumpStreamTest, NothingButZerosAfterThePadding) {
  ScratchDir dir;
  const std::string a = Compressed(dir, "gzip", Lines(1, 50));
  const std::string path = dir.Write("after.gz", a + std::string(100, '\0') + a);
  for (size_t read_bytes : {size_t{1}, size_t{16}, size_t{1} << 20}) {
    Result<std::string> text = ReadAll(path, read_bytes);
    ASSERT_FALSE(text.ok()) << read_bytes;
    EXPECT_NE(text.status().message().find("at compressed byte " + std::to_string(a.size() + 100) +
                                           ", decompressed byte " + std::to_string(Lines(1, 50).size()) +
                                           ": data after the zero padding"),
              std::string::npos)
        << text.status().message();
  }
}

TEST(DumpStreamTest, GzipWithADamagedChecksumIsAnError) {
  ScratchDir dir;
  std::string gz = Compressed(dir, "gzip", Lines(1, 2000));
  gz[gz.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  Result<std::string> text = ReadAll(dir.Write("crc.gz", gz));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(text.status().message().find("crc.gz: broken gzip stream at compressed byte"),
            std::string::npos)
      << text.status().message();
  EXPECT_NE(text.status().message().find("incorrect data check"), std::string::npos)
      << text.status().message();
}

TEST(DumpStreamTest, TruncatedGzipSaysSo) {
  ScratchDir dir;
  const std::string gz = Compressed(dir, "gzip", Lines(1, 2000));
  Result<std::string> text = ReadAll(dir.Write("cut.gz", gz.substr(0, gz.size() - 20)));
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("truncated"), std::string::npos) << text.status().message();
  EXPECT_NE(text.status().message().find("decompressed byte"), std::string::npos);
}

// Zstd: frames one after another, a skippable frame between them (skipped),
// read in compressed reads of any size.
TEST(DumpStreamTest, ZstdFramesOneAfterAnotherInReadsOfAnySize) {
  ScratchDir dir;
  const std::string a = Compressed(dir, "zstd -q -3", Lines(1, 3000));
  const std::string b = Compressed(dir, "zstd -q -19", Lines(3001, 3500));
  // A skippable frame: magic 0x184D2A50, a 4-byte length, that many bytes.
  const std::string skippable("\x50\x2A\x4D\x18\x05\x00\x00\x00hello", 13);
  const std::string path = dir.Write("two.zst", a + skippable + b);
  for (size_t read_bytes : {size_t{1}, size_t{3}, size_t{64}, size_t{1} << 20}) {
    Result<std::string> text = ReadAll(path, read_bytes);
    ASSERT_TRUE(text.ok()) << text.status().message();
    EXPECT_TRUE(*text == Lines(1, 3500)) << "reads of " << read_bytes << ": " << text->size() << " bytes";
  }
}

// A zstd stream cut inside a frame, with a damaged checksum, or with
// something after its frames is an error naming the frame where it broke,
// whatever the reads; a stream cut between two frames (here: the first
// alone) is whole, and reads.
TEST(DumpStreamTest, DamagedZstdSaysWhere) {
  ScratchDir dir;
  const std::string a = Compressed(dir, "zstd -q", Lines(1, 2000));
  const std::string b = Compressed(dir, "zstd -q", Lines(2001, 2100));
  const std::string second_frame = "in the frame at compressed byte " + std::to_string(a.size()) +
                                   " (decompressed byte " + std::to_string(Lines(1, 2000).size()) + ")";
  for (size_t read_bytes : {size_t{1}, size_t{7}, size_t{1} << 20}) {
    Result<std::string> cut = ReadAll(dir.Write("cut.zst", (a + b).substr(0, a.size() + b.size() / 2)), read_bytes);
    ASSERT_FALSE(cut.ok());
    EXPECT_NE(cut.status().message().find("cut.zst: broken zstd stream " + second_frame), std::string::npos)
        << cut.status().message();
    EXPECT_NE(cut.status().message().find("truncated zstd input (the stream ends inside a frame)"),
              std::string::npos)
        << cut.status().message();
    Result<std::string> garbage = ReadAll(dir.Write("tail.zst", a + "not zstd"), read_bytes);
    ASSERT_FALSE(garbage.ok());
    EXPECT_NE(garbage.status().message().find("tail.zst: broken zstd stream " + second_frame), std::string::npos)
        << garbage.status().message();
  }

  Result<std::string> first = ReadAll(dir.Write("first.zst", a));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->size(), Lines(1, 2000).size());

  std::string bad = a;
  bad[bad.size() - 1] ^= 0x5A;  // the frame's content checksum (zstd writes one)
  Result<std::string> checksum = ReadAll(dir.Write("sum.zst", bad));
  ASSERT_FALSE(checksum.ok());
  EXPECT_NE(checksum.status().message().find("sum.zst: broken zstd stream"), std::string::npos)
      << checksum.status().message();
  EXPECT_NE(checksum.status().message().find("checksum"), std::string::npos) << checksum.status().message();

}

// Frames with no checksum and no content size (zstd fed through a pipe),
// and a stream that starts with a skippable frame (as pzstd writes them),
// which is recognised as zstd by that frame's magic number.
TEST(DumpStreamTest, ZstdWithoutChecksumsOrSizesAndSkippableFirst) {
  ScratchDir dir;
  dir.Write("in.txt", Lines(1, 4000));
  const std::string out = dir.path() + "/piped.zst";
  ASSERT_EQ(std::system(("cat " + dir.path() + "/in.txt | zstd -q --no-check -c > " + out).c_str()), 0);
  Result<std::string> piped = ReadAll(out, 5);
  ASSERT_TRUE(piped.ok()) << piped.status().message();
  EXPECT_TRUE(*piped == Lines(1, 4000)) << piped->size() << " bytes";

  const std::string skippable = std::string("\x5E\x2A\x4D\x18\x03\x00\x00\x00", 8) + "abc";
  const std::string path = dir.Write("skip-first.zst", skippable + ReadFileOrDie(out));
  EXPECT_EQ(SniffCompression(ReadFileOrDie(path).substr(0, 8)), Compression::kZstd);
  Result<std::string> text = ReadAll(path);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_TRUE(*text == Lines(1, 4000)) << text->size() << " bytes";
}

// RAR archives (no free tool writes them: this one is made byte by byte
// after the RAR 5 format description, its files stored) are read through
// libarchive, their regular files one after another; RAR 1.5-4 archives
// are recognised by their own signature.
TEST(DumpStreamTest, RarArchivesAreRead) {
  ScratchDir dir;
  dir.Write("make_rar5.py", R"(
import struct, sys, zlib
def vint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)
def header(kind, flags, body, data_size=None):
    fields = vint(kind) + vint(flags) + (vint(data_size) if data_size is not None else b"") + body
    sized = vint(len(fields)) + fields
    return struct.pack("<I", zlib.crc32(sized)) + sized
out = b"Rar!\x1a\x07\x01\x00" + header(1, 0, vint(0))   # signature, main header
for i in range(2, len(sys.argv), 2):
    name, data = sys.argv[i].encode(), open(sys.argv[i + 1], "rb").read()
    # file flags (data CRC32 present), size, attributes, CRC32, stored, Windows, name
    body = vint(4) + vint(len(data)) + vint(0x20) + struct.pack("<I", zlib.crc32(data)) + vint(0) + vint(0)
    out += header(2, 2, body + vint(len(name)) + name, data_size=len(data)) + data
out += header(5, 0, vint(0))                                   # end of archive
open(sys.argv[1], "wb").write(out)
)");
  dir.Write("a.txt", Lines(1, 300));
  dir.Write("b.txt", Lines(301, 310));
  ASSERT_EQ(std::system(("cd " + dir.path() + " && python3 make_rar5.py t.rar dump/a.txt a.txt dump/b.txt b.txt").c_str()),
            0);
  const std::string path = dir.path() + "/t.rar";
  EXPECT_EQ(SniffCompression(ReadFileOrDie(path).substr(0, 8)), Compression::kRar);
  Result<std::string> text = ReadAll(path);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, Lines(1, 300) + "\n" + Lines(301, 310));
  // Cut short: an error that names the file.
  const std::string bytes = ReadFileOrDie(path);
  Result<std::string> cut = ReadAll(dir.Write("cut.rar", bytes.substr(0, bytes.size() / 2)));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("cut.rar: broken rar "), std::string::npos) << cut.status().message();
  EXPECT_EQ(SniffCompression(std::string("Rar!\x1a\x07\x00\xcf", 8)), Compression::kRar);
}

TEST(DumpStreamTest, XzGoesThroughLibarchive) {
  ScratchDir dir;
  const std::string path = dir.Write("d.xz", Compressed(dir, "xz", Lines(1, 500)));
  Result<std::string> text = ReadAll(path);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, Lines(1, 500));
}

TEST(DumpStreamTest, MissingFileIsAnIoError) {
  Result<std::unique_ptr<ArchiveStream>> s = ArchiveStream::Open("/nonexistent/k.gz", Compression::kGzip);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kIoError);
  EXPECT_NE(s.status().message().find("/nonexistent/k.gz"), std::string::npos);
}

}  // namespace
}  // namespace kenchi::collect
