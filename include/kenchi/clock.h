// Timestamps as kenchi stores and prints them: ISO 8601 in UTC, to the
// second ("2024-06-01T12:34:56Z"), so they sort as text.
#pragma once

#include <ctime>
#include <string>

namespace kenchi {

std::string IsoUtc(std::time_t t);
std::string NowIsoUtc();

}  // namespace kenchi
