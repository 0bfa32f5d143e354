// Line framing over read-only mappings (see mapped_range.h).
#include "pipeline/mapped_range.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>

namespace kenchi::pipeline::internal {
namespace {

void OnSigbus(int) {
  static const char kMessage[] =
      "kenchi: a file being scanned shrank while it was read (SIGBUS); nothing of this scan was stored\n";
  // Only async-signal-safe calls here.
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
  _exit(3);
}

void InstallSigbusHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = OnSigbus;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, nullptr);
  });
}

size_t PageSize() {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

// One window of the file, unmapped when it goes out of scope.
class Window {
 public:
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window() {
    if (base_ != nullptr) munmap(base_, length_);
  }
  // Maps the bytes from `pos` on, at most `want` of them (fewer at the end
  // of the file).
  static Result<std::unique_ptr<Window>> Map(const MappedRange& r, uint64_t pos, size_t want) {
    const uint64_t offset = pos / PageSize() * PageSize();
    const auto length = static_cast<size_t>(std::min<uint64_t>(r.file_size - offset, want + (pos - offset)));
    // Not MAP_POPULATE: filling the page table up front goes page by page
    // (15-20 % slower on one core here), where a fault maps the cached
    // pages around it in one go; an uncached file is read ahead as the
    // faults walk it. (MADV_WILLNEED on each window measured a little
    // slower on a cached file.)
    void* base = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, r.fd, static_cast<off_t>(offset));
    if (base == MAP_FAILED) {
      return Status::IoError("cannot map " + r.path + " at byte " + std::to_string(offset) + ": " +
                             std::strerror(errno));
    }
    auto w = std::unique_ptr<Window>(new Window(base, length));
    w->data_ = std::string_view(static_cast<const char*>(base) + (pos - offset), length - (pos - offset));
    w->at_end_ = offset + length == r.file_size;
    return w;
  }
  std::string_view data() const { return data_; }
  bool at_end() const { return at_end_; }

 private:
  Window(void* base, size_t length) : base_(base), length_(length) {}
  void* base_;
  size_t length_;
  std::string_view data_;
  bool at_end_ = false;
};

}  // namespace

Result<bool> StartsMidLine(int fd, const std::string& path, uint64_t start) {
  if (start == 0) return false;
  char prev = 0;
  const ssize_t got = pread(fd, &prev, 1, static_cast<off_t>(start - 1));
  if (got == 0) return FileShrank(path, start - 1);  // chunks are cut from the size it had
  if (got != 1) return Status::IoError("cannot read " + path + ": " + std::strerror(errno));
  return prev != '\n';
}

Status FileShrank(const std::string& path, uint64_t gone) {
  return Status::IoError(path + " shrank while it was read (byte " + std::to_string(gone) +
                         " is gone); nothing of this scan was stored");
}

size_t CutAtRangeEnd(std::string_view region, uint64_t base, size_t complete, uint64_t end, bool* finished) {
  *finished = false;
  if (base + complete <= end) return complete;
  *finished = true;
  const auto cut = static_cast<size_t>(end - base);
  const auto* nl = static_cast<const char*>(std::memchr(region.data() + cut - 1, '\n', complete - (cut - 1)));
  return nl == nullptr ? complete : static_cast<size_t>(nl - region.data()) + 1;
}

bool CanMap(int fd) {
  void* p = mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return false;
  munmap(p, PageSize());
  return true;
}

Status FrameMappedRange(const MappedRange& r, const std::atomic<bool>& stop, const BlockFn& on_block,
                        const TooLongFn& too_long) {
  InstallSigbusHandler();
  const size_t window = std::max(r.window / PageSize() * PageSize(), PageSize());
  uint64_t pos = r.start;
  // A range that does not start a line skips to the next.
  Result<bool> mid_line = StartsMidLine(r.fd, r.path, pos);
  if (!mid_line.ok()) return mid_line.status();
  bool skipping = *mid_line;
  while (!stop.load(std::memory_order_relaxed) && pos < r.file_size) {
    if (!skipping && pos >= r.end) break;
    Result<std::unique_ptr<Window>> mapped = Window::Map(r, pos, window);
    if (!mapped.ok()) return mapped.status();
    std::string_view region = (*mapped)->data();
    const bool eof = (*mapped)->at_end();
    if (skipping) {
      const auto* nl = static_cast<const char*>(std::memchr(region.data(), '\n', region.size()));
      if (nl == nullptr) {
        pos += region.size();
        continue;
      }
      const auto from = static_cast<size_t>(nl - region.data()) + 1;
      pos += from;
      region.remove_prefix(from);
      skipping = false;
      if (pos >= r.end) break;
    }
    size_t complete = region.size();
    if (!eof) {
      const void* last = memrchr(region.data(), '\n', region.size());
      complete = last == nullptr ? 0 : static_cast<size_t>(static_cast<const char*>(last) - region.data()) + 1;
    }
    bool finished = false;
    complete = CutAtRangeEnd(region, pos, complete, r.end, &finished);
    if (complete == 0) {
      // No '\n' in a whole window: a line too long to hold. Skip to its end.
      too_long(pos, region.substr(0, 40));
      skipping = true;
      pos += region.size();
      continue;
    }
    // Blocks of about r.block bytes, cut after a '\n'.
    for (size_t done = 0; done < complete && !stop.load(std::memory_order_relaxed);) {
      size_t take = std::min(r.block, complete - done);
      if (done + take < complete) {
        const void* last = memrchr(region.data() + done, '\n', take);
        if (last != nullptr) {
          take = static_cast<size_t>(static_cast<const char*>(last) - (region.data() + done)) + 1;
        } else {
          // A line longer than a block (not than a window): to its end.
          const auto* nl = static_cast<const char*>(
              std::memchr(region.data() + done + take, '\n', complete - done - take));
          take = nl == nullptr ? complete - done : static_cast<size_t>(nl - (region.data() + done)) + 1;
        }
      }
      on_block(region.substr(done, take), pos + done);
      done += take;
    }
    if (finished || eof) break;
    pos += complete;
  }
  return Status::Ok();
}

}  // namespace kenchi::pipeline::internal
