// Zip dumps: plain archives (stored or deflated members) are read with
// ISA-L from their central directory, every other one with libarchive. The
// archives are made by the real `zip` tool, or byte by byte by Python's
// struct where no tool writes the shape (zip64 records).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "collect/zip_directory.h"
#include "kenchi/collect/dump_stream.h"
#include "support/read_dump.h"
#include "support/run.h"

namespace kenchi::collect {
namespace {

using internal::ZipMember;
using kenchi::testing::ReadFileOrDie;
using kenchi::testing::ScratchDir;

std::string Lines(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += "user" + std::to_string(i) + "@example.jp:pw" + std::to_string(i * 7) + "\n";
  return s;
}

// Runs a shell command in `dir`; fails the test if it fails.
void Shell(const ScratchDir& dir, const std::string& command) {
  ASSERT_EQ(std::system(("cd " + dir.path() + " && " + command).c_str()), 0) << command;
}

std::optional<std::vector<ZipMember>> Directory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0) << path;
  struct stat st {};
  ::fstat(fd, &st);
  auto members = internal::ReadZipDirectory(fd, static_cast<uint64_t>(st.st_size));
  ::close(fd);
  return members;
}

// (As a zip whatever its first bytes: a self-extractor starts with a program.)
Result<std::string> ReadAll(const std::string& path, size_t read_bytes = size_t{1} << 20, size_t out_bytes = 4096) {
  return kenchi::testing::ReadDump(path, Compression::kZip, read_bytes, out_bytes);
}

// Files of every kind in one archive: stored and deflated members, an
// empty one, a directory and a link (left out), one without a final
// newline; data order is not name order.
class ZipTest : public ::testing::Test {
 protected:
  ZipTest() {
    dir_.Write("big.txt", Lines(1, 20000));
    dir_.Write("small.txt", "tail@example.jp:no-newline");
    dir_.Write("empty.txt", "");
    dir_.Write("sub/inner.txt", Lines(20001, 20100));
    Shell(dir_, "ln -s big.txt link.txt");
    Shell(dir_, "zip -q -9 -y t.zip small.txt sub sub/inner.txt link.txt big.txt empty.txt && zip -q -0 t.zip small.txt");
    zip_ = dir_.path() + "/t.zip";
  }
  // What the archive holds, in its data order, a newline between two files.
  std::string Expected() const {
    return "tail@example.jp:no-newline\n" + Lines(20001, 20100) + "\n" + Lines(1, 20000) + "\n";
  }
  ScratchDir dir_;
  std::string zip_;
};

TEST_F(ZipTest, DirectoryListsTheRegularFilesInDataOrder) {
  const auto members = Directory(zip_);
  ASSERT_TRUE(members.has_value());
  std::vector<std::string> names;
  for (const ZipMember& m : *members) names.push_back(m.name);
  // In the order they were added (small.txt, stored again by `zip -0`, kept its place).
  EXPECT_EQ(names, (std::vector<std::string>{"small.txt", "sub/inner.txt", "big.txt", "empty.txt"}));
  EXPECT_EQ((*members)[2].method, ZipMember::kDeflated);
  EXPECT_EQ((*members)[2].size, Lines(1, 20000).size());
  EXPECT_LT((*members)[2].compressed_size, (*members)[2].size / 3);
  EXPECT_EQ((*members)[0].method, ZipMember::kStored);
  EXPECT_EQ((*members)[0].compressed_size, (*members)[0].size);
  EXPECT_EQ((*members)[3].size, 0u);
  // The data offsets point past each local header, at the member's bytes.
  const std::string bytes = ReadFileOrDie(zip_);
  EXPECT_EQ(bytes.substr((*members)[0].data_offset, 5), "tail@");
}

TEST_F(ZipTest, MembersComeOutAsOneStreamWhateverTheReadSize) {
  for (size_t read_bytes : {size_t{1}, size_t{7}, size_t{64}, size_t{4096}, size_t{1} << 20}) {
    Result<std::string> text = ReadAll(zip_, read_bytes);
    ASSERT_TRUE(text.ok()) << text.status().message();
    EXPECT_TRUE(*text == Expected()) << "reads of " << read_bytes << ": " << text->size() << " bytes, "
                                     << Expected().size() << " expected";
  }
}

