// The first step of SpecialPurposeV4/V6, inline for the dataset's lookups:
// whether an address's first byte starts any special-purpose block. Most
// addresses stop here.
#pragma once

#include <array>
#include <cstdint>

#include "kenchi/enrich/geo.h"

namespace kenchi::enrich::internal {

// 256 bits, one per first byte.
struct ByteSet {
  std::array<uint64_t, 4> bits{};
  constexpr void Add(unsigned from, unsigned to) {
    for (unsigned n = from; n <= to; ++n) bits[n / 64] |= uint64_t{1} << (n % 64);
  }
  bool Has(unsigned n) const { return (bits[n / 64] >> (n % 64) & 1) != 0; }
};

// The first bytes of the IPv4 blocks below: most addresses are turned
// away by this one test.
constexpr ByteSet V4FirstBytes() {
  ByteSet s;
  for (unsigned n : {0u, 10u, 100u, 127u, 169u, 172u, 192u, 198u, 203u}) s.Add(n, n);
  s.Add(224, 255);
  return s;
}
inline constexpr ByteSet kV4FirstBytes = V4FirstBytes();

constexpr ByteSet V6FirstBytes() {
  ByteSet s;
  // (0x20 is not among them: under it only 2001::/16 holds such blocks,
  // and most of the Internet's addresses are under 2000::/8. 2001 is
  // tested on its own.)
  for (unsigned n : {0x00u, 0x01u, 0x3Fu, 0x5Fu}) s.Add(n, n);
  s.Add(0xFC, 0xFF);
  return s;
}
inline constexpr ByteSet kV6FirstBytes = V6FirstBytes();

inline bool MaybeSpecialPurposeV4(uint32_t ip) { return kV4FirstBytes.Has(ip >> 24); }
inline bool MaybeSpecialPurposeV6(uint64_t hi) {
  return kV6FirstBytes.Has(static_cast<unsigned>(hi >> 56)) || (hi >> 48) == 0x2001;
}

}  // namespace kenchi::enrich::internal
