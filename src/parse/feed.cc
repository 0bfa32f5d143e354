// ParseFeed: RSS 2.0, RSS 1.0/RDF and Atom with libxml2.
//
// Elements are matched by local name (feeds mix namespaces freely: dc:date,
// content:encoded, atom:link inside RSS), and the root decides the kind.
// Text is gathered from text and CDATA nodes only: an entity reference that
// the parser left in the tree (a DTD-declared entity) is skipped, never
// expanded, so a hostile feed cannot blow up in memory here.
#include "kenchi/parse/feed.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <memory>
#include <mutex>
#include <string>

#include <fmt/format.h>

#include "kenchi/text/encoding.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct XmlCtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

std::string_view LocalName(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

std::string_view NsOf(const xmlNode* n) {
  return n->ns && n->ns->href ? std::string_view(reinterpret_cast<const char*>(n->ns->href))
                              : std::string_view();
}

bool IsElement(const xmlNode* n, std::string_view name) {
  return n->type == XML_ELEMENT_NODE && LocalName(n) == name;
}

// Text and CDATA under `n`, in order. libxml2 caps nesting at 256 levels
// (no XML_PARSE_HUGE), which bounds the recursion.
void AppendText(const xmlNode* n, std::string& out) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      AppendText(c, out);
    }
  }
}

std::string TextOf(const xmlNode* n) {
  std::string out;
  AppendText(n, out);
  return out;
}

// Whitespace runs become one space; leading and trailing ones go.
std::string OneLine(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string AttrNs(const xmlNode* n, const char* name, std::string_view ns) {
  xmlChar* v = xmlGetNsProp(n, reinterpret_cast<const xmlChar*>(name),
                            reinterpret_cast<const xmlChar*>(std::string(ns).c_str()));
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

// `link` made absolute against the feed's URL.
std::string Resolve(std::string_view link, const std::string& base) {
  const std::string trimmed(internal::TrimSpace(link));
  if (trimmed.empty()) return {};
  xmlChar* built = xmlBuildURI(reinterpret_cast<const xmlChar*>(trimmed.c_str()),
                               reinterpret_cast<const xmlChar*>(base.c_str()));
  if (!built) return trimmed;
  std::string out(reinterpret_cast<const char*>(built));
  xmlFree(built);
  return out;
}

// RFC 822 / 1123 dates as RSS 2.0 writes them: "Tue, 28 May 2024 10:00:00
// +0900" (the weekday is optional, the year may have two digits).
std::string Rfc822Date(std::string_view s) {
  s = internal::TrimSpace(s);
  const size_t comma = s.find(',');
  if (comma != std::string_view::npos && comma < 10) s.remove_prefix(comma + 1);
  s = internal::TrimSpace(s);
  auto number = [&](int* out) {
    int v = 0, digits = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9' && digits < 5) {
      v = v * 10 + (s.front() - '0');
      s.remove_prefix(1);
      ++digits;
    }
    *out = v;
    return digits;
  };
  int day = 0, year = 0;
  if (number(&day) == 0) return {};
  s = internal::TrimSpace(s);
  if (s.size() < 3) return {};
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string mon(s.substr(0, 3));
  for (char& c : mon) c = static_cast<char>(c | 0x20);
  int month = 0;
  for (int i = 0; i < 12; ++i) {
    if (mon == kMonths[i]) month = i + 1;
  }
  if (month == 0) return {};
  while (!s.empty() && s.front() != ' ') s.remove_prefix(1);
  s = internal::TrimSpace(s);
  const int year_digits = number(&year);
  if (year_digits == 2) year += year < 70 ? 2000 : 1900;
  else if (year_digits != 4) return {};
  // Reuse the ISO validator for the calendar (February 30 and such).
  return internal::NormalizeDate(fmt::format("{:04}-{:02}-{:02}", year, month, day));
}

std::string DateOf(std::string_view text) {
  std::string iso = internal::NormalizeDate(text);
  return iso.empty() ? Rfc822Date(text) : iso;
}

// Fills `e` from one item/entry element's children.
FeedEntry ReadEntry(const xmlNode* item, FeedKind kind, const std::string& base) {
  FeedEntry e;
  std::string guid, guid_permalink, published, updated, alternate, any_link;
  if (kind == FeedKind::kRdf) e.id = AttrNs(item, "about", kRdfNs);
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = LocalName(c);
    if (name == "title") {
      if (e.title.empty()) e.title = OneLine(TextOf(c));
    } else if (name == "link") {
      if (kind == FeedKind::kAtom || !Attr(c, "href").empty()) {
        // Atom: <link rel="alternate" href="..."/>; no rel means alternate.
        const std::string rel = Attr(c, "rel");
        const std::string href = Attr(c, "href");
        if ((rel.empty() || rel == "alternate") && alternate.empty()) alternate = href;
        if (any_link.empty()) any_link = href;
      } else if (alternate.empty()) {
        alternate = std::string(internal::TrimSpace(TextOf(c)));
      }
    } else if (name == "guid") {
      guid = std::string(internal::TrimSpace(TextOf(c)));
      if (Attr(c, "isPermaLink") != "false") guid_permalink = guid;
    } else if (name == "id") {
      e.id = std::string(internal::TrimSpace(TextOf(c)));
    } else if (name == "pubDate" || name == "published" || name == "issued" ||
               (name == "date" && published.empty())) {
      published = TextOf(c);
    } else if (name == "updated" || name == "modified") {
      updated = TextOf(c);
    } else if (name == "description" || name == "summary" || name == "encoded" ||
               name == "content") {
      if (e.summary.empty()) e.summary = TextOf(c);
    }
  }
  if (e.id.empty()) e.id = guid;
  std::string link = !alternate.empty() ? alternate : !guid_permalink.empty() ? guid_permalink : any_link;
  e.link = Resolve(link, base);
  e.published_on = DateOf(published);
  if (e.published_on.empty()) e.published_on = DateOf(updated);
  return e;
}

