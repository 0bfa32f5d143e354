// Migration: incident history (one row per report of an incident) and the
// monthly incident statistics that `kenchi stats` reads.
//
// incident_revisions keeps every document's own account of an incident —
// the figures, types and dates as that document stated them — so that
// merging several reports into one incident loses nothing and `kenchi
// incidents show` can tell how the counts evolved. Types and records are
// JSON arrays: a revision is read and written whole, never queried by
// part, and a second pair of child tables would only mirror
// incident_types/incident_records.
//
// incident_stats_monthly is a precomputed aggregate per disclosure month
// (the month of incidents.published_on): incidents, incidents per type,
// and records at risk per data type and qualifier. Triggers on incidents,
// incident_types and incident_records keep it exact on every insert,
// delete and update, whichever code path writes them, so statistics over a
// year read a few hundred rows instead of joining every incident.
// Undated incidents (published_on NULL) are not in it.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view IncidentHistorySql() {
  return R"sql(
CREATE TABLE incident_revisions (
  id             INTEGER PRIMARY KEY,
  incident_id    INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  document_id    INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  -- the reporting document's disclosure date: orders the history
  reported_on    TEXT CHECK (reported_on IS NULL
                     OR reported_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  organization   TEXT NOT NULL DEFAULT '',
  occurred_on    TEXT,
  discovered_on  TEXT,
  cause          TEXT NOT NULL DEFAULT '',
  origin_country TEXT,
  -- ["unauthorized_access", ...]
  types          TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(types) AND json_type(types) = 'array'),
  -- [{"data_type": "credit_card", "count": 5892, "qualifier": "exact",
  --   "begin": 120, "end": 131}, ...]; the evidence is in document_id
  records        TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(records) AND json_type(records) = 'array'),
  recorded_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (incident_id, document_id)
);
CREATE INDEX incident_revisions_document ON incident_revisions (document_id);

-- Existing incidents get their one known report as the first revision.
INSERT INTO incident_revisions (incident_id, document_id, reported_on, organization,
                                occurred_on, discovered_on, cause, origin_country, types, records)
SELECT i.id, d.document_id, i.published_on, i.organization, i.occurred_on, i.discovered_on,
       i.cause, i.origin_country,
       (SELECT json_group_array(t.type) FROM incident_types AS t WHERE t.incident_id = i.id),
       (SELECT json_group_array(json_object('data_type', r.data_type, 'count', r.count,
                                            'qualifier', r.qualifier, 'begin', r.evidence_begin,
                                            'end', r.evidence_end))
          FROM incident_records AS r WHERE r.incident_id = i.id)
FROM incidents AS i
JOIN (SELECT incident_id, min(document_id) AS document_id FROM incident_documents
      GROUP BY incident_id) AS d ON d.incident_id = i.id;

-- dimension 'incidents': key '' — incidents disclosed that month
-- dimension 'type':      key = type — incidents of that type
-- dimension 'records':   key = data type, qualifier set — `incidents` counts
--                        record rows (one per incident and data type as a
--                        rule), `total` sums their counts
CREATE TABLE incident_stats_monthly (
  month     TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  dimension TEXT NOT NULL CHECK (dimension IN ('incidents', 'type', 'records')),
  key       TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  incidents INTEGER NOT NULL,
  total     INTEGER NOT NULL,
  PRIMARY KEY (month, dimension, key, qualifier)
) WITHOUT ROWID;

INSERT INTO incident_stats_monthly
SELECT substr(published_on, 1, 7), 'incidents', '', '', count(*), 0
FROM incidents WHERE published_on IS NOT NULL GROUP BY 1;
INSERT INTO incident_stats_monthly
SELECT substr(i.published_on, 1, 7), 'type', t.type, '', count(*), 0
FROM incidents AS i JOIN incident_types AS t ON t.incident_id = i.id
WHERE i.published_on IS NOT NULL GROUP BY 1, 3;
INSERT INTO incident_stats_monthly
SELECT substr(i.published_on, 1, 7), 'records', r.data_type, r.qualifier, count(*), sum(r.count)
FROM incidents AS i JOIN incident_records AS r ON r.incident_id = i.id
WHERE i.published_on IS NOT NULL GROUP BY 1, 3, 4;

