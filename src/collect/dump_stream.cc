// Compression sniffing and decompression of dumps: gzip and plain zip
// archives through ISA-L, zstd through libzstd, the rest through libarchive.
#include "kenchi/collect/dump_stream.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "collect/zip_directory.h"

namespace kenchi::collect {

std::string_view ToString(Compression c) {
  switch (c) {
    case Compression::kNone: return "none";
    case Compression::kGzip: return "gzip";
    case Compression::kBzip2: return "bzip2";
    case Compression::kXz: return "xz";
    case Compression::kZstd: return "zstd";
    case Compression::kZip: return "zip";
    case Compression::k7z: return "7z";
    case Compression::kRar: return "rar";
  }
  return "none";
}

Compression SniffCompression(std::string_view h) {
  auto starts = [&](std::string_view magic) { return h.substr(0, magic.size()) == magic; };
  using namespace std::string_view_literals;
  if (starts("\x1f\x8b"sv)) return Compression::kGzip;
  if (starts("BZh"sv) && h.size() > 3 && h[3] >= '1' && h[3] <= '9') return Compression::kBzip2;
  if (starts("\xfd" "7zXZ\x00"sv)) return Compression::kXz;
  if (starts("\x28\xb5\x2f\xfd"sv)) return Compression::kZstd;
  // A zstd stream may start with a skippable frame (pzstd's do): magic
  // 0x184D2A50 to 0x184D2A5F, little-endian.
  if (h.size() >= 4 && (static_cast<unsigned char>(h[0]) & 0xF0) == 0x50 && h.substr(1, 3) == "\x2a\x4d\x18"sv) {
    return Compression::kZstd;
  }
  if (starts("PK\x03\x04"sv) || starts("PK\x05\x06"sv)) return Compression::kZip;
  if (starts("7z\xbc\xaf\x27\x1c"sv)) return Compression::k7z;
  // RAR 5, and RAR 1.5 to 4.
  if (starts("Rar!\x1a\x07\x01\x00"sv) || starts("Rar!\x1a\x07\x00"sv)) return Compression::kRar;
  return Compression::kNone;
}

// ISA-L's inflate over a FILE*, member after member (`cat a.gz b.gz` is one
// valid gzip file, and bgzip writes a member per 64 KiB). ISA-L checks each
// member's CRC-32 and length, as zlib does, and inflates 2.5 times as fast
// here (`igzip -dc` 0.37 s against zlib's 0.91 s for 134 MB): on a gzip
// dump the decompressing thread is what the scan waits for.
struct ArchiveStream::Gzip {
  std::FILE* file = nullptr;
  inflate_state state{};  // ~50 KiB: Gzip lives on the heap
  // Where the reader is: between members, in a member's header or its
  // deflate data, or in the zero padding that ends the file (only zeros
  // may follow).
  enum class Part : uint8_t { kBetween, kHeader, kData, kPadding };
  Part part = Part::kBetween;
  bool eof = false;
  uint64_t consumed = 0;  // compressed bytes handed to ISA-L and used
  uint64_t member_start = 0;  // where the current member began
  // A member's header is parsed here, not inside isal_inflate: that keeps
  // its header state in a local that each call starts afresh, so a header
  // with a CRC of its own (FHCRC) that two reads cut in two failed its check.
  isal_gzip_header header{};
  // The compressed input. (A member's end leaves nothing of what follows in
  // ISA-L's bit buffer: it reads the 8-byte trailer from it and clears it,
  // so the next member starts at next_in. DumpStreamTest's many-member test
  // would see it otherwise.)
  std::vector<unsigned char> in;
  ~Gzip() {
    if (file != nullptr) std::fclose(file);
  }
  // Reads more input once ISA-L has taken all it was given. False on a
  // read error (errno says which).
  bool Refill() {
    const size_t n = std::fread(in.data(), 1, in.size(), file);
    if (n < in.size()) {
      if (std::ferror(file)) return false;
      eof = true;
    }
    state.next_in = in.data();
    state.avail_in = static_cast<uint32_t>(n);
    return true;
  }
};

// A zip archive whose members are all stored or deflated (nearly every
// zip a dump comes in), read member after member from the central
// directory (collect/zip_directory.cc), with ISA-L's raw inflate: zip
// members are deflate streams, and libarchive inflates them with zlib, at
// half the speed. At each member's end its CRC-32 and size are checked, and
// its deflate stream must have used exactly its compressed bytes.
struct ArchiveStream::Zip {
  int fd = -1;
  std::vector<internal::ZipMember> members;
  size_t next = 0;  // the member to start after this one
  const internal::ZipMember* member = nullptr;  // the one being read; none between two
  inflate_state state{};  // ~50 KiB: Zip lives on the heap
  std::vector<unsigned char> in;  // compressed input, for deflated members
  uint64_t in_offset = 0;  // the next compressed byte to read from the file
  uint64_t in_left = 0;    // the member's compressed bytes not read yet
  uint64_t out = 0;        // the member's bytes produced
  uint32_t crc = 0;        // a stored member's CRC-32 so far (ISA-L keeps a deflated one's)
  ~Zip() {
    if (fd >= 0) ::close(fd);
  }
  // Reads `n` bytes at in_offset into `to`; false on an error or the end.
  bool ReadInput(unsigned char* to, size_t n) {
    if (!internal::ReadFully(fd, in_offset, n, to)) return false;
    in_offset += n;
    in_left -= n;
    return true;
  }
};

// A zstd stream read with libzstd's streaming decoder straight into the
// caller's buffer: libarchive's zstd filter handed its output to its "raw"
// format, which copied it again (docs/BENCHMARKS.md, "Zstd dumps": the scan
// now runs as fast as `zstd -dc` alone). Frames follow one another
// (skippable frames are skipped); each frame's content checksum, when it
// has one, is checked by libzstd; the window a frame may ask for is
// libzstd's default limit (128 MiB). A damaged frame is reported where it
// starts: libzstd takes bytes into its own buffer before it judges them,
// so where it stops depends on how the input was cut into reads.
struct ArchiveStream::Zstd {
  std::FILE* file = nullptr;
  ZSTD_DStream* stream = nullptr;
  std::vector<unsigned char> in;
  ZSTD_inBuffer input{nullptr, 0, 0};
  bool eof = false;
  bool in_frame = false;  // the decoder holds a frame it has not finished
  uint64_t consumed = 0;  // compressed bytes the decoder took
  uint64_t frame_start = 0, frame_out_start = 0;  // where the current frame began, in and out
  ~Zstd() {
    if (stream != nullptr) ZSTD_freeDStream(stream);
    if (file != nullptr) std::fclose(file);
  }
};

ArchiveStream::~ArchiveStream() {
  if (archive_ != nullptr) archive_read_free(archive_);
}

namespace {
std::string IsalError(int rc) {
  switch (rc) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER: return "not a gzip member (bad header)";
    case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM: return "incorrect data check (the member's CRC-32 or length)";
    default: return "inflate error " + std::to_string(rc);
  }
}

// Bytes ISA-L has taken from the input into its bit buffer (it reads up to
// 8 ahead) and not used. While it decodes, the byte it is inside counts:
// an error is reported at the byte that holds the next bit to decode. Once
// the deflate stream is done, what is left of its last byte was padding,
// so only whole bytes count.
uint64_t UnreadBytes(const inflate_state& st) {
  if (st.read_in_length <= 0) return 0;
  const auto bits = static_cast<uint64_t>(st.read_in_length);
  switch (st.block_state) {
    case ISAL_BLOCK_INPUT_DONE:
    case ISAL_BLOCK_FINISH:
    case ISAL_CHECKSUM_CHECK: return bits / 8;
    default: return (bits + 7) / 8;
  }
}

// Bytes ISA-L has decoded into its own buffer (up to 64 KiB ahead of what
// the caller asked for) and not handed out: output before an error too.
uint64_t UndeliveredBytes(const inflate_state& st) {
  return st.tmp_out_valid > st.tmp_out_processed ? static_cast<uint64_t>(st.tmp_out_valid - st.tmp_out_processed)
                                                 : 0;
}

}  // namespace

