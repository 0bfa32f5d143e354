// Sections 4 and 5 of the report model: compromised hosts by provider and
// country, and the underground market in aggregate.
#include <algorithm>
#include <map>
#include <tuple>

#include "kenchi/enrich/enrich.h"
#include "report/model_parts.h"

namespace kenchi::report::internal {
namespace {

// The first `top` rows, then one "(others)" row for the rest, so a long
// tail of small providers does not crowd the chart.
nlohmann::json TopRows(const std::vector<enrich::ShareRow>& rows, size_t top) {
  nlohmann::json out = nlohmann::json::array();
  int64_t rest = 0;
  double rest_share = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i < top) {
      out.push_back({{"key", rows[i].key}, {"hosts", rows[i].hosts}, {"share", rows[i].share}});
    } else {
      rest += rows[i].hosts;
      rest_share += rows[i].share;
    }
  }
  if (rest > 0) out.push_back({{"key", "(others)"}, {"hosts", rest}, {"share", rest_share}});
  return out;
}

template <typename Map>
nlohmann::json CountRows(const Map& counts, const char* key_name, const char* count_name) {
  std::vector<std::pair<std::string, int64_t>> rows(counts.begin(), counts.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, n] : rows) out.push_back({{key_name, key}, {count_name, n}});
  return out;
}

// Listings per sector with their share of all listings, most first; the
// listings whose post names no sector come last whatever their number, so
// the first row is always a sector.
nlohmann::json SectorRows(const std::map<std::string, int64_t>& counts, int64_t listings) {
  std::vector<std::pair<std::string, int64_t>> rows(counts.begin(), counts.end());
  const std::string unknown(ToString(Sector::kUnknown));
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    if ((a.first == unknown) != (b.first == unknown)) return b.first == unknown;
    return a.second > b.second;
  });
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, n] : rows) {
    out.push_back({{"sector", name},
                   {"listings", n},
                   {"share", listings > 0 ? static_cast<double>(n) / static_cast<double>(listings) : 0.0}});
  }
  return out;
}

}  // namespace

Result<nlohmann::json> HostsSection(Store& store, const Period& period) {
  HostFilter filter;
  filter.from = period.from;
  filter.to = period.to;
  Result<std::vector<CompromisedHost>> hosts = store.ListCompromisedHosts(filter);
  if (!hosts.ok()) return hosts.status();
  const enrich::HostStats stats = enrich::ComputeHostStats(*hosts, "");
  return nlohmann::json{{"hosts", stats.hosts},
                        {"not_enriched", stats.not_enriched},
                        {"by_provider", TopRows(stats.by_provider, 10)},
                        {"by_country", TopRows(stats.by_country, 10)},
                        {"datasets", stats.datasets}};
}

Result<nlohmann::json> UndergroundSection(Store& store, const Period& period) {
  Result<std::vector<Listing>> all = store.ListListings(ListingFilter{});
  if (!all.ok()) return all.status();
  std::map<std::string, std::pair<int64_t, int64_t>> offering;  // listings, volume
  std::map<std::string, int64_t> country, data_type, sector;
  // (offering, currency, basis) -> listings, min, max
  std::map<std::tuple<std::string, std::string, std::string>, std::tuple<int64_t, double, double>> prices;
  int64_t listings = 0;
  for (const Listing& l : *all) {
    if (!InPeriod(l.posted_at, period)) continue;
    ++listings;
    auto& o = offering[std::string(ToString(l.offering))];
    ++o.first;
    if (l.volume) o.second += *l.volume;
    ++country[l.target_country];
    ++sector[std::string(ToString(l.sector))];
    for (DataType d : l.data_types) ++data_type[std::string(ToString(d))];
    if (l.price && !l.currency.empty()) {
      auto key = std::make_tuple(std::string(ToString(l.offering)), l.currency,
                                 std::string(ToString(l.price_basis)));
      auto it = prices.find(key);
      if (it == prices.end()) {
        prices.emplace(key, std::make_tuple(int64_t{1}, *l.price, *l.price));
      } else {
        auto& [n, lo, hi] = it->second;
        ++n;
        lo = std::min(lo, *l.price);
        hi = std::max(hi, *l.price);
      }
    }
  }
  nlohmann::json by_offering = nlohmann::json::array();
  {
    std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> rows(offering.begin(), offering.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    for (const auto& [name, v] : rows) {
      by_offering.push_back({{"offering", name}, {"listings", v.first}, {"volume", v.second}});
    }
  }
  nlohmann::json price_rows = nlohmann::json::array();
  for (const auto& [key, v] : prices) {
    price_rows.push_back({{"offering", std::get<0>(key)}, {"currency", std::get<1>(key)},
                          {"basis", std::get<2>(key)}, {"listings", std::get<0>(v)},
                          {"min", std::get<1>(v)}, {"max", std::get<2>(v)}});
  }
  return nlohmann::json{{"listings", listings},
                        {"by_offering", by_offering},
                        {"by_country", CountRows(country, "country", "listings")},
                        {"by_sector", SectorRows(sector, listings)},
                        {"by_data_type", CountRows(data_type, "data_type", "listings")},
                        {"prices", price_rows}};
}

}  // namespace kenchi::report::internal
