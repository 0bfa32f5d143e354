// `kenchi scan`: threads, buffers and line framing around ScanWorker.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "kenchi/collect/dump_stream.h"
#include "kenchi/pipeline/scan.h"
#include "pipeline/line_numbers.h"
#include "pipeline/mapped_range.h"
#include "pipeline/scan_worker.h"

namespace kenchi::pipeline {
namespace {

using internal::ScanWorker;

constexpr size_t kHeadBytes = 64 * 1024;
// Matches waiting for the writer; workers wait when it is full, so memory
// stays bounded even when every line of a dump matches.
constexpr size_t kMaxPendingMatches = 8192;
constexpr size_t kMatchBatch = 256;

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// Binary data is refused as a whole, before any thread starts: a NUL byte
// or many control bytes in the first 64 KiB.
Status CheckText(std::string_view head, const std::string& path) {
  size_t control = 0;
  for (size_t i = 0; i < head.size(); ++i) {
    const auto c = static_cast<unsigned char>(head[i]);
    if (c == 0) {
      return Status::InvalidInput(path + ": NUL byte at byte " + std::to_string(i) +
                                  ": binary data (or UTF-16), not a text dump");
    }
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') ++control;
  }
  if (control * 16 > head.size()) {
    return Status::InvalidInput(path + ": " + std::to_string(control) + " control bytes in the first " +
                                std::to_string(head.size()) + " bytes: binary data, not a text dump");
  }
  return Status::Ok();
}

// The matches of all workers, on their way to the calling thread, in
// batches that come back empty to be filled again.
class FoundQueue {
 public:
  // Called by workers: hands `batch` over and puts a recycled (or new)
  // one in its place. Blocks while the writer is behind.
  void Push(internal::FoundBatch& batch) {
    if (batch.used == 0) return;
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return pending_matches_ < kMaxPendingMatches || stop_; });
    pending_matches_ += batch.used;
    pending_.push_back(std::move(batch));
    if (!free_.empty()) {
      batch = std::move(free_.back());
      free_.pop_back();
    } else {
      batch = internal::FoundBatch{};
    }
    batch.used = 0;
    ready_.notify_one();
  }
  void WorkerDone() {
    std::lock_guard<std::mutex> lock(mu_);
    --workers_;
    ready_.notify_one();
  }
  void SetWorkers(int n) { workers_ = n; }
  // Called by the writer: false when every worker is done and nothing is left.
  bool Pop(std::vector<internal::FoundBatch>& out) {
    std::unique_lock<std::mutex> lock(mu_);
    for (internal::FoundBatch& b : out) free_.push_back(std::move(b));
    out.clear();
    ready_.wait(lock, [&] { return !pending_.empty() || workers_ == 0; });
    if (pending_.empty()) return false;
    out.swap(pending_);
    pending_matches_ = 0;
    room_.notify_all();
    return true;
  }
  void Stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    room_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::vector<internal::FoundBatch> pending_, free_;
  size_t pending_matches_ = 0;
  int workers_ = 0;
  bool stop_ = false;
};

constexpr size_t kReadBytes = 256u << 10;