Result<size_t> ArchiveStream::ReadGzip(char* buf, size_t cap) {
  Gzip& g = *gzip_;
  inflate_state& st = g.state;
  // `produced`: what this call has written before the error. `at_end`:
  // the error is where the input ends (a truncated member), whatever
  // ISA-L has buffered.
  auto broken = [&](const std::string& why, size_t produced = 0, bool at_end = false) {
    const bool data = g.part == Gzip::Part::kData;
    const uint64_t at = data && !at_end ? g.consumed - UnreadBytes(st) : g.consumed;
    const uint64_t out = out_offset_ + produced + (data ? UndeliveredBytes(st) : 0);
    return Status::InvalidInput(path_ + ": broken gzip stream at compressed byte " + std::to_string(at) +
                                ", decompressed byte " + std::to_string(out) + ": " + why);
  };
  auto read_error = [&] { return Status::IoError(path_ + ": read error: " + std::strerror(errno)); };
  if (cap == 0) return size_t{0};
  const uint32_t want = static_cast<uint32_t>(std::min<size_t>(cap, 1u << 30));
  st.next_out = reinterpret_cast<uint8_t*>(buf);
  st.avail_out = want;
  using Part = Gzip::Part;
  while (st.avail_out == want) {  // until something is produced, or the end
    if (st.avail_in == 0 && !g.eof && !g.Refill()) return read_error();
    if (g.part == Part::kBetween || g.part == Part::kPadding) {
      if (st.avail_in == 0) return size_t{0};  // the end
      // Zero padding after the last member (tape-style) ends the file;
      // anything after it is an error, however the reads cut it.
      if (st.next_in[0] == 0 || g.part == Part::kPadding) {
        uint8_t* const end = st.next_in + st.avail_in;
        uint8_t* const data = std::find_if(st.next_in, end, [](uint8_t c) { return c != 0; });
        g.consumed += static_cast<uint64_t>(data - st.next_in);
        st.avail_in = static_cast<uint32_t>(end - data);
        st.next_in = data;
        g.part = Part::kPadding;
        if (st.avail_in == 0) continue;
        return broken("data after the zero padding that ends the stream");
      }
      // A new member: the state is reset, the input and output stay.
      uint8_t* const next_in = st.next_in;
      const uint32_t avail_in = st.avail_in;
      isal_inflate_reset(&st);
      st.crc_flag = ISAL_GZIP;
      st.next_in = next_in;
      st.avail_in = avail_in;
      isal_gzip_header_init(&g.header);
      g.part = Part::kHeader;
      g.member_start = g.consumed;
    }
    const uint32_t in_before = st.avail_in, out_before = st.avail_out;
    if (g.part == Part::kHeader) {
      const int rc = isal_read_gzip_header(&st, &g.header);
      g.consumed += in_before - st.avail_in;
      if (rc < 0) {
        g.consumed = g.member_start;  // reported where the member starts
        return broken(rc == ISAL_INCORRECT_CHECKSUM ? "the member's header fails its CRC" : IsalError(rc));
      }
      if (rc > 0) {  // more input needed
        if (st.avail_in > 0) return broken(IsalError(rc));  // (never seen: a guard against a loop)
        if (g.eof) return broken("truncated gzip input (the stream ends inside a member's header)");
        continue;
      }
      g.part = Part::kData;  // (isal_inflate now starts at the deflate data)
      continue;
    }
    const int rc = isal_inflate(&st);
    g.consumed += in_before - st.avail_in;
    if (rc != ISAL_DECOMP_OK) return broken(IsalError(rc), want - st.avail_out);
    if (st.block_state == ISAL_BLOCK_FINISH) {
      g.part = Part::kBetween;
      continue;
    }
    if (st.avail_in == 0 && g.eof && st.avail_out == out_before) {
      return broken("truncated gzip input (the stream ends inside a member)", 0, true);
    }
  }
  const size_t produced = want - st.avail_out;
  out_offset_ += produced;
  return produced;
}

