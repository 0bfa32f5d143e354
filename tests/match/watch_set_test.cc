// The scan matcher: domains with subdomains, email vs host, BIN prefixes.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "kenchi/match/watch_set.h"
#include "support/filler_assets.h"

namespace kenchi::match {
namespace {

TEST(ScanMatcherTest, DomainsMatchExactlyAndOnSubdomains) {
  WatchSet w;
  ASSERT_TRUE(w.Add(WatchKind::kDomain, "Example.CO.JP.").ok());
  ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, "@example.com", 4, 9).ok());
  Matcher m(w);
  EXPECT_EQ(m.MatchHost("example.co.jp"), 0);
  EXPECT_EQ(m.MatchHost("mail.example.co.jp"), 0);
  EXPECT_EQ(m.MatchHost("a.b.c.example.co.jp"), 0);
  EXPECT_EQ(m.MatchHost("co.jp"), kNoMatch);
  EXPECT_EQ(m.MatchHost("badexample.co.jp"), kNoMatch);
  EXPECT_EQ(m.MatchEmailDomain("mail.example.co.jp"), 0) << "an email at a watched domain";
  EXPECT_EQ(m.MatchEmailDomain("example.com"), 1);
  EXPECT_EQ(m.MatchHost("example.com"), kNoMatch) << "an email domain is not a site";
  EXPECT_EQ(m.entry(1).organization_id, 4);
  EXPECT_EQ(m.entry(1).asset_id, 9);
}

// A (kind, value) is watched once, by its first owner, whether it came
// first through Add or through AddAssets, and however the asset spells it.
TEST(ScanMatcherTest, AddAssetsKeepsTheFirstOwnerOfEachValue) {
  WatchSet w;
  ASSERT_TRUE(w.Add(WatchKind::kDomain, "example.jp", 7, 70).ok());
  auto asset = [](int64_t org, int64_t id, AssetKind kind, const std::string& value) {
    Asset a;
    a.organization_id = org;
    a.id = id;
    a.kind = kind;
    a.value = value;
    return a;
  };
  std::vector<Asset> assets = {asset(1, 1, AssetKind::kDomain, "Example.JP"),
                               asset(1, 2, AssetKind::kEmailDomain, "example.jp"),
                               asset(2, 3, AssetKind::kEmailDomain, "EXAMPLE.jp."),
                               asset(2, 4, AssetKind::kName, "Example"),
                               asset(2, 5, AssetKind::kBin, "4111-11"),
                               asset(3, 6, AssetKind::kBin, "411111")};
  // Enough values, each twice, that the entries' storage would have had to
  // grow several times over.
  std::vector<Asset> filler = testing::FillerAssets(5000, AssetKind::kEmailDomain, "f", ".example.com");
  assets.insert(assets.end(), filler.begin(), filler.end());
  assets.insert(assets.end(), filler.begin(), filler.end());
  ASSERT_TRUE(w.AddAssets(assets).ok());
  ASSERT_EQ(w.entries().size(), 3u + 5000u);
  const auto& e = w.entries();
  EXPECT_EQ(e[0].kind, WatchKind::kDomain);
  EXPECT_EQ(e[0].asset_id, 70);
  EXPECT_EQ(e[1].kind, WatchKind::kEmailDomain);
  EXPECT_EQ(e[1].value, "example.jp");
  EXPECT_EQ(e[1].asset_id, 2);
  EXPECT_EQ(e[2].kind, WatchKind::kBin);
  EXPECT_EQ(e[2].value, "411111");
  EXPECT_EQ(e[2].organization_id, 2);
  EXPECT_EQ(e[3].value, "f0.example.com");
  EXPECT_EQ(e.back().value, "f4999.example.com");
  // A second call sees the first's values as taken too.
  ASSERT_TRUE(w.AddAssets({asset(9, 99, AssetKind::kEmailDomain, "F10.example.com")}).ok());
  EXPECT_EQ(w.entries().size(), 3u + 5000u);
  // The matcher takes a moved set's entries as they are.
  const Matcher m(std::move(w));
  EXPECT_EQ(m.size(), 3u + 5000u);
  EXPECT_EQ(m.MatchEmailDomain("mail.example.jp"), 1);
  EXPECT_EQ(m.MatchHost("www.example.jp"), 0);
  EXPECT_EQ(m.MatchEmailDomain("f4999.example.com"), 5002);
}

