// Credential exposures found by `kenchi scan`, and the scan_runs counts.
//
// An exposure's natural key is (identity, password_hash): the same pair in
// another dump, or twice in one, is one row with more sightings.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

constexpr std::string_view kExposureColumns =
    "id, document_id, identity, domain, password_hash, password_preview, COALESCE(first_seen, ''), "
    "COALESCE(last_seen, ''), COALESCE(organization_id, 0), COALESCE(asset_id, 0), matched_on, kind, "
    "url, sightings";

CredentialExposure ReadExposure(const Query& q) {
  CredentialExposure e;
  e.id = q.Int64(0);
  e.document_id = q.Int64(1);
  e.identity = q.Text(2);
  e.domain = q.Text(3);
  e.password_hash = q.Text(4);
  e.password_preview = q.Text(5);
  e.first_seen = q.Text(6);
  e.last_seen = q.Text(7);
  e.organization_id = q.Int64(8);
  e.asset_id = q.Int64(9);
  e.matched_on = q.Text(10);
  e.kind = q.Text(11);
  e.url = q.Text(12);
  e.sightings = q.Int64(13);
  return e;
}

}  // namespace

namespace {

Status CheckExposure(const CredentialExposure& e, const std::string& where) {
  if (e.identity.empty()) return Status::InvalidInput(where + ": the identity is empty");
  if (e.kind != "email" && e.kind != "url" && e.kind != "card") {
    return Status::InvalidInput(where + ": kind must be email, url or card, got \"" + e.kind + "\"");
  }
  return Status::Ok();
}

// Unqualified columns in DO UPDATE are the stored row, excluded.* the new one.
constexpr std::string_view kExposureUpsert =
    "ON CONFLICT (identity, password_hash) DO UPDATE SET "
    "last_seen = max(COALESCE(last_seen, ''), COALESCE(excluded.last_seen, '')), "
    "sightings = sightings + 1, "
    "organization_id = COALESCE(organization_id, excluded.organization_id), "
    "asset_id = COALESCE(asset_id, excluded.asset_id), "
    "matched_on = CASE WHEN matched_on = '' THEN excluded.matched_on ELSE matched_on END";

constexpr std::string_view kExposureInsertColumns =
    "document_id, identity, domain, password_hash, password_preview, first_seen, last_seen, "
    "organization_id, asset_id, matched_on, kind, url";

// Binds ?1..?12 in the order of kExposureInsertColumns.
Status BindExposure(Query& q, const CredentialExposure& e) {
  return q.BindAll(e.document_id, e.identity, e.domain, e.password_hash, e.password_preview,
                   NullIfEmpty(e.first_seen), NullIfEmpty(e.last_seen), NullIfZeroId(e.organization_id),
                   NullIfZeroId(e.asset_id), e.matched_on, e.kind, e.url);
}

}  // namespace

Result<int64_t> SqliteStore::PutCredentialExposure(const CredentialExposure& e) {
  const std::string where = fmt::format("cannot store credential exposure of {}", e.identity);
  KENCHI_RETURN_IF_ERROR(CheckExposure(e, where));
  Result<Query> q = cache_.Get(fmt::format(
      "INSERT INTO credential_exposures ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
      "{} RETURNING id",
      kExposureInsertColumns, kExposureUpsert));
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(BindExposure(*q, e));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::Internal(where + ": the upsert returned no row");
  return q->Int64(0);
}

// A scan's matches arrive by the thousand. Upserted one statement at a
// time, each statement inside the scan's transaction keeps a statement
// journal of every page it touches (foreign keys and the upsert may abort
// it half-way), which was most of a scan's storing time. So the batch goes
// into a temporary table with no key, index or constraint (no journal
// needed), and from there into credential_exposures in one statement.
Status SqliteStore::PutCredentialExposures(const std::vector<CredentialExposure>& exposures) {
  if (exposures.empty()) return Status::Ok();
  for (const CredentialExposure& e : exposures) {
    KENCHI_RETURN_IF_ERROR(CheckExposure(e, fmt::format("cannot store credential exposure of {}", e.identity)));
  }
  return Atomically([&] { return StageAndMoveExposures(exposures); });
}

