// ParseFile: from a file's bytes to Documents. Size check, charset hint,
// decoding, format sniffing, then the format's own parser.
#include <string>
#include <string_view>

#include "kenchi/parse/parse.h"
#include "kenchi/parse/posts.h"
#include "kenchi/text/encoding.h"
#include "parse/internal.h"
#include "parse/pdf.h"

namespace kenchi::parse {

Result<ParseOutput> ParseFile(std::string_view bytes, const std::string& path) {
  return ParseFile(bytes, path, ParseOptions{});
}

Result<ParseOutput> ParseFile(std::string_view bytes, const std::string& path,
                              const ParseOptions& options) {
  if (bytes.empty()) return Status::InvalidInput(path + ": file is empty");
  if (bytes.size() > kMaxDocumentBytes) {
    return Status::InvalidInput(path + ": file is " + std::to_string(bytes.size()) +
                                " bytes, over the " + std::to_string(kMaxDocumentBytes) +
                                "-byte limit");
  }

  // PDF is binary: it has its own parser (pdf.cc) and no charset.
  if (internal::LooksLikePdf(bytes)) {
    Result<Document> pdf = internal::ParsePdf(bytes, path);
    if (!pdf.ok()) return pdf.status();
    ParseOutput out;
    out.documents.push_back(std::move(pdf).value());
    return out;
  }

  // An HTML page may say what it is encoded in. Its markup is ASCII in every
  // encoding that matters here, so the raw bytes can be sniffed as they are.
  // A label the decoder does not know is no help, so it is not passed on.
  // A charset from the transport (HTTP) outranks the page's own <meta>.
  std::string declared = options.declared_charset;
  Encoding ignored;
  if (!declared.empty() && !text::EncodingFromLabel(declared, &ignored)) declared.clear();
  if (declared.empty() && SniffFormat(bytes) == DocumentFormat::kHtml) {
    declared = internal::FindDeclaredCharset(bytes);
    if (!declared.empty() && !text::EncodingFromLabel(declared, &ignored)) declared.clear();
  }

  Result<text::Decoded> decoded = text::DecodeToUtf8(bytes, declared);
  if (!decoded.ok()) return decoded.status().WithContext(path);
  const std::string& utf8 = decoded->utf8;
  if (internal::TrimSpace(utf8).empty()) {
    return Status::InvalidInput(path + ": file contains only whitespace");
  }

  // Underground posts (kenchi/parse/posts.h): a Telegram export is one JSON
  // value (possibly on one line, so before JSON lines); forum pages and
  // paste dumps are split per post.
  if (LooksLikeTelegramExport(utf8)) {
    if (auto telegram = ParseTelegramExport(utf8, decoded->encoding, path)) return *telegram;
  }
  DocumentFormat format = SniffFormat(utf8);
  if (format == DocumentFormat::kJsonLines) {
    return internal::ParseJsonLines(bytes, utf8, decoded->encoding, path);
  }
  if (format == DocumentFormat::kHtml) {
    if (auto forum = ParseForumPage(utf8, decoded->encoding, path)) return *forum;
  } else if (LooksLikePasteDump(utf8)) {
    return ParsePasteDump(bytes, utf8, decoded->encoding, path);
  }

  Document doc;
  doc.uri = path;
  doc.format = format;
  doc.encoding = decoded->encoding;
  doc.raw = std::string(bytes);
  doc.content_hash = Sha256Hex(bytes);
  if (format == DocumentFormat::kHtml) {
    internal::FillFromHtml(utf8, &doc);
  } else {
    internal::FillFromText(utf8, &doc);
  }
  ParseOutput out;
  out.documents.push_back(std::move(doc));
  return out;
}

}  // namespace kenchi::parse
