// Versioned schema migrations for the SQLite store.
//
// A migration is (version, name, SQL). Versions start at 1 and increase by
// one; a migration, once released, is never edited: a change to the schema
// is a new migration appended to the list. Each pending migration runs in
// its own transaction together with the schema_migrations row recording it,
// so a crash mid-way leaves the database at the previous version, never in
// between.
#pragma once

#include <sqlite3.h>

#include <span>
#include <string_view>

#include "kenchi/status.h"

namespace kenchi::sqlite {

struct Migration {
  int version = 0;
  std::string_view name;
  std::string_view sql;  // may hold several statements
};

// The migrations of this build, oldest first.
std::span<const Migration> KenchiMigrations();

// The SQL of migration 1: the whole data model of kenchi/model.h.
std::string_view InitialSchemaSql();

// Listing columns: access kind, price basis, language, summary, evidence spans
// (schema_listings.cc).
std::string_view ListingsSchemaSql();
// Migration: country, ASN, AS organisation, provider and dataset version on
// compromised hosts and indicators (schema_enrich.cc).
std::string_view IpEnrichmentSchemaSql();

// Migration: sink configurations and alert delivery records (schema_sinks.cc).
std::string_view SinksSchemaSql();

// Migration: allow-lists, asset labels, alert evidence and sightings, and
// the matcher's progress (schema_watch.cc).
std::string_view WatchSchemaSql();

// Migration: feed collection: sources.delay_ms, documents.format accepts 'pdf'
// (schema_collect.cc).
std::string_view CollectSchemaSql();

// Migration 6: incident history (revisions) and monthly incident statistics.
std::string_view IncidentHistorySql();

// Migration: credential exposures' owner and kind, and scan_runs (schema_scan.cc).
std::string_view ScanSchemaSql();

// Migration: evidence spans of an incident's cause, origin and dates
// (schema_incident_evidence.cc).
std::string_view IncidentEvidenceSql();

// Migration 10: who receives the monthly report, and which report went to
// whom (schema_subscribers.cc).
std::string_view SubscribersSchemaSql();

// Migration 11: listings.sector and its evidence span (schema_listing_sector.cc).
std::string_view ListingSectorSql();

// Brings `db` up to the last version in `migrations` and returns the
// resulting version. Fails (changing nothing) when the database records a
// version newer than the list knows, which means it was written by a newer
// kenchi. `migrations` must be ordered with versions 1, 2, 3, ...
Result<int> ApplyMigrations(sqlite3* db, std::span<const Migration> migrations);

}  // namespace kenchi::sqlite
