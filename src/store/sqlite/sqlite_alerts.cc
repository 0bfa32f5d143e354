// Alerts, their sightings, and what the matcher reads and remembers.
//
// An alert is keyed by its dedup key. Each fact that produced it is a row of
// `alert_sightings`; a re-run that matches the same fact again finds that
// row and changes nothing, a different fact with the same finding (the same
// credential in a second dump) adds a sighting.
#include <fmt/format.h>

#include <array>
#include <ctime>

#include "store/sqlite/sqlite_store.h"
#include "kenchi/clock.h"

namespace kenchi::sqlite {
namespace {

int Rank(Severity s) { return static_cast<int>(s); }

// The domain of "user@host", lowercase; empty when there is no '@'.
std::string DomainOfIdentity(std::string_view identity) {
  const size_t at = identity.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string d(identity.substr(at + 1));
  for (char& c : d) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return d;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The host of a URL ("https://user@Host.example:8443/x" -> "host.example").
std::string HostOfUrl(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view auth = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
  if (size_t at = auth.rfind('@'); at != std::string_view::npos) auth = auth.substr(at + 1);
  if (!auth.empty() && auth.front() == '[') return {};  // an IPv6 literal: not a domain
  if (size_t colon = auth.find(':'); colon != std::string_view::npos) auth = auth.substr(0, colon);
  return Lower(std::string(auth));
}

// One SELECT per fact kind. Every query yields the same columns:
// id, document_id, natural_key, text, domain-ish value, ip, asn, detail,
// has_secret, seen_at, summary; the C++ below finishes domains of identities and URLs.
struct FactQuery {
  std::string_view kind;
  std::string_view sql;  // ?1 = after id, ?2 = limit
};

constexpr std::array<FactQuery, 6> kFactQueries{{
    {"document",
     "SELECT id, id, content_hash, title || char(10) || text, '', '', 0, source, 0, "
     "COALESCE(fetched_at, ingested_at), uri FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2"},
    {"incident",
     "SELECT i.id, COALESCE(i.organization_document_id, (SELECT min(document_id) FROM "
     "incident_documents WHERE incident_id = i.id), 0), "
     "i.organization_key || '|' || COALESCE(i.published_on, ''), i.organization, '', '', 0, '', 0, "
     "i.created_at, i.organization FROM incidents AS i WHERE i.id > ?1 ORDER BY i.id LIMIT ?2"},
    // A listing is matched on its target; when the extractor found none,
    // on the text of the post it came from.
    {"listing",
     "SELECT l.id, l.document_id, l.offering || '|' || lower(l.target_organization) || '|' || "
     "l.seller, CASE WHEN l.target_organization <> '' THEN l.target_organization "
     "ELSE d.title || char(10) || d.text END, '', '', 0, l.offering, 0, "
     "COALESCE(l.posted_at, d.fetched_at, d.ingested_at), "
     "trim(l.offering || ' ' || l.target_organization) "
     "FROM listings AS l JOIN documents AS d ON d.id = l.document_id "
     "WHERE l.id > ?1 ORDER BY l.id LIMIT ?2"},
    {"credential_exposure",
     // A card number is stored masked ("453201******0366"): its visible
     // digits are matched as a BIN mention.
     "SELECT id, document_id, identity || '|' || password_hash, "
     "CASE WHEN kind = 'card' THEN 'BIN ' || replace(substr(identity, 1, 8), '*', '') ELSE '' END, "
     "CASE WHEN domain <> '' THEN domain ELSE identity END, '', 0, '', password_hash <> '', "
     "COALESCE(last_seen, first_seen, ''), identity FROM credential_exposures "
     "WHERE id > ?1 ORDER BY id LIMIT ?2"},
    {"compromised_host",
     "SELECT id, document_id, ip || '|' || port || '|' || username || '|' || password_hash, '', "
     "'', ip, asn, service, (password_hash <> '' OR username <> ''), COALESCE(first_seen, ''), "
     "trim(ip || ':' || port || ' ' || service) FROM compromised_hosts WHERE id > ?1 ORDER BY id LIMIT ?2"},
    {"indicator",
     "SELECT id, document_id, type || '|' || value, '', "
     "CASE WHEN type IN ('domain', 'url', 'email') THEN value ELSE '' END, "
     "CASE WHEN type IN ('ipv4', 'ipv6') THEN value ELSE '' END, asn, type, 0, "
     "COALESCE(last_seen, first_seen, ''), type || ' ' || value FROM indicators WHERE id > ?1 ORDER BY id LIMIT ?2"},
}};

constexpr std::string_view kAlertColumns =
    "SELECT a.id, a.organization_id, COALESCE(a.asset_id, 0), a.fact_kind, a.fact_id, a.severity, "
    "a.status, a.dedup_key, a.title, a.evidence, a.matched, COALESCE(a.document_id, 0), "
    "a.first_seen, a.last_seen, a.sightings, a.status_note, o.name, COALESCE(s.kind, ''), "
    "COALESCE(s.value, ''), COALESCE(d.uri, ''), COALESCE(d.source, '') "
    "FROM alerts AS a JOIN organizations AS o ON o.id = a.organization_id "
    "LEFT JOIN assets AS s ON s.id = a.asset_id LEFT JOIN documents AS d ON d.id = a.document_id ";

Result<Alert> ReadAlert(const Query& q) {
  Alert a;
  a.id = q.Int64(0);
  a.organization_id = q.Int64(1);
  a.asset_id = q.Int64(2);
  a.fact_kind = q.Text(3);
  a.fact_id = q.Int64(4);
  std::optional<Severity> severity = ParseSeverity(q.Text(5));
  std::optional<AlertStatus> status = ParseAlertStatus(q.Text(6));
  if (!severity || !status) {
    return Status::IoError(fmt::format("alert {}: unknown severity \"{}\" or status \"{}\"", a.id,
                                       q.Text(5), q.Text(6)));
  }
  a.severity = *severity;
  a.status = *status;
  a.dedup_key = q.Text(7);
  a.title = q.Text(8);
  a.evidence = q.Text(9);
  a.matched = q.Text(10);
  a.document_id = q.Int64(11);
  a.first_seen = q.Text(12);
  a.last_seen = q.Text(13);
  a.sightings = q.Int64(14);
  a.status_note = q.Text(15);
  a.organization_name = q.Text(16);
  if (std::optional<AssetKind> kind = ParseAssetKind(q.Text(17))) a.asset_kind = *kind;
  a.asset_value = q.Text(18);
  a.document_uri = q.Text(19);
  a.document_source = q.Text(20);
  return a;
}

}  // namespace

// ---- facts for matching ------------------------------------------------------------

Result<std::vector<MatchableFact>> SqliteStore::ListFactsForMatching(const std::string& kind,
                                                                     int64_t after_id, int limit) {
  const std::string where = fmt::format("cannot read {} rows for matching", kind);
  if (limit <= 0) return Status::InvalidInput(where + ": limit must be positive");
  const FactQuery* fq = nullptr;
  for (const FactQuery& candidate : kFactQueries) {
    if (candidate.kind == kind) fq = &candidate;
  }
  if (!fq) return Status::InvalidInput(fmt::format("unknown fact kind \"{}\"", kind));
  Result<Query> q = cache_.Get(fq->sql);
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(after_id, limit));
  std::vector<MatchableFact> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    MatchableFact f;
    f.kind = kind;
    f.id = q->Int64(0);
    f.document_id = q->Int64(1);
    f.natural_key = q->Text(2);
    f.text = q->Text(3);
    std::string domainish = q->Text(4);
    f.ip = q->Text(5);
    f.asn = q->Int64(6);
    f.detail = q->Text(7);
    f.has_secret = q->Int64(8) != 0;
    f.seen_at = q->Text(9);
    f.summary = q->Text(10);
    if (kind == "credential_exposure") {
      f.domain = domainish.find('@') != std::string::npos ? DomainOfIdentity(domainish)
                                                          : Lower(domainish);
    } else if (kind == "indicator") {
      if (f.detail == "url") f.domain = HostOfUrl(domainish);
      else if (f.detail == "email") f.domain = DomainOfIdentity(domainish);
      else f.domain = Lower(domainish);
    }
    out.push_back(std::move(f));
  }
  return out;
}