Result<size_t> ArchiveStream::ReadZip(char* buf, size_t cap) {
  Zip& z = *zip_;
  inflate_state& st = z.state;
  // `produced`: what this call has written before the error. `at_end`:
  // the error is where the member's data ends, whatever ISA-L has buffered.
  auto broken = [&](const std::string& why, size_t produced = 0, bool at_end = false) {
    const bool deflated = z.member->method == internal::ZipMember::kDeflated;
    const uint64_t out = out_offset_ + produced + (deflated ? UndeliveredBytes(st) : 0);
    const uint64_t at = at_end ? z.member->data_offset + z.member->compressed_size : compressed_offset();
    return Status::InvalidInput(path_ + ": broken zip archive at compressed byte " + std::to_string(at) +
                                ", decompressed byte " + std::to_string(out) +
                                ": member " + z.member->name + ": " + why);
  };
  if (cap == 0) return size_t{0};
  while (true) {
    if (z.member == nullptr) {
      if (z.next == z.members.size()) return size_t{0};
      z.member = &z.members[z.next++];
      z.in_offset = z.member->data_offset;
      z.in_left = z.member->compressed_size;
      z.out = 0;
      z.crc = 0;
      isal_inflate_reset(&st);
      st.crc_flag = ISAL_GZIP_NO_HDR;  // raw deflate, and the CRC-32 of what it produces
      st.avail_in = 0;
      if (entries_++ > 0) {  // a newline between two members, as for libarchive's
        buf[0] = '\n';
        ++out_offset_;
        return size_t{1};
      }
    }
    const internal::ZipMember& m = *z.member;
    size_t produced = 0;
    bool finished = false;
    if (m.method == internal::ZipMember::kStored) {
      produced = static_cast<size_t>(std::min<uint64_t>(cap, z.in_left));
      if (!z.ReadInput(reinterpret_cast<unsigned char*>(buf), produced)) {
        return broken("the file ends inside the member (or cannot be read)");
      }
      z.crc = crc32_gzip_refl(z.crc, reinterpret_cast<const unsigned char*>(buf), produced);
      finished = z.in_left == 0;
    } else if (m.compressed_size == 0) {
      finished = true;  // no deflate data at all: an empty member (as libarchive reads it)
    } else {
      const auto want = static_cast<uint32_t>(std::min<size_t>(cap, 1u << 30));
      st.next_out = reinterpret_cast<uint8_t*>(buf);
      st.avail_out = want;
      while (st.avail_out == want && st.block_state != ISAL_BLOCK_FINISH) {
        if (st.avail_in == 0 && z.in_left > 0) {
          const auto n = static_cast<size_t>(std::min<uint64_t>(z.in.size(), z.in_left));
          if (!z.ReadInput(z.in.data(), n)) return broken("the file ends inside the member (or cannot be read)");
          st.next_in = z.in.data();
          st.avail_in = static_cast<uint32_t>(n);
        }
        const uint32_t out_before = st.avail_out;
        const int rc = isal_inflate(&st);
        if (rc != ISAL_DECOMP_OK) return broken(IsalError(rc), want - st.avail_out);
        if (st.block_state != ISAL_BLOCK_FINISH && st.avail_in == 0 && z.in_left == 0 &&
            st.avail_out == out_before) {
          return broken("its compressed data ends inside the deflate stream", want - st.avail_out, true);
        }
      }
      produced = want - st.avail_out;
      finished = st.block_state == ISAL_BLOCK_FINISH;
      // The deflate stream must use the member's compressed bytes, all of
      // them: what ISA-L has not taken, and whole bytes left in its bit buffer.
      const uint64_t unused = z.in_left + st.avail_in + UnreadBytes(st);
      if (finished && unused != 0) {
        return broken(std::to_string(unused) + " bytes of compressed data after its deflate stream", produced);
      }
    }
    z.out += produced;
    out_offset_ += produced;
    if (finished) {
      const uint32_t crc = m.method == internal::ZipMember::kStored ? z.crc : st.crc;
      if (z.out != m.size) {
        return broken(std::to_string(z.out) + " bytes where the directory says " + std::to_string(m.size));
      }
      if (crc != m.crc32) return broken("incorrect data check (its CRC-32)");
      z.member = nullptr;
    }
    if (produced > 0) return produced;
  }
}