// An asset that is not a valid value stops AddAssets with an error naming
// it; the entries before it stay, the ones after it are not added.
TEST(ScanMatcherTest, AddAssetsNamesTheFirstInvalidAsset) {
  WatchSet w;
  std::vector<Asset> assets = testing::FillerAssets(3, AssetKind::kDomain, "ok", ".example.jp");
  Asset bad;
  bad.id = 42;
  bad.kind = AssetKind::kEmailDomain;
  bad.value = "not a domain";
  assets.insert(assets.begin() + 2, bad);
  const Status s = w.AddAssets(assets);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("asset 42"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("not a domain"), std::string::npos) << s.message();
  ASSERT_EQ(w.entries().size(), 2u);
  EXPECT_EQ(w.entries()[1].value, "ok1.example.jp");
  // Added a few at a time, the entries stay as added.
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(w.AddAssets(testing::FillerAssets(2, AssetKind::kBin, "4111" + std::to_string(10 + i), "")).ok());
  }
  EXPECT_EQ(w.entries().size(), 2u + 100u);
}

TEST(ScanMatcherTest, BinsLongestPrefixWins) {
  WatchSet w;
  ASSERT_TRUE(w.Add(WatchKind::kBin, "411111").ok());
  ASSERT_TRUE(w.Add(WatchKind::kBin, "4111-1122").ok());
  Matcher m(w);
  EXPECT_EQ(m.MatchCard("4111111111111111"), 0);
  EXPECT_EQ(m.MatchCard("4111112299999999"), 1);
  EXPECT_EQ(m.MatchCard("5111111111111111"), kNoMatch);
}

TEST(ScanMatcherTest, RejectsValuesThatAreNotDomainsOrBins) {
  WatchSet w;
  EXPECT_FALSE(w.Add(WatchKind::kDomain, "exa mple.jp").ok());
  EXPECT_FALSE(w.Add(WatchKind::kDomain, "").ok());
  EXPECT_FALSE(w.Add(WatchKind::kDomain, "a..b").ok());
  EXPECT_FALSE(w.Add(WatchKind::kBin, "12345").ok());
  EXPECT_FALSE(w.Add(WatchKind::kBin, "123456789").ok());
  EXPECT_FALSE(w.Add(WatchKind::kBin, "12345a").ok());
  // A public suffix would match everything registered under it.
  Status suffix = w.Add(WatchKind::kEmailDomain, "co.jp");
  if (std::filesystem::exists("/usr/share/publicsuffix/public_suffix_list.dafsa")) {
    EXPECT_FALSE(suffix.ok());
    EXPECT_NE(suffix.message().find("public suffix"), std::string::npos) << suffix.message();
  }
  EXPECT_TRUE(w.empty());
}

// How a watched value is canonicalised: lowered, trailing dots and one
// leading '@' dropped; what is left must be a host name of 1 to 253 bytes.
TEST(ScanMatcherTest, CanonicalDomainForms) {
  WatchSet w;
  ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, "@Mail.Example.JP..").ok());
  ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, "mail.example.jp").ok()) << "the same value: kept once";
  ASSERT_TRUE(w.Add(WatchKind::kDomain, "Under_Score-1.example.com").ok());
  ASSERT_EQ(w.entries().size(), 2u);
  EXPECT_EQ(w.entries()[0].value, "mail.example.jp");
  EXPECT_EQ(w.entries()[1].value, "under_score-1.example.com");
  const std::string longest = std::string(249, 'a') + ".jp";  // 252 bytes, then the dot dropped below
  EXPECT_TRUE(w.Add(WatchKind::kDomain, longest + ".").ok());
  EXPECT_TRUE(w.Add(WatchKind::kDomain, "b" + longest).ok()) << "253 bytes";
  for (const std::string& bad : std::vector<std::string>{"@", "@.", "...", ".example.jp", "@@example.jp", "example..jp", "exa!mple.jp",
                                "ｅxample.jp", "example.jp ", "cc" + longest}) {
    Status s = w.Add(WatchKind::kDomain, bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find("is not a domain"), std::string::npos) << bad << ": " << s.message();
  }
  EXPECT_EQ(w.entries().size(), 4u);
}

