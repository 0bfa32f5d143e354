// Grouping per-domain exposure counts under registrable domains.
#include "kenchi/enrich/exposure_stats.h"

#include <algorithm>
#include <map>

namespace kenchi::enrich {

ExposureStats ComputeExposureStats(const std::vector<DomainExposureCount>& counts,
                                   const PublicSuffixList& psl) {
  ExposureStats out;
  out.suffix_list = psl.source();
  std::map<std::string, RegistrableExposures> groups;
  for (const DomainExposureCount& c : counts) {
    std::string key = c.domain, unicode = c.domain;
    if (Result<DomainInfo> info = psl.Analyze(c.domain); info.ok() && !info->registrable.empty()) {
      key = info->registrable;
      unicode = info->registrable_unicode;
    }
    RegistrableExposures& g = groups[key];
    g.registrable = key;
    g.registrable_unicode = unicode;
    g.exposures += c.exposures;
    g.sightings += c.sightings;
    g.domains.push_back(c.domain);
    out.exposures += c.exposures;
    out.sightings += c.sightings;
  }
  for (auto& [key, g] : groups) {
    std::sort(g.domains.begin(), g.domains.end());
    g.share = out.exposures > 0 ? static_cast<double>(g.exposures) / static_cast<double>(out.exposures) : 0;
    out.by_registrable.push_back(std::move(g));
  }
  std::stable_sort(out.by_registrable.begin(), out.by_registrable.end(),
                   [](const RegistrableExposures& a, const RegistrableExposures& b) {
                     return a.exposures > b.exposures;
                   });
  return out;
}

}  // namespace kenchi::enrich
