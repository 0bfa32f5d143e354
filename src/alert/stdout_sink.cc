#include "kenchi/alert/stdout_sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "kenchi/alert/alert_json.h"

namespace kenchi::alert {
namespace {

class StdoutSink final : public Sink {
 public:
  explicit StdoutSink(int fd) : fd_(fd) {}

  std::string Describe() const override { return "stdout"; }

  std::vector<Status> Deliver(const Organization& org, std::span<const Alert> alerts) override {
    // Written with write(2), not stdio: nothing is left in a buffer when
    // Deliver says "delivered".
    std::string batch;
    for (const Alert& a : alerts) {
      batch += AlertJsonLine(org, a);
      batch += '\n';
    }
    Status status;
    size_t done = 0;
    while (done < batch.size()) {
      const ssize_t n = ::write(fd_, batch.data() + done, batch.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        status = Status::IoError(fmt::format("stdout sink: cannot write: {}",
                                             std::strerror(n < 0 ? errno : EIO)));
        break;
      }
      done += static_cast<size_t>(n);
    }
    return std::vector<Status>(alerts.size(), status);
  }

 private:
  int fd_;
};

}  // namespace

std::unique_ptr<Sink> MakeStdoutSink(int fd) { return std::make_unique<StdoutSink>(fd); }

}  // namespace kenchi::alert