Result<int64_t> SqliteStore::GetMatchedUpTo(const std::string& kind, const std::string& fingerprint) {
  Result<Query> q = cache_.Get(
      "SELECT matched_up_to FROM match_progress WHERE fact_kind = ?1 AND fingerprint = ?2");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(kind, fingerprint));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("cannot read the matching progress");
  return *row ? q->Int64(0) : int64_t{0};
}

Status SqliteStore::SetMatchedUpTo(const std::string& kind, const std::string& fingerprint,
                                   int64_t id) {
  Result<Query> q = cache_.Get(
      "INSERT INTO match_progress (fact_kind, fingerprint, matched_up_to) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (fact_kind) DO UPDATE SET fingerprint = excluded.fingerprint, "
      "matched_up_to = excluded.matched_up_to");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(kind, fingerprint, id));
  return q->Run().WithContext("cannot record the matching progress");
}

// ---- alerts ------------------------------------------------------------------------

Result<UpsertAlertOutcome> SqliteStore::UpsertAlert(const Alert& alert) {
  const std::string where = fmt::format("cannot store alert \"{}\"", alert.title);
  if (alert.dedup_key.empty()) return Status::InvalidInput(where + ": the dedup key is empty");
  if (alert.fact_kind.empty()) return Status::InvalidInput(where + ": the fact kind is empty");
  const std::string now = NowIsoUtc();
  const std::string first_seen = alert.first_seen.empty() ? now : alert.first_seen;
  const std::string last_seen = alert.last_seen.empty() ? first_seen : alert.last_seen;

  UpsertAlertOutcome outcome;
  Status status = Atomically([&]() -> Status {
    Result<Query> find = cache_.Get("SELECT id, severity, status FROM alerts WHERE dedup_key = ?1");
    if (!find.ok()) return find.status();
    KENCHI_RETURN_IF_ERROR(find->BindAll(alert.dedup_key));
    Result<bool> found = find->Step();
    if (!found.ok()) return found.status();
    std::optional<Severity> old_severity;
    std::string old_status;
    if (*found) {
      outcome.alert_id = find->Int64(0);
      old_severity = ParseSeverity(find->Text(1));
      old_status = find->Text(2);
    }
    if (!*found) {
      Result<Query> insert = cache_.Get(
          "INSERT INTO alerts (organization_id, asset_id, fact_kind, fact_id, severity, status, "
          "dedup_key, title, evidence, matched, document_id, first_seen, last_seen, sightings) "
          "VALUES (?1, ?2, ?3, ?4, ?5, 'new', ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1) RETURNING id");
      if (!insert.ok()) return insert.status();
      KENCHI_RETURN_IF_ERROR(insert->BindAll(
          alert.organization_id, NullIfZeroId(alert.asset_id), alert.fact_kind, alert.fact_id,
          ToString(alert.severity), alert.dedup_key, alert.title, alert.evidence, alert.matched,
          NullIfZeroId(alert.document_id), first_seen, last_seen));
      Result<bool> row = insert->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Internal("INSERT ... RETURNING gave no id");
      outcome.alert_id = insert->Int64(0);
      outcome.inserted = true;
    }
    Result<Query> sighting = cache_.Get(
        "INSERT INTO alert_sightings (alert_id, fact_kind, fact_id, document_id, seen_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (alert_id, fact_kind, fact_id) DO NOTHING "
        "RETURNING alert_id");
    if (!sighting.ok()) return sighting.status();
    KENCHI_RETURN_IF_ERROR(sighting->BindAll(outcome.alert_id, alert.fact_kind, alert.fact_id,
                                             NullIfZeroId(alert.document_id), last_seen));
    Result<bool> added = sighting->Step();
    if (!added.ok()) return added.status();
    outcome.new_sighting = *added;
    if (outcome.inserted || !outcome.new_sighting) return Status::Ok();

    // A new sighting of a known finding.
    const Severity severity =
        old_severity && Rank(*old_severity) > Rank(alert.severity) ? *old_severity : alert.severity;
    outcome.reopened = old_status == "resolved";
    Result<Query> update = cache_.Get(
        "UPDATE alerts SET sightings = sightings + 1, last_seen = max(last_seen, ?2), "
        "severity = ?3, status = CASE WHEN status = 'resolved' THEN 'new' ELSE status END "
        "WHERE id = ?1");
    if (!update.ok()) return update.status();
    KENCHI_RETURN_IF_ERROR(update->BindAll(outcome.alert_id, last_seen, ToString(severity)));
    return update->Run();
  });
  if (!status.ok()) return status.WithContext(where);
  return outcome;
}