// Damage in a member's data or its directory entry is an error naming the
// file, the member and where it broke; nothing passes as whole.
TEST_F(ZipTest, DamagedMembersAreErrorsThatSayWhere) {
  const std::string bytes = ReadFileOrDie(zip_);
  const auto members = Directory(zip_);
  ASSERT_TRUE(members.has_value());
  const ZipMember& big = (*members)[2];

  std::string flipped = bytes;
  flipped[big.data_offset + big.compressed_size / 2] ^= 0x55;
  Result<std::string> data = ReadAll(dir_.Write("flipped.zip", flipped));
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(data.status().message().find("flipped.zip: broken zip archive at compressed byte "), std::string::npos)
      << data.status().message();
  EXPECT_NE(data.status().message().find("member big.txt: "), std::string::npos) << data.status().message();

  // A member's CRC-32 is in its directory entry (offset 16) and its local
  // header (offset 14); its size at offsets 24 and 22.
  const std::string central("PK\x01\x02", 4), local("PK\x03\x04", 4);
  const size_t directory = bytes.find(central);
  ASSERT_NE(directory, std::string::npos);
  const size_t big_entry = bytes.rfind(central, bytes.find("big.txt", directory));
  // (A directory entry says where its local header is, at offset 42.)
  const auto local_of = [&](size_t entry) {
    return static_cast<size_t>(static_cast<unsigned char>(bytes[entry + 42]) |
                               static_cast<unsigned char>(bytes[entry + 43]) << 8 |
                               static_cast<unsigned char>(bytes[entry + 44]) << 16);
  };
  const size_t big_local = local_of(big_entry);
  ASSERT_EQ(bytes.compare(big_local, 4, local), 0);
  // The archive with the bytes at `offsets` XORed with `mask`: its error.
  const auto error_of = [&](const std::string& name, std::initializer_list<size_t> offsets, char mask) {
    std::string damaged = bytes;
    for (size_t at : offsets) damaged[at] = static_cast<char>(damaged[at] ^ mask);
    Result<std::string> text = ReadAll(dir_.Write(name, damaged));
    EXPECT_FALSE(text.ok()) << name << " read as whole";
    return text.ok() ? std::string() : std::string(text.status().message());
  };
  const std::string crc = error_of("crc.zip", {big_entry + 16, big_local + 14}, 0x01);
  EXPECT_NE(crc.find("member big.txt: incorrect data check (its CRC-32)"), std::string::npos) << crc;
  // Where the two disagree, libarchive (which checks the data against the
  // local header) is the judge: the directory is not read here.
  std::string one_crc = bytes;
  one_crc[big_entry + 16] ^= 0x01;
  EXPECT_FALSE(Directory(dir_.Write("one-crc.zip", one_crc)).has_value());

  // The stored member's CRC-32 is checked too.
  const size_t small_entry = bytes.rfind(central, bytes.find("small.txt", directory));
  const size_t small_local = local_of(small_entry);
  ASSERT_EQ(bytes.compare(small_local, 4, local), 0);
  const std::string small = error_of("small-crc.zip", {small_entry + 17, small_local + 15}, 0x10);
  EXPECT_NE(small.find("member small.txt: incorrect data check"), std::string::npos) << small;

  // A size that is not what the data inflates to.
  const std::string size = error_of("size.zip", {big_entry + 24, big_local + 22}, 0x01);
  EXPECT_NE(size.find("bytes where the directory says"), std::string::npos) << size;

  // A directory entry's local header is checked too, though nothing of it
  // is read: damage there is libarchive's to report.
  const size_t sub_entry = bytes.rfind(central, bytes.find("sub/", directory));
  const size_t sub_local = local_of(sub_entry);
  ASSERT_EQ(bytes.compare(sub_local, 4, local), 0);
  std::string sub_damaged = bytes;
  sub_damaged[sub_local + 2] ^= 0x20;
  EXPECT_FALSE(Directory(dir_.Write("sub-local.zip", sub_damaged)).has_value());
  const std::string sub = error_of("sub-local.zip", {sub_local + 2}, 0x20);
  EXPECT_NE(sub.find("sub-local.zip"), std::string::npos) << sub;
}

