// The underground inputs' part of ingest: listings from posts, and
// hacked-server lists turned into CompromisedHosts.
//
// Host lists are recognised by content (kenchi/parse/hostlist.h: most lines
// are host entries, or a CSV header names ip and user columns), or forced
// with IngestOptions::force_host_list (`kenchi ingest --as hosts`), in which
// case every line that is not an entry is a rejection. A host list file is
// stored as one document (source "hostlist") whose raw bytes and text are
// the redacted list — never the file as it was, which holds passwords — and
// whose content hash is a keyed hash of the original bytes (so the same
// file is recognised again without a plain hash of its passwords being
// stored). Each entry becomes a CompromisedHost with the password's keyed
// hash and masked preview (kenchi/text/keyed_hash.h), first seen on the
// entry's date (a CSV date column or a "# date:" line), else on
// IngestOptions::observed_on, else at ingest time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/pipeline/ingest.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::pipeline {

// Extracts the listing a stored post offers and stores it; returns its id,
// or 0 when the document is not a post or offers nothing. `doc.id` must be set.
Result<int64_t> StoreListingOf(Store& store, const Document& doc);

// What re-reading the stored posts changed in their listings (or would
// change, for a dry run).
struct ListingChange {
  enum class Kind { kChanged, kNew, kRemoved };
  Kind kind = Kind::kChanged;
  int64_t listing_id = 0;  // the new listing's id; 0 for a new one in a dry run
  int64_t document_id = 0;
  // kChanged: the fields that differ, each with its stored and its new
  // value as text ("" for none); the evidence spans count as one field.
  struct Field {
    std::string name, before, after;
  };
  std::vector<Field> fields;
  Listing listing;  // kNew: the new listing; kRemoved: the stored one
};

struct ReextractReport {
  int64_t posts = 0;      // post documents read
  int64_t unchanged = 0;  // listings the current rules read alike
  std::vector<ListingChange> changes;
  bool dry_run = false;
};

// Reads every stored post again with the current extraction rules (after
// an upgrade that improved them) and brings the stored listings in line,
// in one transaction: a listing that reads differently is replaced in
// place (its id stays), a post that now offers something gets its
// listing, and a listing whose post no longer reads as one (or whose
// document is no longer a post) is removed.
// Changed and new listings are matched against the watchlists again at
// the next `kenchi match` (the listings' matching progress is reset; a
// fact already alerted on changes nothing). With `dry_run`, nothing is
// written.
Result<ReextractReport> ReextractListings(Store& store, bool dry_run);

// Ingests one host list file: document, hosts and rejections in one
// transaction. Fails only when the store or the secret cannot be used.
Status IngestHostList(Store& store, std::string_view bytes, const std::string& path,
                      const IngestOptions& options, IngestReport& report);

}  // namespace kenchi::pipeline
