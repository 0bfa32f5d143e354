// How a watchlist hit becomes an alert: severity, title, evidence and the
// dedup key. The rules are documented for users in docs/ALERTS.md; keep
// the two in step.
//
// Severity depends on what kind of fact matched and on what matched in it:
//
//   credential_exposure  domain / email domain   critical with a password, high without
//   compromised_host     IP, CIDR or ASN         critical with credentials, high without
//   listing              anything                critical for access sales, high otherwise
//   incident             names                   high
//   indicator            domain, IP, CIDR, ASN   medium
//   document (a post, a notice, an article):
//                        card number of a BIN    high
//                        IP / domain / ASN       medium (the infrastructure named)
//                        person, cloud account   medium
//                        name, keyword, address  low (a mention)
//
// The dedup key is the SHA-256 of organisation id, the asset's group (kind
// and label, or value: variants of one brand are one finding), the fact
// kind and the fact's natural key. The same credential in a second dump,
// the same incident in a second report, is then a new sighting of one alert.
#pragma once

#include <string>
#include <string_view>

#include "kenchi/match/matcher.h"
#include "kenchi/model.h"
#include "kenchi/store.h"

namespace kenchi::alert {

// Characters of context kept on each side of a text match in the evidence.
inline constexpr size_t kEvidenceContextChars = 40;

Severity SeverityFor(const MatchableFact& fact, const match::WatchHit& hit);

// The alert for `hit` in `fact` of `org` on `asset` (status new, first and
// last seen = the fact's time, or now).
Alert MakeAlert(const Organization& org, const Asset& asset, const MatchableFact& fact,
                const match::WatchHit& hit);

std::string DedupKey(int64_t organization_id, const Asset& asset, std::string_view fact_kind,
                     std::string_view natural_key);

// "…context [match] context…" around bytes [begin, end) of `text`, cut at
// code point boundaries, line breaks shown as spaces.
std::string EvidenceSnippet(std::string_view text, size_t begin, size_t end, size_t context_chars);

}  // namespace kenchi::alert
