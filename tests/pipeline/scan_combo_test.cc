// Both builds of the combolist fast path (SSE2 and AVX2) against the
// general parser, block by block, on lines of every shape. The scan-level
// test (ScanTest.FastPathAgreesWithTheGeneralParser) only reaches the build
// the CPU selects; this one reaches both.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "pipeline/scan_worker.h"
#include "support/filler_assets.h"

namespace kenchi::pipeline::internal {
namespace {

using Seen = std::vector<std::tuple<uint64_t, std::string, std::string, std::string, std::string, int, int>>;

Seen Matches(const FoundBatch& b) {
  Seen out;
  for (size_t i = 0; i < b.used; ++i) {
    const FoundCredential& f = b.items[i];
    out.emplace_back(f.offset, f.identity, f.password, f.domain, f.url, static_cast<int>(f.kind), f.entry);
  }
  // The fast path may report a line's match a few lines late (its lookups
  // are pipelined): the order is not part of the contract.
  std::sort(out.begin(), out.end());
  return out;
}

std::string Corpus() {
  const std::vector<std::string> shapes = {
      "alice@example.jp:pw", "BOB@EXAMPLE.JP:Pw", "c@mail.example.co.jp;x", "d@example.com:no",
      "e@a!b.example.jp:bad", "f@example.jp\tt", "g@x@example.jp:two", "pw:h@example.jp",
      " i@example.jp:sp", "j@example.jp :sp", "https://example.co.jp/login:k:pw",
      "4111111111111111:01/30:999", "nosep", ":noid", "l@exa\xC3\xA9" "mple.jp:u", "m@example.jp:\x01",
      "n@example.jp:crlf\r", "", "o@example.jp.example.com:suffix",
      std::string(70, 'p') + "@example.jp:long", "q@EXAMPLE.co.JP:mixed", "r@example.jp:",
      "s@example.jp://slashes", "t@example.jp:crlf-ok\r", "u@Example.JP \t:space-tab",
      "v@example.jp:pw\r\r", "w@example.jp\r:cr-inside", "x.y@sub.sub.example.jp:deep",
      // separators beyond the first 32 bytes of the line
      "a.rather.long.user.name@mail.example.jp:pw", "another.quite.long.name.here@Example.co.JP;pw",
      "user.name.that.is.longer.than.32@x.example.com:pw", "a.user.name.without.an.at.sign.at.all:pw",
      // more dots than a 32-bit shift allows (the filter counts them)
      "dots@x" + std::string(40, '.') + "y:pw"};
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

// Mostly plain lines, as most dumps are: the fast path indexes 4 KiB
// regions and skips the per-line check for special bytes in regions that
// hold none, so this text has clean regions (with LF and CRLF lines) and,
// every few regions, a line that makes one not clean (a control byte, a
// byte >= 0x80, a CR inside a line), plus lines near the 64-byte window
// and one longer than a region.
std::string MostlyCleanCorpus() {
  const std::vector<std::string> shapes = {
      "alice@example.jp:pw", "bob@mail.example.co.jp:pw2", "carol@example.com:x", "dave@Example.JP:caps",
      "erin@sub.example.co.jp;semi", "frank:no-at-sign", "grace@example.jp:", "heidi@example.jp|bar",
      "ivan@example.co.jp\ttab", "judy@a.b.c.example.jp:deep", "user.name.that.is.longer.than.32@example.jp:pw",
      "k@example.jp:" + std::string(48, 'p'), "l@example.jp:" + std::string(49, 'q'), "m@ex@example.jp:two-ats"};
  const std::vector<std::string> dirt = {"n@example.jp:\x01" "ctl", "o@exa\xC3\xA9" "mple.jp:utf8", "p@example.jp\r:cr-inside",
                                         "q@example.jp:pw\r\r", "a\rb@example.jp:cr-in-user", "x@example.jp:p\rw", "\r:cr-alone",
                                         "id\r:cr-ends-the-id"};
  std::string text = "first@example.jp:line\n";
  uint32_t x = 11;
  for (int i = 0; i < 30000; ++i) {
    x = x * 1664525 + 1013904223;
    if (i % 997 == 500) {
      text += dirt[(x >> 8) % dirt.size()];
    } else if (i == 15000) {
      text += "r@example.jp:" + std::string(5000, 'r');  // no '\n' in a whole region
    } else {
      text += shapes[(x >> 10) % shapes.size()];
    }
    if (i >= 20000) text += '\r';  // the last third: CRLF
    text += '\n';
  }
  return text;
}

// Stealer-log lines ("url:user:password"): the shapes their own pass
// takes (an email user, a plain user, ports, user info, queries, upper
// case to lower, lines either side of 64 and 128 bytes) and those it
// leaves to the general path (other schemes and separators, too few
// colons, an empty user, a host past the first 64 bytes).
std::vector<std::string> StealerShapes() {
  const std::string long_path = "/" + std::string(70, 'x');
  std::vector<std::string> shapes = {"https://www.example.co.jp/login:alice@example.jp:pw",
          "https://www.example.co.jp/login:alice:pw",
          "http://example.co.jp:bob:pw",
          "https://login.example.co.jp:8443/x:carol:pw",
          "https://user@example.co.jp/x:dave:pw",
          "https://u:secret@example.co.jp/x:erin:pw",
          "https://www.example.co.jp/search?q=a:frank:pw",
          "https://www.example.co.jp#top:grace:pw",
          "https://www.example.co.jp/login:Heidi@Example.JP:pw",
          "https://other.example.com/x:ivan@mail.example.jp:",
          "https://www.example.co.jp/x::pw",
          "https://www.example.co.jp/x:onlyone",
          "https://www.example.co.jp/a b:judy:pw",
          "https://www.example.co.jp/x|ken|pw",
          "https://www.example.co.jp/x\tlee\tpw",
          "android://hash@jp.example.app/:mallory:pw",
          "HTTPS://www.example.co.jp/:niaj:pw",
          "https://WWW.EXAMPLE.CO.JP/:olivia:pw",
          "https://www.example.co.jp/x:peggy@:pw",
          "https://www.example.co.jp/x:quinn@a!b.example.jp:pw",
          "https://a.b.c.d.example.co.jp/:rupert:pw",
          "https://www.example.co.jp/x:sybil@a.b.c.example.jp:pw",
          "https://:trent:pw",
          "https://@example.co.jp/:uma:pw",
          "https://example.co.jp:/:victor:pw",
          "https://www.example.co.jp/%7e:walter:pw",
          "https://www.exa%6dple.co.jp/:xavier:pw",
          "https://xn--exmple-cua.co.jp/:yvonne:pw",
          "https://www.example.co.jp.example.org/:zoe:pw",
          "https://www.example.co.jp" + long_path + ":long-url@example.jp:pw",
          "https://www.example.co.jp" + long_path + ":long-url:pw",
          "https://www.example.co.jp/:" + std::string(40, 'u') + "@example.jp:" + std::string(30, 'p'),
          "https://" + std::string(60, 'h') + ".example.co.jp/:far-host:pw",
          "https://www.example.co.jp/" + std::string(100, 'y') + ":at-the-limit@example.jp:pw",
          "https://www.example.co.jp/a:" + std::string(27, 'b') + "@example.jp:pw",
          "https://www.example.co.jp/ab:" + std::string(27, 'b') + "@example.jp:pw",
          "https://www_1.example.co.jp/:under:pw",
          // hosts under a watched name of four labels (a watchlist below has one), and
          // of more labels than the filter's label counts hold
          "https://a.login.portal.example.com/:four:pw", "https://login.portal.example.com:four-exact:pw",
          "https://" + std::string(32, '.') + "x.example.co.jp/:dots:pw",
          // a control byte at byte 63 and a CR at the end of a line over 64 bytes
          "https://www.example.co.jp/" + std::string(37, 'x') + "\x01:ctl-63@example.jp:pw\r",
          // a host that ends at the 64th byte, or after user info that does
          "https://" + std::string(45, 'h') + ".example.jp:end-64@a:pw",
          "https://" + std::string(42, 'h') + ".example.co.jp/:path-at-64:pw",
          "https://" + std::string(55, 'u') + "@:port-after-64:pw",
          // a space in the first bytes of a line whose end window starts after it
          "https://www.example.co.jp/ a" + std::string(50, 'x') + ":sp-head@example.jp:pw",
          // a space, TAB or '|' beyond the first 64 bytes still splits the line
          "https://www.example.co.jp/" + std::string(45, 'x') + ":a b@example.jp:pw",
          "https://www.example.co.jp/" + std::string(45, 'x') + ":a|b@example.jp:pw",
          "http://example.co.jp",
          "https://www.example.co.jp/:crlf@example.jp:pw\r",
          "https://www.example.co.jp/:cr\rinside@example.jp:pw",
          "https://www.example.co.jp/:utf8@example.jp:p\xC3\xA9",
          "https://www.example.co.jp/:ctl@example.jp:p\x01"};
  // Lines of 128 bytes or more: their middle, between the two windows, is
  // checked for what changes how the line splits, at its first and last
  // byte and beyond, in lines around each 64-byte step.
  const std::string user = ":long@example.jp:pw";
  auto long_line = [&](size_t length, size_t at, char c) {
    std::string line = "https://www.example.co.jp/";
    line.append(length - line.size() - user.size(), 'y');
    line += user;
    if (at < line.size()) line[at] = c;
    return line;
  };
  for (size_t length : {127, 128, 129, 191, 192, 193, 256, 300, 1000, 3000}) {
    shapes.push_back(long_line(length, std::string::npos, 0));
    const size_t tail = length - 64;
    for (size_t at : {size_t{64}, size_t{100}, tail - 1, tail}) {
      if (at <= 26 || at >= length - user.size()) continue;  // the path only
      for (char c : {' ', '\t', '|', '\x01', '\r', '\xC3'}) shapes.push_back(long_line(length, at, c));
    }
  }
  shapes.push_back(long_line(400, std::string::npos, 0) + "\r");
  // Colons, '@' and another URL in a long query; the host's own port.
  shapes.push_back("https://www.example.co.jp:8443/login?next=https://a.example.com/x:y@z&t=" + std::string(120, 'q') +
                   ":query@example.jp:pw");
  shapes.push_back("https://www.example.co.jp/login?next=" + std::string(120, 'q') + ":query-user:pw");
  return shapes;
}

std::string StealerCorpus() {
  const std::vector<std::string> shapes = StealerShapes();
  std::string text = "https://first.example.co.jp/:line:pw\n";
  uint32_t x = 5;
  // Every shape at least once.
  const int count = std::max(6000, 50 * static_cast<int>(shapes.size()));
  for (int i = 0; i < count; ++i) {
    x = x * 1664525 + 1013904223;
    // Mostly shapes the pass takes, as real logs are; every shape in turn
    // now and then.
    const size_t pick = i % 50 == 0 ? static_cast<size_t>(i / 50) % shapes.size() : (x >> 10) % 10;
    std::string line = shapes[pick];
    // (Before a final CR, which must stay last.)
    line.insert(line.size() - (line.back() == '\r' ? 1 : 0), (x >> 4) % 3, 'z');
    text += line;
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
  void ExpectSame(void (*build)(ScanWorker&, std::string_view, uint64_t)) { ExpectSame(build, *matcher_); }
  void ExpectSame(void (*build)(ScanWorker&, std::string_view, uint64_t), const match::Matcher& matcher) {
    SCOPED_TRACE("lines of every shape");
    ExpectSame(build, matcher, Corpus());
    SCOPED_TRACE("mostly clean lines");
    ExpectSame(build, matcher, MostlyCleanCorpus());
    SCOPED_TRACE("stealer-log lines");
    ExpectSame(build, matcher, StealerCorpus());
  }
  void ExpectSame(void (*build)(ScanWorker&, std::string_view, uint64_t), const match::Matcher& matcher,
                  const std::string& text) {
    ScanWorker reference(matcher, layout_, general_, true);
    reference.Block(text, 0);
    ScanWorker fast(matcher, layout_, options_, true);
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
    EXPECT_EQ(fast.per_entry, reference.per_entry);
  }
  match::WatchSet set_;
  std::unique_ptr<match::Matcher> matcher_;
  parse::DumpLayout layout_;  // combolist
  ScanOptions options_, general_;
};

TEST_F(ComboBuildsTest, BaselineBuildAgreesWithTheGeneralParser) { ExpectSame(&ComboBlockSse2); }

TEST_F(ComboBuildsTest, Avx2BuildAgreesWithTheGeneralParser) {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2") || !__builtin_cpu_supports("popcnt")) {
    GTEST_SKIP() << "this CPU has no AVX2, BMI2 or POPCNT (the AVX2 build uses them)";
  }
#else
  GTEST_SKIP() << "AVX2 is an x86-64 build";
#endif
  ExpectSame(&ComboBlockAvx2);
}

// With a watchlist beyond the cache, lookups run through the prefetch
// pipeline and are resolved some lines late; the results must not change.
TEST_F(ComboBuildsTest, PipelinedLookupsAgreeWithTheGeneralParser) {
  match::WatchSet big = set_;
  ASSERT_TRUE(big.AddAssets(testing::FillerAssets(40000, AssetKind::kEmailDomain, "filler", ".example.com")).ok());
  ASSERT_TRUE(big.Add(match::WatchKind::kEmailDomain, "mail.example.co.jp").ok());
  // A domain of four labels: a host's suffixes are then all tried, not its last three labels.
  ASSERT_TRUE(big.Add(match::WatchKind::kDomain, "login.portal.example.com").ok());
  const match::Matcher matcher(big);
  ASSERT_TRUE(matcher.wants_prefetch());
  ExpectSame(&ComboBlock, matcher);
}

// A watched name of one label (WatchSet::Add refuses it as a public
// suffix; a store's assets are not checked again) turns the prefilter's
// shortcut off: every domain is looked up by the matcher, and the results
// must not change.
TEST_F(ComboBuildsTest, OneLabelWatchlistAgreesWithTheGeneralParser) {
  match::WatchSet one = set_;
  Asset intranet;
  intranet.id = 1;
  intranet.kind = AssetKind::kEmailDomain;
  intranet.value = "intranet";
  ASSERT_TRUE(one.AddAssets({intranet}).ok());
  const match::Matcher matcher(one);
  ASSERT_FALSE(matcher.prefilter().shortcut);
  std::string text = Corpus();
  // The name itself, and names of two and three labels under it: with the
  // shortcut's two candidates, mail.corp.intranet would try only itself
  // and corp.intranet.
  const std::vector<std::string> under = {"@intranet:pw\n", "@Intranet;pw\r\n", "@corp.intranet:pw\n",
                                          "@mail.corp.intranet:pw\n"};
  for (int i = 0; i < 400; ++i) text += "staff" + std::to_string(i) + under[i % under.size()];
  ExpectSame(&ComboBlockSse2, matcher, text);
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt")) {
    ExpectSame(&ComboBlockAvx2, matcher, text);
  }
#endif
  ScanWorker fast(matcher, layout_, options_, false);
  ComboBlock(fast, text, 0);
  EXPECT_EQ(fast.per_entry[one.entries().size() - 1], 400u);
}

using BlockFn = void (*)(ScanWorker&, std::string_view, uint64_t);

// The fast path's builds this CPU runs: the baseline one, and the AVX2 one
// where the CPU has what it uses.
std::vector<BlockFn> BuildsOfThisCpu() {
  std::vector<BlockFn> builds = {&ComboBlockSse2};
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt")) {
    builds.push_back(&ComboBlockAvx2);
  }
#endif
  return builds;
}

// The stealer-log shapes the pass is for are taken by it, not handed to the
// general parser (which would give the same results, slowly): only the
// stream's first line, which may start with a BOM, goes there, and the
// last few lines of a block, where the fast path's reads would pass its end.
TEST_F(ComboBuildsTest, StealerLogLinesTakeTheirOwnPass) {
  const std::vector<std::string> shapes = StealerShapes();
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += shapes[static_cast<size_t>(i) % 10];
    text.append(static_cast<size_t>(i) % 4, 'z');
    text += i % 3 == 0 ? "\r\n" : "\n";
  }
  const std::vector<BlockFn> builds = BuildsOfThisCpu();
  // Lines that start in the block's last 200 bytes (the fast path's 72
  // readable bytes past a line's start, the rest of a 64-byte block before
  // them, and then some).
  const uint64_t near_the_end =
      static_cast<uint64_t>(std::count(text.end() - 200, text.end() - 1, '\n'));
  for (auto* build : builds) {
    ScanWorker fast(*matcher_, layout_, options_, true);
    build(fast, text, 0);
    EXPECT_EQ(fast.counters.lines, 3000u);
    EXPECT_LE(fast.counters.general, 1 + near_the_end);
    EXPECT_GT(fast.found.used, 1000u);
    ExpectSame(build, *matcher_, text);
  }
}

