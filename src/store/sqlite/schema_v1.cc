// Migration 1: the whole data model of kenchi/model.h.
//
// Conventions, so that every table reads the same way:
// - Closed enums are TEXT holding the stable names of src/model/names.cc,
//   each guarded by a CHECK listing them. Renaming a name needs a new
//   migration (tests compare these lists with ToString()).
// - Optional dates and strings that mean "unknown" when empty are NULL, so
//   that they sort last and test as unknown; required text is NOT NULL.
// - Calendar dates are 'YYYY-MM-DD' (checked); timestamps are ISO 8601 UTC.
// - Facts point back to the documents they came from. A fact that came
//   from exactly one document is deleted with it; an incident, which may be
//   reported by many documents, keeps living and only loses the link.
// - No plaintext password is ever stored: only a keyed hash and a masked
//   preview.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view InitialSchemaSql() {
  return R"sql(
-- ---- sources and documents ----------------------------------------------

-- Feeds and other polled sources; conditional-GET state lives here.
CREATE TABLE sources (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  kind           TEXT NOT NULL CHECK (length(kind) > 0),  -- 'file', 'rss', 'atom', ...
  url            TEXT,
  etag           TEXT,
  last_modified  TEXT,
  last_polled_at TEXT,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- `source` is a name ("file" or a source's name), not a foreign key: files
-- given on the command line are documents without a registered source.
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE
               CHECK (length(content_hash) = 64 AND content_hash NOT GLOB '*[^0-9a-f]*'),
  source       TEXT NOT NULL,
  uri          TEXT NOT NULL,
  format       TEXT NOT NULL CHECK (format IN ('text', 'html', 'jsonl')),
  encoding     TEXT NOT NULL CHECK (encoding IN ('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be',
                                                 'shift_jis', 'euc-jp', 'iso-2022-jp')),
  title        TEXT NOT NULL DEFAULT '',
  text         TEXT NOT NULL DEFAULT '',
  raw          BLOB NOT NULL,                    -- one zstd frame
  raw_size     INTEGER NOT NULL CHECK (raw_size >= 0),  -- bytes before compression
  published_on TEXT CHECK (published_on IS NULL
                           OR published_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  fetched_at   TEXT,
  ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_uri ON documents (uri);
CREATE INDEX documents_published_on ON documents (published_on);

-- Trigram index over title and text: substring search for Japanese and
-- Chinese without a word segmenter. External content: the text is stored
-- once, in `documents`, and the triggers below keep the index in step.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
  title, text,
  content = 'documents', content_rowid = 'id',
  tokenize = 'trigram'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
  VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text)
  VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- ---- incidents -------------------------------------------------------------

CREATE TABLE incidents (
  id                       INTEGER PRIMARY KEY,
  organization             TEXT NOT NULL CHECK (length(organization) > 0),
  organization_key         TEXT NOT NULL,
  published_on             TEXT CHECK (published_on IS NULL
                               OR published_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  occurred_on              TEXT CHECK (occurred_on IS NULL
                               OR occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  discovered_on            TEXT CHECK (discovered_on IS NULL
                               OR discovered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  cause                    TEXT NOT NULL DEFAULT '',
  origin_country           TEXT CHECK (origin_country IS NULL
                                       OR (length(origin_country) = 2
                                           AND origin_country GLOB '[A-Z][A-Z]')),
  -- where the organisation's name was found (NULL document: not recorded)
  organization_document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  organization_begin       INTEGER NOT NULL DEFAULT 0,
  organization_end         INTEGER NOT NULL DEFAULT 0,
  created_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (organization_end >= organization_begin)
);
CREATE INDEX incidents_published_on ON incidents (published_on);
CREATE INDEX incidents_organization_key ON incidents (organization_key);
CREATE INDEX incidents_organization_document ON incidents (organization_document_id);

CREATE TABLE incident_types (
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  type        TEXT NOT NULL CHECK (type IN (
                'unauthorized_access', 'defacement', 'spam_relay', 'personal_data_leak',
                'card_data_leak', 'ransomware', 'misconfiguration', 'malware', 'phishing',
                'insider', 'lost_device', 'other')),
  PRIMARY KEY (incident_id, type)
);

CREATE TABLE incident_records (
  id                   INTEGER PRIMARY KEY,
  incident_id          INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  data_type            TEXT NOT NULL CHECK (data_type IN (
                         'personal_info', 'credit_card', 'email_address', 'password',
                         'bank_account', 'my_number', 'phone', 'address', 'other')),
  count                INTEGER NOT NULL CHECK (count >= 0),
  qualifier            TEXT NOT NULL CHECK (qualifier IN (
                         'exact', 'approx', 'upper_bound', 'lower_bound')),
  evidence_document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  evidence_begin       INTEGER NOT NULL DEFAULT 0,
  evidence_end         INTEGER NOT NULL DEFAULT 0,
  CHECK (evidence_end >= evidence_begin)
);
CREATE INDEX incident_records_incident ON incident_records (incident_id);
CREATE INDEX incident_records_document ON incident_records (evidence_document_id);

-- Every document that reported an incident.
CREATE TABLE incident_documents (
  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, document_id)
);
CREATE INDEX incident_documents_document ON incident_documents (document_id);

-- ---- underground listings, dumps, indicators -------------------------------

CREATE TABLE listings (
  id                  INTEGER PRIMARY KEY,
  document_id         INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  offering            TEXT NOT NULL CHECK (offering IN (
                        'data_sale', 'access_sale', 'credential_sale', 'verification_service',
                        'cards', 'bank_accounts', 'id_documents', 'tools', 'other')),
  target_organization TEXT NOT NULL DEFAULT '',
  target_country      TEXT,
  volume              INTEGER CHECK (volume IS NULL OR volume >= 0),
  price               REAL CHECK (price IS NULL OR price >= 0),
  currency            TEXT NOT NULL DEFAULT '',
  seller              TEXT NOT NULL DEFAULT '',
  contact             TEXT NOT NULL DEFAULT '',
  posted_at           TEXT
);
CREATE INDEX listings_document ON listings (document_id);
CREATE INDEX listings_target_organization ON listings (target_organization);

CREATE TABLE listing_data_types (
  listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  data_type  TEXT NOT NULL CHECK (data_type IN (
               'personal_info', 'credit_card', 'email_address', 'password',
               'bank_account', 'my_number', 'phone', 'address', 'other')),
  PRIMARY KEY (listing_id, data_type)
);

-- A credential seen in a dump: the natural key is who and which (hashed)
-- password, so the same pair seen again updates last_seen.
CREATE TABLE credential_exposures (
  id               INTEGER PRIMARY KEY,
  document_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  identity         TEXT NOT NULL CHECK (length(identity) > 0),
  domain           TEXT NOT NULL DEFAULT '',
  password_hash    TEXT NOT NULL DEFAULT '',
  password_preview TEXT NOT NULL DEFAULT '',
  first_seen       TEXT,
  last_seen        TEXT,
  UNIQUE (identity, password_hash)
);
CREATE INDEX credential_exposures_domain ON credential_exposures (domain);
CREATE INDEX credential_exposures_document ON credential_exposures (document_id);

CREATE TABLE compromised_hosts (
  id               INTEGER PRIMARY KEY,
  document_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ip               TEXT NOT NULL CHECK (length(ip) > 0),
  port             INTEGER NOT NULL DEFAULT 0 CHECK (port BETWEEN 0 AND 65535),
  service          TEXT NOT NULL DEFAULT '',
  username         TEXT NOT NULL DEFAULT '',
  password_hash    TEXT NOT NULL DEFAULT '',
  password_preview TEXT NOT NULL DEFAULT '',
  first_seen       TEXT,
  UNIQUE (ip, port, username, password_hash)
);
CREATE INDEX compromised_hosts_document ON compromised_hosts (document_id);

CREATE TABLE indicators (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  type        TEXT NOT NULL CHECK (type IN (
                'ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'sha256', 'sha1', 'md5',
                'other')),
  value       TEXT NOT NULL CHECK (length(value) > 0),
  source      TEXT NOT NULL DEFAULT '',
  first_seen  TEXT,
  last_seen   TEXT,
  UNIQUE (type, value, source)
);
CREATE INDEX indicators_value ON indicators (value);
CREATE INDEX indicators_document ON indicators (document_id);

-- ---- customers and alerts -----------------------------------------------------

CREATE TABLE organizations (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  display_name TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- `options` is a JSON object of per-asset matching options.
CREATE TABLE assets (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN (
                    'name', 'domain', 'email_domain', 'ipv4', 'ipv6', 'cidr', 'asn', 'bin',
                    'cloud_account', 'person', 'address', 'keyword')),
  value           TEXT NOT NULL CHECK (length(value) > 0),
  options         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (organization_id, kind, value)
);
CREATE INDEX assets_kind_value ON assets (kind, value);

-- A match between a fact and an organisation. `dedup_key` makes a repeated
-- match a new sighting of the same alert rather than a new alert.
CREATE TABLE alerts (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  asset_id        INTEGER REFERENCES assets (id) ON DELETE SET NULL,
  fact_kind       TEXT NOT NULL CHECK (length(fact_kind) > 0),  -- 'incident', 'listing', ...
  fact_id         INTEGER NOT NULL,
  severity        TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status          TEXT NOT NULL DEFAULT 'new'
                  CHECK (status IN ('new', 'acknowledged', 'resolved', 'false_positive')),
  dedup_key       TEXT NOT NULL UNIQUE CHECK (length(dedup_key) > 0),
  title           TEXT NOT NULL DEFAULT '',
  evidence        TEXT NOT NULL DEFAULT '',
  first_seen      TEXT NOT NULL,
  last_seen       TEXT NOT NULL,
  sightings       INTEGER NOT NULL DEFAULT 1 CHECK (sightings >= 1)
);
CREATE INDEX alerts_organization_status ON alerts (organization_id, status);
CREATE INDEX alerts_fact ON alerts (fact_kind, fact_id);
CREATE INDEX alerts_asset ON alerts (asset_id);
)sql";
}

}  // namespace kenchi::sqlite
