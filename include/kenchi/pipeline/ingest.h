// The ingest pipeline: files -> documents -> incident facts -> store.
//
// This is wiring, not logic: it walks the inputs (collect), turns each file
// into documents (parse), extracts facts (extract) and stores them (store).
// The CLI and the server share it.
//
// Guarantees:
//   - Idempotent: a document whose content hash is already stored is
//     counted as unchanged and nothing is written for it.
//   - Atomic per file: a file's documents and the facts drawn from them are
//     written in one transaction, so an interruption never leaves a
//     document without its facts.
//   - Nothing is lost silently: every file or line that is not stored is
//     listed in `rejected` with the reason.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::pipeline {

// What happened to one document (or to a file that produced none).
struct IngestItem {
  enum class Outcome { kNew, kUnchanged, kRejected };
  std::string uri;
  Outcome outcome = Outcome::kNew;
  std::string reason;         // for kRejected
  int64_t document_id = 0;    // for kNew and kUnchanged
  int64_t incident_id = 0;    // non-zero when an incident was stored or merged into
  bool incident_merged = false;  // the document reported an incident already stored
  int64_t listing_id = 0;     // non-zero when a listing was extracted from the post
  int64_t hosts = 0;          // compromised hosts stored from a host list
};

struct IngestReport {
  int64_t files = 0;
  int64_t bytes = 0;
  int64_t documents_new = 0;
  int64_t documents_unchanged = 0;
  int64_t rejected = 0;
  int64_t incidents_new = 0;
  int64_t incidents_merged = 0;  // reports merged into an existing incident
  int64_t listings_new = 0;      // underground listings extracted (pipeline/underground.h)
  int64_t hosts_stored = 0;      // compromised hosts stored or updated from host lists
  std::vector<IngestItem> items;
};

struct IngestOptions {
  bool extract_incidents = true;
  // Treat every file as a hacked-server list (`--as hosts`); otherwise
  // host lists are recognised by content (pipeline/underground.h).
  bool force_host_list = false;
  // When the host lists were obtained (YYYY-MM-DD, `--observed`): the
  // first-seen date of entries whose list gives them none. Empty: the time
  // of ingest.
  std::string observed_on;
  // The installation secret for keyed password hashes
  // (kenchi/text/keyed_hash.h); needed only when a host list is met.
  std::string secret_path;
  // Called after each file with (files done, files total); may be empty.
  std::function<void(int64_t, int64_t)> progress;
};

// Ingests every file under `paths`. Bad input is reported in the report,
// not as an error; the Result fails only when the store cannot be written,
// in which case the current file's transaction has been rolled back.
Result<IngestReport> Ingest(Store& store, const std::vector<std::string>& paths,
                            const IngestOptions& options);

// The storage step of Ingest, for documents that came some other way
// (`kenchi collect` fetches them over HTTP): stores `documents` and the
// incidents extracted from them in one transaction, and adds an item per
// document to `report` (only once committed). `fetched_at` is set to now.
// Fails, having rolled back, when the store cannot be written.
Status StoreDocuments(Store& store, std::vector<Document>& documents,
                      const IngestOptions& options, IngestReport& report);

}  // namespace kenchi::pipeline