Result<size_t> ArchiveStream::ReadZstd(char* buf, size_t cap) {
  Zstd& z = *zstd_;
  auto broken = [&](const std::string& why) {
    return Status::InvalidInput(path_ + ": broken zstd stream in the frame at compressed byte " +
                                std::to_string(z.frame_start) + " (decompressed byte " +
                                std::to_string(z.frame_out_start) + "): " + why);
  };
  ZSTD_outBuffer out{buf, cap, 0};
  while (cap > 0) {
    if (z.input.pos == z.input.size && !z.eof) {
      const size_t n = std::fread(z.in.data(), 1, z.in.size(), z.file);
      if (n < z.in.size()) {
        if (std::ferror(z.file)) return Status::IoError(path_ + ": read error: " + std::strerror(errno));
        z.eof = true;
      }
      z.input = ZSTD_inBuffer{z.in.data(), n, 0};
    }
    const bool no_input = z.input.pos == z.input.size;  // and none to come
    if (no_input && !z.in_frame) break;  // the end
    const size_t before = z.input.pos;
    const size_t rc = ZSTD_decompressStream(z.stream, &out, &z.input);
    z.consumed += z.input.pos - before;
    if (ZSTD_isError(rc)) return broken(ZSTD_getErrorName(rc));
    z.in_frame = rc != 0;  // 0: a frame ended, and all of it is out
    if (!z.in_frame) {  // the next frame starts after what the decoder took
      z.frame_start = z.consumed;
      z.frame_out_start = out_offset_ + out.pos;
    }
    if (out.pos > 0) break;
    if (no_input) {
      if (z.in_frame) return broken("truncated zstd input (the stream ends inside a frame)");
      break;
    }
  }
  out_offset_ += out.pos;
  return out.pos;
}