// Cuts a byte source into blocks of whole lines. `read(buf, cap)` returns
// the bytes read, 0 at the end. Only lines starting before `end` are passed
// on; with `skip_partial` the bytes before the first line start are not
// (they belong to the previous range). A line with no '\n' within a full
// buffer is reported to `too_long` and skipped to its end. Reads are of
// kReadBytes (more only to finish a long line).
template <typename Read, typename OnBlock, typename OnTooLong>
Status FrameLines(Read read, std::vector<char>& buf, uint64_t start, uint64_t end, bool skip_partial,
                  const std::atomic<bool>& stop, OnBlock on_block, OnTooLong too_long) {
  const size_t cap = buf.size();
  uint64_t base = start;  // stream offset of buf[0]
  size_t carry = 0;
  bool skipping = skip_partial;
  bool eof = false;
  while (!eof && !stop.load(std::memory_order_relaxed)) {
    // Lines from `end` on are the next range's, the carried one too (a
    // block that ended just before `end` left it; with ranges of a few
    // buffers, as chunks are, that is common).
    if (!skipping && base >= end) break;
    // Reads of a fraction of L2 at a time: the copy lands in cache and the
    // scan finds it there. The buffer is larger only to hold long lines.
    const size_t want = std::min(cap - carry, std::max(kReadBytes, carry));
    Result<size_t> n = read(buf.data() + carry, want);
    if (!n.ok()) return n.status();
    eof = *n == 0;
    size_t filled = carry + *n;
    size_t from = 0;
    if (skipping) {
      const auto* nl = static_cast<const char*>(std::memchr(buf.data(), '\n', filled));
      if (nl == nullptr) {
        base += filled;
        carry = 0;
        continue;
      }
      from = static_cast<size_t>(nl - buf.data()) + 1;
      skipping = false;
      if (base + from >= end) break;
    }
    std::string_view region(buf.data() + from, filled - from);
    const uint64_t region_base = base + from;
    size_t complete = region.size();
    if (!eof) {
      const void* last = memrchr(region.data(), '\n', region.size());
      complete = last == nullptr ? 0 : static_cast<size_t>(static_cast<const char*>(last) - region.data()) + 1;
    }
    bool finished = false;
    complete = internal::CutAtRangeEnd(region, region_base, complete, end, &finished);
    if (complete > 0) on_block(region.substr(0, complete), region_base);
    if (finished || eof) break;
    const size_t rest = region.size() - complete;
    if (rest == cap) {
      // No '\n' in a full buffer: a line too long to hold. Skip to its end.
      too_long(region_base, region.substr(0, 40));
      skipping = true;
      base = region_base + rest;
      carry = 0;
      continue;
    }
    std::memmove(buf.data(), region.data() + complete, rest);
    carry = rest;
    base = region_base + complete;
  }
  return Status::Ok();
}

struct Shared {
  explicit Shared(const std::string& p) : path(p) {}
  const std::string& path;
  FoundQueue queue;
  std::atomic<bool> stop{false};
  std::mutex mu;
  Status error;
  void Fail(Status s) {
    std::lock_guard<std::mutex> lock(mu);
    if (error.ok()) error = std::move(s);
    stop = true;
    queue.Stop();
  }
};

void Flush(ScanWorker& w, Shared& shared, bool force) {
  if (w.found.used >= kMatchBatch || (force && w.found.used > 0)) shared.queue.Push(w.found);
}

// Where a plain-file worker's blocks go, and its end: matches are flushed
// to the writer as they gather and once more at the end.
struct RangeSink {
  RangeSink(Shared& s, ScanWorker& worker)
      : shared(s),
        w(worker),
        on_block([this](std::string_view block, uint64_t base) {
          w.Block(block, base);
          Flush(w, shared, false);
        }),
        too_long([this](uint64_t offset, std::string_view head) { w.TooLong(offset, head); }) {}
  RangeSink(const RangeSink&) = delete;
  RangeSink& operator=(const RangeSink&) = delete;
  void Finish(const Status& s) const {
    if (!s.ok()) shared.Fail(s);
    Flush(w, shared, true);
    shared.queue.WorkerDone();
  }
  Shared& shared;
  ScanWorker& w;
  const internal::BlockFn on_block;
  const internal::TooLongFn too_long;
};

// Chunks of a plain file, mapped a window at a time (mapped_range.h). The
// workers take chunks of one window in file order from a shared counter,
// so a worker slowed down (a shared machine) takes fewer, rather than the
// other waiting for it at the end; each owns the lines that start in its
// chunks, as with fixed ranges.
void ScanMappedChunks(Shared& shared, ScanWorker& w, internal::MappedRange file,
                      std::atomic<uint64_t>& next_chunk) {
  const uint64_t chunk = file.window;
  const RangeSink sink(shared, w);
  Status s = Status::Ok();
  while (s.ok() && !shared.stop.load(std::memory_order_relaxed)) {
    const uint64_t start = next_chunk.fetch_add(1) * chunk;
    if (start >= file.file_size) break;
    internal::MappedRange range = file;
    range.start = start;
    range.end = std::min(file.file_size, start + chunk);
    s = internal::FrameMappedRange(range, shared.stop, sink.on_block, sink.too_long);
  }
  sink.Finish(s);
}

