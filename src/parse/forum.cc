// Saved forum pages -> one Document per post (see kenchi/parse/posts.h).
//
// Forum software differs in markup but agrees on the shape: a repeated
// container per post, holding the author's name, a date and the body. Only
// class names are looked at, as tokens, so that the rule stays short and
// explainable; a page with fewer than two such posts is left to the
// ordinary HTML parser (an article page with one "post" is an article).
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/parse/parse.h"
#include "kenchi/parse/posts.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

// More posts than any real thread page; beyond it the rest are ignored.
constexpr size_t kMaxPosts = 10000;
constexpr size_t kMaxAuthorBytes = 200;

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;
struct XmlBufferFree {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::vector<std::string> ClassTokens(const xmlNode* n) {
  std::vector<std::string> tokens;
  std::string cls = Attr(n, "class");
  std::string cur;
  for (char c : cls + " ") {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) tokens.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  return tokens;
}

bool HasToken(const xmlNode* n, std::initializer_list<std::string_view> exact) {
  for (const std::string& t : ClassTokens(n)) {
    for (std::string_view e : exact) {
      if (t == e) return true;
    }
  }
  return false;
}

bool HasTokenContaining(const xmlNode* n, std::initializer_list<std::string_view> parts) {
  for (const std::string& t : ClassTokens(n)) {
    for (std::string_view p : parts) {
      if (t.find(p) != std::string::npos) return true;
    }
  }
  return false;
}

bool IsPostContainer(const xmlNode* n) {
  return HasToken(n, {"post", "message", "forum-post", "topic-post", "postcontainer", "post-item",
                      "reply"});
}
bool IsAuthor(const xmlNode* n) {
  return HasTokenContaining(n, {"author", "username", "poster", "user-name"});
}
bool IsDate(const xmlNode* n) {
  return (n->name && std::string_view(reinterpret_cast<const char*>(n->name)) == "time") ||
         HasTokenContaining(n, {"date", "time"});
}
bool IsBody(const xmlNode* n) { return HasTokenContaining(n, {"content", "body", "text"}); }

// Iterative pre-order walk of the subtree under `root` (root excluded);
// `visit` returns false to skip a node's children.
template <typename Visit>
void WalkBelow(xmlNode* root, Visit&& visit) {
  xmlNode* n = root->children;
  while (n != nullptr) {
    bool descend = n->type == XML_ELEMENT_NODE && visit(n);
    if (descend && n->children) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n != root && n->next == nullptr) n = n->parent;
    if (n == nullptr || n == root) break;
    n = n->next;
  }
}

xmlNode* FindFirstBelow(xmlNode* root, bool (*pred)(const xmlNode*)) {
  xmlNode* found = nullptr;
  WalkBelow(root, [&](xmlNode* n) {
    if (found) return false;
    if (pred(n)) {
      found = n;
      return false;
    }
    return true;
  });
  return found;
}

// Visible text of a node with runs of white space collapsed to one space.
std::string CollapsedText(xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string raw = c ? reinterpret_cast<const char*>(c) : "";
  if (c) xmlFree(c);
  std::string out;
  bool space = false;
  for (char ch : raw) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(ch);
    }
  }
  return out;
}

std::string OuterHtml(xmlDoc* doc, xmlNode* n) {
  std::unique_ptr<xmlBuffer, XmlBufferFree> buf(xmlBufferCreate());
  if (!buf) return {};
  htmlNodeDump(buf.get(), doc, n);
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buf.get())),
                     static_cast<size_t>(xmlBufferLength(buf.get())));
}

struct Post {
  xmlNode* node;
  xmlNode* author;
};

}  // namespace

std::optional<ParseOutput> ParseForumPage(std::string_view utf8, Encoding encoding,
                                          const std::string& path) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  XmlDocPtr doc(htmlReadMemory(utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8",
                               HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_NONET | HTML_PARSE_COMPACT));
  if (!doc) return std::nullopt;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return std::nullopt;

  // Outermost post containers that hold an author.
  std::vector<Post> posts;
  WalkBelow(root, [&](xmlNode* n) {
    if (posts.size() >= kMaxPosts) return false;
    if (IsPostContainer(n)) {
      if (xmlNode* author = FindFirstBelow(n, IsAuthor)) {
        posts.push_back({n, author});
        return false;
      }
    }
    return true;
  });
  if (posts.size() < 2) return std::nullopt;

  std::string page_title;
  if (xmlNode* t = FindFirstBelow(root, [](const xmlNode* n) {
        return n->name && std::string_view(reinterpret_cast<const char*>(n->name)) == "title";
      })) {
    page_title = CollapsedText(t);
  }

  ParseOutput out;
  size_t index = 0;
  for (const Post& post : posts) {
    ++index;
    std::string author(internal::CutUtf8(CollapsedText(post.author), kMaxAuthorBytes));
    std::string posted_at;
    if (xmlNode* d = FindFirstBelow(post.node, IsDate)) {
      posted_at = Attr(d, "datetime");
      if (posted_at.empty()) posted_at = Attr(d, "title");
      if (internal::NormalizeDate(posted_at).empty()) posted_at = CollapsedText(d);
    }
    xmlNode* body = FindFirstBelow(post.node, IsBody);
    std::string html = OuterHtml(doc.get(), body ? body : post.node);

    Document d;
    d.source = std::string(kSourceForum);
    d.format = DocumentFormat::kJsonLines;
    d.encoding = encoding == Encoding::kUtf8Bom ? Encoding::kUtf8 : encoding;
    d.uri = path + "#post" + std::to_string(index);
    // The body's text through the ordinary HTML rules (scripts, quotes of
    // navigation and the like dropped).
    Document fragment;
    internal::FillFromHtml("<html><body>" + html + "</body></html>", &fragment);
    d.text = std::string(internal::CutUtf8(fragment.text, kMaxPostTextBytes));
    if (internal::TrimSpace(d.text).empty()) continue;
    d.title = std::string(internal::CutUtf8(internal::TrimSpace(page_title), internal::kMaxTitleBytes));
    d.published_on = internal::NormalizeDate(posted_at);
    // Not the page's path: the same post saved twice is the same post.
    nlohmann::json record = {{"author", author}, {"posted_at", posted_at}, {"html", html}};
    d.raw = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    d.content_hash = Sha256Hex(d.raw);
    out.documents.push_back(std::move(d));
  }
  if (out.documents.size() < 2) return std::nullopt;
  return out;
}

}  // namespace kenchi::parse
