// Deciding whether a new report joins an existing incident, and folding
// all reports of an incident into its current state. See
// kenchi/pipeline/merge.h for the rule and the reasons behind it.
#include "kenchi/pipeline/merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "kenchi/text/normalize.h"

namespace kenchi::pipeline {
namespace {

std::optional<std::chrono::sys_days> ParseDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t i = starts[f]; i < starts[f] + lens[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v[f] = v[f] * 10 + (s[i] - '0');
    }
  }
  const std::chrono::year_month_day d{std::chrono::year{v[0]},
                                      std::chrono::month{static_cast<unsigned>(v[1])},
                                      std::chrono::day{static_cast<unsigned>(v[2])}};
  if (!d.ok()) return std::nullopt;
  return std::chrono::sys_days{d};
}

std::string FormatDay(std::chrono::sys_days day) {
  const std::chrono::year_month_day d{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

std::string AddDays(std::string_view date, int days) {
  std::optional<std::chrono::sys_days> d = ParseDay(date);
  if (!d) return std::string(date);
  return FormatDay(*d + std::chrono::days{days});
}

// Kanji numerals that can follow 第 in 第二報, 第十二報.
constexpr std::string_view kKanjiDigits[] = {"一", "二", "三", "四", "五",
                                             "六", "七", "八", "九", "十"};

// Finds 第N報 with N >= 2 in NFKC text (digits are ASCII after NFKC).
bool HasLaterNumberedReport(std::string_view t) {
  constexpr std::string_view kDai = "第", kHou = "報";
  for (size_t pos = t.find(kDai); pos != std::string_view::npos; pos = t.find(kDai, pos + 1)) {
    size_t i = pos + kDai.size();
    int64_t number = 0;
    bool any = false, kanji_one_only = true, kanji = false;
    while (i < t.size()) {
      if (t[i] >= '0' && t[i] <= '9') {
        number = std::min<int64_t>(number * 10 + (t[i] - '0'), 1000);
        any = true;
        ++i;
        continue;
      }
      bool matched = false;
      for (std::string_view k : kKanjiDigits) {
        if (t.substr(i, k.size()) == k) {
          kanji = any = matched = true;
          if (k != "一") kanji_one_only = false;
          i += k.size();
          break;
        }
      }
      if (!matched) break;
    }
    if (!any || t.substr(i, kHou.size()) != kHou) continue;
    if (kanji ? !kanji_one_only : number >= 2) return true;
  }
  return false;
}

// Phrases of follow-up notices and of re-reports that point back at an
// announcement, after NFKC case folding. Bare 調査結果 is not one of them:
// first notices promise to publish 調査結果 later.
constexpr std::string_view kFollowUpPhrases[] = {
    "続報", "調査結果のご報告", "調査結果のお知らせ", "調査結果について", "調査結果に関する",
    "最終報告", "最終報", "既報", "追加調査", "先般お知らせ", "先日お知らせ",
    "公表いたしました", "公表しました", "お知らせいたしました", "お知らせしました",
    "前回のお知らせ", "前回お知らせ", "update on", "second notice", "follow-up report",
    "previously announced", "previously reported",
};

bool IsSpecificType(IncidentType t) {
  return t != IncidentType::kUnauthorizedAccess && t != IncidentType::kOther;
}

bool SharesContent(const Incident& a, const Incident& b) {
  for (IncidentType t : a.types) {
    if (IsSpecificType(t) && std::find(b.types.begin(), b.types.end(), t) != b.types.end()) {
      return true;
    }
  }
  for (const RecordCount& r : a.records) {
    for (const RecordCount& s : b.records) {
      if (r.data_type == s.data_type) return true;
    }
  }
  return false;
}

// Days from the date to the span [first, last]; 0 inside it.
std::optional<int64_t> DistanceToSpan(std::string_view date, const IncidentCandidate& c) {
  std::optional<int64_t> to_first = DaysBetween(date, c.first_reported_on);
  std::optional<int64_t> from_last = DaysBetween(c.last_reported_on, date);
  if (!to_first || !from_last) return std::nullopt;
  if (*to_first > 0) return *to_first;    // before the first report
  if (*from_last > 0) return *from_last;  // after the last report
  return 0;
}

bool IsRoundedRestatement(const std::vector<RecordCount>& earlier,
                          const std::vector<RecordCount>& later) {
  if (earlier.size() != 1 || later.size() != 1) return false;
  const RecordCount& e = earlier.front();
  const RecordCount& l = later.front();
  if (e.qualifier != Qualifier::kExact || l.qualifier != Qualifier::kApprox || e.count <= 0) {
    return false;
  }
  // Within 5%: "約1200万" for 12,034,567, "約8千" for 8,123.
  return std::llabs(l.count - e.count) * 20 <= e.count;
}

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::optional<int64_t> DaysBetween(std::string_view a, std::string_view b) {
  std::optional<std::chrono::sys_days> da = ParseDay(a), db = ParseDay(b);
  if (!da || !db) return std::nullopt;
  return (*db - *da).count();
}

bool RefersToEarlierReport(std::string_view text) {
  const std::string t = text::NfkcCaseFold(text);
  if (HasLaterNumberedReport(t)) return true;
  for (std::string_view phrase : kFollowUpPhrases) {
    if (t.find(phrase) != std::string::npos) return true;
  }
  return false;
}

MergeDecision DecideMerge(const Incident& incoming, std::string_view text,
                          std::span<const IncidentCandidate> candidates,
                          const MergePolicy& policy) {
  MergeDecision best;
  if (incoming.organization_key.empty() || incoming.published_on.empty()) {
    best.reason = "new: no organisation key or disclosure date to match on";
    return best;
  }
  bool follow_up = false, follow_up_known = false;
  int64_t best_days = 0;
  for (const IncidentCandidate& c : candidates) {
    if (c.incident.organization_key != incoming.organization_key) continue;  // never
    std::optional<int64_t> d = DistanceToSpan(incoming.published_on, c);
    if (!d) continue;
    std::string why;
    if (*d <= policy.near_days) {
      why = fmt::format("reported {} day(s) from incident {}", *d, c.incident.id);
    } else if (*d <= policy.overlap_days && SharesContent(incoming, c.incident)) {
      why = fmt::format("{} day(s) from incident {}, same kind of damage", *d, c.incident.id);
    } else if (*d <= policy.follow_up_days) {
      if (!follow_up_known) {
        follow_up = RefersToEarlierReport(text);
        follow_up_known = true;
      }
      if (!follow_up) continue;
      why = fmt::format("{} day(s) from incident {}, refers to an earlier report", *d,
                        c.incident.id);
    } else {
      continue;
    }
    // Nearest first; among equals the most recent incident.
    if (best.incident_id == 0 || *d < best_days ||
        (*d == best_days && c.incident.id > best.incident_id)) {
      best.incident_id = c.incident.id;
      best.days_apart = *d;
      best_days = *d;
      best.reason = "merge: " + why;
    }
  }
  if (best.incident_id == 0) {
    best.reason = candidates.empty()
                      ? "new: no earlier incident of this organisation nearby"
                      : "new: this organisation's incidents are too far apart or unrelated";
  }
  return best;
}

Incident FoldRevisions(const Incident& base, std::span<const IncidentRevision> revisions) {
  std::vector<const IncidentRevision*> order;
  order.reserve(revisions.size());
  for (const IncidentRevision& r : revisions) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    // Undated reports first, so that any dated one wins over them.
    if (a->reported_on.empty() != b->reported_on.empty()) return a->reported_on.empty();
    if (a->reported_on != b->reported_on) return a->reported_on < b->reported_on;
    if (a->document_id != b->document_id) return a->document_id < b->document_id;
    return a->id < b->id;
  });

  Incident out;
  out.id = base.id;
  out.organization_key = base.organization_key;
  out.organization = base.organization;
  out.organization_evidence = base.organization_evidence;
  // Per data type, in first-seen order, the figures that currently hold.
  std::vector<std::pair<DataType, std::vector<RecordCount>>> figures;
  for (const IncidentRevision* r : order) {
    const Incident& rep = r->reported;
    const std::string& date = r->reported_on.empty() ? rep.published_on : r->reported_on;
    if (!date.empty() && (out.published_on.empty() || date < out.published_on)) {
      out.published_on = date;
    }
    if (Utf8Chars(rep.organization) > Utf8Chars(out.organization)) {
      out.organization = rep.organization;
      out.organization_evidence = rep.organization_evidence;
    }
    if (!rep.occurred_on.empty()) out.occurred_on = rep.occurred_on;
    if (!rep.discovered_on.empty()) out.discovered_on = rep.discovered_on;
    if (!rep.cause.empty()) out.cause = rep.cause;
    if (!rep.origin_country.empty()) out.origin_country = rep.origin_country;
    for (IncidentType t : rep.types) {
      if (std::find(out.types.begin(), out.types.end(), t) == out.types.end()) {
        out.types.push_back(t);
      }
    }
    std::vector<DataType> seen;
    for (const RecordCount& rc : rep.records) {
      if (std::find(seen.begin(), seen.end(), rc.data_type) != seen.end()) continue;
      seen.push_back(rc.data_type);
      std::vector<RecordCount> now;
      for (const RecordCount& x : rep.records) {
        if (x.data_type == rc.data_type) {
          now.push_back(x);
          if (now.back().evidence.document_id == 0) now.back().evidence.document_id = r->document_id;
        }
      }
      auto it = std::find_if(figures.begin(), figures.end(),
                             [&](const auto& f) { return f.first == rc.data_type; });
      if (it == figures.end()) {
        figures.emplace_back(rc.data_type, std::move(now));
      } else if (!IsRoundedRestatement(it->second, now)) {
        it->second = std::move(now);
      }
    }
    if (r->document_id != 0 && std::find(out.document_ids.begin(), out.document_ids.end(),
                                         r->document_id) == out.document_ids.end()) {
      out.document_ids.push_back(r->document_id);
    }
  }
  for (auto& [type, records] : figures) {
    for (RecordCount& rc : records) out.records.push_back(rc);
  }
  // Links the incident already had (reports from before revisions were
  // kept) are never dropped.
  for (int64_t id : base.document_ids) {
    if (std::find(out.document_ids.begin(), out.document_ids.end(), id) == out.document_ids.end()) {
      out.document_ids.push_back(id);
    }
  }
  if (out.published_on.empty()) out.published_on = base.published_on;
  return out;
}

