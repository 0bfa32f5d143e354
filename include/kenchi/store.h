// Where kenchi keeps what it has collected and concluded.
//
// `Store` is the seam between the pipeline and a database. The embedded
// default is SQLite (one file, WAL mode, foreign keys on, FTS5 trigram
// index over document text so that Japanese and Chinese can be searched
// without a tokenizer). A PostgreSQL implementation for shared servers
// goes behind the same interface.
//
// Opening a store applies any pending schema migrations, in order, each in
// its own transaction; the schema version is recorded in the database.
//
// Writes are grouped in transactions: a document and the facts extracted
// from it are stored together or not at all, so an interrupted ingest never
// leaves a document without its facts or a fact without its document.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi {

// One hit of a full-text search.
struct SearchHit {
  int64_t document_id = 0;
  std::string uri;
  std::string title;
  // The matched passage with about 30 characters of context, UTF-8; the
  // match is wrapped in [ ] and text cut at either end is marked with …
  std::string snippet;
};

// What PutDocument did.
struct PutOutcome {
  int64_t document_id = 0;
  bool inserted = false;  // false: a document with the same content hash existed
};

struct StoreCounts {
  int64_t documents = 0;
  int64_t incidents = 0;
  int64_t listings = 0;
  int64_t credential_exposures = 0;
  int64_t compromised_hosts = 0;
  int64_t indicators = 0;
  int64_t organizations = 0;
  int64_t assets = 0;
  int64_t alerts = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // The schema version after migrations, and the newest version this build knows.
  virtual int SchemaVersion() const = 0;

  // Transactions. Nesting is not supported; see Transaction below for the
  // scoped form that rolls back unless committed.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // ---- documents ----
  // Stores a document unless one with the same content hash exists.
  // The raw bytes are compressed; title and text are indexed for search.
  virtual Result<PutOutcome> PutDocument(const Document& doc) = 0;
  // Loads a document, decompressing its raw bytes.
  virtual Result<Document> GetDocument(int64_t id) = 0;
  virtual Result<bool> HasDocumentWithHash(const std::string& content_hash) = 0;
  // Full-text search over title and text. Queries of three or more
  // characters use the trigram index; shorter ones fall back to a scan.
  virtual Result<std::vector<SearchHit>> Search(const std::string& query, int limit) = 0;

  // ---- incidents ----
  // Inserts the incident with its types, records and source documents;
  // returns its id.
  virtual Result<int64_t> PutIncident(const Incident& incident) = 0;
  // Incidents newest first (by published date), with types, records and
  // document ids filled in.
  virtual Result<std::vector<Incident>> ListIncidents(int limit) = 0;

  virtual Result<StoreCounts> Counts() = 0;
};

// Opens (creating if needed) the SQLite database at `path` and migrates it.
// Fails with kIoError naming the path when it cannot be created or written.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// The newest schema version this build creates.
int LatestSchemaVersion();

// Rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store) { status_ = store_.Begin(); }
  ~Transaction() {
    if (status_.ok() && !done_) (void)store_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // The status of Begin(): check it before writing.
  const Status& status() const { return status_; }
  Status Commit() {
    done_ = true;
    return store_.Commit();
  }

 private:
  Store& store_;
  Status status_;
  bool done_ = false;
};

}  // namespace kenchi