Result<std::vector<Alert>> SqliteStore::ListAlerts(const AlertFilter& filter) {
  const std::string where = "cannot list alerts";
  if (filter.limit < 0) return Status::InvalidInput(where + ": limit must be >= 0");
  const std::string sql = std::string(kAlertColumns) +
      "WHERE (?1 = 0 OR a.organization_id = ?1) AND (?2 IS NULL OR a.status = ?2) "
      "AND (CASE a.severity WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 "
      "ELSE 3 END) >= ?3 AND a.id > ?4 ORDER BY a.id LIMIT ?5";
  Result<Query> q = cache_.Get(sql);
  if (!q.ok()) return q.status().WithContext(where);
  std::optional<std::string_view> status;
  if (filter.status) status = ToString(*filter.status);
  const int64_t min_rank = filter.min_severity ? Rank(*filter.min_severity) : 0;
  KENCHI_RETURN_IF_ERROR(q->BindAll(filter.organization_id, status, min_rank, filter.after_id,
                                    filter.limit == 0 ? int64_t{-1} : filter.limit));
  std::vector<Alert> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    Result<Alert> alert = ReadAlert(*q);
    if (!alert.ok()) return alert.status().WithContext(where);
    out.push_back(std::move(alert).value());
  }
  return out;
}

Result<Alert> SqliteStore::GetAlert(int64_t id) {
  Result<Query> q = cache_.Get(std::string(kAlertColumns) + "WHERE a.id = ?1");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(id));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot load alert {}", id));
  if (!*row) return Status::NotFound(fmt::format("no alert with id {}", id));
  return ReadAlert(*q);
}

Status SqliteStore::SetAlertStatus(int64_t id, AlertStatus status, const std::string& note) {
  Result<Query> q = cache_.Get(
      "UPDATE alerts SET status = ?2, status_note = ?3, "
      "status_changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(id, ToString(status), note));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot change alert {}", id));
  if (!*row) return Status::NotFound(fmt::format("no alert with id {}", id));
  return Status::Ok();
}

}  // namespace kenchi::sqlite
