// Underground posts: Telegram Desktop exports, saved forum pages and paste
// dumps, split into one Document per post.
//
// ParseFile (kenchi/parse/parse.h) recognises these from the content and
// calls the functions below; they are public so that tests and fuzzers can
// reach them directly.
//
// Post documents carry their kind in Document::source ("telegram",
// "forum", "paste"). A post taken out of a container (a Telegram message, a
// forum post) is stored as one canonical JSON record (format jsonl: keys
// sorted, no insignificant space), so that its content hash, and therefore
// re-ingest, does not depend on how the container was laid out, and so that
// who posted it and when survives next to the text.
//
// Telegram Desktop "Export chat history" / "Export Telegram data" in JSON
// (result.json):
//   - single chat:  {"name", "type", "id", "messages": [...]}
//   - full export:  {"chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}, ...}
//   Each message of type "message" becomes a Document; "service" messages
//   (joins, pins, title changes) and messages without text are skipped.
//   `text` is a string or an array of strings and entity objects
//   ({"type": "bold" | "link" | "text_link" | "mention" | ..., "text": "..."}):
//   the text is their concatenation. uri "telegram:<chat id>/<message id>",
//   title the chat's name, published_on the message date as written,
//   raw {"chat": {"id", "name", "type"}, "message": <the message as exported>}.
//   A JSON document that names "messages" or "chats" at its top level but
//   does not have their shape is an error naming the file and what was
//   expected; a broken message is a Rejection "path#<chat id>/<index>".
//
// Forum pages (HTML saved from a browser): a page with at least two post
// elements — an element whose class list contains post, message,
// forum-post, topic-post, postcontainer, post-item or reply, holding an
// author element (class containing author, username, poster or user-name)
// — becomes one Document per post. The date is the post's <time datetime>
// or the text of an element whose class contains date or time; the text is
// the post's body element (class containing content, body or text), else
// the post without its author and date. uri "path#post<n>" (n from 1),
// raw {"author", "posted_at", "html"} (the body's markup). Pages with fewer posts
// stay one HTML document.
//
// Paste dumps (plain text): a file whose first non-blank line is a paste
// header, a line such as
//     ===== paste 7f3a2b 2024-06-01 12:00 =====
//     --- paste: https://paste.example.com/abc ---
// (three or more '=', '-' or '#', the word "paste", anything, optionally
// closed by the same characters) holds one paste per header, each running
// to the next header. Each paste is a Document: source "paste", format
// text, raw the header line and body as they are in the file, uri the
// header's http(s) URL, else "path#paste<n>"; published_on a date in the
// header. A file without such a first line is ordinary text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kenchi/model.h"
#include "kenchi/parse/parse.h"
#include "kenchi/status.h"

namespace kenchi::parse {

inline constexpr std::string_view kSourceTelegram = "telegram";
inline constexpr std::string_view kSourceForum = "forum";
inline constexpr std::string_view kSourcePaste = "paste";

// Longest text kept per post, in bytes (cut at a character boundary).
inline constexpr size_t kMaxPostTextBytes = 1u << 20;

// ---- Telegram ----------------------------------------------------------------

// Cheap check on decoded text: a JSON object (not JSON lines) that mentions
// "messages" or "chats" as a key. ParseTelegramExport makes the real decision.
bool LooksLikeTelegramExport(std::string_view utf8);

// Parses a Telegram Desktop JSON export. Returns nullopt when the JSON's
// top level has neither "messages" nor "chats" (not a Telegram export and
// not claiming to be one: the caller tries other formats); an error naming
// `path` when it is not valid JSON or has the keys without their shape.
std::optional<Result<ParseOutput>> ParseTelegramExport(std::string_view utf8, Encoding encoding,
                                                       const std::string& path);

// ---- forum pages -------------------------------------------------------------

// One Document per post of a saved forum page, or nullopt when the page
// does not have at least two recognisable posts.
std::optional<ParseOutput> ParseForumPage(std::string_view utf8, Encoding encoding,
                                          const std::string& path);

// ---- paste dumps ---------------------------------------------------------------

// Whether the first non-blank line is a paste header.
bool LooksLikePasteDump(std::string_view utf8);

// One Document per paste. `raw` is the file's bytes and `utf8` the same
// decoded; for UTF-8 files raw slices are kept, otherwise the decoded text.
Result<ParseOutput> ParsePasteDump(std::string_view raw, std::string_view utf8,
                                   Encoding encoding, const std::string& path);

// ---- who posted, and when --------------------------------------------------------

struct PostMeta {
  std::string author;     // display name or handle, as the source gives it
  std::string author_id;  // a stable id when the source has one (Telegram "from_id")
  std::string posted_at;  // ISO 8601: "2024-06-01T03:34:56Z" from a Unix time, else as written
};

// Whether a document is a post (Telegram, forum, paste, or a JSON-lines
// record), the kinds of document listing extraction looks at.
bool IsPost(const Document& doc);

// The author and time of a post, read from its raw JSON record (Telegram
// message, forum post, or a JSON-lines record's "author"/"user"/"username"/
// "from"/"seller"/"poster" and "posted_at"/"created_at"/"date"/"time"/
// "timestamp"), else published_on. Empty fields when unknown; never fails.
PostMeta ReadPostMeta(const Document& doc);

}  // namespace kenchi::parse
