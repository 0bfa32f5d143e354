#include <algorithm>
#include <map>
#include <set>

#include "kenchi/enrich/enrich.h"

namespace kenchi::enrich {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

bool IsSpecialPurpose(const std::string& ip) {
  Result<IpAddress> address = ParseIpAddress(ip);
  return address.ok() && !SpecialPurpose(*address).empty();
}

std::vector<ShareRow> Shares(const std::map<std::string, int64_t>& counts, int64_t total) {
  std::vector<ShareRow> rows;
  for (const auto& [key, n] : counts) {
    rows.push_back({key, n, total > 0 ? static_cast<double>(n) / static_cast<double>(total) : 0.0});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const ShareRow& a, const ShareRow& b) { return a.hosts > b.hosts; });
  return rows;
}

}  // namespace

HostStats ComputeHostStats(const std::vector<CompromisedHost>& hosts, const std::string& country) {
  HostStats stats;
  stats.country = Upper(country);
  // One entry per IP: the rows of one server agree on its enrichment, and
  // the first enriched row wins should they not (enriched at different times).
  std::map<std::string, const CompromisedHost*> by_ip;
  for (const CompromisedHost& h : hosts) {
    auto [it, inserted] = by_ip.try_emplace(h.ip, &h);
    if (!inserted && it->second->enrichment.enriched_with.empty() && !h.enrichment.enriched_with.empty()) {
      it->second = &h;
    }
  }
  std::map<std::string, int64_t> providers, countries;
  std::set<std::string> datasets;
  for (const auto& [ip, h] : by_ip) {
    const IpEnrichment& e = h->enrichment;
    if (!stats.country.empty() && e.country != stats.country) continue;
    ++stats.hosts;
    if (e.enriched_with.empty()) {
      ++stats.not_enriched;
      ++providers[kNotEnriched];
      ++countries[kNotEnriched];
      continue;
    }
    datasets.insert(e.enriched_with);
    // A dataset that keeps special-purpose blocks gives them a country.
    const bool special = e.country.empty() && IsSpecialPurpose(ip);
    ++providers[!e.provider.empty() ? e.provider : special ? kSpecialPurpose : kUnknown];
    ++countries[!e.country.empty() ? e.country : special ? kSpecialPurpose : kUnknown];
  }
  stats.by_provider = Shares(providers, stats.hosts);
  stats.by_country = Shares(countries, stats.hosts);
  stats.datasets.assign(datasets.begin(), datasets.end());
  return stats;
}

}  // namespace kenchi::enrich
