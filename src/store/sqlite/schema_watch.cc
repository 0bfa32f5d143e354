// Migration: allow-lists, alert sightings and evidence, matching progress.
//
// - `allow_list` holds known noise, per organisation or global (NULL
//   organisation). The unique index folds NULL to 0 because SQLite treats
//   NULLs as distinct in a UNIQUE constraint, which would let the same
//   global entry be added twice.
// - `alert_sightings` records every fact that produced an alert, so that
//   matching the same fact again (a re-run) is not a new sighting while the
//   same finding in another fact (the credential in a second dump) is.
// - `match_progress` is the matcher's watermark per fact kind, valid for the
//   watchlists whose fingerprint it names: when the watchlists change, every
//   row is matched again (and deduplicated by the alerts' keys).
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view WatchSchemaSql() {
  return R"sql(
CREATE TABLE allow_list (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,  -- NULL: global
  kind            TEXT NOT NULL CHECK (kind IN ('term', 'domain', 'network')),
  value           TEXT NOT NULL CHECK (length(value) > 0),
  reason          TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE UNIQUE INDEX allow_list_key ON allow_list (COALESCE(organization_id, 0), kind, value);

ALTER TABLE assets ADD COLUMN label TEXT NOT NULL DEFAULT '';

ALTER TABLE alerts ADD COLUMN matched TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL;
ALTER TABLE alerts ADD COLUMN status_note TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN status_changed_at TEXT;
CREATE INDEX alerts_document ON alerts (document_id);

CREATE TABLE alert_sightings (
  alert_id    INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  fact_kind   TEXT NOT NULL CHECK (length(fact_kind) > 0),
  fact_id     INTEGER NOT NULL,
  document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  seen_at     TEXT NOT NULL,
  PRIMARY KEY (alert_id, fact_kind, fact_id)
);

CREATE TABLE match_progress (
  fact_kind     TEXT PRIMARY KEY CHECK (length(fact_kind) > 0),
  fingerprint   TEXT NOT NULL,
  matched_up_to INTEGER NOT NULL DEFAULT 0 CHECK (matched_up_to >= 0)
);
)sql";
}

}  // namespace kenchi::sqlite
