// ParsePdf: poppler-cpp's text extraction in reading order
// (non_raw_non_physical_layout, what `pdftotext` does without -layout), so
// Japanese lines come out whole instead of padded into columns.
#include "parse/pdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "kenchi/text/encoding.h"
#include "parse/internal.h"

namespace kenchi::parse::internal {
namespace {

// poppler reports damaged objects on stderr by default; a collector that
// reads hostile PDFs would spray that over its own output.
void SilencePopplerOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  });
}

std::string Utf8Of(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// Control characters other than tab and line breaks (poppler emits form
// feeds between pages and occasional NULs from broken fonts) are dropped.
std::string CleanText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;
    if (u == 0x7F) continue;
    out += c;
  }
  return NormalizeNewlines(out);
}

}  // namespace

bool LooksLikePdf(std::string_view bytes) { return bytes.substr(0, 5) == "%PDF-"; }

Result<Document> ParsePdf(std::string_view bytes, const std::string& path) {
  if (bytes.size() > kMaxPdfBytes) {
    return Status::InvalidInput(fmt::format("{}: PDF is {} bytes, over the {}-byte limit", path,
                                            bytes.size(), kMaxPdfBytes));
  }
  SilencePopplerOnce();
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return Status::InvalidInput(path + ": damaged PDF: poppler could not open it");
  if (pdf->is_locked()) return Status::InvalidInput(path + ": encrypted PDF: cannot read its text");

  std::string text;
  const int pages = std::min(pdf->pages(), kMaxPdfPages);
  for (int i = 0; i < pages && text.size() < kMaxPdfTextBytes; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    std::string page_text =
        CleanText(Utf8Of(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout)));
    std::string_view trimmed = TrimSpace(page_text);
    if (trimmed.empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += trimmed;
  }
  if (text.size() > kMaxPdfTextBytes) text = std::string(CutUtf8(text, kMaxPdfTextBytes));
  if (!text::IsValidUtf8(text)) return Status::InvalidInput(path + ": PDF text is not valid UTF-8");
  if (TrimSpace(text).empty()) {
    return Status::InvalidInput(path + ": PDF has no text layer (a scanned image? no OCR is done)");
  }

  Document doc;
  doc.uri = path;
  doc.format = DocumentFormat::kPdf;
  doc.encoding = Encoding::kUtf8;
  doc.raw = std::string(bytes);
  doc.content_hash = Sha256Hex(bytes);
  FillFromText(text, &doc);
  const std::string info_title(TrimSpace(Utf8Of(pdf->get_title())));
  if (!info_title.empty() && text::IsValidUtf8(info_title)) {
    doc.title = std::string(CutUtf8(info_title, kMaxTitleBytes));
  }
  return doc;
}

}  // namespace kenchi::parse::internal
