// Listings from posts and compromised hosts from host lists (see
// kenchi/pipeline/underground.h).
#include "kenchi/pipeline/underground.h"

#include <chrono>
#include <ctime>

#include "kenchi/extract/listing.h"
#include "kenchi/parse/hostlist.h"
#include "kenchi/parse/posts.h"
#include "kenchi/text/encoding.h"
#include "kenchi/text/keyed_hash.h"
#include "kenchi/clock.h"

namespace kenchi::pipeline {
namespace {

void Reject(IngestReport& report, std::string where, std::string reason) {
  IngestItem item;
  item.uri = std::move(where);
  item.outcome = IngestItem::Outcome::kRejected;
  item.reason = std::move(reason);
  report.items.push_back(std::move(item));
  ++report.rejected;
}

}  // namespace

Result<int64_t> StoreListingOf(Store& store, const Document& doc) {
  if (!parse::IsPost(doc)) return int64_t{0};
  std::optional<Listing> listing = extract::ExtractListing(doc);
  if (!listing) return int64_t{0};
  return store.PutListing(*listing);
}

Status IngestHostList(Store& store, std::string_view bytes, const std::string& path,
                      const IngestOptions& options, IngestReport& report) {
  Result<text::Decoded> decoded = text::DecodeToUtf8(bytes, "");
  if (!decoded.ok()) {
    Reject(report, path, decoded.status().message());
    return Status::Ok();
  }
  parse::HostList list = parse::ParseHostList(decoded->utf8, path);
  if (list.entries.empty()) {
    for (auto& r : list.rejected) Reject(report, r.where, r.reason);
    Reject(report, path, "no host entry in the host list");
    return Status::Ok();
  }
  Result<text::KeyedHasher> hasher = text::KeyedHasher::LoadOrCreate(options.secret_path);
  if (!hasher.ok()) {
    return hasher.status().WithContext(path + ": cannot hash the passwords of the host list");
  }

  Document doc;
  doc.source = "hostlist";
  doc.uri = path;
  doc.format = DocumentFormat::kText;
  doc.encoding = Encoding::kUtf8;
  doc.raw = list.redacted;
  doc.text = list.redacted;
  doc.title = "host list: " + std::to_string(list.entries.size()) + " entries";
  doc.content_hash = hasher->Hash(bytes);
  doc.fetched_at = NowIsoUtc();
  // An entry is first seen on its own date (a date column or date line),
  // else when the list was obtained (--observed), else now. The document is
  // dated by its earliest entry.
  for (parse::HostEntry& e : list.entries) {
    if (e.seen_on.empty()) e.seen_on = options.observed_on;
    if (!e.seen_on.empty() && (doc.published_on.empty() || e.seen_on < doc.published_on)) {
      doc.published_on = e.seen_on;
    }
  }

  Transaction txn(store);
  KENCHI_RETURN_IF_ERROR(txn.status());
  Result<PutOutcome> put = store.PutDocument(doc);
  if (!put.ok()) return put.status().WithContext(path);
  IngestItem item;
  item.uri = path;
  item.document_id = put->document_id;
  int64_t hosts = 0;
  if (!put->inserted) {
    item.outcome = IngestItem::Outcome::kUnchanged;
  } else {
    item.outcome = IngestItem::Outcome::kNew;
    for (parse::HostEntry& e : list.entries) {
      CompromisedHost h;
      h.document_id = put->document_id;
      h.ip = e.ip;
      h.port = e.port;
      h.service = e.service;
      h.username = e.username;
      if (!e.password.empty()) {
        h.password_hash = hasher->Hash(e.password);
        h.password_preview = text::MaskSecret(e.password);
      }
      // Overwrite the plaintext as soon as it is hashed.
      std::fill(e.password.begin(), e.password.end(), '\0');
      h.first_seen = e.seen_on.empty() ? doc.fetched_at : e.seen_on;
      Result<int64_t> id = store.PutCompromisedHost(h);
      if (!id.ok()) {
        return id.status().WithContext(path + ":" + std::to_string(e.line));
      }
      ++hosts;
    }
  }
  KENCHI_RETURN_IF_ERROR(txn.Commit());
  item.hosts = hosts;
  if (item.outcome == IngestItem::Outcome::kNew) {
    ++report.documents_new;
  } else {
    ++report.documents_unchanged;
  }
  report.hosts_stored += hosts;
  report.items.push_back(std::move(item));
  // Bad lines are reported (with file:line) whether or not the file was new:
  // they were not stored either time.
  for (auto& r : list.rejected) Reject(report, r.where, r.reason);
  return Status::Ok();
}

}  // namespace kenchi::pipeline
