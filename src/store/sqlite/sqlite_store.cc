// The Store interface over one SQLite connection.
//
// A SqliteStore is used from one thread at a time (like the connection it
// wraps); several processes may open the same file, WAL mode and the busy
// timeout let them take turns.
#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include "store/sqlite/compression.h"
#include "store/sqlite/open_database.h"
#include "store/sqlite/search_text.h"
#include "store/sqlite/statement.h"

namespace kenchi::sqlite {
namespace {

// Snippet length. FTS5 counts it in tokens for the whole snippet; a
// trigram token starts at every character, so 32 tokens is about 30
// characters around the match. The scan path cuts the same amount by hand:
// 15 characters on each side.
constexpr int kSnippetTokens = 32;
constexpr size_t kExcerptChars = 15;

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

Status SqliteStore::RunSql(std::string_view sql) {
  Result<Query> query = cache_.Get(sql);
  if (!query.ok()) return query.status();
  return query->Run();
}

// ---- transactions ------------------------------------------------------------

Status SqliteStore::Begin() {
  if (InTransaction()) {
    return Status::Internal("cannot begin a transaction: one is already open (no nesting)");
  }
  // IMMEDIATE takes the write lock now, where the busy timeout applies;
  // a deferred transaction that reads first and writes later can fail with
  // SQLITE_BUSY at the write without waiting.
  return RunSql("BEGIN IMMEDIATE").WithContext("cannot begin a transaction");
}

Status SqliteStore::Commit() {
  Status status = RunSql("COMMIT");
  if (status.ok()) return status;
  // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open; roll it
  // back so the store is never stuck inside a transaction nobody owns.
  if (InTransaction()) (void)RunSql("ROLLBACK");
  return status.WithContext("cannot commit, the transaction was rolled back");
}

Status SqliteStore::Rollback() {
  // SQLite rolls back by itself after some errors (disk full, I/O): there
  // is then nothing left to roll back, which is not a failure.
  if (!InTransaction()) return Status::Ok();
  return RunSql("ROLLBACK").WithContext("cannot roll back");
}

// ---- documents ---------------------------------------------------------------

Result<std::optional<int64_t>> SqliteStore::FindDocumentByHash(std::string_view content_hash) {
  Result<Query> query = cache_.Get("SELECT id FROM documents WHERE content_hash = ?1");
  if (!query.ok()) return query.status();
  KENCHI_RETURN_IF_ERROR(query->BindAll(content_hash));
  Result<bool> row = query->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(query->Int64(0));
}

Result<PutOutcome> SqliteStore::PutDocument(const Document& doc) {
  const std::string where = fmt::format("cannot store document {}", doc.uri);
  if (!IsSha256Hex(doc.content_hash)) {
    return Status::InvalidInput(fmt::format(
        "{}: content hash must be 64 lowercase hex digits (SHA-256), got \"{}\"", where,
        doc.content_hash));
  }
  if (!IsIsoDateOrEmpty(doc.published_on)) {
    return Status::InvalidInput(fmt::format("{}: published_on must be YYYY-MM-DD, got \"{}\"",
                                            where, doc.published_on));
  }

  // Looking first spares compressing a document we already have, which is
  // the common case when a directory is ingested again.
  Result<std::optional<int64_t>> existing = FindDocumentByHash(doc.content_hash);
  if (!existing.ok()) return existing.status().WithContext(where);
  if (*existing) return PutOutcome{**existing, false};

  Result<std::string> compressed = CompressRaw(doc.raw);
  if (!compressed.ok()) return compressed.status().WithContext(where);

  // ON CONFLICT covers another process inserting the same content between
  // our lookup and this insert: then RETURNING yields no row.
  Result<Query> insert = cache_.Get(
      "INSERT INTO documents (content_hash, source, uri, format, encoding, title, text, raw, "
      "raw_size, published_on, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
      "ON CONFLICT (content_hash) DO NOTHING RETURNING id");
  if (!insert.ok()) return insert.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(insert->BindAll(
      doc.content_hash, doc.source, doc.uri, ToString(doc.format), ToString(doc.encoding),
      doc.title, doc.text, BlobRef{*compressed}, static_cast<int64_t>(doc.raw.size()),
      NullIfEmpty(doc.published_on), NullIfEmpty(doc.fetched_at)));
  Result<bool> row = insert->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (*row) return PutOutcome{insert->Int64(0), true};

  existing = FindDocumentByHash(doc.content_hash);
  if (!existing.ok()) return existing.status().WithContext(where);
  if (!*existing) return Status::Internal(where + ": insert ignored but no document has its hash");
  return PutOutcome{**existing, false};
}

Result<Document> SqliteStore::GetDocument(int64_t id) {
  const std::string where = fmt::format("cannot load document {}", id);
  Result<Query> query = cache_.Get(
      "SELECT source, uri, format, encoding, content_hash, raw, raw_size, title, text, "
      "published_on, fetched_at FROM documents WHERE id = ?1");
  if (!query.ok()) return query.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(query->BindAll(id));
  Result<bool> row = query->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::NotFound(fmt::format("document {} not found", id));

  Document doc;
  doc.id = id;
  doc.source = query->Text(0);
  doc.uri = query->Text(1);
  std::optional<DocumentFormat> format = ParseDocumentFormat(query->Text(2));
  std::optional<Encoding> encoding = ParseEncoding(query->Text(3));
  if (!format || !encoding) {
    return Status::IoError(fmt::format("{}: unknown format \"{}\" or encoding \"{}\"", where,
                                       query->Text(2), query->Text(3)));
  }
  doc.format = *format;
  doc.encoding = *encoding;
  doc.content_hash = query->Text(4);
  const int64_t raw_size = query->Int64(6);
  if (raw_size < 0) return Status::IoError(fmt::format("{}: negative raw size", where));
  Result<std::string> raw = DecompressRaw(query->Blob(5), static_cast<size_t>(raw_size));
  if (!raw.ok()) return raw.status().WithContext(where);
  doc.raw = std::move(raw).value();
  doc.title = query->Text(7);
  doc.text = query->Text(8);
  doc.published_on = query->Text(9);
  doc.fetched_at = query->Text(10);
  return doc;
}

Result<bool> SqliteStore::HasDocumentWithHash(const std::string& content_hash) {
  Result<std::optional<int64_t>> existing = FindDocumentByHash(content_hash);
  if (!existing.ok()) return existing.status().WithContext("cannot look up a document by hash");
  return existing->has_value();
}

// ---- search --------------------------------------------------------------------

// Snippets: the matched text is wrapped in [ ] and text cut at either end
// is marked with "…" (see search_text.h). Hits from the index come best
// first (bm25 rank); hits from the short-query scan come newest first.
Result<std::vector<SearchHit>> SqliteStore::Search(const std::string& query, int limit) {
  if (limit <= 0) {
    return Status::InvalidInput(fmt::format("search limit must be positive, got {}", limit));
  }
  const std::string_view needle = TrimAsciiSpace(query);
  if (needle.empty()) return Status::InvalidInput("search query is empty");
  if (needle.find('\0') != std::string_view::npos) {
    return Status::InvalidInput("search query contains a NUL character");
  }
  Result<std::vector<SearchHit>> hits =
      Utf8Length(needle) >= 3 ? SearchIndex(needle, limit) : SearchScan(needle, limit);
  if (!hits.ok()) return hits.status().WithContext(fmt::format("search for \"{}\" failed", needle));
  return hits;
}

Result<std::vector<SearchHit>> SqliteStore::SearchIndex(std::string_view needle, int limit) {
  const std::string sql = fmt::format(
      "SELECT d.id, d.uri, d.title, snippet(documents_fts, -1, '{}', '{}', '{}', {}) "
      "FROM documents_fts JOIN documents AS d ON d.id = documents_fts.rowid "
      "WHERE documents_fts MATCH ?1 ORDER BY documents_fts.rank LIMIT ?2",
      kMatchOpen, kMatchClose, kEllipsis, kSnippetTokens);
  Result<Query> query = cache_.Get(sql);
  if (!query.ok()) return query.status();
  KENCHI_RETURN_IF_ERROR(query->BindAll(QuoteFts5String(needle), limit));
  std::vector<SearchHit> hits;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    hits.push_back(SearchHit{query->Int64(0), query->Text(1), query->Text(2), query->Text(3)});
  }
  return hits;
}

Result<std::vector<SearchHit>> SqliteStore::SearchScan(std::string_view needle, int limit) {
  Result<Query> query = cache_.Get(
      "SELECT id, uri, title, text FROM documents "
      "WHERE text LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\' "
      "ORDER BY id DESC LIMIT ?2");
  if (!query.ok()) return query.status();
  KENCHI_RETURN_IF_ERROR(query->BindAll(LikeContainsPattern(needle), limit));
  std::vector<SearchHit> hits;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    SearchHit hit{query->Int64(0), query->Text(1), query->Text(2), {}};
    hit.snippet = ExcerptAround(query->Text(3), needle, kExcerptChars);
    if (hit.snippet.empty()) hit.snippet = ExcerptAround(hit.title, needle, kExcerptChars);
    hits.push_back(std::move(hit));
  }
  return hits;
}

