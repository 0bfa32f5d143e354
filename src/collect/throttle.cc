#include "kenchi/collect/throttle.h"

#include <thread>

namespace kenchi::collect {

HostThrottle::HostThrottle()
    : HostThrottle([] { return Clock::now(); },
                   [](Clock::duration d) { std::this_thread::sleep_for(d); }) {}

HostThrottle::HostThrottle(NowFn now, SleepFn sleep) : now_(std::move(now)), sleep_(std::move(sleep)) {}

void HostThrottle::Wait(std::string_view host, std::chrono::milliseconds delay) {
  auto it = last_.find(std::string(host));
  Clock::time_point now = now_();
  if (it != last_.end() && delay.count() > 0) {
    const Clock::time_point ready = it->second + delay;
    if (now < ready) {
      sleep_(ready - now);
      now = now_();
    }
  }
  last_[std::string(host)] = now;
}

}  // namespace kenchi::collect
