// HTML pages: title, published date and the visible body text.
//
// libxml2's HTML parser (error-recovering, network off) builds the tree from
// text that has already been decoded to UTF-8; the page's own charset
// declaration has been used by then and is ignored here. What a reader sees
// as the article is kept; what every page of the site repeats (navigation,
// headers, footers, sidebars, forms, scripts) is dropped, because it would
// otherwise put the same company names and dates into every document.
//
// Trees are walked iteratively through parent/next pointers: a hostile page
// can nest elements a hundred thousand deep, which recursion would not
// survive.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <climits>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "parse/internal.h"

namespace kenchi::parse::internal {
namespace {

// ---- libxml2 plumbing -----------------------------------------------------------

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

void InitLibxmlOnce() {
  // xmlInitParser is not safe to race; after it, parsing separate documents
  // from separate threads is.
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

std::string_view NameOf(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

bool IsElement(const xmlNode* n) { return n->type == XML_ELEMENT_NODE; }

bool IsElement(const xmlNode* n, std::string_view name) {
  return IsElement(n) && NameOf(n) == name;
}

// An attribute's value, or empty; `*present` tells the two apart.
std::string Attr(const xmlNode* n, const char* name, bool* present = nullptr) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (present) *present = v != nullptr;
  if (!v) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Visits the subtree under `root` (root included) in document order without
// recursion. `enter` returns kDescend to visit the children, kSkip to pass
// over them, kStop to end the walk; `leave` runs for every node whose enter
// returned kDescend, after its children.
enum class Step { kDescend, kSkip, kStop };

template <typename Enter, typename Leave>
void Walk(xmlNode* root, Enter&& enter, Leave&& leave) {
  if (!root) return;
  xmlNode* node = root;
  while (true) {
    Step step = enter(node);
    if (step == Step::kStop) return;
    if (step == Step::kDescend && node->children) {
      node = node->children;
      continue;
    }
    if (step == Step::kDescend) leave(node);
    while (true) {
      if (node == root) return;
      if (node->next) {
        node = node->next;
        break;
      }
      node = node->parent;
      leave(node);
    }
  }
}

// ---- what counts as boilerplate ---------------------------------------------------

bool IsOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (name == n) return true;
  }
  return false;
}

// Elements whose content is never article text.
bool IsDroppedTag(std::string_view name) {
  return IsOneOf(name, {"script", "style", "noscript", "nav", "footer", "aside", "form",
                        "template", "iframe", "svg", "math", "object", "embed", "canvas",
                        "button", "select", "textarea", "head", "title"});
}

// Whether a class or id value names site furniture. Values are split into
// tokens (whitespace) and words (any other non-alphanumeric); a word that
// starts or ends with nav/menu/breadcrumb/footer/sidebar counts, which
// catches "global-nav", "gnavi", "l-sidebar", "breadcrumbs", "siteFooter".
// Japanese sites also say "topicpath" or "pankuzu" for breadcrumbs. A word
// like "has"/"with"/"no" turns the rest of its token into a description of
// a wrapper ("has-sidebar", "contents-with-sidebar"), which must stay.
bool NamesBoilerplate(std::string_view value) {
  static constexpr std::string_view kStarts[] = {"nav", "menu", "breadcrumb", "footer",
                                                 "sidebar", "topicpath", "pankuzu"};
  static constexpr std::string_view kEnds[] = {"nav", "navi", "menu", "breadcrumb",
                                               "breadcrumbs", "footer", "sidebar"};
  std::string lower = AsciiLower(value);
  std::string_view s = lower;
  size_t i = 0;
  while (i < s.size()) {
    // One whitespace-separated token.
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                            s[i] == '\f')) {
      ++i;
    }
    size_t token_end = i;
    while (token_end < s.size() && s[token_end] != ' ' && s[token_end] != '\t' &&
           s[token_end] != '\n' && s[token_end] != '\r' && s[token_end] != '\f') {
      ++token_end;
    }
    while (i < token_end) {
      auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
      while (i < token_end && !alnum(s[i])) ++i;
      size_t word_start = i;
      while (i < token_end && alnum(s[i])) ++i;
      std::string_view word = s.substr(word_start, i - word_start);
      if (word.empty()) continue;
      if (word == "has" || word == "with" || word == "without" || word == "no" || word == "is") {
        i = token_end;
        break;
      }
      for (std::string_view k : kStarts) {
        if (word.substr(0, k.size()) == k) return true;
      }
      for (std::string_view k : kEnds) {
        if (word.size() >= k.size() && word.substr(word.size() - k.size()) == k) return true;
      }
    }
    i = token_end;
  }
  return false;
}

