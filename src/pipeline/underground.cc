// Listings from posts and compromised hosts from host lists (see
// kenchi/pipeline/underground.h).
#include "kenchi/pipeline/underground.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>

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

namespace {

std::string Text(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }
// (The shortest form that reads back as the same number: "{:g}" kept six
// digits, and 500000.3 compared equal to 500000.)
std::string Text(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : ""; }
std::string Text(const std::vector<DataType>& types) {
  std::vector<std::string> names;
  for (DataType t : types) names.emplace_back(ToString(t));
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}
std::string Text(const Evidence& e) { return fmt::format("{}-{}", e.begin, e.end); }

// The fields in which `after` differs from `before` (ids aside).
std::vector<ListingChange::Field> Differences(const Listing& before, const Listing& after) {
  std::vector<ListingChange::Field> out;
  auto field = [&](const char* name, const std::string& b, const std::string& a) {
    if (b != a) out.push_back({name, b, a});
  };
  field("offering", std::string(ToString(before.offering)), std::string(ToString(after.offering)));
  field("access_kind", std::string(ToString(before.access_kind)), std::string(ToString(after.access_kind)));
  field("target_organization", before.target_organization, after.target_organization);
  field("target_country", before.target_country, after.target_country);
  field("sector", std::string(ToString(before.sector)), std::string(ToString(after.sector)));
  field("data_types", Text(before.data_types), Text(after.data_types));
  field("volume", Text(before.volume), Text(after.volume));
  field("price", Text(before.price), Text(after.price));
  field("currency", before.currency, after.currency);
  field("price_basis", std::string(ToString(before.price_basis)), std::string(ToString(after.price_basis)));
  field("seller", before.seller, after.seller);
  field("contact", before.contact, after.contact);
  field("posted_at", before.posted_at, after.posted_at);
  field("language", before.language, after.language);
  field("summary", before.summary, after.summary);
  const auto spans = [](const Listing& l) {
    return Text(l.offering_evidence) + " " + Text(l.volume_evidence) + " " + Text(l.price_evidence) + " " +
           Text(l.sector_evidence);
  };
  field("evidence", spans(before), spans(after));
  return out;
}

}  // namespace

Result<ReextractReport> ReextractListings(Store& store, bool dry_run) {
  ReextractReport report;
  report.dry_run = dry_run;
  Transaction txn(store);
  KENCHI_RETURN_IF_ERROR(txn.status());
  Result<std::vector<Listing>> stored = store.ListListings(ListingFilter{});
  if (!stored.ok()) return stored.status();
  std::map<int64_t, std::vector<Listing>> by_document;
  for (Listing& l : *stored) by_document[l.document_id].push_back(std::move(l));
  for (auto& [document_id, listings] : by_document) {
    std::sort(listings.begin(), listings.end(), [](const Listing& a, const Listing& b) { return a.id < b.id; });
  }
  const auto remove_listing = [&](const Listing& l) -> Status {
    ListingChange change;
    change.kind = ListingChange::Kind::kRemoved;
    change.listing_id = l.id;
    change.document_id = l.document_id;
    change.listing = l;
    if (!dry_run) KENCHI_RETURN_IF_ERROR(store.RemoveListing(l.id));
    report.changes.push_back(std::move(change));
    return Status::Ok();
  };
  Result<std::vector<int64_t>> posts = store.ListPostDocumentIds();
  if (!posts.ok()) return posts.status();
  for (int64_t id : *posts) {
    Result<Document> doc = store.GetDocument(id);
    if (!doc.ok()) return doc.status();
    doc->id = id;
    ++report.posts;
    std::optional<Listing> fresh = extract::ExtractListing(*doc);
    std::vector<Listing> old;
    if (auto it = by_document.find(id); it != by_document.end()) old = std::move(it->second);
    // The oldest stored listing is compared with the new reading; any
    // other (one post gives one listing) goes.
    size_t kept = 0;
    if (fresh && !old.empty()) {
      kept = 1;
      ListingChange change;
      change.listing_id = old[0].id;
      change.document_id = id;
      change.fields = Differences(old[0], *fresh);
      if (change.fields.empty()) {
        ++report.unchanged;
      } else {
        if (!dry_run) KENCHI_RETURN_IF_ERROR(store.ReplaceListing(old[0].id, *fresh));
        change.listing = *fresh;
        change.listing.id = old[0].id;
        report.changes.push_back(std::move(change));
      }
    } else if (fresh) {
      ListingChange change;
      change.kind = ListingChange::Kind::kNew;
      change.document_id = id;
      change.listing = *fresh;
      if (!dry_run) {
        Result<int64_t> put = store.PutListing(*fresh);
        if (!put.ok()) return put.status();
        change.listing_id = change.listing.id = *put;
      }
      report.changes.push_back(std::move(change));
    }
    for (size_t i = kept; i < old.size(); ++i) {
      KENCHI_RETURN_IF_ERROR(remove_listing(old[i]));
    }
    by_document.erase(id);
  }
  // Listings of documents that are no longer posts.
  for (const auto& [document_id, listings] : by_document) {
    for (const Listing& l : listings) KENCHI_RETURN_IF_ERROR(remove_listing(l));
  }
  if (dry_run) return report;  // the transaction rolls back
  // Matched again from the first listing (an empty fingerprint is no
  // watchlist's): changed and new ones get their alerts.
  if (!report.changes.empty()) KENCHI_RETURN_IF_ERROR(store.SetMatchedUpTo("listing", "", 0));
  KENCHI_RETURN_IF_ERROR(txn.Commit());
  return report;
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
