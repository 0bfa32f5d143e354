// Pieces of the parse stage shared between its source files. Not installed:
// only src/parse/*.cc, its tests and its fuzz target include this.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kenchi/model.h"
#include "kenchi/parse/parse.h"
#include "kenchi/status.h"

namespace kenchi::parse::internal {

// ---- sniff.cc ----------------------------------------------------------------

// The charset an HTML page declares for itself in its first bytes:
// <meta charset="..."> or <meta http-equiv="Content-Type"
// content="text/html; charset=...">, or an XML declaration's encoding="..."
// (XHTML). The bytes are scanned as ASCII, which is enough for every
// ASCII-compatible encoding; UTF-16 pages carry a BOM instead. Returns the
// label as written (trimmed) or empty.
std::string FindDeclaredCharset(std::string_view raw);

// ---- dates.cc ----------------------------------------------------------------

// "YYYY-MM-DD" when `s` starts (after whitespace) with a calendar date:
// 2024-03-15, 2024/3/5, 2024.03.15, 2024-03-15T10:00:00+09:00 or
// 2024年3月15日. The date is taken as written; a time zone offset is not
// applied, because the publisher's own calendar date is what a reader saw.
// Empty when there is no valid date (month 13, February 30, ...).
std::string NormalizeDate(std::string_view s);

// ---- text.cc -----------------------------------------------------------------

// Longest title kept, in bytes; longer ones are cut at a character boundary.
inline constexpr size_t kMaxTitleBytes = 512;

// `s` without leading/trailing ASCII whitespace, U+00A0 or U+3000.
std::string_view TrimSpace(std::string_view s);

// `s` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view CutUtf8(std::string_view s, size_t max_bytes);

// CRLF and lone CR become LF.
std::string NormalizeNewlines(std::string_view s);

// Plain text: title is the first non-blank line, text the whole text.
void FillFromText(std::string_view utf8, Document* doc);

// ---- html.cc -----------------------------------------------------------------

// Fills title, text and published_on from an HTML page already decoded to
// UTF-8. Never fails: libxml2 recovers from any markup, and a page it can
// make nothing of simply has no text.
void FillFromHtml(std::string_view utf8, Document* doc);

// ---- jsonl.cc ----------------------------------------------------------------

// Longest JSON line accepted, in bytes.
inline constexpr size_t kMaxJsonLineBytes = 1u << 20;

// One Document per good line of a JSON-lines file. `raw` is the file's bytes,
// `utf8` the same decoded, `encoding` what the decoder found. Fails when no
// line at all is usable.
Result<ParseOutput> ParseJsonLines(std::string_view raw, std::string_view utf8,
                                   Encoding encoding, const std::string& path);

}  // namespace kenchi::parse::internal