// Archives made byte by byte (Python's struct and zlib) in shapes no tool
// writes on purpose: each member's data, method, sizes and flags as given.
class CraftedZipTest : public ::testing::Test {
 protected:
  CraftedZipTest() {
    dir_.Write("craft.py", R"(
import json, struct, sys, zlib
spec = json.load(open(sys.argv[2]))
out, cd = b"", b""
for m in spec["members"]:
    data = m.get("data", "").encode()
    name = m["name"].encode()
    if m.get("method", 8) == 8:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = c.compress(data) + c.flush()
    else:
        packed = data
    if "raw" in m:
        packed = bytes.fromhex(m["raw"])
    packed = packed[:m["cut"]] if "cut" in m else packed
    packed += b"\x00" * m.get("junk", 0)
    if m.get("empty_deflate"):
        packed = b""
    crc = zlib.crc32(data)
    at = m.get("at", len(out))
    flags = m.get("flags", 0)
    local = struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, flags, m.get("method", 8), 0, 0, crc, len(packed),
                        len(data), len(name), 0) + name
    if "at" not in m:
        out += local + packed
    cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, m.get("made_by", 0x0314), 20, flags, m.get("method", 8),
                      0, 0, crc, len(packed), len(data), len(name), 0, 0, 0, 0, m.get("external", 0o100644 << 16),
                      at) + name
count = spec.get("count", len(spec["members"]))
out_at = len(out)
out += cd + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, count, count, len(cd), out_at, 0)
open(sys.argv[1], "wb").write(out)
)");
  }
  // Writes the archive `spec` (JSON, as craft.py reads it) describes.
  std::string Craft(const std::string& name, const std::string& spec) {
    dir_.Write(name + ".json", spec);
    Shell(dir_, "python3 craft.py " + name + " " + name + ".json");
    return dir_.path() + "/" + name;
  }
  ScratchDir dir_;
};

TEST_F(CraftedZipTest, DeflateDataMustBeWholeAndNoMore) {
  const std::string cut = Craft("cut.zip", R"({"members": [{"name": "a.txt", "data": ")" + std::string(300, 'a') +
                                               R"(x@example.jp:pw", "cut": 5}]})");
  const auto cut_members = Directory(cut);
  ASSERT_TRUE(cut_members.has_value());
  // Reported where the member's data ends, whatever the reads.
  const std::string data_end = std::to_string((*cut_members)[0].data_offset + 5);
  for (size_t read_bytes : {size_t{1}, size_t{3}, size_t{1} << 20}) {
    Result<std::string> short_data = ReadAll(cut, read_bytes);
    ASSERT_FALSE(short_data.ok());
    EXPECT_NE(short_data.status().message().find("at compressed byte " + data_end +
                                                 ", decompressed byte "),
              std::string::npos)
        << read_bytes << ": " << short_data.status().message();
    EXPECT_NE(short_data.status().message().find("member a.txt: its compressed data ends inside the deflate stream"),
              std::string::npos)
        << short_data.status().message();
  }

  const std::string junk = Craft("junk.zip", R"({"members": [{"name": "b.txt", "data": "b@example.jp:pw", "junk": 8}]})");
  Result<std::string> trailing = ReadAll(junk, 3);
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.status().message().find("member b.txt: 8 bytes of compressed data after its deflate stream"),
            std::string::npos)
      << trailing.status().message();

  // No deflate data at all is an empty member, as libarchive reads it.
  const std::string empty = Craft("empty.zip", R"({"members": [{"name": "c.txt", "empty_deflate": true},
      {"name": "d.txt", "data": "d@example.jp:pw\n"}]})");
  ASSERT_TRUE(Directory(empty).has_value());
  Result<std::string> text = ReadAll(empty);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "\nd@example.jp:pw\n");
}

