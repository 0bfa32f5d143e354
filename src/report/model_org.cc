// Section 6 of the report model: what kenchi found about one organisation
// in the period. It reads the organisation's alerts (they already carry
// the matching: watchlist, allow-lists, dedup) and looks up the facts
// behind them for detail. Passwords never appear: the store has only
// keyed hashes and masked previews, and identities are masked here too.
#include <algorithm>
#include <map>
#include <set>

#include "report/model_parts.h"

namespace kenchi::report {

std::string MaskIdentity(std::string_view identity) {
  const size_t at = identity.rfind('@');
  const std::string_view local = at == std::string_view::npos ? identity : identity.substr(0, at);
  std::string out;
  if (!local.empty()) {
    // The first character whole (UTF-8 aware), the rest as three stars
    // whatever its length, so the length is not given away either.
    size_t len = 1;
    const auto c = static_cast<unsigned char>(local[0]);
    if (c >= 0xf0) len = 4;
    else if (c >= 0xe0) len = 3;
    else if (c >= 0xc0) len = 2;
    out.append(local.substr(0, std::min(len, local.size())));
  }
  out += "***";
  if (at != std::string_view::npos) out.append(identity.substr(at));
  return out;
}

namespace internal {
namespace {

bool AlertInPeriod(const Alert& a, const Period& p) {
  const std::string first = a.first_seen.size() >= 10 ? a.first_seen.substr(0, 10) : "";
  const std::string last = a.last_seen.size() >= 10 ? a.last_seen.substr(0, 10) : first;
  if (first.empty()) return false;
  return first <= p.to && last >= p.from;
}

}  // namespace

Result<nlohmann::json> OrganizationSection(Store& store, const Organization& org,
                                           const Period& period, int samples) {
  AlertFilter filter;
  filter.organization_id = org.id;
  Result<std::vector<Alert>> alerts = store.ListAlerts(filter);
  if (!alerts.ok()) return alerts.status();

  nlohmann::json by_severity = {{"critical", 0}, {"high", 0}, {"medium", 0}, {"low", 0}};
  nlohmann::json by_kind = nlohmann::json::object();
  std::map<int64_t, Severity> listing_alerts, host_alerts;
  int64_t count = 0;
  for (const Alert& a : *alerts) {
    // A false positive is not a finding; the user has said so.
    if (a.status == AlertStatus::kFalsePositive || !AlertInPeriod(a, period)) continue;
    ++count;
    by_severity[std::string(ToString(a.severity))] = by_severity[std::string(ToString(a.severity))].get<int64_t>() + 1;
    by_kind[a.fact_kind] = by_kind.value(a.fact_kind, int64_t{0}) + 1;
    if (a.fact_kind == "listing") listing_alerts[a.fact_id] = a.severity;
    if (a.fact_kind == "compromised_host") host_alerts[a.fact_id] = a.severity;
  }

  // Credentials: the exposures scanned into this organisation's name.
  Result<std::vector<CredentialExposure>> exposures = store.ListCredentialExposures("", 0);
  if (!exposures.ok()) return exposures.status();
  int64_t exposed = 0, with_password = 0;
  std::set<std::string> identities;
  nlohmann::json sample_rows = nlohmann::json::array();
  for (const CredentialExposure& e : *exposures) {
    if (e.organization_id != org.id) continue;
    const std::string& last = e.last_seen.empty() ? e.first_seen : e.last_seen;
    if (!(e.first_seen.substr(0, 10) <= period.to && last.substr(0, 10) >= period.from)) continue;
    ++exposed;
    identities.insert(e.identity);
    if (!e.password_hash.empty()) ++with_password;
    if (sample_rows.size() < static_cast<size_t>(samples)) {
      sample_rows.push_back({{"identity", e.kind == "card" ? e.identity : MaskIdentity(e.identity)},
                             {"password", e.password_preview},
                             {"domain", e.domain.empty() ? e.matched_on : e.domain},
                             {"kind", e.kind},
                             {"last_seen", last}});
    }
  }

  nlohmann::json listing_rows = nlohmann::json::array();
  if (!listing_alerts.empty()) {
    Result<std::vector<Listing>> listings = store.ListListings(ListingFilter{});
    if (!listings.ok()) return listings.status();
    for (const Listing& l : *listings) {
      auto it = listing_alerts.find(l.id);
      if (it == listing_alerts.end()) continue;
      listing_rows.push_back({{"id", l.id}, {"offering", ToString(l.offering)}, {"posted_at", l.posted_at},
                              {"volume", l.volume ? nlohmann::json(*l.volume) : nlohmann::json()},
                              {"price", l.price ? nlohmann::json(*l.price) : nlohmann::json()},
                              {"currency", l.currency}, {"basis", ToString(l.price_basis)},
                              {"severity", ToString(it->second)}});
    }
  }
  nlohmann::json host_rows = nlohmann::json::array();
  if (!host_alerts.empty()) {
    Result<std::vector<CompromisedHost>> hosts = store.ListCompromisedHosts(HostFilter{});
    if (!hosts.ok()) return hosts.status();
    for (const CompromisedHost& h : *hosts) {
      if (!host_alerts.contains(h.id)) continue;
      host_rows.push_back({{"ip", h.ip}, {"port", h.port}, {"service", h.service},
                           {"first_seen", h.first_seen}, {"provider", h.enrichment.provider},
                           {"country", h.enrichment.country}});
    }
  }

  nlohmann::json actions = nlohmann::json::array();
  if (exposed > 0) actions.push_back("credentials");
  if (!listing_rows.empty()) actions.push_back("listings");
  if (!host_rows.empty()) actions.push_back("hosts");
  if (by_kind.contains("document") || by_kind.contains("incident") || by_kind.contains("indicator")) {
    actions.push_back("mentions");
  }
  actions.push_back("watchlist");  // always: findings are only as good as the watchlist
  return nlohmann::json{{"alerts", count},
                        {"by_severity", by_severity},
                        {"by_kind", by_kind},
                        {"credentials", {{"exposures", exposed},
                                         {"identities", static_cast<int64_t>(identities.size())},
                                         {"with_password", with_password},
                                         {"samples", sample_rows}}},
                        {"listings", listing_rows},
                        {"hosts", host_rows},
                        {"actions", actions}};
}

}  // namespace internal
}  // namespace kenchi::report
