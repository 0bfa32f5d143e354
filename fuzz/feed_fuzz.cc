// libFuzzer target: ParseFeed on arbitrary bytes (feeds come from servers
// kenchi does not control).
//
// Beyond "does not crash", it checks what the collector relies on: titles
// are valid single-line UTF-8, dates are YYYY-MM-DD or empty, entries never
// exceed the cap, and every error names the feed's URL. The first byte
// picks the HTTP charset hint, so declared and detected encodings are both
// exercised. A violated promise aborts so the fuzzer keeps the input.
// Seeds: tests/fixtures/collect/site/feeds/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kenchi/parse/feed.h"
#include "kenchi/text/encoding.h"

namespace {

constexpr const char* kUrl = "http://fuzz.example.jp/feed.xml";

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "feed_fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

bool IsDateOrEmpty(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kCharsets[] = {"", "", "utf-8", "Shift_JIS", "EUC-JP",
                                                   "ISO-2022-JP", "x-unknown"};
  const std::string_view charset = kCharsets[data[0] % std::size(kCharsets)];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  kenchi::Result<kenchi::parse::Feed> feed = kenchi::parse::ParseFeed(bytes, kUrl, charset);
  if (!feed.ok()) {
    Check(feed.status().message().rfind(kUrl, 0) == 0, "error names the feed URL");
    return 0;
  }
  Check(feed->entries.size() <= kenchi::parse::kMaxFeedEntries, "entry cap");
  Check(kenchi::text::IsValidUtf8(feed->title), "feed title is UTF-8");
  for (const kenchi::parse::FeedEntry& e : feed->entries) {
    Check(kenchi::text::IsValidUtf8(e.title), "entry title is UTF-8");
    Check(e.title.find('\n') == std::string::npos, "entry title is one line");
    Check(kenchi::text::IsValidUtf8(e.link), "link is UTF-8");
    Check(IsDateOrEmpty(e.published_on), "date is YYYY-MM-DD or empty");
  }
  return 0;
}