-- Every trigger adds a signed delta; the upsert creates the cell on first use.
CREATE TRIGGER incident_stats_incident_insert AFTER INSERT ON incidents
WHEN new.published_on IS NOT NULL BEGIN
  INSERT INTO incident_stats_monthly VALUES (substr(new.published_on, 1, 7), 'incidents', '', '', 1, 0)
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;

-- BEFORE: the incident's types and records are still there to subtract.
-- Their own delete triggers, fired by the cascade, then find no incident
-- and do nothing.
CREATE TRIGGER incident_stats_incident_delete BEFORE DELETE ON incidents
WHEN old.published_on IS NOT NULL BEGIN
  INSERT INTO incident_stats_monthly VALUES (substr(old.published_on, 1, 7), 'incidents', '', '', -1, 0)
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(old.published_on, 1, 7), 'type', type, '', -1, 0
  FROM incident_types WHERE incident_id = old.id
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(old.published_on, 1, 7), 'records', data_type, qualifier, -count(*), -sum(count)
  FROM incident_records WHERE incident_id = old.id GROUP BY data_type, qualifier
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;

-- A merge can move the disclosure date (an earlier report arrives late):
-- the incident and everything it counts move to the new month.
CREATE TRIGGER incident_stats_incident_redate AFTER UPDATE OF published_on ON incidents
WHEN substr(old.published_on, 1, 7) IS NOT substr(new.published_on, 1, 7) BEGIN
  INSERT INTO incident_stats_monthly
  SELECT substr(old.published_on, 1, 7), 'incidents', '', '', -1, 0
  WHERE old.published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(old.published_on, 1, 7), 'type', type, '', -1, 0
  FROM incident_types WHERE incident_id = old.id AND old.published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(old.published_on, 1, 7), 'records', data_type, qualifier, -count(*), -sum(count)
  FROM incident_records WHERE incident_id = old.id AND old.published_on IS NOT NULL
  GROUP BY data_type, qualifier
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(new.published_on, 1, 7), 'incidents', '', '', 1, 0
  WHERE new.published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(new.published_on, 1, 7), 'type', type, '', 1, 0
  FROM incident_types WHERE incident_id = new.id AND new.published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(new.published_on, 1, 7), 'records', data_type, qualifier, count(*), sum(count)
  FROM incident_records WHERE incident_id = new.id AND new.published_on IS NOT NULL
  GROUP BY data_type, qualifier
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;

CREATE TRIGGER incident_stats_type_insert AFTER INSERT ON incident_types BEGIN
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'type', new.type, '', 1, 0
  FROM incidents WHERE id = new.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;
CREATE TRIGGER incident_stats_type_delete AFTER DELETE ON incident_types BEGIN
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'type', old.type, '', -1, 0
  FROM incidents WHERE id = old.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;
CREATE TRIGGER incident_stats_type_update AFTER UPDATE ON incident_types BEGIN
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'type', old.type, '', -1, 0
  FROM incidents WHERE id = old.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'type', new.type, '', 1, 0
  FROM incidents WHERE id = new.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;

CREATE TRIGGER incident_stats_record_insert AFTER INSERT ON incident_records BEGIN
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'records', new.data_type, new.qualifier, 1, new.count
  FROM incidents WHERE id = new.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;
CREATE TRIGGER incident_stats_record_delete AFTER DELETE ON incident_records BEGIN
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'records', old.data_type, old.qualifier, -1, -old.count
  FROM incidents WHERE id = old.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;
CREATE TRIGGER incident_stats_record_update
AFTER UPDATE OF incident_id, data_type, qualifier, count ON incident_records BEGIN
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'records', old.data_type, old.qualifier, -1, -old.count
  FROM incidents WHERE id = old.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
  INSERT INTO incident_stats_monthly
  SELECT substr(published_on, 1, 7), 'records', new.data_type, new.qualifier, 1, new.count
  FROM incidents WHERE id = new.incident_id AND published_on IS NOT NULL
  ON CONFLICT (month, dimension, key, qualifier)
  DO UPDATE SET incidents = incidents + excluded.incidents, total = total + excluded.total;
END;
)sql";
}

}  // namespace kenchi::sqlite