void ReadEntries(const xmlNode* parent, std::string_view entry_name, FeedKind kind,
                 const std::string& base, Feed& feed) {
  for (const xmlNode* c = parent->children; c; c = c->next) {
    if (IsElement(c, entry_name)) {
      if (feed.entries.size() >= kMaxFeedEntries) return;
      feed.entries.push_back(ReadEntry(c, kind, base));
    } else if (IsElement(c, "title") && feed.title.empty()) {
      feed.title = OneLine(TextOf(c));
    }
  }
}

}  // namespace

std::string_view ToString(FeedKind kind) {
  switch (kind) {
    case FeedKind::kRss: return "rss";
    case FeedKind::kRdf: return "rdf";
    case FeedKind::kAtom: return "atom";
  }
  return "unknown";
}

Result<Feed> ParseFeed(std::string_view bytes, const std::string& url,
                       std::string_view declared_charset) {
  if (bytes.empty()) return Status::InvalidInput(url + ": the feed is empty (0 bytes)");
  if (bytes.size() > kMaxFeedBytes) {
    return Status::InvalidInput(fmt::format("{}: the feed is {} bytes, over the {}-byte limit", url,
                                            bytes.size(), kMaxFeedBytes));
  }
  std::string declared(declared_charset);
  if (declared.empty()) declared = internal::FindDeclaredCharset(bytes);
  Encoding ignored;
  if (!declared.empty() && !text::EncodingFromLabel(declared, &ignored)) declared.clear();
  Result<text::Decoded> decoded = text::DecodeToUtf8(bytes, declared);
  if (!decoded.ok()) return decoded.status().WithContext(url);
  const std::string& utf8 = decoded->utf8;
  if (internal::TrimSpace(utf8).empty()) {
    return Status::InvalidInput(url + ": the feed contains only whitespace");
  }
  if (utf8.size() > static_cast<size_t>(INT32_MAX)) return Status::InvalidInput(url + ": too large");

  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  std::unique_ptr<xmlParserCtxt, XmlCtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) return Status::Internal("libxml2 could not allocate a parser");
  // The text is UTF-8 now whatever the declaration says (IGNORE_ENC); no
  // network, no DTD loading, no entity substitution, no error printing.
  const int options = XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, XmlDocFree> doc(xmlCtxtReadMemory(
      ctxt.get(), utf8.data(), static_cast<int>(utf8.size()), url.c_str(), "UTF-8", options));
  if (!doc || !ctxt->wellFormed) {
    const xmlError* err = xmlCtxtGetLastError(ctxt.get());
    std::string what = err && err->message ? OneLine(err->message) : "not well-formed";
    const int line = err ? err->line : 0;
    return Status::InvalidInput(fmt::format("{}:{}: malformed XML: {}", url, line, what));
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return Status::InvalidInput(url + ": malformed XML: no root element");

  Feed feed;
  const std::string_view name = LocalName(root);
  const std::string_view ns = NsOf(root);
  if (name == "rss") {
    feed.kind = FeedKind::kRss;
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (IsElement(c, "channel")) ReadEntries(c, "item", FeedKind::kRss, url, feed);
    }
  } else if (name == "RDF" && ns == kRdfNs) {
    feed.kind = FeedKind::kRdf;
    // RSS 1.0: <item>s are siblings of <channel>, not its children.
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (IsElement(c, "channel")) {
        for (const xmlNode* t = c->children; t; t = t->next) {
          if (IsElement(t, "title") && feed.title.empty()) feed.title = OneLine(TextOf(t));
        }
      }
    }
    ReadEntries(root, "item", FeedKind::kRdf, url, feed);
  } else if (name == "feed" && (ns == kAtomNs || ns == kAtom03Ns)) {
    feed.kind = FeedKind::kAtom;
    ReadEntries(root, "entry", FeedKind::kAtom, url, feed);
  } else {
    return Status::InvalidInput(fmt::format(
        "{}:{}: not a feed: the root element is <{}>, expected <rss>, <rdf:RDF> or Atom <feed>", url,
        root->line, name));
  }
  return feed;
}

}  // namespace kenchi::parse