// Walks content under a container, skipping what is not article text.
// `class_rules` turns the class/id heuristics on; they are the only rules
// that can misfire, so callers retry without them when nothing is left.
class ContentFilter {
 public:
  explicit ContentFilter(bool class_rules) : class_rules_(class_rules) {}

  // Called on entering an element: true if it (and its subtree) is dropped.
  bool Drops(const xmlNode* n) const {
    std::string_view name = NameOf(n);
    if (IsDroppedTag(name)) return true;
    // An <article>'s own <header> holds its headline and byline.
    if (name == "header" && article_depth_ == 0) return true;
    bool hidden = false;
    Attr(n, "hidden", &hidden);
    if (hidden) return true;
    if (AsciiLower(Attr(n, "aria-hidden")) == "true") return true;
    std::string role = AsciiLower(Attr(n, "role"));
    if (role == "navigation" || role == "banner" || role == "contentinfo") return true;
    if (class_rules_ && !IsOneOf(name, {"html", "body", "main", "article"})) {
      if (NamesBoilerplate(Attr(n, "class")) || NamesBoilerplate(Attr(n, "id"))) return true;
    }
    return false;
  }

  void Enter(const xmlNode* n) {
    if (IsElement(n, "article")) ++article_depth_;
  }
  void Leave(const xmlNode* n) {
    if (IsElement(n, "article")) --article_depth_;
  }

 private:
  bool class_rules_;
  int article_depth_ = 0;
};

// Visits the non-dropped nodes under `root`. `visit(node)` returns a Step
// as in Walk; `after(node)` runs after a visited element's children.
template <typename Visit, typename After>
void WalkContent(xmlNode* root, bool class_rules, Visit&& visit, After&& after) {
  ContentFilter filter(class_rules);
  Walk(
      root,
      [&](xmlNode* n) {
        if (IsElement(n) && n != root && filter.Drops(n)) return Step::kSkip;
        Step step = visit(n);
        if (step == Step::kDescend && IsElement(n)) filter.Enter(n);
        return step;
      },
      [&](xmlNode* n) {
        after(n);
        if (IsElement(n)) filter.Leave(n);
      });
}

// ---- building the text ------------------------------------------------------------

