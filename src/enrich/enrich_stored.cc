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
  HostFilter filter;
  if (!options.all) filter.not_enriched_with = report.dataset;

  Transaction tx(store);
  KENCHI_RETURN_IF_ERROR(tx.status());
  int64_t skipped_total = 0;

  Result<std::vector<CompromisedHost>> hosts = store.ListCompromisedHosts(filter);
  if (!hosts.ok()) return hosts.status();
  for (const CompromisedHost& h : *hosts) {
    Result<GeoHit> hit = geo.Lookup(h.ip);
    if (!hit.ok()) {
      NoteSkip(report, skipped_total, fmt::format("compromised host {}: {}", h.id, hit.status().message()));
      continue;
    }
    if (!hit->found) ++report.not_found;
    KENCHI_RETURN_IF_ERROR(store.SetHostEnrichment(h.id, geo.ToEnrichment(*hit)));
    ++report.hosts;
  }

  Result<std::vector<Indicator>> indicators = store.ListIpIndicators(filter);
  if (!indicators.ok()) return indicators.status();
  for (const Indicator& ind : *indicators) {
    Result<GeoHit> hit = geo.Lookup(ind.value);
    if (!hit.ok()) {
      NoteSkip(report, skipped_total, fmt::format("indicator {}: {}", ind.id, hit.status().message()));
      continue;
    }
    if (!hit->found) ++report.not_found;
    KENCHI_RETURN_IF_ERROR(store.SetIndicatorEnrichment(ind.id, geo.ToEnrichment(*hit)));
    ++report.indicators;
  }
  if (skipped_total > static_cast<int64_t>(report.skipped.size())) {
    report.skipped.push_back(fmt::format("... and {} more", skipped_total - static_cast<int64_t>(report.skipped.size())));
  }
  KENCHI_RETURN_IF_ERROR(tx.Commit());
  return report;
}

}  // namespace kenchi::enrich
