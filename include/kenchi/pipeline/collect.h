// The collect pipeline: feeds -> entries -> article pages -> documents ->
// incident facts -> store.
//
// For each registered source (kenchi/store.h, "feed sources"), in name
// order: fetch the feed (a conditional request when the last poll left an
// ETag or Last-Modified), parse it (RSS 2.0, RSS 1.0/RDF, Atom), and for
// each entry not collected before, fetch the page its link points to and
// hand it to the same storage step as `kenchi ingest` (parse with the HTTP
// charset as the declared charset, then store and extract in one
// transaction per page). Requests to one host are spaced by the source's
// delay; every transfer is bounded (kenchi/collect/http.h).
//
// What happens to each feed and entry is reported:
//   fetched       the feed was fetched and parsed
//   not_modified  the feed answered 304: nothing to do
//   new           a page was stored (and incidents extracted)
//   unchanged     the entry was collected before (a document with its URL
//                 exists), so it was not fetched; or the page's bytes were
//                 already stored under another URL
//   skipped       deliberately not taken, with the reason: the feed has no
//                 entries, the entry has no link or a link that is not
//                 http(s), the page is not an article (not HTML, text or
//                 PDF; or almost no text)
//   failed        wanted but not obtained, with the URL and reason: network
//                 error, timeout, HTTP error status, over the size cap, too
//                 many redirects, malformed feed, undecodable page
// A failure never stops the run: the other feeds and entries go on.
//
// Conditional-request state is saved only when the whole feed went through:
// if an entry failed, the validators are cleared, so the next poll fetches
// the feed in full and retries that entry (the entries already collected
// are recognised by URL and not fetched again).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kenchi/collect/http.h"
#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::pipeline {

struct CollectItem {
  enum class Level { kFeed, kEntry };
  enum class Outcome { kFetched, kNotModified, kNew, kUnchanged, kSkipped, kFailed };
  std::string source;  // the source's name
  Level level = Level::kEntry;
  std::string url;     // the feed's URL, or the entry's link (or id when it has no link)
  Outcome outcome = Outcome::kNew;
  std::string reason;        // for kSkipped and kFailed (and why kUnchanged)
  int64_t document_id = 0;   // for kNew (and kUnchanged after a fetch)
  int64_t incident_id = 0;   // non-zero when a new incident was stored
};

struct CollectReport {
  int64_t feeds = 0;               // feeds polled
  int64_t feeds_not_modified = 0;
  int64_t entries = 0;             // entries seen in fetched feeds
  int64_t pages_fetched = 0;       // article pages requested
  int64_t bytes = 0;               // body bytes received (feeds and pages)
  int64_t documents_new = 0;
  int64_t unchanged = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
  int64_t incidents_new = 0;
  std::vector<CollectItem> items;  // in the order things happened
};

struct CollectOptions {
  collect::HttpOptions http;
  // Per-host delay for sources that do not set their own.
  int64_t default_delay_ms = 1000;
  // Entries after this many in one feed are not looked at in this run.
  int64_t max_entries_per_feed = 100;
  bool extract_incidents = true;
  // Called after each item is decided (for progress output); may be empty.
  std::function<void(const CollectItem&)> on_item;
};

// Stable names: "fetched", "not_modified", "new", "unchanged", "skipped", "failed".
std::string_view ToString(CollectItem::Outcome outcome);

// Polls the sources named in `names` (all sources when empty). Fails with
// kNotFound, before fetching anything, when a name is not registered; with
// the store's error when the store cannot be read or written (the current
// page's transaction rolled back). Everything else is in the report.
Result<CollectReport> Collect(Store& store, const std::vector<std::string>& names,
                              const CollectOptions& options);

// Fewer non-blank characters than this in a page's text, and it is not an
// article (a login form, a list of links, an empty template).
inline constexpr int kMinArticleChars = 40;

// Why a parsed page is not an article ("only 12 characters of text"), or
// empty when it is one.
std::string NotAnArticleReason(const Document& doc);

}  // namespace kenchi::pipeline
