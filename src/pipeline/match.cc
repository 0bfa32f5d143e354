// kenchi match: stored rows -> watchlist hits -> alerts. See pipeline/match.h.
#include "kenchi/pipeline/match.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include <utility>
#include <vector>

#include "kenchi/alert/rules.h"
#include "kenchi/match/matcher.h"

namespace kenchi::pipeline {
namespace {

struct PairHash {
  size_t operator()(const std::pair<int64_t, int64_t>& p) const {
    return std::hash<int64_t>()(p.first) * 1000003u ^ std::hash<int64_t>()(p.second);
  }
};

}  // namespace

const std::vector<std::string>& MatchFactKinds() {
  static const std::vector<std::string> kKinds{"credential_exposure", "compromised_host", "listing",
                                               "incident", "indicator", "document"};
  return kKinds;
}

Result<MatchRunReport> RunMatching(Store& store, const MatchRunOptions& options) {
  if (options.batch_size <= 0) return Status::InvalidInput("batch size must be positive");
  Result<std::vector<Organization>> orgs = store.ListOrganizations();
  if (!orgs.ok()) return orgs.status();
  Result<std::vector<Asset>> assets = store.ListAssets();
  if (!assets.ok()) return assets.status();
  Result<std::vector<AllowEntry>> allow = store.ListAllowEntries();
  if (!allow.ok()) return allow.status();
  Result<std::unique_ptr<match::WatchlistMatcher>> matcher =
      match::WatchlistMatcher::Build(*assets, *allow);
  if (!matcher.ok()) return matcher.status().WithContext("cannot compile the watchlists");

  absl::flat_hash_map<int64_t, const Organization*> org_by_id;
  for (const Organization& o : *orgs) org_by_id[o.id] = &o;
  absl::flat_hash_map<int64_t, const Asset*> asset_by_id;
  for (const Asset& a : *assets) asset_by_id[a.id] = &a;

  MatchRunReport report;
  report.organizations = static_cast<int64_t>(orgs->size());
  report.assets = static_cast<int64_t>(assets->size());
  report.fingerprint = (*matcher)->fingerprint();

  // (organisation, document) pairs already alerted through a fact.
  absl::flat_hash_set<std::pair<int64_t, int64_t>, PairHash> covered;
  std::vector<match::WatchHit> hits;
  // Alert groups seen in the current fact: one alert per (org, asset group).
  absl::flat_hash_set<std::string> groups;

  for (const std::string& kind : MatchFactKinds()) {
    Result<int64_t> from = store.GetMatchedUpTo(kind, report.fingerprint);
    if (!from.ok()) return from.status();
    int64_t after = *from;
    for (;;) {
      Result<std::vector<MatchableFact>> facts = store.ListFactsForMatching(kind, after, options.batch_size);
      if (!facts.ok()) return facts.status();
      if (facts->empty()) break;
      Transaction tx(store);
      KENCHI_RETURN_IF_ERROR(tx.status());
      std::vector<std::pair<Alert, UpsertAlertOutcome>> changed;
      for (const MatchableFact& fact : *facts) {
        KENCHI_RETURN_IF_ERROR((*matcher)->Match(fact, hits).WithContext(
            fmt::format("matching {} {}", fact.kind, fact.id)));
        report.hits += static_cast<int64_t>(hits.size());
        groups.clear();
        for (const match::WatchHit& hit : hits) {
          auto org = org_by_id.find(hit.organization_id);
          auto asset = asset_by_id.find(hit.asset_id);
          if (org == org_by_id.end() || asset == asset_by_id.end()) continue;
          const bool is_document = fact.kind == "document";
          if (is_document && covered.contains({hit.organization_id, fact.document_id})) continue;
          const Asset& a = *asset->second;
          if (!groups.insert(fmt::format("{}\x1f{}\x1f{}", hit.organization_id, ToString(a.kind),
                                         match::AssetGroup(a)))
                   .second) {
            continue;
          }
          Alert alert = alert::MakeAlert(*org->second, a, fact, hit);
          Result<UpsertAlertOutcome> outcome = store.UpsertAlert(alert);
          if (!outcome.ok()) return outcome.status();
          if (!is_document && fact.document_id != 0) covered.insert({hit.organization_id, fact.document_id});
          report.alerts_new += outcome->inserted;
          report.sightings_new += !outcome->inserted && outcome->new_sighting;
          report.reopened += outcome->reopened;
          if (outcome->inserted || outcome->new_sighting) {
            alert.id = outcome->alert_id;
            changed.emplace_back(std::move(alert), *outcome);
          }
        }
        after = fact.id;
      }
      KENCHI_RETURN_IF_ERROR(store.SetMatchedUpTo(kind, report.fingerprint, after));
      KENCHI_RETURN_IF_ERROR(tx.Commit());
      report.rows_matched += static_cast<int64_t>(facts->size());
      report.rows_by_kind[kind] += static_cast<int64_t>(facts->size());
      if (options.on_alert) {
        for (const auto& [alert, outcome] : changed) options.on_alert(alert, outcome);
      }
    }
  }
  return report;
}

}  // namespace kenchi::pipeline
