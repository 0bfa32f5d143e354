// What a valid watchlist value of each kind looks like, in its canonical form.
//
// Every way an asset enters the store (`kenchi watch add`, a YAML import)
// goes through CanonicalAssetValue, so the store only holds values the
// matcher understands and two spellings of one value are one asset:
// domains lowercase, internationalised domains as A-labels (IDNA2008 via
// libidn2), addresses and CIDR ranges as inet_ntop prints them, ASNs as
// "AS64500", BINs as 6-8 digits.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::match {

// The canonical form of `value` as an asset of `kind`, or kInvalidInput
// saying what was expected ("expected a CIDR range such as 198.51.100.0/24").
Result<std::string> CanonicalAssetValue(AssetKind kind, std::string_view value);

// A domain as the matcher compares it: trimmed, lowercase, no trailing dot,
// A-label form for internationalised names. nullopt when it is not a
// syntactically valid host name.
std::optional<std::string> CanonicalDomain(std::string_view domain);

// kInvalidInput when `domain` (canonical, lowercase) is a public suffix such
// as co.jp or github.io: watching it would match every organisation
// registered under it. Uses Debian's Public Suffix List
// (kenchi/enrich/domain.h); Ok when the list is not installed.
Status CheckNotPublicSuffix(std::string_view domain);

// An IPv4 or IPv6 address as 16 bytes; IPv4 is stored IPv4-mapped
// (::ffff:a.b.c.d) so that one sorted table serves both families.
using IpBytes = std::array<uint8_t, 16>;
std::optional<IpBytes> ParseIp(std::string_view text);

// An inclusive address range; a CIDR "198.51.100.0/24" or a single address.
struct IpRange {
  IpBytes first{};
  IpBytes last{};
};
// Parses "addr/len" or a bare address. With `strict`, host bits below the
// prefix must be zero (a watchlist typo such as 198.51.100.7/24 is reported
// rather than silently widened).
Result<IpRange> ParseIpRange(std::string_view text, bool strict);

// "AS64500", "as64500" or "64500" -> 64500; nullopt when not an AS number.
std::optional<int64_t> ParseAsn(std::string_view text);

}  // namespace kenchi::match
