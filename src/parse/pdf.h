// PDF notices: text extraction with poppler-cpp. Private to parse/
// (ParseFile dispatches here when the bytes start with "%PDF-").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::parse::internal {

// PDFs larger than this are refused before poppler sees them.
inline constexpr size_t kMaxPdfBytes = 32u << 20;
// Pages after this many are not read (notices are a few pages long).
inline constexpr int kMaxPdfPages = 500;
// Text beyond this many bytes is cut (at a character boundary).
inline constexpr size_t kMaxPdfTextBytes = 8u << 20;

// True when `bytes` start with the PDF header "%PDF-".
bool LooksLikePdf(std::string_view bytes);

// One Document from a PDF: format kPdf, encoding kUtf8 (the text poppler
// returns), raw the PDF bytes, text in reading order with pages a blank
// line apart, title from the document info or else the first line.
// Fails (kInvalidInput, naming `path`) when the file is too large, damaged,
// encrypted, or has no text layer (a scan: kenchi does no OCR).
Result<Document> ParsePdf(std::string_view bytes, const std::string& path);

}  // namespace kenchi::parse::internal