uint64_t ArchiveStream::compressed_offset() const {
  if (zstd_ != nullptr) return zstd_->consumed;
  if (gzip_ != nullptr) return gzip_->consumed;
  if (zip_ != nullptr) return zip_->in_offset - zip_->state.avail_in - UnreadBytes(zip_->state);
  if (archive_ == nullptr) return 0;
  const la_int64_t n = archive_filter_bytes(archive_, -1);
  return n < 0 ? 0 : static_cast<uint64_t>(n);
}

Result<std::unique_ptr<ArchiveStream>> ArchiveStream::Open(const std::string& path, Compression c,
                                                           size_t read_bytes) {
  std::unique_ptr<ArchiveStream> s(new ArchiveStream());
  s->path_ = path;
  s->compression_ = c;
  if (c == Compression::kGzip) {
    s->gzip_ = std::make_unique<Gzip>();
    s->gzip_->file = std::fopen(path.c_str(), "rb");
    if (s->gzip_->file == nullptr) {
      return Status::IoError(path + ": cannot open: " + std::strerror(errno));
    }
    s->gzip_->in.resize(std::clamp<size_t>(read_bytes, 1, size_t{1} << 30));
    isal_inflate_init(&s->gzip_->state);
    s->gzip_->state.crc_flag = ISAL_GZIP;
    s->gzip_->state.next_in = s->gzip_->in.data();
    s->gzip_->state.avail_in = 0;
    return s;
  }
  if (c == Compression::kZstd) {
    s->zstd_ = std::make_unique<Zstd>();
    s->zstd_->file = std::fopen(path.c_str(), "rb");
    if (s->zstd_->file == nullptr) {
      return Status::IoError(path + ": cannot open: " + std::strerror(errno));
    }
    s->zstd_->stream = ZSTD_createDStream();
    if (s->zstd_->stream == nullptr) return Status::Internal(path + ": cannot allocate a zstd decoder");
    s->zstd_->in.resize(std::clamp<size_t>(read_bytes, 1, size_t{1} << 30));
    return s;
  }
  if (c == Compression::kZip) {
    // A plain zip (members stored or deflated) goes through ISA-L; any
    // other, or one this reader does not recognise, through libarchive.
    auto zip = std::make_unique<Zip>();
    zip->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (zip->fd >= 0 && ::fstat(zip->fd, &st) == 0 && S_ISREG(st.st_mode)) {
      if (auto members = internal::ReadZipDirectory(zip->fd, static_cast<uint64_t>(st.st_size))) {
        zip->members = std::move(*members);
        zip->in.resize(std::clamp<size_t>(read_bytes, 1, size_t{1} << 30));
        isal_inflate_init(&zip->state);
        s->zip_ = std::move(zip);
        return s;
      }
    }
  }
  s->archive_ = archive_read_new();
  if (s->archive_ == nullptr) return Status::Internal(path + ": cannot allocate a libarchive reader");
  archive_read_support_filter_all(s->archive_);
  if (c == Compression::kZip || c == Compression::k7z || c == Compression::kRar) {
    archive_read_support_format_zip(s->archive_);
    archive_read_support_format_7zip(s->archive_);
    archive_read_support_format_rar(s->archive_);
    archive_read_support_format_rar5(s->archive_);
  } else {
    // A single compressed stream: "raw" hands over its decompressed bytes.
    archive_read_support_format_raw(s->archive_);
  }
  if (archive_read_open_filename(s->archive_, path.c_str(), 1 << 20) != ARCHIVE_OK) {
    const char* err = archive_error_string(s->archive_);
    const int errno_value = archive_errno(s->archive_);
    std::string msg = path + ": cannot open " + std::string(ToString(c)) + " stream: " +
                      (err ? err : "unknown error");
    // A missing or unreadable file is an I/O problem; anything else is the data.
    if (errno_value == ENOENT || errno_value == EACCES || errno_value == EISDIR)
      return Status::IoError(msg);
    return Status::InvalidInput(msg);
  }
  return s;
}

