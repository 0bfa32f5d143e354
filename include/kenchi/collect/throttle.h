// A per-host delay between requests, so that polling many feeds and
// following their entries never hammers one server.
//
// Wait(host, delay) returns once at least `delay` has passed since the
// previous request to the same host was let through (the first request to a
// host goes at once), and records the new request. Hosts are compared as
// given (SplitUrl lowercases them). The clock and the sleep are injectable so
// the arithmetic can be tested without waiting.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kenchi::collect {

class HostThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  using NowFn = std::function<Clock::time_point()>;
  using SleepFn = std::function<void(Clock::duration)>;

  HostThrottle();  // the real steady clock and std::this_thread::sleep_for
  HostThrottle(NowFn now, SleepFn sleep);

  void Wait(std::string_view host, std::chrono::milliseconds delay);

 private:
  NowFn now_;
  SleepFn sleep_;
  std::unordered_map<std::string, Clock::time_point> last_;
};

}  // namespace kenchi::collect