TEST(ScanMatcherTest, LowerHostRefusesNonHostBytes) {
  char buf[16];
  EXPECT_EQ(LowerHost("Ex-Ample.JP", buf, sizeof buf), 11u);
  EXPECT_EQ(std::string(buf, 11), "ex-ample.jp");
  EXPECT_EQ(LowerHost("a b", buf, sizeof buf), 0u);
  EXPECT_EQ(LowerHost("waytoolongforthebuffer.jp", buf, sizeof buf), 0u);
  // With the dots: bit i for a '.' at i, for names of up to 64 bytes.
  char big[300];
  uint64_t dots = 99;
  EXPECT_EQ(LowerHost("Mail.Example.JP", big, sizeof big, &dots), 15u);
  EXPECT_EQ(dots, (uint64_t{1} << 4) | (uint64_t{1} << 12));
  EXPECT_EQ(LowerHost("a b.jp", big, sizeof big, &dots), 0u);
  EXPECT_EQ(dots, 0u);
  const std::string sixty_four = std::string(61, 'a') + ".jp";
  EXPECT_EQ(LowerHost(sixty_four, big, sizeof big, &dots), 64u);
  EXPECT_EQ(dots, uint64_t{1} << 61);
  const std::string longer = std::string(70, 'a') + ".jp";
  EXPECT_EQ(LowerHost(longer, big, sizeof big, &dots), 73u);
  EXPECT_EQ(dots, 0u) << "longer names are looked up without";
  EXPECT_EQ(LowerHost(longer, big, 10, &dots), 0u);
  // Every byte value, at the edges of 16-byte steps: the dots form (16
  // bytes at a time) answers as the byte table does.
  for (size_t length : {1, 15, 16, 17, 40, 63, 64}) {
    for (size_t at : {size_t{0}, size_t{15}, size_t{16}, length - 1}) {
      if (at >= length) continue;
      for (int b = 0; b < 256; ++b) {
        std::string name(length, 'k');
        if (length > 3) name[1] = '.';
        name[at] = static_cast<char>(b);
        char plain[300], fast[300];
        const size_t n = LowerHost(name, plain, sizeof plain);
        ASSERT_EQ(LowerHost(name, fast, sizeof fast, &dots), n) << length << " " << at << " " << b;
        if (n == 0) {
          EXPECT_EQ(dots, 0u);
          continue;
        }
        EXPECT_EQ(std::string(fast, n), std::string(plain, n)) << b;
        uint64_t want = 0;
        for (size_t i = 0; i < n; ++i) want |= uint64_t{plain[i] == '.'} << i;
        EXPECT_EQ(dots, want) << length << " " << at << " " << b;
      }
    }
  }
}

}  // namespace
}  // namespace kenchi::match

