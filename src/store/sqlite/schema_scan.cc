// Migration: what `kenchi scan` adds to credential exposures, and the
// scan_runs table that keeps the counts of every scanned dump (the only
// trace of lines that matched no watchlist).
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view ScanSchemaSql() {
  return R"sql(
ALTER TABLE credential_exposures ADD COLUMN organization_id INTEGER
  REFERENCES organizations (id) ON DELETE SET NULL;
ALTER TABLE credential_exposures ADD COLUMN asset_id INTEGER
  REFERENCES assets (id) ON DELETE SET NULL;
ALTER TABLE credential_exposures ADD COLUMN matched_on TEXT NOT NULL DEFAULT '';
ALTER TABLE credential_exposures ADD COLUMN kind TEXT NOT NULL DEFAULT 'email'
  CHECK (kind IN ('email', 'url', 'card'));
ALTER TABLE credential_exposures ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE credential_exposures ADD COLUMN sightings INTEGER NOT NULL DEFAULT 1
  CHECK (sightings >= 1);
CREATE INDEX credential_exposures_organization ON credential_exposures (organization_id);
CREATE INDEX credential_exposures_matched_on ON credential_exposures (matched_on);

-- One row per scanned dump file, written in the same transaction as its
-- exposures: a row here means the file's results are complete.
CREATE TABLE scan_runs (
  id                 INTEGER PRIMARY KEY,
  document_id        INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  path               TEXT NOT NULL CHECK (length(path) > 0),
  file_bytes         INTEGER NOT NULL CHECK (file_bytes >= 0),
  file_mtime         TEXT,
  compression        TEXT NOT NULL,
  format             TEXT NOT NULL CHECK (format IN ('combolist', 'csv', 'sql')),
  bytes              INTEGER NOT NULL CHECK (bytes >= 0),
  lines              INTEGER NOT NULL CHECK (lines >= 0),
  records            INTEGER NOT NULL CHECK (records >= 0),
  matched            INTEGER NOT NULL CHECK (matched >= 0),
  unmatched          INTEGER NOT NULL CHECK (unmatched >= 0),
  bad_lines          INTEGER NOT NULL CHECK (bad_lines >= 0),
  invalid_utf8_lines INTEGER NOT NULL CHECK (invalid_utf8_lines >= 0),
  matches_by_watch   TEXT NOT NULL DEFAULT '{}',
  started_at         TEXT NOT NULL,
  finished_at        TEXT NOT NULL
);
CREATE INDEX scan_runs_path ON scan_runs (path);
)sql";
}

}  // namespace kenchi::sqlite
