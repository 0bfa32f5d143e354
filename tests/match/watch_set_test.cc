// The scan matcher: domains with subdomains, email vs host, BIN prefixes.
#include <gtest/gtest.h>

#include <filesystem>

#include "kenchi/match/watch_set.h"

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

TEST(ScanMatcherTest, LowerHostRefusesNonHostBytes) {
  char buf[16];
  EXPECT_EQ(LowerHost("Ex-Ample.JP", buf, sizeof buf), 11u);
  EXPECT_EQ(std::string(buf, 11), "ex-ample.jp");
  EXPECT_EQ(LowerHost("a b", buf, sizeof buf), 0u);
  EXPECT_EQ(LowerHost("waytoolongforthebuffer.jp", buf, sizeof buf), 0u);
}

}  // namespace
}  // namespace kenchi::match