Result<StoreIncidentOutcome> StoreIncident(Store& store, const Incident& incident,
                                           const Document& doc, const MergePolicy& policy) {
  Incident incoming = incident;
  if (incoming.published_on.empty()) incoming.published_on = doc.published_on;
  if (doc.id != 0 && std::find(incoming.document_ids.begin(), incoming.document_ids.end(),
                               doc.id) == incoming.document_ids.end()) {
    incoming.document_ids.push_back(doc.id);
  }
  IncidentRevision revision;
  revision.document_id = doc.id;
  revision.reported_on = incoming.published_on;
  revision.reported = incoming;

  MergeDecision decision;
  if (!incoming.organization_key.empty() && !incoming.published_on.empty()) {
    Result<std::vector<IncidentCandidate>> candidates = store.FindIncidentCandidates(
        incoming.organization_key, AddDays(incoming.published_on, -policy.follow_up_days),
        AddDays(incoming.published_on, policy.follow_up_days));
    if (!candidates.ok()) return candidates.status();
    decision = DecideMerge(incoming, doc.title + "\n" + doc.text, *candidates, policy);
    if (decision.incident_id != 0) {
      const IncidentCandidate* target = nullptr;
      for (const IncidentCandidate& c : *candidates) {
        if (c.incident.id == decision.incident_id) target = &c;
      }
      Result<std::vector<IncidentRevision>> history =
          store.ListIncidentRevisions(decision.incident_id);
      if (!history.ok()) return history.status();
      std::vector<IncidentRevision> all = std::move(history).value();
      if (all.empty()) {
        // An incident stored before reports were kept: its current state
        // stands for its first report.
        IncidentRevision first;
        first.incident_id = decision.incident_id;
        first.reported_on = target->incident.published_on;
        first.reported = target->incident;
        if (!target->incident.document_ids.empty()) {
          first.document_id = target->incident.document_ids.front();
        }
        all.push_back(std::move(first));
      }
      revision.incident_id = decision.incident_id;
      all.push_back(revision);
      const Incident merged = FoldRevisions(target->incident, all);
      KENCHI_RETURN_IF_ERROR(store.MergeIncident(decision.incident_id, merged, revision));
      return StoreIncidentOutcome{decision.incident_id, true, decision.reason};
    }
  } else {
    decision.reason = "new: no organisation key or disclosure date to match on";
  }

  Result<int64_t> id = store.PutIncident(incoming);
  if (!id.ok()) return id.status();
  revision.incident_id = *id;
  KENCHI_RETURN_IF_ERROR(store.AddIncidentRevision(revision));
  return StoreIncidentOutcome{*id, false, decision.reason};
}

}  // namespace kenchi::pipeline