uint32_t DecodeAt(std::string_view s, size_t i) {
  unsigned char b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) -> uint32_t {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) & 0x3F : 0;
  };
  if (b0 < 0x80) return b0;
  if (b0 < 0xE0) return ((b0 & 0x1Fu) << 6) | cont(1);
  if (b0 < 0xF0) return ((b0 & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
  return ((b0 & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

uint32_t LastCodePoint(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return DecodeAt(s, i);
}

// Chinese/Japanese characters, which are written without spaces between
// words: a line break in the HTML source between two of them is not a
// space (CSS Text 3, segment break transformation). Hangul is excluded
// because Korean does use spaces.
bool IsWideCjk(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x303F) ||   // radicals, CJK symbols and punctuation
         (cp >= 0x3040 && cp <= 0x30FF) ||   // hiragana, katakana
         (cp >= 0x3100 && cp <= 0x31FF) ||   // bopomofo, katakana extensions
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // compatibility ideographs
         (cp >= 0xFE30 && cp <= 0xFE4F) ||   // vertical forms
         (cp >= 0xFF01 && cp <= 0xFF60) ||   // full-width forms
         (cp >= 0xFF61 && cp <= 0xFF9F) ||   // half-width katakana
         (cp >= 0x20000 && cp <= 0x3FFFD);   // supplementary ideographs
}

// Accumulates text with HTML's whitespace rules: runs of whitespace become
// one space, block boundaries become line breaks, and at most one blank line
// separates paragraphs. Gaps are held back until the next visible character,
// so nothing leads or trails.
class TextBuilder {
 public:
  enum Gap { kNone = 0, kSegmentBreak = 1, kSpace = 2, kLine = 3, kParagraph = 4 };

  void AddGap(Gap g) {
    if (g > pending_) pending_ = g;
  }

  // <br>: a second one in a row makes a blank line.
  void LineBreak() { pending_ = pending_ >= kLine ? kParagraph : kLine; }

  // Text in normal flow: whitespace collapses.
  void Text(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      size_t ws = WhitespaceLength(s, i);
      if (ws) {
        bool newline = false;
        while (ws) {
          newline = newline || s[i] == '\n' || s[i] == '\r';
          i += ws;
          ws = i < s.size() ? WhitespaceLength(s, i) : 0;
        }
        AddGap(newline ? kSegmentBreak : kSpace);
        continue;
      }
      size_t start = i;
      while (i < s.size() && !WhitespaceLength(s, i)) ++i;
      Append(s.substr(start, i - start));
    }
  }

  // Text inside <pre>: line breaks and indentation are the content.
  void Preformatted(std::string_view s) {
    std::string text = NormalizeNewlines(s);
    std::string_view rest = text;
    bool first = true;
    while (true) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      if (!first) LineBreak();
      first = false;
      // Trailing blanks before a line break are invisible; before an inline
      // element ("a <b>b</b>") they separate words.
      if (nl != std::string_view::npos) {
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      }
      if (!line.empty()) Append(line);
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }

  // Collapsed text on one line (titles).
  std::string SingleLine() const {
    std::string s = out_;
    for (char& c : s) {
      if (c == '\n') c = ' ';
    }
    std::string collapsed;
    for (char c : s) {
      if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
      collapsed.push_back(c);
    }
    return collapsed;
  }

  const std::string& text() const { return out_; }

 private:
  // ASCII whitespace and U+00A0, which pages use as a layout space.
  static size_t WhitespaceLength(std::string_view s, size_t i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') return 1;
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;
    return 0;
  }

  void Append(std::string_view visible) {
    if (visible.empty()) return;
    if (!out_.empty()) {
      switch (pending_) {
        case kParagraph: out_ += "\n\n"; break;
        case kLine: out_ += '\n'; break;
        case kSpace: out_ += ' '; break;
        case kSegmentBreak:
          if (!(IsWideCjk(LastCodePoint(out_)) && IsWideCjk(DecodeAt(visible, 0)))) out_ += ' ';
          break;
        case kNone: break;
      }
    }
    pending_ = kNone;
    out_.append(visible);
  }

  std::string out_;
  Gap pending_ = kNone;
};

TextBuilder::Gap GapAround(std::string_view name) {
  if (IsOneOf(name, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul",
                     "ol", "dl", "section", "article", "main", "figure", "address", "hr",
                     "header", "details", "fieldset"})) {
    return TextBuilder::kParagraph;
  }
  if (IsOneOf(name, {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary",
                     "center", "menu", "dir", "legend", "tbody", "thead", "tfoot"})) {
    return TextBuilder::kLine;
  }
  if (IsOneOf(name, {"td", "th", "img"})) return TextBuilder::kSpace;
  return TextBuilder::kNone;
}

// Visible text under each of `roots`, one paragraph apart.
std::string ExtractText(const std::vector<xmlNode*>& roots, bool class_rules) {
  TextBuilder b;
  int pre_depth = 0;
  for (xmlNode* root : roots) {
    WalkContent(
        root, class_rules,
        [&](xmlNode* n) {
          if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            std::string_view s = n->content ? reinterpret_cast<const char*>(n->content) : "";
            if (pre_depth > 0) {
              b.Preformatted(s);
            } else {
              b.Text(s);
            }
            return Step::kSkip;
          }
          if (!IsElement(n)) return Step::kSkip;  // comments, processing instructions
          std::string_view name = NameOf(n);
          if (name == "br") b.LineBreak();
          if (name == "pre") ++pre_depth;
          b.AddGap(GapAround(name));
          return Step::kDescend;
        },
        [&](xmlNode* n) {
          if (!IsElement(n)) return;
          if (NameOf(n) == "pre") --pre_depth;
          b.AddGap(GapAround(NameOf(n)));
        });
    b.AddGap(TextBuilder::kParagraph);
  }
  return b.text();
}

