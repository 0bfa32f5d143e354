// Text helpers for full-text search: turning user input into a safe FTS5
// query or LIKE pattern, and cutting a passage around a match.
//
// Search has two paths because the trigram tokenizer indexes every run of
// three characters: a query of three or more characters is a substring
// lookup in the index, while a one- or two-character query ("漏洩") has no
// trigram at all and is answered by scanning with LIKE. "Character" means a
// Unicode code point, not a byte: "漏洩" is six bytes but two characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kenchi::sqlite {

// Marks around the matched text in SearchHit::snippet, and the ellipsis for
// text cut at either end. Plain characters rather than markup, so that a
// terminal prints them as they are and HTML output escapes them like any
// other text.
inline constexpr std::string_view kMatchOpen = "[";
inline constexpr std::string_view kMatchClose = "]";
inline constexpr std::string_view kEllipsis = "…";

// Number of code points in UTF-8 `s` (every byte that does not continue a
// sequence counts once, so invalid input still gets a sensible number).
size_t Utf8Length(std::string_view s);

// `s` without leading and trailing ASCII whitespace.
std::string_view TrimAsciiSpace(std::string_view s);

// `query` as one FTS5 string token: wrapped in double quotes with inner
// quotes doubled. Inside a string, FTS5 gives no meaning to OR, AND, NOT,
// NEAR, *, ^, parentheses or column filters, so user input is matched
// literally and can never be a syntax error.
std::string QuoteFts5String(std::string_view query);

// A LIKE pattern matching any text that contains `query` literally; use it
// with ESCAPE '\'. The wildcards % and _ and the escape itself are escaped.
std::string LikeContainsPattern(std::string_view query);

// The first occurrence of `needle` in `text` (ASCII case folded, like LIKE)
// with about `context` characters either side, the match wrapped in
// kMatchOpen/kMatchClose and kEllipsis where the text was cut. Empty when
// `needle` does not occur.
std::string ExcerptAround(std::string_view text, std::string_view needle, size_t context);

}  // namespace kenchi::sqlite
