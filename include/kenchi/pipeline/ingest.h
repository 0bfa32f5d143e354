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
  int64_t incident_id = 0;    // non-zero when a new incident was stored
};

struct IngestReport {
  int64_t files = 0;
  int64_t bytes = 0;
  int64_t documents_new = 0;
  int64_t documents_unchanged = 0;
  int64_t rejected = 0;
  int64_t incidents_new = 0;
  std::vector<IngestItem> items;
};

struct IngestOptions {
  bool extract_incidents = true;
  // Called after each file with (files done, files total); may be empty.
  std::function<void(int64_t, int64_t)> progress;
};

// Ingests every file under `paths`. Bad input is reported in the report,
// not as an error; the Result fails only when the store cannot be written,
// in which case the current file's transaction has been rolled back.
Result<IngestReport> Ingest(Store& store, const std::vector<std::string>& paths,
                            const IngestOptions& options);

}  // namespace kenchi::pipeline