// On one line, a block boundary is a space; inline elements
// ("不正<span>アクセス</span>") join without one, and a <br> is treated like
// a source line break: a space, except between Japanese characters.
void AddBlockSpace(TextBuilder& b, const xmlNode* n) {
  if (!IsElement(n)) return;
  if (NameOf(n) == "br") {
    b.AddGap(TextBuilder::kSegmentBreak);
  } else if (GapAround(NameOf(n)) != TextBuilder::kNone) {
    b.AddGap(TextBuilder::kSpace);
  }
}

// All text under `n` on one line, whitespace collapsed (for titles).
std::string InlineText(xmlNode* n) {
  TextBuilder b;
  Walk(
      n,
      [&](xmlNode* c) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
          b.Text(c->content ? reinterpret_cast<const char*>(c->content) : "");
          return Step::kSkip;
        }
        if (IsElement(c, "script") || IsElement(c, "style")) return Step::kSkip;
        AddBlockSpace(b, c);
        return Step::kDescend;
      },
      [&](xmlNode* c) { AddBlockSpace(b, c); });
  return std::string(CutUtf8(TrimSpace(b.SingleLine()), kMaxTitleBytes));
}

// ---- finding things -------------------------------------------------------------------

xmlNode* FindFirst(xmlNode* root, std::string_view name, std::string_view not_inside = {}) {
  xmlNode* found = nullptr;
  Walk(
      root,
      [&](xmlNode* n) {
        if (!IsElement(n)) return Step::kSkip;
        if (!not_inside.empty() && NameOf(n) == not_inside) return Step::kSkip;
        if (NameOf(n) == name) {
          found = n;
          return Step::kStop;
        }
        return Step::kDescend;
      },
      [](xmlNode*) {});
  return found;
}

// Where the article text is: the outermost <article> elements if any, else
// the first <main>, else <body>. Dropped regions are not searched, so a
// "related articles" sidebar full of <article> teasers does not win.
std::vector<xmlNode*> ContentRoots(xmlNode* html, bool class_rules) {
  xmlNode* body = FindFirst(html, "body");
  xmlNode* scope = body ? body : html;
  std::vector<xmlNode*> articles;
  xmlNode* main = nullptr;
  WalkContent(
      scope, class_rules,
      [&](xmlNode* n) {
        if (!IsElement(n)) return Step::kSkip;
        if (NameOf(n) == "article") {
          articles.push_back(n);
          return Step::kSkip;
        }
        if (NameOf(n) == "main" && !main) main = n;
        return Step::kDescend;
      },
      [](xmlNode*) {});
  if (!articles.empty()) return articles;
  if (main) return {main};
  return {scope};
}

