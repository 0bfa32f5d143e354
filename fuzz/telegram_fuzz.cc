// libFuzzer target: the Telegram export, forum page, paste dump and host
// list parsers on arbitrary text.
//
// Beyond "does not crash": every Document has a SHA-256 of its raw bytes
// and a post source, every error names the file, and a host list's
// redacted text never contains a password it parsed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kenchi/parse/hostlist.h"
#include "kenchi/parse/parse.h"
#include "kenchi/parse/posts.h"

namespace {

constexpr const char* kPath = "fuzz/result.json";

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "telegram_fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

void CheckDocs(const kenchi::parse::ParseOutput& out) {
  for (const kenchi::Document& d : out.documents) {
    Check(d.content_hash == kenchi::parse::Sha256Hex(d.raw), "hash of raw");
    Check(kenchi::parse::IsPost(d), "post source");
    (void)kenchi::parse::ReadPostMeta(d);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto r = kenchi::parse::ParseTelegramExport(text, kenchi::Encoding::kUtf8, kPath)) {
    if (r->ok()) {
      CheckDocs(**r);
    } else {
      Check(r->status().message().rfind(kPath, 0) == 0, "error names the file");
    }
  }
  if (auto forum = kenchi::parse::ParseForumPage(text, kenchi::Encoding::kUtf8, kPath)) {
    CheckDocs(*forum);
  }
  if (kenchi::parse::LooksLikePasteDump(text)) {
    auto r = kenchi::parse::ParsePasteDump(text, text, kenchi::Encoding::kUtf8, kPath);
    if (r.ok()) CheckDocs(*r);
  }
  kenchi::parse::HostList hosts = kenchi::parse::ParseHostList(text, kPath);
  std::string shown;  // everything the redacted text may legitimately contain
  for (const auto& e : hosts.entries) shown += e.ip + " " + e.username + " " + e.service + "\n";
  for (const auto& e : hosts.entries) {
    // A password of 8+ characters must not survive redaction (shorter ones,
    // or ones equal to a shown field, can coincide with other text).
    if (e.password.size() >= 8 && e.password.find('*') == std::string::npos &&
        shown.find(e.password) == std::string::npos &&
        std::string_view(kPath).find(e.password) == std::string_view::npos) {
      Check(hosts.redacted.find(e.password) == std::string::npos, "password redacted");
    }
  }
  return 0;
}