// ---- incidents -------------------------------------------------------------------

Result<int64_t> SqliteStore::PutIncident(const Incident& incident) {
  const std::string where = fmt::format("cannot store incident of \"{}\"", incident.organization);
  if (incident.organization.empty()) {
    return Status::InvalidInput("cannot store incident: the organization is empty");
  }
  struct NamedDate {
    std::string_view name;
    const std::string& value;
  };
  for (const NamedDate& date : {NamedDate{"published_on", incident.published_on},
                                NamedDate{"occurred_on", incident.occurred_on},
                                NamedDate{"discovered_on", incident.discovered_on}}) {
    if (!IsIsoDateOrEmpty(date.value)) {
      return Status::InvalidInput(
          fmt::format("{}: {} must be YYYY-MM-DD, got \"{}\"", where, date.name, date.value));
    }
  }

  int64_t id = 0;
  Status status = Atomically([&]() -> Status {
    Result<Query> insert = cache_.Get(
        "INSERT INTO incidents (organization, organization_key, published_on, occurred_on, "
        "discovered_on, cause, origin_country, organization_document_id, organization_begin, "
        "organization_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
    if (!insert.ok()) return insert.status();
    const Evidence& ev = incident.organization_evidence;
    KENCHI_RETURN_IF_ERROR(insert->BindAll(
        incident.organization, incident.organization_key, NullIfEmpty(incident.published_on),
        NullIfEmpty(incident.occurred_on), NullIfEmpty(incident.discovered_on), incident.cause,
        NullIfEmpty(incident.origin_country), NullIfZeroId(ev.document_id),
        static_cast<int64_t>(ev.begin), static_cast<int64_t>(ev.end)));
    Result<bool> row = insert->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("INSERT ... RETURNING gave no id");
    id = insert->Int64(0);
    return InsertIncidentParts(id, incident);
  });
  if (!status.ok()) return status.WithContext(where);
  return id;
}

Status SqliteStore::InsertIncidentParts(int64_t incident_id, const Incident& incident) {
  // A type or document listed twice is the same fact said twice: the
  // conflict clause names the key so that CHECK failures still fail.
  for (IncidentType type : incident.types) {
    Result<Query> q = cache_.Get(
        "INSERT INTO incident_types (incident_id, type) VALUES (?1, ?2) "
        "ON CONFLICT (incident_id, type) DO NOTHING");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(incident_id, ToString(type)));
    KENCHI_RETURN_IF_ERROR(q->Run());
  }
  for (const RecordCount& record : incident.records) {
    Result<Query> q = cache_.Get(
        "INSERT INTO incident_records (incident_id, data_type, count, qualifier, "
        "evidence_document_id, evidence_begin, evidence_end) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(
        incident_id, ToString(record.data_type), record.count, ToString(record.qualifier),
        NullIfZeroId(record.evidence.document_id), static_cast<int64_t>(record.evidence.begin),
        static_cast<int64_t>(record.evidence.end)));
    KENCHI_RETURN_IF_ERROR(q->Run().WithContext(
        fmt::format("record of {} {}", record.count, ToString(record.data_type))));
  }
  for (int64_t document_id : incident.document_ids) {
    Result<Query> q = cache_.Get(
        "INSERT INTO incident_documents (incident_id, document_id) VALUES (?1, ?2) "
        "ON CONFLICT (incident_id, document_id) DO NOTHING");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(incident_id, document_id));
    KENCHI_RETURN_IF_ERROR(q->Run().WithContext(fmt::format("linking document {}", document_id)));
  }
  return InsertIncidentEvidence(incident_id, incident);
}

