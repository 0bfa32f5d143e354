#include "kenchi/pipeline/collect.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "kenchi/collect/throttle.h"
#include "kenchi/parse/feed.h"
#include "kenchi/parse/parse.h"
#include "kenchi/pipeline/ingest.h"
#include "kenchi/clock.h"

namespace kenchi::pipeline {
namespace {

using Outcome = CollectItem::Outcome;
using Level = CollectItem::Level;

constexpr const char* kAcceptFeeds =
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5";
constexpr const char* kAcceptPages =
    "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9, */*;q=0.5";

// Media types that can hold an article. Empty: the server did not say, so
// the bytes decide.
bool IsArticleMediaType(const std::string& type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml" ||
         type == "text/plain" || type == "application/pdf" || type == "application/x-pdf";
}

std::string HttpStatusReason(const collect::HttpResponse& r) {
  std::string reason = fmt::format("HTTP {}", r.status);
  if (r.redirects > 0) reason += fmt::format(" at {} after {} redirect(s)", r.effective_url, r.redirects);
  return reason;
}

// Lower layers start their messages with the URL; the report has it already.
std::string WithoutUrl(std::string message, const std::string& url) {
  const std::string prefix = url + ": ";
  if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
  return message;
}

class Collector {
 public:
  Collector(Store& store, const CollectOptions& options)
      : store_(store), options_(options), client_(options.http) {}

  Status PollSource(const Source& source);
  CollectReport TakeReport() { return std::move(report_); }

 private:
  void Add(CollectItem item) {
    switch (item.outcome) {
      case Outcome::kNotModified: ++report_.feeds_not_modified; break;
      case Outcome::kNew: ++report_.documents_new; break;
      case Outcome::kUnchanged: ++report_.unchanged; break;
      case Outcome::kSkipped: ++report_.skipped; break;
      case Outcome::kFailed: ++report_.failed; break;
      case Outcome::kFetched: break;
    }
    if (item.incident_id) ++report_.incidents_new;
    if (options_.on_item) options_.on_item(item);
    report_.items.push_back(std::move(item));
  }
  void AddFor(const Source& s, Level level, const std::string& url, Outcome outcome,
              std::string reason = {}) {
    CollectItem item;
    item.source = s.name;
    item.level = level;
    item.url = url;
    item.outcome = outcome;
    item.reason = WithoutUrl(std::move(reason), url);
    Add(std::move(item));
  }

  std::chrono::milliseconds DelayFor(const Source& s) const {
    return std::chrono::milliseconds(s.delay_ms.value_or(options_.default_delay_ms));
  }
  void Throttle(const Source& s, const std::string& url) {
    Result<collect::UrlParts> parts = collect::SplitUrl(url);
    throttle_.Wait(parts.ok() ? parts->host : url, DelayFor(s));
  }

  // Returns false when the entry failed (the feed must then be re-read in
  // full next time); a Status error only for store failures.
  Result<bool> CollectEntry(const Source& source, const parse::FeedEntry& entry);