Status SqliteStore::StageAndMoveExposures(const std::vector<CredentialExposure>& exposures) {
  // A rollback also undoes the table's creation, so it is asked for again
  // every time (cheap next to the rows).
  KENCHI_RETURN_IF_ERROR(Exec(db_.get(),
      "CREATE TEMP TABLE IF NOT EXISTS exposure_batch (seq INTEGER PRIMARY KEY, document_id, "
      "identity, domain, password_hash, password_preview, first_seen, last_seen, organization_id, "
      "asset_id, matched_on, kind, url)"));
  const std::string add_sql = fmt::format(
      "INSERT INTO exposure_batch ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      kExposureInsertColumns);
  for (const CredentialExposure& e : exposures) {
    Result<Query> add = cache_.Get(add_sql);  // the cached statement, reset
    if (!add.ok()) return add.status().WithContext("cannot store credential exposures");
    KENCHI_RETURN_IF_ERROR(BindExposure(*add, e));
    Result<bool> row = add->Step();
    if (!row.ok()) return row.status().WithContext("cannot store credential exposure of " + e.identity);
  }
  // "WHERE true" tells SQLite the ON CONFLICT is the upsert's, not a join's.
  Status moved = Exec(db_.get(), fmt::format("INSERT INTO credential_exposures ({0}) SELECT {0} FROM "
                                             "exposure_batch WHERE true ORDER BY seq {1}",
                                             kExposureInsertColumns, kExposureUpsert));
  Status cleared = Exec(db_.get(), "DELETE FROM exposure_batch");
  if (!moved.ok()) return moved.WithContext("cannot store credential exposures");
  return cleared;
}

Result<std::vector<CredentialExposure>> SqliteStore::ListCredentialExposures(
    const std::string& domain, int64_t limit) {
  Result<Query> q = cache_.Get(fmt::format(
      "SELECT {} FROM credential_exposures WHERE ?1 = '' OR domain = ?1 OR matched_on = ?1 "
      "ORDER BY COALESCE(last_seen, '') DESC, id DESC LIMIT ?2",
      kExposureColumns));
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(domain, limit > 0 ? limit : int64_t{-1}));
  std::vector<CredentialExposure> out;
  while (true) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list credential exposures");
    if (!*row) break;
    out.push_back(ReadExposure(*q));
  }
  return out;
}

Result<std::vector<DomainExposureCount>> SqliteStore::CountCredentialExposuresByDomain(
    const ExposureFilter& filter) {
  Result<Query> q = cache_.Get(
      "SELECT domain, count(*), sum(sightings) FROM credential_exposures "
      "WHERE kind <> 'card' AND domain <> '' "
      "AND (?1 = '' OR substr(first_seen, 1, 10) >= ?1) "
      "AND (?2 = '' OR substr(first_seen, 1, 10) <= ?2) "
      "AND (?3 = 0 OR organization_id = ?3) "
      "GROUP BY domain ORDER BY domain");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(filter.from, filter.to, filter.organization_id));
  std::vector<DomainExposureCount> out;
  while (true) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot count credential exposures");
    if (!*row) break;
    out.push_back({q->Text(0), q->Int64(1), q->Int64(2)});
  }
  return out;
}

Result<int64_t> SqliteStore::PutScanRun(const ScanRun& r) {
  Result<Query> q = cache_.Get(
      "INSERT INTO scan_runs (document_id, path, file_bytes, file_mtime, compression, format, "
      "bytes, lines, records, matched, unmatched, bad_lines, invalid_utf8_lines, matches_by_watch, "
      "started_at, finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
      "?14, ?15, ?16) RETURNING id");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(NullIfZeroId(r.document_id), r.path, r.file_bytes,
                                    NullIfEmpty(r.file_mtime), r.compression, r.format, r.bytes,
                                    r.lines, r.records, r.matched, r.unmatched, r.bad_lines,
                                    r.invalid_utf8_lines,
                                    r.matches_by_watch.empty() ? std::string("{}") : r.matches_by_watch,
                                    r.started_at, r.finished_at));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("cannot record the scan of " + r.path);
  return q->Int64(0);
}

Result<std::vector<ScanRun>> SqliteStore::ListScanRuns(int64_t limit) {
  Result<Query> q = cache_.Get(
      "SELECT id, COALESCE(document_id, 0), path, file_bytes, COALESCE(file_mtime, ''), "
      "compression, format, bytes, lines, records, matched, unmatched, bad_lines, "
      "invalid_utf8_lines, matches_by_watch, started_at, finished_at FROM scan_runs "
      "ORDER BY id DESC LIMIT ?1");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(limit > 0 ? limit : int64_t{-1}));
  std::vector<ScanRun> out;
  while (true) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list scan runs");
    if (!*row) break;
    ScanRun r;
    r.id = q->Int64(0);
    r.document_id = q->Int64(1);
    r.path = q->Text(2);
    r.file_bytes = q->Int64(3);
    r.file_mtime = q->Text(4);
    r.compression = q->Text(5);
    r.format = q->Text(6);
    r.bytes = q->Int64(7);
    r.lines = q->Int64(8);
    r.records = q->Int64(9);
    r.matched = q->Int64(10);
    r.unmatched = q->Int64(11);
    r.bad_lines = q->Int64(12);
    r.invalid_utf8_lines = q->Int64(13);
    r.matches_by_watch = q->Text(14);
    r.started_at = q->Text(15);
    r.finished_at = q->Text(16);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace kenchi::sqlite
