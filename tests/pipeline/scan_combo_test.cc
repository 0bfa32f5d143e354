// Both builds of the combolist fast path (SSE2 and AVX2) against the
// general parser, block by block, on lines of every shape. The scan-level
// test (ScanTest.FastPathAgreesWithTheGeneralParser) only reaches the build
// the CPU selects; this one reaches both.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "pipeline/scan_worker.h"

namespace kenchi::pipeline::internal {
namespace {

using Seen = std::vector<std::tuple<uint64_t, std::string, std::string, std::string>>;

Seen Matches(const FoundBatch& b) {
  Seen out;
  for (size_t i = 0; i < b.used; ++i) {
    const FoundCredential& f = b.items[i];
    out.emplace_back(f.offset, f.identity, f.password, f.domain);
  }
  return out;
}

std::string Corpus() {
  const std::vector<std::string> shapes = {
      "alice@example.jp:pw", "BOB@EXAMPLE.JP:Pw", "c@mail.example.co.jp;x", "d@example.com:no",
      "e@a!b.example.jp:bad", "f@example.jp\tt", "g@x@example.jp:two", "pw:h@example.jp",
      " i@example.jp:sp", "j@example.jp :sp", "https://example.co.jp/login:k:pw",
      "4111111111111111:01/30:999", "nosep", ":noid", "l@exa\xC3\xA9" "mple.jp:u", "m@example.jp:\x01",
      "n@example.jp:crlf\r", "", "o@example.jp.example.com:suffix",
      std::string(70, 'p') + "@example.jp:long", "q@EXAMPLE.co.JP:mixed", "r@example.jp:"};
  std::string text = "first@example.jp:line\n";
  uint32_t x = 7;
  for (int i = 0; i < 4000; ++i) {
    x = x * 1664525 + 1013904223;
    text += shapes[(x >> 10) % shapes.size()];
    text.append((x >> 4) % 3, 'z');
    text += '\n';
  }
  return text;
}

class ComboBuildsTest : public ::testing::Test {
 protected:
  ComboBuildsTest() {
    EXPECT_TRUE(set_.Add(match::WatchKind::kEmailDomain, "example.jp").ok());
    EXPECT_TRUE(set_.Add(match::WatchKind::kDomain, "example.co.jp").ok());
    EXPECT_TRUE(set_.Add(match::WatchKind::kBin, "411111").ok());
    matcher_ = std::make_unique<match::Matcher>(set_);
    general_.fast_path = false;
  }
  void ExpectSame(void (*build)(ScanWorker&, std::string_view, uint64_t)) {
    const std::string text = Corpus();
    ScanWorker reference(*matcher_, layout_, general_);
    reference.Block(text, 0);
    ScanWorker fast(*matcher_, layout_, options_);
    // Two blocks, cut at a line start, as the framing hands them over.
    const size_t cut = text.find('\n', text.size() / 2) + 1;
    build(fast, std::string_view(text).substr(0, cut), 0);
    build(fast, std::string_view(text).substr(cut), cut);
    EXPECT_EQ(Matches(fast.found), Matches(reference.found));
    EXPECT_GT(fast.found.used, 100u);
    EXPECT_EQ(fast.counters.lines, reference.counters.lines);
    EXPECT_EQ(fast.counters.records, reference.counters.records);
    EXPECT_EQ(fast.counters.matched, reference.counters.matched);
    EXPECT_EQ(fast.counters.bad, reference.counters.bad);
    EXPECT_EQ(fast.counters.invalid_utf8, reference.counters.invalid_utf8);
    EXPECT_EQ(fast.counters.skipped, reference.counters.skipped);
  }
  match::WatchSet set_;
  std::unique_ptr<match::Matcher> matcher_;
  parse::DumpLayout layout_;  // combolist
  ScanOptions options_, general_;
};

TEST_F(ComboBuildsTest, BaselineBuildAgreesWithTheGeneralParser) { ExpectSame(&ComboBlockSse2); }

TEST_F(ComboBuildsTest, Avx2BuildAgreesWithTheGeneralParser) {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
#else
  GTEST_SKIP() << "AVX2 is an x86-64 build";
#endif
  ExpectSame(&ComboBlockAvx2);
}

}  // namespace
}  // namespace kenchi::pipeline::internal
