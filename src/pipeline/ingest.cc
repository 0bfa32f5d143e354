#include "kenchi/pipeline/ingest.h"

#include <chrono>
#include <ctime>

#include "kenchi/collect/files.h"
#include "kenchi/extract/incident.h"
#include "kenchi/parse/parse.h"
#include "kenchi/pipeline/merge.h"
#include "kenchi/parse/hostlist.h"
#include "kenchi/pipeline/underground.h"
#include "kenchi/clock.h"

namespace kenchi::pipeline {
namespace {

void Reject(IngestReport& report, std::string where, std::string reason) {
  IngestItem item;
  item.uri = std::move(where);
  item.outcome = IngestItem::Outcome::kRejected;
  // Messages from lower layers often start with the path already.
  const std::string prefix = item.uri + ": ";
  if (reason.compare(0, prefix.size(), prefix) == 0) reason.erase(0, prefix.size());
  item.reason = std::move(reason);
  report.items.push_back(std::move(item));
  ++report.rejected;
}

// Stores one file's documents and their facts in a single transaction.
Status StoreFile(Store& store, std::vector<Document>& documents, const IngestOptions& options,
                 IngestReport& report) {
  Transaction txn(store);
  KENCHI_RETURN_IF_ERROR(txn.status());
  std::vector<IngestItem> items;
  int64_t new_docs = 0, unchanged = 0, incidents = 0, merged = 0;
  int64_t listings = 0;
  const std::string now = NowIsoUtc();
  for (Document& doc : documents) {
    doc.fetched_at = now;
    Result<PutOutcome> put = store.PutDocument(doc);
    if (!put.ok()) return put.status().WithContext(doc.uri);
    IngestItem item;
    item.uri = doc.uri;
    item.document_id = put->document_id;
    if (!put->inserted) {
      item.outcome = IngestItem::Outcome::kUnchanged;
      ++unchanged;
    } else {
      item.outcome = IngestItem::Outcome::kNew;
      ++new_docs;
      doc.id = put->document_id;
      if (options.extract_incidents) {
        if (std::optional<Incident> incident = extract::ExtractIncident(doc)) {
          // A report of an incident already stored (second notice, news
          // re-report) joins it instead of counting twice: pipeline/merge.h.
          Result<StoreIncidentOutcome> stored = StoreIncident(store, *incident, doc);
          if (!stored.ok()) return stored.status().WithContext(doc.uri);
          item.incident_id = stored->incident_id;
          item.incident_merged = stored->merged;
          ++(stored->merged ? merged : incidents);
        }
      }
      if (options.extract_incidents) {
        // Underground posts: the listing they offer (pipeline/underground.h).
        Result<int64_t> listing = StoreListingOf(store, doc);
        if (!listing.ok()) return listing.status().WithContext(doc.uri);
        item.listing_id = *listing;
        if (*listing != 0) ++listings;
      }
    }
    items.push_back(std::move(item));
  }
  KENCHI_RETURN_IF_ERROR(txn.Commit());
  // Only count what was committed.
  report.documents_new += new_docs;
  report.documents_unchanged += unchanged;
  report.incidents_new += incidents;
  report.listings_new += listings;
  report.incidents_merged += merged;
  for (auto& item : items) report.items.push_back(std::move(item));
  return Status::Ok();
}

}  // namespace

Status StoreDocuments(Store& store, std::vector<Document>& documents,
                      const IngestOptions& options, IngestReport& report) {
  return StoreFile(store, documents, options, report);
}

Result<IngestReport> Ingest(Store& store, const std::vector<std::string>& paths,
                            const IngestOptions& options) {
  IngestReport report;
  collect::WalkResult walk = collect::WalkPaths(paths);
  for (auto& problem : walk.problems) Reject(report, problem.where, problem.reason);

  const int64_t total = static_cast<int64_t>(walk.files.size());
  for (int64_t i = 0; i < total; ++i) {
    const collect::InputFile& file = walk.files[i];
    ++report.files;
    Result<std::string> bytes = collect::ReadWholeFile(file.path, parse::kMaxDocumentBytes);
    if (!bytes.ok()) {
      Reject(report, file.path, bytes.status().message());
    } else {
      report.bytes += static_cast<int64_t>(bytes->size());
      if (options.force_host_list || parse::LooksLikeHostList(*bytes)) {
        // Hacked-server lists never reach ParseFile: they hold passwords.
        Status s = IngestHostList(store, *bytes, file.path, options, report);
        if (!s.ok()) return s;
        if (options.progress) options.progress(i + 1, total);
        continue;
      }
      Result<parse::ParseOutput> parsed = parse::ParseFile(*bytes, file.path);
      if (!parsed.ok()) {
        Reject(report, file.path, parsed.status().message());
      } else {
        for (auto& r : parsed->rejected) Reject(report, r.where, r.reason);
        Status s = StoreFile(store, parsed->documents, options, report);
        if (!s.ok()) return s;
      }
    }
    if (options.progress) options.progress(i + 1, total);
  }
  return report;
}

}  // namespace kenchi::pipeline
