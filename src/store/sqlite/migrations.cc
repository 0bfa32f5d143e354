#include "store/sqlite/migrations.h"

#include <fmt/format.h>

#include <array>
#include <string>

#include "kenchi/store.h"
#include "store/sqlite/statement.h"

namespace kenchi::sqlite {
namespace {

constexpr std::string_view kCreateBookkeeping = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
);
)sql";

// Versions must run 1, 2, 3, ... so that "the newest version" and "how many
// migrations" are the same number and a gap can never be skipped silently.
Status CheckOrder(std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Status::Internal(fmt::format("migration list out of order: position {} has version {}",
                                          i + 1, migrations[i].version));
    }
  }
  return Status::Ok();
}

Result<int> RecordedVersion(sqlite3* db) {
  Result<std::unique_ptr<Statement>> stmt =
      Statement::Prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!stmt.ok()) return stmt.status();
  Query query(**stmt);
  Result<bool> row = query.Step();
  if (!row.ok()) return row.status().WithContext("cannot read the schema version");
  return static_cast<int>(query.Int64(0));
}

Status Record(sqlite3* db, const Migration& m) {
  Result<std::unique_ptr<Statement>> stmt = Statement::Prepare(
      db,
      "INSERT INTO schema_migrations (version, name, applied_at) "
      "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  if (!stmt.ok()) return stmt.status();
  Query query(**stmt);
  KENCHI_RETURN_IF_ERROR(query.BindAll(m.version, m.name));
  return query.Run();
}

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back on failure.
// IMMEDIATE takes the write lock up front, so two processes opening the
// same fresh database serialise here instead of failing half-way.
template <typename Body>
Status InWriteTransaction(sqlite3* db, Body body) {
  KENCHI_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  Status status = body();
  if (status.ok()) status = Exec(db, "COMMIT");
  if (!status.ok() && sqlite3_get_autocommit(db) == 0) (void)Exec(db, "ROLLBACK");
  return status;
}

Status RefuseNewer(int recorded, int known) {
  return Status::IoError(fmt::format(
      "database schema version {} is newer than this build of kenchi supports ({}); "
      "use a newer kenchi",
      recorded, known));
}

}  // namespace

Result<int> ApplyMigrations(sqlite3* db, std::span<const Migration> migrations) {
  KENCHI_RETURN_IF_ERROR(CheckOrder(migrations));
  const int known = migrations.empty() ? 0 : migrations.back().version;

  // The first write transaction doubles as the proof that the database is
  // writable: it takes the write lock even when nothing is pending.
  int version = 0;
  KENCHI_RETURN_IF_ERROR(InWriteTransaction(db, [&]() -> Status {
    KENCHI_RETURN_IF_ERROR(Exec(db, kCreateBookkeeping));
    Result<int> recorded = RecordedVersion(db);
    if (!recorded.ok()) return recorded.status();
    version = *recorded;
    return Status::Ok();
  }));
  if (version > known) return RefuseNewer(version, known);

  for (const Migration& m : migrations) {
    if (m.version <= version) continue;
    Status status = InWriteTransaction(db, [&]() -> Status {
      // Another process may have migrated between our transactions.
      Result<int> recorded = RecordedVersion(db);
      if (!recorded.ok()) return recorded.status();
      if (*recorded >= m.version) return Status::Ok();
      KENCHI_RETURN_IF_ERROR(Exec(db, m.sql));
      return Record(db, m);
    });
    if (!status.ok()) {
      return status.WithContext(fmt::format("migration {} ({}) failed", m.version, m.name));
    }
    version = m.version;
  }
  return version;
}

std::span<const Migration> KenchiMigrations() {
  static const std::array<Migration, 11> kMigrations{{
      {1, "initial schema", InitialSchemaSql()},
      {2, "ip enrichment of hosts and indicators", IpEnrichmentSchemaSql()},
      {3, "alert sinks and deliveries", SinksSchemaSql()},
      {4, "allow-lists, alert sightings, matching progress", WatchSchemaSql()},
      {5, "feed collection: source delay, pdf documents", CollectSchemaSql()},
      {6, "incident history and monthly statistics", IncidentHistorySql()},
      {7, "credential exposure owners, scan runs", ScanSchemaSql()},
      {8, "listing access kind, price basis, evidence", ListingsSchemaSql()},
      {9, "incident evidence: cause, origin, dates", IncidentEvidenceSql()},
      {10, "report subscribers and report deliveries", SubscribersSchemaSql()},
      {11, "listing sector", ListingSectorSql()},
  }};
  return kMigrations;
}

}  // namespace kenchi::sqlite

namespace kenchi {

int LatestSchemaVersion() { return sqlite::KenchiMigrations().back().version; }

}  // namespace kenchi