namespace kenchi::match {
namespace {

uint64_t DotsOf(std::string_view s) {
  uint64_t dots = 0;
  for (size_t i = 0; i < s.size(); ++i) dots |= uint64_t{s[i] == '.'} << i;
  return dots;
}

// The scanner's lookups (dots found by the caller, padded reads, the
// prefilter, names kept in the table or, when long, in the entries) must
// answer as the plain lookup does, for names of every label count.
TEST(ScanMatcherTest, EveryLookupFormAgrees) {
  const std::string long_name = std::string(50, 'l') + ".example.jp";  // longer than a slot holds
  for (const bool big : {false, true}) {
    WatchSet w;
    ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, "a.jp").ok());
    ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, "example.co.jp").ok());
    ASSERT_TRUE(w.Add(WatchKind::kDomain, "x.y.example.com").ok());
    // Names of 5 to 7 bytes: the filter key's two overlapping 4-byte loads.
    ASSERT_TRUE(w.Add(WatchKind::kDomain, "ab.jp").ok());
    ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, "abc.jp").ok());
    ASSERT_TRUE(w.Add(WatchKind::kDomain, "abcd.jp").ok());
    ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, long_name).ok());
    if (big) {
      ASSERT_TRUE(w.AddAssets(testing::FillerAssets(30000, AssetKind::kDomain, "f", ".example.net")).ok());
    }
    const Matcher m(w);
    EXPECT_EQ(m.wants_prefetch(), big);
    const std::vector<std::string> labels = {"a", "jp", "co", "example", "x", "y", "com", "mail", "f7", "net",
                                             "ab", "abc", "abcd", std::string(50, 'l')};
    size_t hits = 0, names = 0;
    uint32_t r = 99;
    for (int i = 0; i < 20000; ++i) {
      std::string name;
      const int count = 1 + static_cast<int>((r = r * 1103515245 + 12345) >> 16) % 5;
      for (int k = 0; k < count; ++k) {
        if (k > 0) name += '.';
        name += labels[((r = r * 1103515245 + 12345) >> 16) % labels.size()];
      }
      if (name.size() > 56) continue;
      ++names;
      const EntryIndex want = m.MatchEmailDomain(name);
      EXPECT_EQ(m.MatchEmailDomain(name, DotsOf(name)), want) << name;
      EXPECT_EQ(m.MatchHost(name, DotsOf(name)), m.MatchHost(name)) << name;
      char padded[64 + 8];
      std::memset(padded, 'z', sizeof padded);  // whatever follows the name must not matter
      std::memcpy(padded, name.data(), name.size());
      const std::string_view in_window(padded, name.size());
      EXPECT_EQ(m.MatchEmailDomainPadded(in_window, DotsOf(name)), want) << name;
      const bool maybe = m.prefilter().MayMatchPadded(padded, name.size(), DotsOf(name));
      EXPECT_EQ(maybe ? m.MatchEmailDomainPadded(in_window, DotsOf(name)) : kNoMatch, want) << name;
      // As the scanner does it: the inline prefilter names the names to try,
      // which are looked up in a batch, the whole name's hit first.
      const unsigned probes = m.prefilter().ProbesPadded(padded, name.size(), DotsOf(name));
      EntryIndex scanned = kNoMatch;
      if ((probes & DomainPrefilter::kUndecided) != 0) {
        scanned = m.MatchEmailDomainPadded(in_window, DotsOf(name));
      } else {
        std::string_view tried[2];
        size_t n = 0;
        if ((probes & DomainPrefilter::kWhole) != 0) tried[n++] = in_window;
        if ((probes & DomainPrefilter::kParent) != 0) {
          tried[n++] = in_window.substr(static_cast<size_t>(__builtin_ctzll(DotsOf(name))) + 1);
        }
        EntryIndex tried_hits[2];
        m.MatchEmailNamesPadded(tried, n, tried_hits);
        for (size_t k = 0; k < n && scanned == kNoMatch; ++k) scanned = tried_hits[k];
      }
      EXPECT_EQ(scanned, want) << name;
      hits += want != kNoMatch;
    }
    EXPECT_GT(hits, 100u);
    EXPECT_GT(names - hits, 100u);
  }
  WatchSet w;
  ASSERT_TRUE(w.Add(WatchKind::kEmailDomain, long_name).ok());
  const Matcher m(w);
  EXPECT_EQ(m.MatchEmailDomain("mail." + long_name), 0);
  // Longer than a dots mask holds: the dots given are ignored, found again.
  EXPECT_EQ(m.MatchEmailDomain("mail." + long_name, 0), 0);
  EXPECT_EQ(m.MatchHost("mail." + long_name, 0), kNoMatch) << "watched as an email domain only";
  EXPECT_EQ(m.MatchEmailDomain(std::string(49, 'l') + "m.example.jp"), kNoMatch);
}