TEST_F(CraftedZipTest, DirectoriesByAttributeAndLinksAreLeftOut) {
  // An MS-DOS directory attribute on a name without a '/', a Unix link, a
  // Unix FIFO, and a macOS (host 19) entry with a link's mode, which
  // libarchive reads as a file.
  const std::string path = Craft("kinds.zip", R"({"members": [
      {"name": "dosdir", "made_by": 20, "external": 16, "method": 0},
      {"name": "link", "data": "target", "external": 2716991488, "method": 0},
      {"name": "fifo", "external": 285212672, "method": 0},
      {"name": "mac", "data": "m@example.jp:pw\n", "made_by": 4884, "external": 2716991488},
      {"name": "file.txt", "data": "f@example.jp:pw\n"}]})");
  const auto members = Directory(path);
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].name, "mac");
  EXPECT_EQ((*members)[1].name, "file.txt");
  Result<std::string> text = ReadAll(path);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "m@example.jp:pw\n\nf@example.jp:pw\n");
}

// Deflate data that goes bad after a stored block of 160 bytes: the error
// names the byte that holds the bad block's header, whatever the read size.
TEST_F(CraftedZipTest, ABrokenDeflateBlockIsReportedWhereItIs) {
  // BFINAL 0, BTYPE 00, LEN 160, NLEN; 160 'a's; BFINAL 1, BTYPE 11 (reserved).
  std::string raw = "00a0005fff";
  for (int i = 0; i < 160; ++i) raw += "61";
  raw += "07" + std::string(40, '0');
  const std::string path = Craft("block.zip", R"({"members": [{"name": "a.txt", "data": ")" + std::string(160, 'a') +
                                                  R"(", "raw": ")" + raw + R"("}]})");
  const auto members = Directory(path);
  ASSERT_TRUE(members.has_value());
  const uint64_t bad_block = (*members)[0].data_offset + 5 + 160;
  for (size_t read_bytes : {size_t{1}, size_t{5}, size_t{1} << 20}) {
    for (size_t out_bytes : {size_t{1}, size_t{7}, size_t{4096}}) {
      Result<std::string> text = ReadAll(path, read_bytes, out_bytes);
      ASSERT_FALSE(text.ok()) << read_bytes;
      EXPECT_NE(text.status().message().find("at compressed byte " + std::to_string(bad_block) +
                                             ", decompressed byte 160: member a.txt: invalid deflate block"),
                std::string::npos)
          << read_bytes << ", " << out_bytes << ": " << text.status().message();
    }
  }
  // Bytes after the deflate stream: reported from the first of them, after
  // all the member's output.
  const std::string junk = Craft("junk8.zip", R"({"members": [{"name": "b.txt", "data": ")" + std::string(3000, 'b') +
                                                 R"(", "junk": 8}]})");
  const auto junk_members = Directory(junk);
  ASSERT_TRUE(junk_members.has_value());
  const ZipMember& b = (*junk_members)[0];
  for (size_t read_bytes : {size_t{1}, size_t{1} << 20}) {
    for (size_t out_bytes : {size_t{1}, size_t{4096}}) {
      Result<std::string> text = ReadAll(junk, read_bytes, out_bytes);
      ASSERT_FALSE(text.ok());
      EXPECT_NE(text.status().message().find("at compressed byte " + std::to_string(b.data_offset + b.compressed_size - 8) +
                                             ", decompressed byte 3000: member b.txt: 8 bytes of compressed data"),
                std::string::npos)
          << read_bytes << ", " << out_bytes << ": " << text.status().message();
    }
  }
}