// Chunks of a plain file, read with pread a fraction of L2 at a time into
// the worker's buffer (FrameLines), taken from a shared counter as
// ScanMappedChunks takes them. The default: the copy costs the kernel
// little, and the scan then finds its bytes in cache. (Through mappings,
// the scan itself takes the cache misses and the page faults: as fast when
// the file's page cache is in large folios, as after a read from disk, but
// 1.5-2 times slower when it is in 4 KiB pages, as after the file was
// written — a dump just downloaded or unpacked. docs/BENCHMARKS.md.)
void ScanReadChunks(Shared& shared, ScanWorker& w, int fd, uint64_t file_size, uint64_t chunk, size_t cap,
                    std::atomic<uint64_t>& next_chunk) {
  const RangeSink sink(shared, w);
  std::vector<char> buf(cap);
  Status s = Status::Ok();
  while (s.ok() && !shared.stop.load(std::memory_order_relaxed)) {
    const uint64_t start = next_chunk.fetch_add(1) * chunk;
    if (start >= file_size) break;
    const uint64_t end = std::min(file_size, start + chunk);
    Result<bool> skip = internal::StartsMidLine(fd, shared.path, start);
    if (!skip.ok()) {
      s = skip.status();
      break;
    }
    uint64_t pos = start;
    auto read = [&](char* out, size_t n) -> Result<size_t> {
      while (true) {
        const ssize_t got = pread(fd, out, n, static_cast<off_t>(pos));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
          return Status::IoError(Errno("cannot read " + shared.path + " at byte " + std::to_string(pos)));
        }
        if (got == 0 && pos < file_size) return internal::FileShrank(shared.path, pos);
        pos += static_cast<uint64_t>(got);
        return static_cast<size_t>(got);
      }
    };
    s = FrameLines(read, buf, start, end, *skip, shared.stop, sink.on_block, sink.too_long);
  }
  sink.Finish(s);
}

// Blocks of whole lines from the decompressing reader to the workers.
class BlockQueue {
 public:
  struct Block {
    std::vector<char> bytes;
    size_t size = 0;
    uint64_t base = 0;
  };
  BlockQueue(size_t count, size_t cap) {
    for (size_t i = 0; i < count; ++i) {
      free_.push_back(std::make_unique<Block>());
      free_.back()->bytes.resize(cap);
    }
  }
  std::unique_ptr<Block> TakeFree(const std::atomic<bool>& stop) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty() || stop; });
    if (free_.empty()) return nullptr;
    auto b = std::move(free_.back());
    free_.pop_back();
    return b;
  }
  void PutFree(std::unique_ptr<Block> b) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(b));
    cv_.notify_all();
  }
  void PutFull(std::unique_ptr<Block> b) {
    std::lock_guard<std::mutex> lock(mu_);
    full_.push_back(std::move(b));
    cv_.notify_all();
  }
  // Null when the reader is done and nothing is left.
  std::unique_ptr<Block> TakeFull() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !full_.empty() || closed_; });
    if (full_.empty()) return nullptr;
    auto b = std::move(full_.front());
    full_.pop_front();
    return b;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  void Wake() {
    std::lock_guard<std::mutex> lock(mu_);
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Block>> free_;
  std::deque<std::unique_ptr<Block>> full_;
  bool closed_ = false;
};

int ThreadCount(const ScanOptions& options) {
  if (options.threads > 0) return options.threads;
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(hc);
}

// Hands matches to `on_found` on the calling thread until every worker is
// done. (Workers count matches themselves; without `on_found` they send
// none, and this only waits.)
void Drain(Shared& shared, const FoundFn& on_found) {
  std::vector<internal::FoundBatch> batches;
  while (shared.queue.Pop(batches)) {
    for (internal::FoundBatch& batch : batches) {
      for (size_t i = 0; i < batch.used && !shared.stop; ++i) {
        Status s = on_found(batch.items[i]);
        if (!s.ok()) shared.Fail(s);
      }
    }
  }
}

}  // namespace

std::string_view ToString(FoundKind kind) {
  switch (kind) {
    case FoundKind::kEmail: return "email";
    case FoundKind::kUrl: return "url";
    case FoundKind::kCard: return "card";
  }
  return "email";
}

