// libFuzzer target: ParseFile on arbitrary bytes.
//
// Beyond "does not crash", it checks what callers rely on: every Document
// has a hash, UTF-8 title and text, a YYYY-MM-DD date or none, and every
// error names the file. A violated promise aborts so the fuzzer keeps the
// input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kenchi/parse/parse.h"
#include "kenchi/text/encoding.h"
#include "parse/internal.h"

namespace {

constexpr const char* kPath = "fuzz/input";

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "parse_fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

bool IsLowerHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool IsIsoDateOrEmpty(const std::string& s) {
  if (s.empty()) return true;
  return s.size() == 10 && s[4] == '-' && s[7] == '-';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // The helpers take any bytes, not only decoded text.
  (void)kenchi::parse::SniffFormat(bytes);
  (void)kenchi::parse::internal::FindDeclaredCharset(bytes);
  Check(IsIsoDateOrEmpty(kenchi::parse::internal::NormalizeDate(bytes)), "NormalizeDate shape");

  kenchi::Result<kenchi::parse::ParseOutput> out = kenchi::parse::ParseFile(bytes, kPath);
  if (!out.ok()) {
    Check(out.status().message().rfind(std::string(kPath) + ": ", 0) == 0,
          "error message names the path");
    return 0;
  }
  Check(!out->documents.empty(), "success means at least one document");
  for (const kenchi::Document& doc : out->documents) {
    Check(!doc.raw.empty(), "raw is set");
    Check(IsLowerHex64(doc.content_hash), "content_hash is lowercase hex SHA-256");
    Check(doc.content_hash == kenchi::parse::Sha256Hex(doc.raw), "content_hash is of raw");
    Check(kenchi::text::IsValidUtf8(doc.title), "title is UTF-8");
    Check(kenchi::text::IsValidUtf8(doc.text), "text is UTF-8");
    Check(doc.title.size() <= kenchi::parse::internal::kMaxTitleBytes, "title is capped");
    Check(IsIsoDateOrEmpty(doc.published_on), "published_on is YYYY-MM-DD or empty");
    Check(!doc.uri.empty(), "uri is set");
  }
  for (const kenchi::parse::Rejection& r : out->rejected) {
    Check(r.where.rfind(std::string(kPath) + ":", 0) == 0, "rejection names path:line");
  }
  return 0;
}
