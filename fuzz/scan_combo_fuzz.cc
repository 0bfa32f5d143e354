// libFuzzer target: the combolist fast path against the general parser.
//
// The fast path reads windows of a line (a long one to its end) and skips the general parser for
// plain lines; on any bytes it must count, match and report exactly what
// the general parser does, and read nothing outside the block (the build's
// AddressSanitizer checks that). The block is copied to a buffer of its
// own size so that a read past its end is a read past an allocation. Both
// small tables and, every other input, a watchlist large enough for the
// prefetch pipeline are tried (and now and then one that turns the
// filter's shortcut off), both builds of the fast path (SSE2, and AVX2
// where the CPU has it), and every other input has its lines made
// stealer-log lines. A disagreement aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pipeline/scan_worker.h"

namespace {

using kenchi::pipeline::internal::ScanWorker;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "scan_combo_fuzz: the fast path disagrees: %s\n", what);
    std::abort();
  }
}

// `large`: 40,000 more names (the prefetch pipeline, two filter bits) and
// one of four labels; `one_label`: a name of one label (as only a store's
// assets can bring), which turns the filter's shortcut off.
std::unique_ptr<kenchi::match::Matcher> MakeMatcher(bool large, bool one_label) {
  kenchi::match::WatchSet set;
  (void)set.Add(kenchi::match::WatchKind::kEmailDomain, "example.jp");
  (void)set.Add(kenchi::match::WatchKind::kDomain, "example.co.jp");
  (void)set.Add(kenchi::match::WatchKind::kEmailDomain, "a.example.com");
  (void)set.Add(kenchi::match::WatchKind::kBin, "411111");
  if (large) {
    // (A name of four labels: hosts then try every suffix, not their last three labels.)
    (void)set.Add(kenchi::match::WatchKind::kDomain, "login.portal.example.com");
    std::vector<kenchi::Asset> filler(40000);
    for (size_t i = 0; i < filler.size(); ++i) {
      filler[i].id = static_cast<int64_t>(i + 1);
      filler[i].kind = kenchi::AssetKind::kEmailDomain;
      filler[i].value = "f" + std::to_string(i) + ".example.net";
    }
    (void)set.AddAssets(filler);
  }
  if (one_label) {
    kenchi::Asset intranet;
    intranet.id = 1;
    intranet.kind = kenchi::AssetKind::kDomain;
    intranet.value = "intranet";
    (void)set.AddAssets({intranet});
  }
  return std::make_unique<kenchi::match::Matcher>(set);
}

using Seen = std::vector<std::tuple<uint64_t, std::string, std::string, std::string, int, std::string, int>>;

Seen Matches(const ScanWorker& w) {
  Seen out;
  for (size_t i = 0; i < w.found.used; ++i) {
    const kenchi::pipeline::FoundCredential& f = w.found.items[i];
    out.emplace_back(f.offset, f.identity, f.password, f.domain, f.entry, f.url, static_cast<int>(f.kind));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<kenchi::match::Matcher> small = MakeMatcher(false, false);
  static const std::unique_ptr<kenchi::match::Matcher> large = MakeMatcher(true, false);
  static const std::unique_ptr<kenchi::match::Matcher> one_label = MakeMatcher(false, true);
  if (size == 0) return 0;
  const kenchi::match::Matcher& matcher = (data[0] & 16) ? *one_label : (data[0] & 1) ? *large : *small;
  // The framing hands over whole lines, and the first byte of a stream
  // (offset 0) goes to the general path; start the block further on.
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  // Every other input: each line after a URL's start, so that stealer-log
  // lines (their own pass) are as common as the fuzzer's own shapes.
  if ((data[0] & 2) != 0) {
    static const char* const kStarts[] = {"https://", "http://", "https://www.example.co.jp/",
                                          "https://u@example.co.jp:8443/"};
    // Or a URL of 150 bytes and more, whose line's middle lies between the
    // pass's two windows.
    const std::string prefix = (data[0] & 32) != 0 ? "https://www.example.co.jp/login?q=" + std::string(120, 'q')
                                                   : std::string(kStarts[(data[0] >> 2) & 3]);
    std::string prefixed;
    size_t from = 0;
    while (from < text.size()) {
      size_t nl = text.find('\n', from);
      if (nl == std::string::npos) nl = text.size();
      prefixed += prefix;
      prefixed.append(text, from, nl - from);
      prefixed += '\n';
      from = nl + 1;
    }
    text = std::move(prefixed);
  }
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  const std::unique_ptr<char[]> block(new char[text.size()]);
  std::copy(text.begin(), text.end(), block.get());
  const std::string_view view(block.get(), text.size());

  const kenchi::parse::DumpLayout layout;  // combolist
  kenchi::pipeline::ScanOptions general_options;
  general_options.fast_path = false;
  kenchi::pipeline::ScanOptions fast_options;
  // Now and then a line limit the fuzzer picks (60 to 315 bytes): lines
  // around it are taken by the fast path or are bad lines, as in the
  // general parser.
  if ((data[0] & 64) != 0) {
    general_options.max_line_bytes = fast_options.max_line_bytes = 60 + data[size - 1];
  }
  ScanWorker general(matcher, layout, general_options, true);
  general.Block(view, 100);
  // Both builds of the fast path: the baseline (SSE2) one, and the AVX2
  // one where the CPU has it.
  std::vector<void (*)(ScanWorker&, std::string_view, uint64_t)> builds = {
      &kenchi::pipeline::internal::ComboBlockSse2};
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
                           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
  if (avx2) builds.push_back(&kenchi::pipeline::internal::ComboBlockAvx2);
#endif
  for (auto* build : builds) {
    ScanWorker fast(matcher, layout, fast_options, true);
    build(fast, view, 100);
    Check(fast.counters.lines == general.counters.lines, "lines");
    Check(fast.counters.records == general.counters.records, "records");
    Check(fast.counters.matched == general.counters.matched, "matched");
    Check(fast.counters.bad == general.counters.bad, "bad lines");
    Check(fast.counters.invalid_utf8 == general.counters.invalid_utf8, "invalid UTF-8 lines");
    Check(fast.counters.skipped == general.counters.skipped, "skipped lines");
    Check(fast.per_entry == general.per_entry, "matches per entry");
    Check(Matches(fast) == Matches(general), "the matches themselves");
  }
  return 0;
}
