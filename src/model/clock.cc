#include "kenchi/clock.h"

namespace kenchi {

std::string IsoUtc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string NowIsoUtc() { return IsoUtc(std::time(nullptr)); }

}  // namespace kenchi
