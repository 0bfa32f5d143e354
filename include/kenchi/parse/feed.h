// Feeds: RSS 2.0 (and 0.9x), RSS 1.0 / RDF (common on Japanese sites) and
// Atom 1.0, read with libxml2.
//
// The bytes are decoded with text::DecodeToUtf8 first (the XML declaration's
// encoding="..." or the HTTP charset as the declared charset), so a
// Shift_JIS or EUC-JP feed is handled exactly like a page in the same
// encoding, and damaged bytes are an error naming the offset. The XML is
// then parsed with the network off and entities never expanded beyond the
// predefined ones (no external entities, no "billion laughs"). Malformed
// XML is an error naming the feed and the line.
//
// Entry links are resolved against the feed's URL, so a relative link
// still leads somewhere. Dates are YYYY-MM-DD as written (RFC 822 pubDate,
// ISO 8601 dc:date / published / updated).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/status.h"

namespace kenchi::parse {

enum class FeedKind { kRss, kRdf, kAtom };

// "rss", "rdf", "atom".
std::string_view ToString(FeedKind kind);

struct FeedEntry {
  std::string title;         // UTF-8, single line
  std::string link;          // absolute URL as resolved, or empty
  std::string id;            // guid / atom:id / rdf:about, or empty
  std::string published_on;  // YYYY-MM-DD or empty
  std::string summary;       // description / summary / content, markup as sent
};

struct Feed {
  FeedKind kind = FeedKind::kRss;
  std::string title;
  std::vector<FeedEntry> entries;  // in document order
};

// Feeds larger than this are refused before parsing.
inline constexpr size_t kMaxFeedBytes = 8u << 20;
// Entries after this many are ignored (a feed is a window, not an archive).
inline constexpr size_t kMaxFeedEntries = 1000;

// Parses a feed. `url` names it in errors and is the base for relative
// links; `declared_charset` is the HTTP charset, if any (the XML
// declaration is used when it is empty). Fails with kInvalidInput when the
// bytes are not a feed: empty, too large, undecodable, malformed XML (with
// the line), or XML whose root is not <rss>, <rdf:RDF> or Atom's <feed>.
// A feed with no entries is not an error.
Result<Feed> ParseFeed(std::string_view bytes, const std::string& url,
                       std::string_view declared_charset = {});

}  // namespace kenchi::parse
