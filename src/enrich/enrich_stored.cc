#include <fmt/format.h>

#include "kenchi/enrich/enrich.h"

namespace kenchi::enrich {
namespace {

// A few examples are enough to explain what was skipped; the count says the rest.
constexpr size_t kMaxSkippedShown = 20;

void NoteSkip(EnrichReport& report, int64_t& skipped_total, const std::string& what) {
  ++skipped_total;
  if (report.skipped.size() < kMaxSkippedShown) report.skipped.push_back(what);
}

}  // namespace

Result<EnrichReport> EnrichStored(Store& store, const GeoDatabase& geo, const EnrichOptions& options) {
  EnrichReport report;
  report.dataset = geo.info().Label();
  // Rows enriched with this dataset version are left alone, but for
  // special-purpose addresses: a row enriched before lookups knew them
  // (the country table's AU for 203.0.113.0/24), or with the same tables
  // built the other way (--keep-special-purpose), is looked up again and
  // updated when the answer differs.
  const auto needs = [&](const std::string& ip, const IpEnrichment& stored, IpEnrichment& fresh,
                         const std::string& what) -> Result<bool> {
    const bool current = !options.all && stored.enriched_with == report.dataset;
    Result<IpAddress> address = ParseIpAddress(ip);
    if (current && (!address.ok() || SpecialPurpose(*address).empty())) return false;
    if (!address.ok()) return address.status().WithContext(what);
    const GeoHit hit = geo.Lookup(*address);
    fresh = geo.ToEnrichment(hit);
    if (current && fresh.country == stored.country && fresh.asn == stored.asn && fresh.as_org == stored.as_org &&
        fresh.provider == stored.provider) {
      return false;
    }
    if (!hit.found) ++report.not_found;
    return true;
  };

  Transaction tx(store);
  KENCHI_RETURN_IF_ERROR(tx.status());
  int64_t skipped_total = 0;

  Result<std::vector<CompromisedHost>> hosts = store.ListCompromisedHosts(HostFilter{});
  if (!hosts.ok()) return hosts.status();
  for (const CompromisedHost& h : *hosts) {
    IpEnrichment fresh;
    Result<bool> update = needs(h.ip, h.enrichment, fresh, fmt::format("compromised host {}", h.id));
    if (!update.ok()) {
      NoteSkip(report, skipped_total, update.status().message());
      continue;
    }
    if (!*update) continue;
    KENCHI_RETURN_IF_ERROR(store.SetHostEnrichment(h.id, fresh));
    ++report.hosts;
  }

  Result<std::vector<Indicator>> indicators = store.ListIpIndicators(HostFilter{});
  if (!indicators.ok()) return indicators.status();
  for (const Indicator& ind : *indicators) {
    IpEnrichment fresh;
    Result<bool> update = needs(ind.value, ind.enrichment, fresh, fmt::format("indicator {}", ind.id));
    if (!update.ok()) {
      NoteSkip(report, skipped_total, update.status().message());
      continue;
    }
    if (!*update) continue;
    KENCHI_RETURN_IF_ERROR(store.SetIndicatorEnrichment(ind.id, fresh));
    ++report.indicators;
  }
  if (skipped_total > static_cast<int64_t>(report.skipped.size())) {
    report.skipped.push_back(fmt::format("... and {} more", skipped_total - static_cast<int64_t>(report.skipped.size())));
  }
  KENCHI_RETURN_IF_ERROR(tx.Commit());
  return report;
}

}  // namespace kenchi::enrich
