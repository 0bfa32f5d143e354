// Compression sniffing and libarchive-backed decompression of dumps.
#include "kenchi/collect/dump_stream.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

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
  if (starts("PK\x03\x04"sv) || starts("PK\x05\x06"sv)) return Compression::kZip;
  if (starts("7z\xbc\xaf\x27\x1c"sv)) return Compression::k7z;
  return Compression::kNone;
}

// zlib's inflate over a FILE*, member after member (`cat a.gz b.gz` is one
// valid gzip file). inflate checks each member's CRC-32 and length.
struct ArchiveStream::Gzip {
  std::FILE* file = nullptr;
  z_stream z{};
  bool z_ready = false;
  bool member_open = false;  // inside a member: its end has not been seen
  bool eof = false;
  uint64_t consumed = 0;  // compressed bytes handed to zlib and used
  std::vector<unsigned char> in = std::vector<unsigned char>(1 << 20);
  ~Gzip() {
    if (z_ready) inflateEnd(&z);
    if (file != nullptr) std::fclose(file);
  }
};

ArchiveStream::~ArchiveStream() {
  if (archive_ != nullptr) archive_read_free(archive_);
}

Result<size_t> ArchiveStream::ReadGzip(char* buf, size_t cap) {
  Gzip& g = *gzip_;
  auto broken = [&](const std::string& why) {
    return Status::InvalidInput(path_ + ": broken gzip stream at compressed byte " +
                                std::to_string(g.consumed) + ", decompressed byte " +
                                std::to_string(out_offset_) + ": " + why);
  };
  if (cap == 0) return size_t{0};
  const uInt want = static_cast<uInt>(std::min<size_t>(cap, 1u << 30));
  g.z.next_out = reinterpret_cast<Bytef*>(buf);
  g.z.avail_out = want;
  while (g.z.avail_out == want) {  // until something is produced, or the end
    if (g.z.avail_in == 0 && !g.eof) {
      const size_t n = std::fread(g.in.data(), 1, g.in.size(), g.file);
      if (n < g.in.size()) {
        if (std::ferror(g.file)) return Status::IoError(path_ + ": read error: " + std::strerror(errno));
        g.eof = true;
      }
      g.z.next_in = g.in.data();
      g.z.avail_in = static_cast<uInt>(n);
    }
    if (g.z.avail_in == 0) {
      if (g.member_open) return broken("truncated gzip input (the stream ends inside a member)");
      return size_t{0};
    }
    if (!g.member_open) {
      // Zero padding after the last member (tape-style) ends the file.
      if (g.z.next_in[0] == 0) {
        const Bytef* end = g.z.next_in + g.z.avail_in;
        if (std::all_of(static_cast<const Bytef*>(g.z.next_in), end, [](Bytef c) { return c == 0; })) {
          g.consumed += g.z.avail_in;
          g.z.avail_in = 0;
          continue;
        }
      }
      if (inflateReset(&g.z) != Z_OK) return Status::Internal(path_ + ": zlib reset failed");
      g.member_open = true;
    }
    const uInt before = g.z.avail_in;
    const int rc = inflate(&g.z, Z_NO_FLUSH);
    g.consumed += before - g.z.avail_in;
    if (rc == Z_STREAM_END) {
      g.member_open = false;
    } else if (rc == Z_DATA_ERROR) {
      return broken(g.z.msg != nullptr ? g.z.msg : "data error");
    } else if (rc == Z_MEM_ERROR) {
      return Status::Internal(path_ + ": zlib is out of memory");
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return broken(g.z.msg != nullptr ? g.z.msg : "inflate error " + std::to_string(rc));
    }
  }
  const size_t produced = want - g.z.avail_out;
  out_offset_ += produced;
  return produced;
}

uint64_t ArchiveStream::compressed_offset() const {
  if (gzip_ != nullptr) return gzip_->consumed;
  if (archive_ == nullptr) return 0;
  const la_int64_t n = archive_filter_bytes(archive_, -1);
  return n < 0 ? 0 : static_cast<uint64_t>(n);
}

Result<std::unique_ptr<ArchiveStream>> ArchiveStream::Open(const std::string& path, Compression c) {
  std::unique_ptr<ArchiveStream> s(new ArchiveStream());
  s->path_ = path;
  s->compression_ = c;
  if (c == Compression::kGzip) {
    s->gzip_ = std::make_unique<Gzip>();
    s->gzip_->file = std::fopen(path.c_str(), "rb");
    if (s->gzip_->file == nullptr) {
      return Status::IoError(path + ": cannot open: " + std::strerror(errno));
    }
    // 16 + 15: a gzip wrapper (not zlib), the largest window.
    if (inflateInit2(&s->gzip_->z, 16 + MAX_WBITS) != Z_OK) {
      return Status::Internal(path + ": cannot initialise zlib");
    }
    s->gzip_->z_ready = true;
    return s;
  }
  s->archive_ = archive_read_new();
  if (s->archive_ == nullptr) return Status::Internal(path + ": cannot allocate a libarchive reader");
  archive_read_support_filter_all(s->archive_);
  if (c == Compression::kZip || c == Compression::k7z) {
    archive_read_support_format_zip(s->archive_);
    archive_read_support_format_7zip(s->archive_);
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
    if (compression_ == Compression::kZip || compression_ == Compression::k7z) {
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