Result<std::vector<Incident>> SqliteStore::ListIncidents(int limit) {
  const std::string where = "cannot list incidents";
  if (limit <= 0) {
    return Status::InvalidInput(fmt::format("{}: limit must be positive, got {}", where, limit));
  }
  std::vector<Incident> incidents;
  {
    Result<Query> query = cache_.Get(
        "SELECT id, organization, organization_key, published_on, occurred_on, discovered_on, "
        "cause, origin_country, organization_document_id, organization_begin, organization_end "
        "FROM incidents ORDER BY published_on DESC NULLS LAST, id DESC LIMIT ?1");
    if (!query.ok()) return query.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(query->BindAll(limit));
    for (;;) {
      Result<bool> row = query->Step();
      if (!row.ok()) return row.status().WithContext(where);
      if (!*row) break;
      Incident& in = incidents.emplace_back();
      in.id = query->Int64(0);
      in.organization = query->Text(1);
      in.organization_key = query->Text(2);
      in.published_on = query->Text(3);
      in.occurred_on = query->Text(4);
      in.discovered_on = query->Text(5);
      in.cause = query->Text(6);
      in.origin_country = query->Text(7);
      in.organization_evidence = Evidence{query->Int64(8), static_cast<uint32_t>(query->Int64(9)),
                                          static_cast<uint32_t>(query->Int64(10))};
    }
  }
  for (Incident& in : incidents) {
    KENCHI_RETURN_IF_ERROR(LoadIncidentParts(in).WithContext(where));
  }
  return incidents;
}

