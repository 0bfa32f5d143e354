// Recognising what a file is and turning it into Documents.
//
// A file's format is recognised from its content, never from its name:
//   - JSON lines: every non-blank line is a JSON object (forum/market dumps,
//     feed records). Each line becomes one Document: raw is that line's
//     bytes (transcoded to UTF-8 for UTF-16 files), title "title", text
//     the first of "text"/"body"/"content"/"message", published_on the
//     first of "published"/"published_at"/"date"/"posted_at" that starts
//     with a date. uri is the record's "url" or "link" when that is an
//     absolute http(s) URL (where an analyst follows it up), else
//     "path#L<line>". A malformed line is a Rejection "path:<line>"; only a
//     file with no usable line fails.
//   - HTML: markup is found near the start (<!DOCTYPE html>, <html>, <head>,
//     <body>). The title, the published date (article:published_time,
//     <time datetime>) and the visible body text are taken; scripts, styles
//     and navigation are dropped.
//   - plain text: everything else that decodes as text. The first non-blank
//     line is the title; published_on stays empty (the extractor reads
//     dates from the prose).
// Dates are YYYY-MM-DD as written in the source (2024-03-15T..., 2024/3/15,
// 2024年3月15日); no time zone is applied. Titles are cut to 512 bytes at a
// character boundary.
// Bytes are decoded with text::DecodeToUtf8; an HTML <meta charset> or
// http-equiv Content-Type is passed as the declared charset.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::parse {

// Part of a file that could not be used, with why. `where` is "path" or
// "path:line".
struct Rejection {
  std::string where;
  std::string reason;
};

struct ParseOutput {
  std::vector<Document> documents;  // uri, format, encoding, raw, content_hash, title, text, published_on set
  std::vector<Rejection> rejected;  // parts skipped (e.g. a malformed JSON line)
};

// Inputs larger than this are rejected rather than read into memory.
inline constexpr size_t kMaxDocumentBytes = 64u << 20;

// Parses one file's bytes. Fails (kInvalidInput, message naming `path`) when
// the whole file is unusable: empty, binary, not decodable, too large.
Result<ParseOutput> ParseFile(std::string_view bytes, const std::string& path);

// What the transport knows about the bytes.
struct ParseOptions {
  // The charset the server declared (HTTP Content-Type), or empty. It
  // outranks an HTML <meta charset>, as in browsers; an unknown label is
  // ignored. Still only a hint: see text::DecodeToUtf8.
  std::string declared_charset;
};

// ParseFile with what the transport knows. Bytes starting with "%PDF-" are
// a PDF: its text is extracted with poppler (format kPdf, one Document;
// damaged, encrypted and text-less PDFs fail naming `path`).
Result<ParseOutput> ParseFile(std::string_view bytes, const std::string& path,
                              const ParseOptions& options);

// The format the (already decoded) text looks like. Only the start is
// examined: JSON lines if the first non-blank line is a {...} and so are
// most of the first five; HTML if <!doctype html, <html, <head or <body is
// in the first 1 KB, or the text starts with '<' and has </p> or <br; else
// text. Safe on arbitrary bytes (ParseFile uses it on raw bytes to decide
// whether to look for a <meta charset>).
DocumentFormat SniffFormat(std::string_view utf8);

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace kenchi::parse
