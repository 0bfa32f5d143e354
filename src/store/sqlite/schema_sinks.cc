// Migration: where each organisation's alerts go, and what was sent where.
//
// `sink_configs` holds one row per destination; its `settings` JSON never
// holds a secret, only the name of an environment variable or a file to
// read it from. `alert_deliveries` has one row per (alert, sink): the
// UNIQUE key is what makes "never delivered twice to the same sink" a
// property of the database rather than of the code.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view SinksSchemaSql() {
  return R"sql(
CREATE TABLE sink_configs (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('file', 'stdout', 'webhook', 'email')),
  target          TEXT NOT NULL,
  settings        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
  min_severity    TEXT NOT NULL DEFAULT 'low'
                  CHECK (min_severity IN ('low', 'medium', 'high', 'critical')),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (organization_id, kind, target)
);

CREATE TABLE alert_deliveries (
  id              INTEGER PRIMARY KEY,
  alert_id        INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  sink_id         INTEGER NOT NULL REFERENCES sink_configs (id) ON DELETE CASCADE,
  status          TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
  severity        TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  attempts        INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  last_error      TEXT NOT NULL DEFAULT '',
  last_attempt_at TEXT NOT NULL,
  delivered_at    TEXT,
  UNIQUE (alert_id, sink_id)
);
CREATE INDEX alert_deliveries_sink ON alert_deliveries (sink_id, status);
)sql";
}

}  // namespace kenchi::sqlite