// A directory entry that points at a file's local header claims no bytes
// of its own: the file is read, wherever the entry is in the directory.
// One that points into a file's data is damage, libarchive's to report.
TEST_F(CraftedZipTest, ADirectoryAtAFilesOffsetLeavesTheFileToBeRead) {
  for (const std::string members :
       {R"([{"name": "a.txt", "data": "a@example.jp:pw\n"}, {"name": "dir/", "method": 0, "at": 0}])",
        R"([{"name": "dir/", "method": 0, "at": 0}, {"name": "a.txt", "data": "a@example.jp:pw\n"}])",
        R"([{"name": "a.txt", "data": "a@example.jp:pw\n"}, {"name": "d1/", "method": 0, "at": 0},
            {"name": "d2/", "method": 0, "at": 0}])"}) {
    const std::string path = Craft("shared.zip", R"({"members": )" + members + "}");
    const auto listed = Directory(path);
    ASSERT_TRUE(listed.has_value()) << members;
    ASSERT_EQ(listed->size(), 1u) << members;
    EXPECT_EQ((*listed)[0].name, "a.txt");
    Result<std::string> text = ReadAll(path);
    ASSERT_TRUE(text.ok()) << members << ": " << text.status().message();
    EXPECT_EQ(*text, "a@example.jp:pw\n") << members;
  }
  const std::string inside = Craft("inside.zip", R"({"members": [{"name": "a.txt", "data": "a@example.jp:pw\n"},
      {"name": "dir/", "method": 0, "at": 5}]})");
  EXPECT_FALSE(Directory(inside).has_value());
}

TEST_F(CraftedZipTest, DirectoriesThatDisagreeAreLeftToLibarchive) {
  // The end record counts one entry; the directory holds two.
  const std::string count = Craft("count.zip", R"({"count": 1, "members": [{"name": "a.txt", "data": "a\n"},
      {"name": "b.txt", "data": "b\n"}]})");
  EXPECT_FALSE(Directory(count).has_value());
  // Two entries whose data is the same bytes (a zip bomb's trick).
  const std::string overlap = Craft("overlap.zip", R"({"members": [{"name": "a.txt", "data": "a@example.jp:pw\n"},
      {"name": "b.txt", "data": "a@example.jp:pw\n", "at": 0}]})");
  EXPECT_FALSE(Directory(overlap).has_value());
  // A local header marked encrypted where the directory is not.
  const std::string good = Craft("plain.zip", R"({"members": [{"name": "a.txt", "data": "a@example.jp:pw\n"}]})");
  std::string bytes = ReadFileOrDie(good);
  bytes[6] = 1;
  EXPECT_FALSE(Directory(dir_.Write("local-enc.zip", bytes)).has_value());
  EXPECT_FALSE(ReadAll(dir_.path() + "/local-enc.zip").ok());
}

// A streamed archive (`zip - -`: a data descriptor after each member, flag
// bit 3, and zip64 end records though the values fit) is read here too.
TEST(ZipDirectoryTest, StreamedArchivesWithDataDescriptors) {
  ScratchDir dir;
  dir.Write("in.txt", Lines(1, 5000));
  Shell(dir, "zip -q - - < in.txt > streamed.zip");
  const auto members = Directory(dir.path() + "/streamed.zip");
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 1u);
  Result<std::string> text = ReadAll(dir.path() + "/streamed.zip", 5);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_TRUE(*text == Lines(1, 5000)) << text->size() << " bytes";
}

// Archives this reader does not take still read, through libarchive: a
// member compressed with bzip2, data before the archive (a self-extractor),
// a comment after it. An encrypted member is named.
TEST_F(ZipTest, OtherZipsAreLeftToLibarchive) {
  dir_.Write("more.txt", Lines(1, 3000));
  Shell(dir_, "zip -q -Z bzip2 bz.zip more.txt");
  EXPECT_FALSE(Directory(dir_.path() + "/bz.zip").has_value());
  Result<std::string> bz = ReadAll(dir_.path() + "/bz.zip");
  ASSERT_TRUE(bz.ok()) << bz.status().message();
  EXPECT_TRUE(*bz == Lines(1, 3000)) << bz->size() << " bytes";

  const std::string sfx = dir_.Write("sfx.zip", std::string(1000, 'x') + ReadFileOrDie(zip_));
  EXPECT_FALSE(Directory(sfx).has_value());
  Result<std::string> stub = ReadAll(sfx);
  ASSERT_TRUE(stub.ok()) << stub.status().message();
  EXPECT_TRUE(*stub == Expected()) << stub->size() << " bytes";

  Shell(dir_, "cp t.zip commented.zip && echo 'a comment' | zip -q -z commented.zip");
  EXPECT_TRUE(Directory(dir_.path() + "/commented.zip").has_value()) << "a comment is part of the end record";

  Shell(dir_, "zip -q -P secret enc.zip more.txt");
  EXPECT_FALSE(Directory(dir_.path() + "/enc.zip").has_value());
  Result<std::string> enc = ReadAll(dir_.path() + "/enc.zip");
  ASSERT_FALSE(enc.ok());
  EXPECT_NE(enc.status().message().find("encrypted"), std::string::npos) << enc.status().message();

  // Cut short: no end record, so libarchive reads what it can and says so.
  const std::string bytes = ReadFileOrDie(zip_);
  const std::string cut = dir_.Write("cut.zip", bytes.substr(0, bytes.size() / 2));
  EXPECT_FALSE(Directory(cut).has_value());
  EXPECT_FALSE(ReadAll(cut).ok());
}