// A batch of names, longer than the steps the lookup takes them in, hits
// and misses mixed, one name twice: each answer is the single lookup's.
TEST(ScanMatcherTest, BatchLookupAnswersAsOneByOne) {
  WatchSet w;
  ASSERT_TRUE(w.AddAssets(testing::FillerAssets(2000, AssetKind::kEmailDomain, "corp", ".co.jp")).ok());
  ASSERT_TRUE(w.Add(WatchKind::kDomain, "example.com").ok());
  const Matcher m(w);
  std::vector<std::string> padded;  // each name and 8 bytes that must not matter
  for (int i = 0; i < 150; ++i) {
    const std::string name = i % 3 == 0   ? "corp" + std::to_string(i * 7) + ".co.jp"
                             : i % 3 == 1 ? "nobody" + std::to_string(i) + ".co.jp"
                                          : "example.com";
    padded.push_back(name + "zzzzzzzz");
  }
  std::vector<std::string_view> names;
  for (const std::string& p : padded) names.emplace_back(p.data(), p.size() - 8);
  std::vector<EntryIndex> hits(names.size(), 12345);
  m.MatchEmailNamesPadded(names.data(), names.size(), hits.data());
  size_t found = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(hits[i], m.MatchEmailDomain(names[i])) << names[i];
    found += hits[i] != kNoMatch ? 1 : 0;
  }
  EXPECT_EQ(found, 100u);  // the corp names and example.com; not the nobody names
}

// The prefilter must turn away nearly every name that is not watched: each
// "maybe" costs a lookup. With one bit per name, a fifth of the benchmark
// dump's lines got through (frequent names whose bit happened to be set).

TEST(ScanMatcherTest, PrefilterLetsFewUnwatchedNamesThrough) {
  for (const size_t watched : {size_t{100}, size_t{1000}, size_t{100000}}) {
    // Names of two and three labels, so that the filter tests a name and
    // its parent.
    WatchSet w;
    ASSERT_TRUE(w.AddAssets(testing::FillerAssets(watched / 2, AssetKind::kEmailDomain, "corp", ".co.jp")).ok());
    ASSERT_TRUE(w.AddAssets(testing::FillerAssets(watched / 2, AssetKind::kEmailDomain, "corp", ".jp")).ok());
    const Matcher m(w);
    size_t through = 0, names = 0;
    for (size_t i = 0; i < 20000; ++i) {
      // Names like a dump's, of two and three labels (the filter decides
      // those; four and more go to the table).
      for (const std::string& name : {"user" + std::to_string(i) + ".co.jp", "shop" + std::to_string(i) + ".jp",
                                      "x" + std::to_string(i * 7919) + ".example.com"}) {
        char padded[64 + 8] = {};
        std::memcpy(padded, name.data(), name.size());
        through += m.prefilter().MayMatchPadded(padded, name.size(), DotsOf(name)) ? 1 : 0;
        ++names;
      }
    }
    // Two bits per name: well under these. One bit per name in 16 or 64
    // let 7.9 % and 34 % of these names through (a parent such as co.jp
    // whose bit was set lets every name under it through). Up to 128
    // names, one bit each in a filter of 256 bits per name.
    const double limit = watched == 100 ? 0.02 : watched == 1000 ? 0.005 : 0.03;
    EXPECT_EQ(m.prefilter().two_bits, watched > 128);
    EXPECT_LT(static_cast<double>(through) / static_cast<double>(names), limit)
        << through << " of " << names << " names with " << watched << " watched";
    // And every watched name gets through.
    const std::string watched_name = "corp" + std::to_string(watched / 4) + ".co.jp";
    char padded[64 + 8] = {};
    std::memcpy(padded, watched_name.data(), watched_name.size());
    EXPECT_TRUE(m.prefilter().MayMatchPadded(padded, watched_name.size(), DotsOf(watched_name)));
  }
}

}  // namespace
}  // namespace kenchi::match