// Long stealer-log lines (a long path or query) take the pass too.
TEST_F(ComboBuildsTest, LongStealerLogLinesTakeTheirOwnPass) {
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    text += "https://www.example.co.jp/login?session=";
    text.append(static_cast<size_t>(80 + (i * 37) % 900), static_cast<char>('a' + i % 26));
    text += i % 2 == 0 ? ":user" + std::to_string(i) + "@example.jp:pw" : ":user" + std::to_string(i) + ":pw";
    text += i % 3 == 0 ? "\r\n" : "\n";
  }
  const std::vector<BlockFn> builds = BuildsOfThisCpu();
  // Lines that start in the block's last 1,200 bytes may be left to the
  // general path (the fast path's reads would pass the block's end).
  const uint64_t near_the_end = static_cast<uint64_t>(std::count(text.end() - 1200, text.end() - 1, '\n'));
  for (auto* build : builds) {
    ScanWorker fast(*matcher_, layout_, options_, true);
    build(fast, text, 0);
    EXPECT_EQ(fast.counters.lines, 2000u);
    EXPECT_LE(fast.counters.general, 1 + near_the_end);
    EXPECT_GT(fast.found.used, 1900u);  // the email domain or the host is watched on every line
    ExpectSame(build, *matcher_, text);
  }
}

