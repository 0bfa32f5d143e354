// The enrichment stage and the statistics built on it.
//
// `EnrichStored` gives every stored fact that carries an IP address
// (compromised hosts; ipv4/ipv6 indicators) the country, ASN, AS
// organisation and provider from the current IP dataset, and records which
// dataset version said so. Rows already enriched with the same version are
// skipped, so running it after every ingest is cheap; a new dataset
// re-enriches everything.
//
// `ComputeHostStats` counts compromised hosts by provider and by country
// with their shares: the "a quarter of the hacked servers run on Amazon"
// figure. A host is a distinct IP address: one server listed with three
// accounts counts once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kenchi/enrich/geo.h"
#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::enrich {

struct EnrichOptions {
  bool all = false;  // re-enrich rows already enriched with this dataset version
};

struct EnrichReport {
  std::string dataset;  // GeoDatasetInfo::Label()
  int64_t hosts = 0;          // compromised hosts enriched
  int64_t indicators = 0;     // indicators enriched
  int64_t not_found = 0;      // of those, addresses in no range of the dataset
  // Stored values that are not IP addresses, "compromised_hosts 12: <why>";
  // they are left as they are.
  std::vector<std::string> skipped;
};

// Enriches in one transaction: all rows or none.
Result<EnrichReport> EnrichStored(Store& store, const GeoDatabase& geo, const EnrichOptions& options);

struct ShareRow {
  std::string key;    // provider family / AS organisation, or country code
  int64_t hosts = 0;  // distinct IP addresses
  double share = 0;   // hosts / total, 0..1
};

struct HostStats {
  std::string from, to;            // the period asked for (YYYY-MM-DD or empty)
  std::string country;             // the country filter, empty for all
  int64_t hosts = 0;               // distinct IP addresses in the period
  int64_t not_enriched = 0;        // of those, without enrichment (run `kenchi enrich`)
  std::vector<ShareRow> by_provider;  // most hosts first; ties by key
  std::vector<ShareRow> by_country;
  std::vector<std::string> datasets;  // enriched_with values seen, sorted
};

// Keys used for hosts without data.
inline constexpr const char* kNotEnriched = "(not enriched)";
inline constexpr const char* kUnknown = "(unknown)";
// An enriched host with no country whose address is special-purpose
// (private-use, documentation...): no Internet host is there.
inline constexpr const char* kSpecialPurpose = "(special-purpose)";

// Aggregates `hosts` (already restricted to the period). `country`, when
// set, keeps only hosts enriched with that country (ISO alpha-2, any case).
HostStats ComputeHostStats(const std::vector<CompromisedHost>& hosts, const std::string& country);

}  // namespace kenchi::enrich