Status SqliteStore::LoadIncidentParts(Incident& incident) {
  {
    Result<Query> q =
        cache_.Get("SELECT type FROM incident_types WHERE incident_id = ?1 ORDER BY rowid");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(incident.id));
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      std::optional<IncidentType> type = ParseIncidentType(q->Text(0));
      if (!type) return Status::IoError(fmt::format("unknown incident type \"{}\"", q->Text(0)));
      incident.types.push_back(*type);
    }
  }
  {
    Result<Query> q = cache_.Get(
        "SELECT data_type, count, qualifier, evidence_document_id, evidence_begin, evidence_end "
        "FROM incident_records WHERE incident_id = ?1 ORDER BY id");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(incident.id));
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      std::optional<DataType> data_type = ParseDataType(q->Text(0));
      std::optional<Qualifier> qualifier = ParseQualifier(q->Text(2));
      if (!data_type || !qualifier) {
        return Status::IoError(fmt::format("unknown data type \"{}\" or qualifier \"{}\"",
                                           q->Text(0), q->Text(2)));
      }
      incident.records.push_back(RecordCount{
          *data_type, q->Int64(1), *qualifier,
          Evidence{q->Int64(3), static_cast<uint32_t>(q->Int64(4)),
                   static_cast<uint32_t>(q->Int64(5))}});
    }
  }
  {
    Result<Query> q = cache_.Get(
        "SELECT document_id FROM incident_documents WHERE incident_id = ?1 ORDER BY rowid");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(incident.id));
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      incident.document_ids.push_back(q->Int64(0));
    }
  }
  return LoadIncidentEvidence(incident);
}

// ---- counts ------------------------------------------------------------------------

Result<StoreCounts> SqliteStore::Counts() {
  Result<Query> q = cache_.Get(
      "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM incidents), "
      "(SELECT count(*) FROM listings), (SELECT count(*) FROM credential_exposures), "
      "(SELECT count(*) FROM compromised_hosts), (SELECT count(*) FROM indicators), "
      "(SELECT count(*) FROM organizations), (SELECT count(*) FROM assets), "
      "(SELECT count(*) FROM alerts)");
  if (!q.ok()) return q.status().WithContext("cannot count");
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("cannot count");
  StoreCounts c;
  c.documents = q->Int64(0);
  c.incidents = q->Int64(1);
  c.listings = q->Int64(2);
  c.credential_exposures = q->Int64(3);
  c.compromised_hosts = q->Int64(4);
  c.indicators = q->Int64(5);
  c.organizations = q->Int64(6);
  c.assets = q->Int64(7);
  c.alerts = q->Int64(8);
  return c;
}

Result<std::unique_ptr<Store>> OpenSqliteStoreWithMigrations(
    const std::string& path, std::span<const Migration> migrations) {
  Result<OpenedDatabase> opened = OpenDatabase(path, migrations);
  if (!opened.ok()) return opened.status();
  return std::unique_ptr<Store>(
      new SqliteStore(std::move(opened->db), opened->schema_version));
}

}  // namespace kenchi::sqlite

namespace kenchi {

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  return sqlite::OpenSqliteStoreWithMigrations(path, sqlite::KenchiMigrations());
}

}  // namespace kenchi