std::string DateFromMeta(xmlNode* html) {
  // Best first: Open Graph's article time, schema.org, then plain names.
  std::string best;
  int best_rank = INT_MAX;
  Walk(
      html,
      [&](xmlNode* n) {
        if (!IsElement(n)) return Step::kSkip;
        if (NameOf(n) != "meta") return Step::kDescend;
        std::string key = AsciiLower(Attr(n, "property"));
        if (key.empty()) key = AsciiLower(Attr(n, "name"));
        std::string itemprop = AsciiLower(Attr(n, "itemprop"));
        int rank = INT_MAX;
        if (key == "article:published_time") {
          rank = 0;
        } else if (itemprop == "datepublished") {
          rank = 1;
        } else if (IsOneOf(key, {"date", "pubdate", "publishdate", "publish-date",
                                 "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date"})) {
          rank = 2;
        }
        if (rank < best_rank) {
          std::string date = NormalizeDate(Attr(n, "content"));
          if (!date.empty()) {
            best = date;
            best_rank = rank;
          }
        }
        return Step::kSkip;
      },
      [](xmlNode*) {});
  return best;
}

// The first <time> in the content with a usable datetime (or, lacking the
// attribute, usable text such as "2024年3月15日").
std::string DateFromTime(const std::vector<xmlNode*>& roots, bool class_rules) {
  std::string date;
  for (xmlNode* root : roots) {
    WalkContent(
        root, class_rules,
        [&](xmlNode* n) {
          if (!IsElement(n)) return Step::kSkip;
          if (NameOf(n) != "time") return Step::kDescend;
          bool has_datetime = false;
          std::string value = Attr(n, "datetime", &has_datetime);
          date = NormalizeDate(has_datetime ? value : InlineText(n));
          return date.empty() ? Step::kSkip : Step::kStop;
        },
        [](xmlNode*) {});
    if (!date.empty()) break;
  }
  return date;
}

}  // namespace

void FillFromHtml(std::string_view utf8, Document* doc) {
  InitLibxmlOnce();
  doc->title.clear();
  doc->text.clear();
  doc->published_on.clear();
  // ParseFile caps input at 64 MiB; libxml2 takes an int length.
  if (utf8.empty() || utf8.size() > static_cast<size_t>(INT_MAX)) return;

  // XML_PARSE_HUGE lifts the nesting limit of 256: past it libxml2 stops
  // parsing and the rest of the page is silently lost, and pages with
  // hundreds of unclosed <font> or <div> tags do occur. Neither libxml2 nor
  // the walks here recurse on depth, and the input is already capped.
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  XmlDocPtr tree(htmlReadMemory(utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8",
                                kOptions));
  // Without a tree (libxml2 found nothing it could call an element) there
  // is no visible text either.
  xmlNode* html = tree ? xmlDocGetRootElement(tree.get()) : nullptr;
  if (!html) return;

  bool class_rules = true;
  std::vector<xmlNode*> roots = ContentRoots(html, class_rules);
  doc->text = ExtractText(roots, class_rules);
  if (doc->text.empty()) {
    // The class/id heuristics ate everything: a wrapper named like furniture.
    class_rules = false;
    roots = ContentRoots(html, class_rules);
    doc->text = ExtractText(roots, class_rules);
  }

  if (xmlNode* title = FindFirst(html, "title", "svg")) doc->title = InlineText(title);
  if (doc->title.empty()) {
    xmlNode* h1 = nullptr;
    for (xmlNode* root : roots) {
      if ((h1 = FindFirst(root, "h1"))) break;
    }
    if (!h1) h1 = FindFirst(html, "h1");
    if (h1) doc->title = InlineText(h1);
  }

  doc->published_on = DateFromMeta(html);
  if (doc->published_on.empty()) doc->published_on = DateFromTime(roots, class_rules);
  if (doc->published_on.empty()) {
    xmlNode* body = FindFirst(html, "body");
    doc->published_on = DateFromTime({body ? body : html}, class_rules);
  }
}

}  // namespace kenchi::parse::internal
