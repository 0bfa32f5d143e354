// IP address -> country, network (ASN and AS organisation) and hosting
// provider, from maintained public datasets.
//
// The source data are the CSV range tables of the @ip-location-db packages
// (npm registry): `asn` (ASN + AS organisation; RouteViews, RIRs and DB-IP,
// CC-BY-4.0) and `geo-whois-asn-country` (country; CC0, NRO statistics
// CC-BY-4.0). `BuildGeoDataset` merges them, together with the provider
// classification in data/providers.tsv, into one compact binary file
// (".kgeo"); `GeoDatabase` maps that file and answers lookups.
//
// The lookup structure: for each family, the address space is cut into
// contiguous ranges (every address falls in exactly one; gaps are ranges
// with no data) stored as a sorted array of range starts plus a parallel
// array of record ids. A first-level index over the top 16 bits (a /16
// for IPv4) narrows the binary search to one bucket, so a lookup touches a
// handful of cache lines and allocates nothing.
//
// The file carries a checksum and is validated completely when opened: a
// corrupt or truncated file is refused with an error naming it, never
// half-used. `BuildGeoDataset` writes to a temporary file and renames it
// over the old one only once the new one opens cleanly, so a failed update
// leaves the previous dataset in use.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::enrich {

// ---- addresses ---------------------------------------------------------------

// An IPv4 or IPv6 address in host order. IPv4 is kept as 32 bits; IPv6 as
// two 64-bit halves (hi = the first 8 bytes). IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) are parsed as IPv4, since the datasets list them there.
struct IpAddress {
  bool v6 = false;
  uint32_t v4 = 0;
  uint64_t hi = 0;
  uint64_t lo = 0;
};

// Parses a textual address ("192.0.2.1", "2001:db8::1"); surrounding ASCII
// whitespace is ignored. No zone ids, no prefixes. Fails with kInvalidInput
// saying what is wrong.
Result<IpAddress> ParseIpAddress(std::string_view text);
// The canonical text form (RFC 5952 for IPv6).
std::string FormatIpAddress(const IpAddress& ip);

// The special-purpose block an address is in, named with its RFC
// ("private-use (RFC 1918)", "documentation (RFC 5737)"), or empty: the
// blocks of IANA's special-purpose registries that no Internet host can
// be at (globally routed ones such as 6to4 or AS112 are not named), plus
// multicast. The names are static strings.
std::string_view SpecialPurposeV4(uint32_t ip);
std::string_view SpecialPurposeV6(uint64_t hi, uint64_t lo);
inline std::string_view SpecialPurpose(const IpAddress& ip) {
  return ip.v6 ? SpecialPurposeV6(ip.hi, ip.lo) : SpecialPurposeV4(ip.v4);
}

// ---- the dataset -------------------------------------------------------------

// What a dataset is and where it came from; shown by `kenchi geo info` and
// recorded on every enriched row as "<name> <version>".
struct GeoDatasetInfo {
  std::string name;       // "ip-location-db asn+geo-whois-asn-country"
  std::string version;    // the package version, e.g. "2.3.2026061719"
  std::string date;       // YYYY-MM-DD the data was published, when known
  std::string license;    // licence and attribution text
  std::string built_at;   // ISO 8601 UTC time of `kenchi geo update`
  std::string providers;  // provider table used, with its entry count
  std::vector<std::string> sources;  // one line per input table: file, rows
  uint32_t ipv4_ranges = 0;
  uint32_t ipv6_ranges = 0;
  uint32_t records = 0;
  // Whether special-purpose addresses are answered from the tables (built
  // with GeoBuildOptions::keep_special_purpose) instead of as such.
  bool special_purpose_from_tables = false;
  // "<name> <version>": the value stored in enriched_with.
  std::string Label() const { return name + " " + version; }
};

// The answer for one address. The views point into the open GeoDatabase and
// stay valid as long as it does. An address in no range has found = false,
// asn 0 and empty strings. So has a special-purpose address (private-use,
// documentation, loopback...), with `special_purpose` naming its block,
// whatever the tables say: the RIRs' statistics place some of those
// blocks in a country (unless the dataset was built to keep them).
struct GeoHit {
  bool found = false;
  std::string_view special_purpose;  // see SpecialPurpose; empty for other addresses
  std::string_view country;  // ISO 3166 alpha-2, may be empty
  uint32_t asn = 0;
  std::string_view as_org;
  // Provider family from data/providers.tsv ("Amazon", "Sakura Internet"),
  // or the AS organisation when the ASN is not classified.
  std::string_view provider;
  bool provider_known = false;  // true when the provider came from the table
};

class GeoDatabase {
 public:
  // Maps and validates the dataset file. Errors name the file: kNotFound
  // when it does not exist (with a hint to run `kenchi geo update`),
  // kIoError when it is unreadable, corrupt, truncated or of another format.
  static Result<std::unique_ptr<GeoDatabase>> Open(const std::string& path);
  virtual ~GeoDatabase() = default;

  virtual const GeoDatasetInfo& info() const = 0;
  // The hot path: no allocation, no locking; safe from several threads.
  virtual GeoHit LookupV4(uint32_t ip) const = 0;
  virtual GeoHit LookupV6(uint64_t hi, uint64_t lo) const = 0;
  GeoHit Lookup(const IpAddress& ip) const {
    return ip.v6 ? LookupV6(ip.hi, ip.lo) : LookupV4(ip.v4);
  }
  // Parses and looks up; kInvalidInput for a malformed address.
  Result<GeoHit> Lookup(std::string_view text) const;
  // The enrichment record for a hit, labelled with this dataset.
  IpEnrichment ToEnrichment(const GeoHit& hit) const;
};

// Where datasets live unless told otherwise: $KENCHI_GEO, else
// var/geo/ip.kgeo (relative to the working directory).
std::string DefaultGeoDatasetPath();

struct GeoBuildOptions {
  // CSV tables, or directories searched (two levels deep) for the
  // ip-location-db file names: asn-ipv4.csv, asn-ipv6.csv,
  // *country-ipv4.csv, *country-ipv6.csv (the "-num" variants are
  // skipped). A package.json beside a table supplies name, version and
  // licence; the licence files (*LICENSE*) beside it are quoted.
  std::vector<std::string> inputs;
  // Provider classification table (see data/providers.tsv); empty: none.
  std::string providers_path;
  // Overrides for tables without a package.json.
  std::string name;
  std::string version;
  std::string license;
  // Answer for special-purpose addresses from the tables, like any other
  // (a table of one's own private network, a test dataset), instead of
  // as special-purpose.
  bool keep_special_purpose = false;
  // Input limits: a table larger than this, or a line longer than 4 KiB,
  // is refused.
  uint64_t max_file_bytes = uint64_t{1} << 30;
};

// Builds the dataset at `out_path` (parent directories created), replacing
// the old file atomically only when every input parsed and the new file
// opens cleanly. Errors name the input file and line. On success returns
// the new dataset's info.
Result<GeoDatasetInfo> BuildGeoDataset(const GeoBuildOptions& options,
                                       const std::string& out_path);

// ---- provider classification ---------------------------------------------------

struct ProviderEntry {
  uint32_t asn = 0;
  std::string provider;
  std::string note;  // provenance
};

// Parses a providers table (ASN TAB provider TAB provenance; '#' comments).
// Every line needs all three columns and an ASN may appear once; errors
// name the file and line.
Result<std::vector<ProviderEntry>> LoadProviderTable(const std::string& path);

}  // namespace kenchi::enrich