// Zip64: the directory's place and count in the zip64 end record, and a
// member's sizes and offset in its zip64 extra field (what an archive of
// more than 4 GiB or 65,535 members has; made here small, byte by byte).
TEST(ZipDirectoryTest, Zip64RecordsAndExtraFields) {
  ScratchDir dir;
  dir.Write("make.py", R"(
import struct, zlib, sys
data = b"zip64@example.jp:pw\n" * 50
comp = zlib.compressobj(6, zlib.DEFLATED, -15)
packed = comp.compress(data) + comp.flush()
crc = zlib.crc32(data)
name = b"dump.txt"
local = struct.pack("<IHHHHHIIIHH", 0x04034b50, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), 20)
local += name + struct.pack("<HHQQ", 1, 16, len(data), len(packed))
out = local + packed
cd_at = len(out)
extra = struct.pack("<HHQQQ", 1, 24, len(data), len(packed), 0)
cd = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 45, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                 len(name), len(extra), 0, 0, 0, 0, 0xFFFFFFFF) + name + extra
out += cd
z64_at = len(out)
out += struct.pack("<IQHHIIQQQQ", 0x06064b50, 44, 45, 45, 0, 0, 1, 1, len(cd), cd_at)
out += struct.pack("<IIQI", 0x07064b50, 0, z64_at, 1)
out += struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
open(sys.argv[1], "wb").write(out)
)");
  Shell(dir, "python3 make.py z64.zip");
  const auto members = Directory(dir.path() + "/z64.zip");
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].name, "dump.txt");
  EXPECT_EQ((*members)[0].size, 1000u);
  Result<std::string> text = ReadAll(dir.path() + "/z64.zip", 3);
  ASSERT_TRUE(text.ok()) << text.status().message();
  std::string expected;
  for (int i = 0; i < 50; ++i) expected += "zip64@example.jp:pw\n";
  EXPECT_EQ(*text, expected);
}

// The central directory may list members in another order than their
// data: they are read in the data's order, as libarchive reads them.
TEST(ZipDirectoryTest, MembersAreReadInTheOrderOfTheirData) {
  ScratchDir dir;
  dir.Write("make.py", R"(
import struct, zlib, sys
out = b""
entries = []
for name, data in ((b"first.txt", b"first@example.jp:1\n"), (b"second.txt", b"second@example.jp:2\n")):
    crc = zlib.crc32(data)
    entries.append((name, crc, len(data), len(out)))
    out += struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 0, 0, 0, crc, len(data), len(data), len(name), 0)
    out += name + data
cd_at = len(out)
cd = b""
for name, crc, size, at in reversed(entries):
    cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 0, 0, 0, crc, size, size,
                      len(name), 0, 0, 0, 0, 0, at) + name
out += cd + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, 2, 2, len(cd), cd_at, 0)
open(sys.argv[1], "wb").write(out)
)");
  Shell(dir, "python3 make.py reversed.zip");
  const auto members = Directory(dir.path() + "/reversed.zip");
  ASSERT_TRUE(members.has_value());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].name, "first.txt");
  Result<std::string> text = ReadAll(dir.path() + "/reversed.zip");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "first@example.jp:1\n\nsecond@example.jp:2\n");
}

}  // namespace
}  // namespace kenchi::collect