  Store& store_;
  const CollectOptions& options_;
  collect::HttpClient client_;
  collect::HostThrottle throttle_;
  CollectReport report_;
};

Status Collector::PollSource(const Source& source) {
  ++report_.feeds;
  Throttle(source, source.url);
  collect::HttpRequest request;
  request.url = source.url;
  request.accept = kAcceptFeeds;
  request.etag = source.etag;
  request.last_modified = source.last_modified;
  Result<collect::HttpResponse> response = client_.Get(request);
  if (!response.ok()) {
    AddFor(source, Level::kFeed, source.url, Outcome::kFailed, response.status().message());
    return Status::Ok();
  }
  report_.bytes += static_cast<int64_t>(response->body.size());
  if (response->not_modified()) {
    AddFor(source, Level::kFeed, source.url, Outcome::kNotModified);
    return store_.RecordSourcePoll(source.id, source.etag, source.last_modified, NowIsoUtc());
  }
  if (!response->ok()) {
    AddFor(source, Level::kFeed, source.url, Outcome::kFailed, HttpStatusReason(*response));
    return Status::Ok();
  }
  Result<parse::Feed> feed =
      parse::ParseFeed(response->body, source.url, collect::CharsetOf(response->content_type));
  if (!feed.ok()) {
    AddFor(source, Level::kFeed, source.url, Outcome::kFailed, feed.status().message());
    return Status::Ok();
  }
  if (source.kind != "auto" && source.kind != parse::ToString(feed->kind)) {
    AddFor(source, Level::kFeed, source.url, Outcome::kFailed,
           fmt::format("registered as {}, but the feed is {} (re-add the source with --kind {} or auto)",
                       source.kind, parse::ToString(feed->kind), parse::ToString(feed->kind)));
    return Status::Ok();
  }
  report_.entries += static_cast<int64_t>(feed->entries.size());
  if (feed->entries.empty()) {
    AddFor(source, Level::kFeed, source.url, Outcome::kSkipped, "the feed has no entries");
    return store_.RecordSourcePoll(source.id, response->etag, response->last_modified, NowIsoUtc());
  }
  AddFor(source, Level::kFeed, source.url, Outcome::kFetched,
         fmt::format("{} feed, {} entries", parse::ToString(feed->kind), feed->entries.size()));

  bool all_done = true;
  int64_t looked_at = 0;
  for (const parse::FeedEntry& entry : feed->entries) {
    if (looked_at++ >= options_.max_entries_per_feed) break;
    Result<bool> done = CollectEntry(source, entry);
    if (!done.ok()) return done.status();
    all_done = all_done && *done;
  }
  // Validators are kept only when nothing is left to retry.
  if (all_done) return store_.RecordSourcePoll(source.id, response->etag, response->last_modified, NowIsoUtc());
  return store_.RecordSourcePoll(source.id, "", "", NowIsoUtc());
}

Result<bool> Collector::CollectEntry(const Source& source, const parse::FeedEntry& entry) {
  const std::string& link = entry.link;
  if (link.empty()) {
    AddFor(source, Level::kEntry, entry.id.empty() ? entry.title : entry.id, Outcome::kSkipped,
           "the entry has no link");
    return true;
  }
  if (!collect::IsFetchableUrl(link)) {
    AddFor(source, Level::kEntry, link, Outcome::kSkipped,
           "refused: only http:// and https:// links are followed");
    return true;
  }
  Result<bool> seen = store_.HasDocumentWithUri(link);
  if (!seen.ok()) return seen.status();
  if (*seen) {
    AddFor(source, Level::kEntry, link, Outcome::kUnchanged, "collected before");
    return true;
  }

  Throttle(source, link);
  ++report_.pages_fetched;
  collect::HttpRequest request;
  request.url = link;
  request.accept = kAcceptPages;
  Result<collect::HttpResponse> response = client_.Get(request);
  if (!response.ok()) {
    AddFor(source, Level::kEntry, link, Outcome::kFailed, response.status().message());
    return false;
  }
  report_.bytes += static_cast<int64_t>(response->body.size());
  if (!response->ok()) {
    AddFor(source, Level::kEntry, link, Outcome::kFailed, HttpStatusReason(*response));
    return false;
  }
  const std::string media = collect::MediaTypeOf(response->content_type);
  const bool pdf_bytes = response->body.compare(0, 5, "%PDF-") == 0;
  if (!IsArticleMediaType(media) && !pdf_bytes) {
    AddFor(source, Level::kEntry, link, Outcome::kSkipped,
           fmt::format("not an article: Content-Type {}", media));
    return true;
  }
  parse::ParseOptions parse_options;
  parse_options.declared_charset = collect::CharsetOf(response->content_type);
  Result<parse::ParseOutput> parsed = parse::ParseFile(response->body, link, parse_options);
  if (!parsed.ok()) {
    AddFor(source, Level::kEntry, link, Outcome::kFailed, parsed.status().message());
    return false;
  }
  if (parsed->documents.size() != 1 || parsed->documents[0].format == DocumentFormat::kJsonLines) {
    AddFor(source, Level::kEntry, link, Outcome::kSkipped, "not an article: a JSON lines file");
    return true;
  }
  Document& doc = parsed->documents[0];
  if (std::string why = NotAnArticleReason(doc); !why.empty()) {
    AddFor(source, Level::kEntry, link, Outcome::kSkipped, "not an article: " + why);
    return true;
  }
  // The feed knows what the page may not say.
  doc.source = source.name;
  if (doc.title.empty()) doc.title = entry.title;
  if (doc.published_on.empty()) doc.published_on = entry.published_on;

  IngestOptions ingest_options;
  ingest_options.extract_incidents = options_.extract_incidents;
  IngestReport stored;
  KENCHI_RETURN_IF_ERROR(StoreDocuments(store_, parsed->documents, ingest_options, stored));
  for (const IngestItem& s : stored.items) {
    CollectItem item;
    item.source = source.name;
    item.level = Level::kEntry;
    item.url = link;
    item.document_id = s.document_id;
    item.incident_id = s.incident_id;
    if (s.outcome == IngestItem::Outcome::kNew) {
      item.outcome = Outcome::kNew;
    } else {
      item.outcome = Outcome::kUnchanged;
      item.reason = "the same bytes are stored already (another URL)";
    }
    Add(std::move(item));
  }
  return true;
}

size_t CountNonBlankChars(std::string_view utf8) {
  size_t n = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    // U+3000 ideographic space
    if (c == 0xE3 && i + 2 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) == 0x80 &&
        static_cast<unsigned char>(utf8[i + 2]) == 0x80) {
      continue;
    }
    ++n;
  }
  return n;
}

}  // namespace

std::string_view ToString(CollectItem::Outcome outcome) {
  switch (outcome) {
    case Outcome::kFetched: return "fetched";
    case Outcome::kNotModified: return "not_modified";
    case Outcome::kNew: return "new";
    case Outcome::kUnchanged: return "unchanged";
    case Outcome::kSkipped: return "skipped";
    case Outcome::kFailed: return "failed";
  }
  return "unknown";
}

std::string NotAnArticleReason(const Document& doc) {
  const size_t chars = CountNonBlankChars(doc.text);
  if (chars < static_cast<size_t>(kMinArticleChars)) {
    return fmt::format("only {} characters of text (an article has at least {})", chars,
                       kMinArticleChars);
  }
  return {};
}

Result<CollectReport> Collect(Store& store, const std::vector<std::string>& names,
                              const CollectOptions& options) {
  Result<std::vector<Source>> all = store.ListSources();
  if (!all.ok()) return all.status();
  std::vector<Source> chosen;
  if (names.empty()) {
    chosen = *all;
  } else {
    for (const std::string& name : names) {
      bool found = false;
      for (const Source& s : *all) {
        if (s.name == name) {
          chosen.push_back(s);
          found = true;
          break;
        }
      }
      if (!found) {
        return Status::NotFound(fmt::format(
            "no source named \"{}\" (see `kenchi source list`; add one with `kenchi source add`)",
            name));
      }
    }
  }
  Collector collector(store, options);
  for (const Source& s : chosen) KENCHI_RETURN_IF_ERROR(collector.PollSource(s));
  return collector.TakeReport();
}

}  // namespace kenchi::pipeline