Result<ScanStats> ScanDump(const std::string& path, const match::Matcher& matcher,
                           const ScanOptions& options, const FoundFn& on_found) {
  const auto started = std::chrono::steady_clock::now();
  ScanStats stats;
  stats.path = path;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(Errno("cannot open " + path));
  struct FdCloser {
    int fd;
    ~FdCloser() { close(fd); }
  } closer{fd};
  struct stat st {};
  if (fstat(fd, &st) != 0) return Status::IoError(Errno("cannot stat " + path));
  if (S_ISDIR(st.st_mode)) return Status::InvalidInput(path + ": is a directory, not a dump");
  stats.file_bytes = static_cast<uint64_t>(st.st_size);
  if (st.st_size == 0) return Status::InvalidInput(path + ": empty file");

  std::string magic(8, '\0');
  const ssize_t m = pread(fd, magic.data(), magic.size(), 0);
  if (m < 0) return Status::IoError(Errno("cannot read " + path));
  magic.resize(static_cast<size_t>(m));
  const collect::Compression compression = collect::SniffCompression(magic);
  stats.compression = std::string(collect::ToString(compression));

  const size_t cap = std::max(options.buffer_bytes, options.max_line_bytes + 1);
  const int threads = ThreadCount(options);
  const bool keep = static_cast<bool>(on_found);
  std::vector<std::unique_ptr<ScanWorker>> workers;
  parse::DumpLayout layout;

  if (compression == collect::Compression::kNone) {
    std::string head(static_cast<size_t>(std::min<uint64_t>(kHeadBytes, stats.file_bytes)), '\0');
    if (pread(fd, head.data(), head.size(), 0) != static_cast<ssize_t>(head.size()))
      return Status::IoError(Errno("cannot read " + path));
    KENCHI_RETURN_IF_ERROR(CheckText(head, path));
    layout = parse::SniffDumpLayout(head);
    // Small files are not worth a thread each.
    const uint64_t min_range = std::max<uint64_t>(cap, 1 << 20);
    const int n = static_cast<int>(std::clamp<uint64_t>(stats.file_bytes / min_range, 1, threads));
    Shared shared(path);
    shared.queue.SetWorkers(n);
    std::vector<std::thread> pool;
    const bool mapped = options.map_files && internal::CanMap(fd);
    internal::MappedRange file;
    file.fd = fd;
    file.path = path;
    file.file_size = stats.file_bytes;
    // Chunks and windows of eight buffers (32 MiB by default); blocks of a
    // buffer each, as the pread path hands them over.
    const uint64_t chunk = uint64_t{cap} * 8;
    file.window = chunk;
    file.block = cap;
    std::atomic<uint64_t> next_chunk{0};
    for (int i = 0; i < n; ++i) {
      workers.push_back(std::make_unique<ScanWorker>(matcher, layout, options, keep));
      if (mapped) {
        pool.emplace_back(ScanMappedChunks, std::ref(shared), std::ref(*workers.back()), file, std::ref(next_chunk));
      } else {
        pool.emplace_back(ScanReadChunks, std::ref(shared), std::ref(*workers.back()), fd, stats.file_bytes, chunk, cap,
                          std::ref(next_chunk));
      }
    }
    Drain(shared, on_found);
    for (std::thread& t : pool) t.join();
    if (!shared.error.ok()) return shared.error;
    stats.bytes = stats.file_bytes;
  } else {
    Result<std::unique_ptr<collect::ArchiveStream>> opened = collect::ArchiveStream::Open(path, compression);
    if (!opened.ok()) return opened.status();
    collect::ArchiveStream& stream = **opened;
    // The head is read first, checked and sniffed, then served again as the
    // start of the stream.
    std::string head(kHeadBytes, '\0');
    size_t head_size = 0;
    while (head_size < head.size()) {
      Result<size_t> n = stream.Read(head.data() + head_size, head.size() - head_size);
      if (!n.ok()) return n.status();
      if (*n == 0) break;
      head_size += *n;
    }
    head.resize(head_size);
    if (head.empty()) return Status::InvalidInput(path + ": the " + stats.compression + " stream holds no data");
    KENCHI_RETURN_IF_ERROR(CheckText(head, path));
    layout = parse::SniffDumpLayout(head);

    Shared shared(path);
    shared.queue.SetWorkers(threads);
    BlockQueue blocks(static_cast<size_t>(threads) * 2 + 2, cap);
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
      workers.push_back(std::make_unique<ScanWorker>(matcher, layout, options, keep));
      pool.emplace_back([&shared, &blocks, &w = *workers.back()] {
        while (auto b = blocks.TakeFull()) {
          if (!shared.stop) w.Block(std::string_view(b->bytes.data(), b->size), b->base);
          blocks.PutFree(std::move(b));
          Flush(w, shared, false);
        }
        Flush(w, shared, true);
        shared.queue.WorkerDone();
      });
    }
    ScanWorker& reader_tally =
        *workers.emplace_back(std::make_unique<ScanWorker>(matcher, layout, options, keep));
    std::thread reader([&] {
      size_t head_pos = 0;
      auto read = [&](char* out, size_t n) -> Result<size_t> {
        if (head_pos < head.size()) {
          const size_t k = std::min(n, head.size() - head_pos);
          std::memcpy(out, head.data() + head_pos, k);
          head_pos += k;
          return k;
        }
        return stream.Read(out, n);
      };
      std::vector<char> buf(cap);
      Status s = FrameLines(
          read, buf, 0, UINT64_MAX, false, shared.stop,
          [&](std::string_view block, uint64_t base) {
            auto b = blocks.TakeFree(shared.stop);
            if (!b) return;
            std::memcpy(b->bytes.data(), block.data(), block.size());
            b->size = block.size();
            b->base = base;
            blocks.PutFull(std::move(b));
          },
          // Lines too long to frame are seen by the reader only: it keeps
          // their tally in a worker of its own, merged with the others.
          [&](uint64_t offset, std::string_view h) { reader_tally.TooLong(offset, h); });
      if (!s.ok()) shared.Fail(s);
      blocks.Close();
    });
    Drain(shared, on_found);
    reader.join();
    blocks.Wake();
    for (std::thread& t : pool) t.join();
    if (!shared.error.ok()) return shared.error;
    stats.bytes = stream.decompressed_offset();
  }

  internal::Counters total;
  // Counted by entry index, named once here: a map keyed by strings would
  // cost more per match than everything else.
  std::vector<uint64_t> per_entry(matcher.size());
  for (const auto& w : workers) {
    total.Add(w->counters);
    for (size_t i = 0; i < per_entry.size(); ++i) per_entry[i] += w->per_entry[i];
    for (BadLineSample& s : w->samples) stats.bad_samples.push_back(std::move(s));
  }
  std::sort(stats.bad_samples.begin(), stats.bad_samples.end(),
            [](const BadLineSample& a, const BadLineSample& b) { return a.offset < b.offset; });
  if (stats.bad_samples.size() > options.max_bad_samples) stats.bad_samples.resize(options.max_bad_samples);
  if (compression == collect::Compression::kNone) {
    internal::NumberLines(fd, stats.bad_samples, options.map_files && internal::CanMap(fd));
  }
  // Sorted first and inserted at the end: with 100k watched values a map
  // insert each (a search of string compares) took a twentieth of a scan.
  // Sorted by each value's first eight bytes as a number first, which
  // orders as the bytes do and decides most comparisons: comparing strings
  // alone took about 50 ms with 100k values.
  struct Count {
    uint64_t head;  // the first eight bytes, big-endian, zero-padded
    std::string_view value;
    uint64_t n;
  };
  std::vector<Count> counts;
  for (size_t i = 0; i < per_entry.size(); ++i) {
    if (per_entry[i] == 0) continue;
    const std::string_view value = matcher.entry(static_cast<match::EntryIndex>(i)).value;
    uint64_t head = 0;
    for (size_t k = 0; k < 8; ++k) {
      head = head << 8 | (k < value.size() ? static_cast<unsigned char>(value[k]) : 0u);
    }
    counts.push_back({head, value, per_entry[i]});
  }
  std::sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
    return a.head != b.head ? a.head < b.head : a.value < b.value;
  });
  // A value watched twice (an email domain also watched as a domain) comes
  // twice in a row and adds up. The end is only a hint: were the order
  // wrong, the counts would still be right, only slower to insert.
  auto& by_watch = stats.matches_by_watch;
  auto last = by_watch.end();
  for (const Count& c : counts) {
    if (last == by_watch.end() || last->first != c.value) last = by_watch.try_emplace(by_watch.end(), std::string(c.value), 0);
    last->second += c.n;
  }
  stats.format = std::string(parse::ToString(layout.format));
  stats.lines = total.lines;
  stats.records = total.records;
  stats.matched = total.matched;
  stats.bad_lines = total.bad;
  stats.invalid_utf8_lines = total.invalid_utf8;
  stats.skipped_lines = total.skipped;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace kenchi::pipeline