// A line limit under the longest stealer-log lines: the pass takes
// shorter lines only, and the longer are bad lines, as in the general path.
TEST_F(ComboBuildsTest, StealerLogLinesUnderALineLimit) {
  options_.max_line_bytes = 100;
  general_.max_line_bytes = 100;
  ExpectSame(&ComboBlock, *matcher_, StealerCorpus());
  // Lines of 99 to 102 bytes, around the limit.
  std::string around;
  for (int i = 0; i < 400; ++i) {
    std::string line = "https://www.example.co.jp/" + std::string(40, 'x') + ":limit@example.jp:pw";
    line.insert(26, static_cast<size_t>(99 + i % 4) - line.size(), 'y');
    around += line + "\n";
  }
  for (auto* build : BuildsOfThisCpu()) {
    ExpectSame(build, *matcher_, around);
    ScanWorker fast(*matcher_, layout_, options_, true);
    build(fast, around, 0);
    EXPECT_EQ(fast.counters.bad, 200u);  // the lines of 101 and 102 bytes
  }
  ScanWorker fast(*matcher_, layout_, options_, false);
  ComboBlock(fast, StealerCorpus(), 0);
  EXPECT_GT(fast.counters.bad, 10u);
}

// A worker that keeps no matches (nobody reads them) still counts them.
TEST_F(ComboBuildsTest, CountOnlyWorkerCountsEveryMatch) {
  const std::string text = Corpus();
  ScanWorker keeping(*matcher_, layout_, options_, true);
  ComboBlock(keeping, text, 0);
  ScanWorker counting(*matcher_, layout_, options_, false);
  ComboBlock(counting, text, 0);
  EXPECT_EQ(counting.found.used, 0u);
  EXPECT_EQ(counting.counters.matched, keeping.found.used);
  EXPECT_EQ(counting.per_entry, keeping.per_entry);
  uint64_t total = 0;
  for (uint64_t c : counting.per_entry) total += c;
  EXPECT_EQ(total, counting.counters.matched);
}

}  // namespace
}  // namespace kenchi::pipeline::internal