Status ArchiveStream::NextEntry(bool* found) {
  *found = false;
  while (true) {
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(archive_, &entry);
    if (rc == ARCHIVE_EOF) return Status::Ok();
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      const char* err = archive_error_string(archive_);
      return Status::InvalidInput(path_ + ": broken " + std::string(ToString(compression_)) +
                                  " archive at compressed byte " + std::to_string(compressed_offset()) +
                                  ": " + (err ? err : "unreadable header"));
    }
    // Raw streams have no file type; archives list directories and links too.
    if (compression_ == Compression::kZip || compression_ == Compression::k7z || compression_ == Compression::kRar) {
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      if (archive_entry_is_encrypted(entry)) {
        return Status::InvalidInput(path_ + ": entry " + archive_entry_pathname(entry) +
                                    " is encrypted; decrypt the archive first");
      }
    }
    *found = true;
    return Status::Ok();
  }
}

Result<size_t> ArchiveStream::Read(char* buf, size_t cap) {
  if (gzip_ != nullptr) return ReadGzip(buf, cap);
  if (zip_ != nullptr) return ReadZip(buf, cap);
  if (zstd_ != nullptr) return ReadZstd(buf, cap);
  while (!done_) {
    if (!in_entry_) {
      bool found = false;
      KENCHI_RETURN_IF_ERROR(NextEntry(&found));
      if (!found) {
        done_ = true;
        break;
      }
      in_entry_ = true;
      separator_pending_ = entries_++ > 0;
    }
    if (separator_pending_ && cap > 0) {
      separator_pending_ = false;
      buf[0] = '\n';
      ++out_offset_;
      return size_t{1};
    }
    const la_ssize_t n = archive_read_data(archive_, buf, cap);
    if (n < 0) {
      const char* err = archive_error_string(archive_);
      return Status::InvalidInput(path_ + ": broken " + std::string(ToString(compression_)) +
                                  " stream at compressed byte " + std::to_string(compressed_offset()) +
                                  ", decompressed byte " + std::to_string(out_offset_) + ": " +
                                  (err ? err : "read error"));
    }
    if (n == 0) {
      in_entry_ = false;
      continue;
    }
    out_offset_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }
  return size_t{0};
}

}  // namespace kenchi::collect
