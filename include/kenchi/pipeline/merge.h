// Merging several reports of one incident into one Incident.
//
// A breach is rarely reported once: a first notice, a second notice with
// revised counts (第2報), an investigation report (調査結果), and news
// items that re-report any of them. Counted separately they would inflate
// every statistic; merged blindly, two separate breaches of the same
// company would vanish into one. The rule (DecideMerge) and the fold of
// all reports into the incident's current state (FoldRevisions) are pure
// functions here, tested without a database; StoreIncident wires them to
// the Store.
//
// The rule. A new report can only join an incident of the same
// organisation key (never another organisation's) and only when both are
// dated. With d = days between the report's disclosure date and the span
// over which the incident was reported so far (0 inside the span):
//   1. d <= near_days (14): merge. News re-reports and corrections follow
//      a notice within days; two unrelated breaches of one organisation
//      disclosed within two weeks are rare, double counting is not.
//   2. d <= overlap_days (60) and the report shares a specific incident
//      type (anything but unauthorized_access/other, which every breach
//      has) or a data type of the records at risk with the incident: merge.
//      A second notice within two months about the same kind of damage is
//      the same incident even when it does not call itself one.
//   3. d <= follow_up_days (180) and the text refers to an earlier report
//      (第2報, 第３報, 続報, 調査結果, 最終報告, 既報, 公表いたしました, ...):
//      merge. Forensic investigations of card leaks take two to five
//      months; their results are published as follow-ups of the notice.
//   4. Otherwise a new incident: a notice half a year or more later, even
//      with the same types, is more likely a new breach (and a wrong merge
//      loses an incident from the counts for good, a missed one can be
//      merged later).
// Among several matching incidents the nearest (smallest d, then the most
// recent) wins.
//
// The fold. Reports are ordered by the reporting document's disclosure
// date, then ingest order (document id); later reports win:
//   - records, per data type: the latest report that gives a figure for a
//     data type sets that data type's figures; a data type a later report
//     does not mention keeps its last figure. One exception: a later
//     approximate figure within 5% of an earlier exact one (news rounding
//     "１，２０３万４，５６７件" to "約1200万件") is the same figure restated,
//     and the exact one stays;
//   - types: the union of all reports (a follow-up adds what was found);
//   - disclosure date (published_on): the earliest report's;
//   - occurred_on, discovered_on, cause, origin: the latest non-empty;
//   - organisation as named: the longest form seen (株式会社ミハリ通販
//     over ミハリ通販), with its evidence; the key never changes;
//   - document_ids: every report, oldest first.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::pipeline {

struct MergePolicy {
  int near_days = 14;
  int overlap_days = 60;
  int follow_up_days = 180;
};

struct MergeDecision {
  int64_t incident_id = 0;  // 0: store as a new incident
  int64_t days_apart = 0;   // d of the chosen incident
  std::string reason;       // why, for --verbose and tests
};

// Whether the text (title and body) refers to an earlier report of the
// same incident: 第2報 and later (any digits or kanji numerals, full or
// half width), 続報, 調査結果, 最終報告, 既報, 先般お知らせ, 公表いたしました, ...
bool RefersToEarlierReport(std::string_view text);

// Days from `a` to `b` (YYYY-MM-DD each); nullopt when either is not a
// valid date.
std::optional<int64_t> DaysBetween(std::string_view a, std::string_view b);

// Decides which of `candidates` (existing incidents, see
// Store::FindIncidentCandidates) the new report `incoming` belongs to.
// `text` is the reporting document's title and text.
MergeDecision DecideMerge(const Incident& incoming, std::string_view text,
                          std::span<const IncidentCandidate> candidates,
                          const MergePolicy& policy = {});

// The incident's current state from all its reports (see the fold above).
// `revisions` in any order; the result's id and organization_key are
// `base`'s.
Incident FoldRevisions(const Incident& base, std::span<const IncidentRevision> revisions);

// What StoreIncident did.
struct StoreIncidentOutcome {
  int64_t incident_id = 0;
  bool merged = false;  // joined an existing incident
  std::string reason;
};

// Stores `incident`, extracted from `doc` (already stored, doc.id set):
// looks for candidates within follow_up_days, then either creates the
// incident with its first revision or merges the report into the chosen
// one. Call inside the transaction that stored the document.
Result<StoreIncidentOutcome> StoreIncident(Store& store, const Incident& incident,
                                           const Document& doc, const MergePolicy& policy = {});

}  // namespace kenchi::pipeline
