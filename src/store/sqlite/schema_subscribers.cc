// Migration 10: report subscribers and the record of which report went to
// whom.
//
// A report is identified by its key (period, organisation, language; see
// kenchi/report/mail.h). The UNIQUE (subscriber, report_key) row is what
// makes "never the same report twice" a property of the database: a
// delivered row is never sent again, a failed one is retried.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view SubscribersSchemaSql() {
  return R"sql(
CREATE TABLE subscribers (
  id              INTEGER PRIMARY KEY,
  email           TEXT NOT NULL CHECK (email <> ''),
  lang            TEXT NOT NULL CHECK (lang IN ('ja', 'en')),
  organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
  attach_pdf      INTEGER NOT NULL DEFAULT 0 CHECK (attach_pdf IN (0, 1)),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE UNIQUE INDEX subscribers_unique ON subscribers (lower(email), COALESCE(organization_id, 0));

CREATE TABLE report_deliveries (
  id              INTEGER PRIMARY KEY,
  subscriber_id   INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  report_key      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  last_error      TEXT NOT NULL DEFAULT '',
  last_attempt_at TEXT NOT NULL,
  delivered_at    TEXT,
  UNIQUE (subscriber_id, report_key)
);
)sql";
}

}  // namespace kenchi::sqlite
