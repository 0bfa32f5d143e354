// Special-purpose address blocks (IANA's IPv4 and IPv6 Special-Purpose
// Address Registries, RFC 6890 and later) that no server on the Internet
// can be found at: private-use, documentation, loopback, link-local and
// the like. The public datasets give some of them a country all the same
// (the RIRs' statistics cover whole allocations: 198.51.100.0/24 and
// 203.0.113.0/24 come out as AU), which would put every documentation
// address of a report in Australia. Blocks that are special but globally
// routed (AS112, AMT, 6to4, Teredo, NAT64's well-known prefix, the PCP
// and TURN anycast addresses) are left out: a real host can sit there.
//
// Written out by the first byte rather than as a table of blocks walked
// in a loop: this runs before every dataset lookup, and a loop over the
// blocks made IPv6 lookups three times slower (bench/geo_lookup_bench).
#include "enrich/special_purpose.h"

namespace kenchi::enrich {
namespace {

constexpr std::string_view kDocumentationV4 = "documentation (RFC 5737)";
constexpr std::string_view kPrivateUse = "private-use (RFC 1918)";

// 2001::/23, IETF protocol assignments: not globally reachable, but for
// the blocks inside it that are (or, for Teredo, may hold real hosts).
std::string_view IetfProtocolAssignment(uint64_t hi, uint64_t lo) {
  const uint64_t first32 = hi >> 32;
  if (first32 == 0x2001'0000ULL) return {};                                    // 2001::/32 Teredo
  if (first32 == 0x2001'0001ULL && (hi & 0xFFFF'FFFFULL) == 0 && lo >= 1 && lo <= 3) return {};  // anycast
  if (first32 == 0x2001'0003ULL) return {};                                    // 2001:3::/32 AMT
  if (hi >> 16 == 0x2001'0004'0112ULL) return {};                              // 2001:4:112::/48 AS112
  if (hi >> 36 == 0x200'1002ULL || hi >> 36 == 0x200'1003ULL) return {};       // 2001:20::/28, 2001:30::/28
  if (hi >> 16 == 0x2001'0002'0000ULL) return "benchmarking (RFC 5180)";      // 2001:2::/48
  if (hi >> 36 == 0x200'1001ULL) return "deprecated ORCHID (RFC 4843)";       // 2001:10::/28
  return "IETF protocol assignments (RFC 2928)";
}

}  // namespace

std::string_view SpecialPurposeV4(uint32_t ip) {
  const unsigned a = ip >> 24, b = ip >> 16 & 0xFF, c = ip >> 8 & 0xFF;
  if (!internal::MaybeSpecialPurposeV4(ip)) return {};
  switch (a) {
    case 0: return "this network (RFC 791)";
    case 10: return kPrivateUse;
    case 100: return b >= 64 && b < 128 ? "shared address space (RFC 6598)" : "";
    case 127: return "loopback (RFC 1122)";
    case 169: return b == 254 ? "link-local (RFC 3927)" : "";
    case 172: return b >= 16 && b < 32 ? kPrivateUse : "";
    case 192:
      if (b == 168) return kPrivateUse;
      // 192.0.0.9 and .10 (PCP and TURN anycast) are globally reachable.
      if (b == 0 && c == 0) return (ip & 0xFF) == 9 || (ip & 0xFF) == 10 ? "" : "IETF protocol assignments (RFC 6890)";
      if (b == 0 && c == 2) return kDocumentationV4;
      if (b == 88 && c == 99) return "deprecated 6to4 relay anycast (RFC 7526)";
      return {};
    case 198:
      if (b == 18 || b == 19) return "benchmarking (RFC 2544)";
      return b == 51 && c == 100 ? kDocumentationV4 : "";
    case 203: return b == 0 && c == 113 ? kDocumentationV4 : "";
    default:
      // 240.0.0.0/4 holds 255.255.255.255 (limited broadcast) too.
      return a < 240 ? "multicast (RFC 5771)" : "reserved (RFC 1112)";
  }
}

std::string_view SpecialPurposeV6(uint64_t hi, uint64_t lo) {
  if (!internal::MaybeSpecialPurposeV6(hi)) return {};
  if (hi == 0 && lo == 0) return "unspecified (RFC 4291)";
  if (hi == 0 && lo == 1) return "loopback (RFC 4291)";
  if (hi >> 16 == 0x0064'FF9B'0001ULL) return "local-use IPv4/IPv6 translation (RFC 8215)";  // 64:ff9b:1::/48
  if (hi == 0x0100'0000'0000'0000ULL) return "discard-only (RFC 6666)";       // 100::/64
  if (hi == 0x0100'0000'0000'0001ULL) return "dummy prefix (RFC 9780)";       // 100:0:0:1::/64
  if (hi >> 41 == 0x2001'0000'0000'0000ULL >> 41) return IetfProtocolAssignment(hi, lo);  // 2001::/23
  if (hi >> 32 == 0x2001'0DB8ULL) return "documentation (RFC 3849)";          // 2001:db8::/32
  if (hi >> 44 == 0x3'FFF0ULL) return "documentation (RFC 9637)";             // 3fff::/20
  if (hi >> 48 == 0x5F00ULL) return "SRv6 SIDs (RFC 9602)";                  // 5f00::/16
  if (hi >> 57 == 0xFC >> 1) return "unique-local (RFC 4193)";               // fc00::/7
  if (hi >> 54 == 0xFE80 >> 6) return "link-local (RFC 4291)";               // fe80::/10
  if (hi >> 56 == 0xFF) return "multicast (RFC 4291)";                       // ff00::/8
  return {};
}

}  // namespace kenchi::enrich
