// The JSON lines file sink: whole lines only, durable before "delivered".
#include "kenchi/alert/file_sink.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "kenchi/alert/alert_json.h"

namespace kenchi::alert {
namespace {

// Closes the descriptor (releasing the flock with it) on every path.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

class JsonLinesFileSink final : public Sink {
 public:
  explicit JsonLinesFileSink(std::string path) : path_(std::move(path)) {}

  std::string Describe() const override { return "file " + path_; }

  std::vector<Status> Deliver(const Organization& org, std::span<const Alert> alerts) override {
    std::string batch;
    for (const Alert& a : alerts) {
      batch += AlertJsonLine(org, a);
      batch += '\n';
    }
    return std::vector<Status>(alerts.size(), Append(batch));
  }

 private:
  Status Fail(std::string_view what, int err) const {
    return Status::IoError(fmt::format("file sink {}: {}: {}", path_, what, std::strerror(err)));
  }

  Status Append(const std::string& batch) const {
    if (batch.empty()) return Status::Ok();
    Fd fd(::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640));
    if (fd.get() < 0) return Fail("cannot open for appending", errno);
    // The lock keeps two kenchi processes from interleaving their batches;
    // readers (a SIEM tailing the file) never lock and never need to.
    if (::flock(fd.get(), LOCK_EX) != 0) return Fail("cannot lock", errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return Fail("cannot stat", errno);
    const off_t start = st.st_size;

    size_t written = 0;
    while (written < batch.size()) {
      const ssize_t n = ::write(fd.get(), batch.data() + written, batch.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int err = n < 0 ? errno : EIO;
        // Take the partial batch back out, so no reader is left with half
        // a line (regular files only: a device cannot be truncated).
        if (written > 0 && S_ISREG(st.st_mode)) (void)::ftruncate(fd.get(), start);
        return Fail("cannot write", err);
      }
      written += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0 && errno != EINVAL) return Fail("cannot fsync", errno);
    return Status::Ok();
  }

  std::string path_;
};

}  // namespace

std::unique_ptr<Sink> MakeJsonLinesFileSink(std::string path) {
  return std::make_unique<JsonLinesFileSink>(std::move(path));
}

}  // namespace kenchi::alert
