// Watchlist YAML: the sample file, strictness (typos, bad values with
// file:line:column), all-or-nothing and idempotent import.
#include "kenchi/match/watchlist_file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "kenchi/enrich/domain.h"
#include "kenchi/match/asset_value.h"
#include "support/run.h"

namespace kenchi::match {
namespace {

using kenchi::testing::ScratchDir;
using kenchi::testing::SourceDir;

std::string Message(const std::string& yaml) {
  Result<WatchlistFile> f = ParseWatchlist(yaml, "w.yaml");
  EXPECT_FALSE(f.ok()) << "accepted:\n" << yaml;
  return f.ok() ? std::string() : f.status().message();
}

TEST(WatchValueTest, CanonicalForms) {
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kDomain, " Kakuu-Mart.Example.JP. "), "kakuu-mart.example.jp");
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kDomain, "例え.jp"), "xn--r8jz45g.jp");
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kEmailDomain, "@mail.example.jp"), "mail.example.jp");
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kCidr, "2001:DB8:CA:0::/48"), "2001:db8:ca::/48");
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kAsn, "as64500"), "AS64500");
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kAsn, "64500"), "AS64500");
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kIpv6, "2001:DB8::0010"), "2001:db8::10");
  EXPECT_EQ(*CanonicalAssetValue(AssetKind::kBin, "45320112"), "45320112");
}

TEST(WatchValueTest, PublicSuffixesAreRefused) {
  if (!std::filesystem::exists(enrich::PublicSuffixList::DefaultPath())) {
    GTEST_SKIP() << "Debian's publicsuffix package is not installed";
  }
  for (const char* suffix : {"co.jp", "CO.JP.", "ne.jp", "github.io", "@co.jp"}) {
    Result<std::string> v = CanonicalAssetValue(
        suffix[0] == '@' ? AssetKind::kEmailDomain : AssetKind::kDomain, suffix);
    ASSERT_FALSE(v.ok()) << suffix;
    EXPECT_NE(v.status().message().find("is a public suffix"), std::string::npos) << v.status().message();
  }
  // One label below a suffix is a registrable domain; deeper names are fine too.
  EXPECT_TRUE(CanonicalAssetValue(AssetKind::kDomain, "example.co.jp").ok());
  EXPECT_TRUE(CanonicalAssetValue(AssetKind::kEmailDomain, "mail.example.co.jp").ok());
  // In a watchlist file, the error names the line.
  const std::string msg = Message("organizations:\n  - name: kakuu-mart\n    domains: [kakuu.example.jp, co.jp]\n");
  EXPECT_NE(msg.find("w.yaml:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("public suffix"), std::string::npos) << msg;
}

TEST(WatchValueTest, BadValuesSayWhatWasExpected) {
  struct Case {
    AssetKind kind;
    const char* value;
    const char* expect;
  };
  for (const Case& c : {Case{AssetKind::kCidr, "198.51.100.7/24", "did you mean 198.51.100.0/24"},
                        Case{AssetKind::kCidr, "198.51.100.0/33", "too long"},
                        Case{AssetKind::kCidr, "198.51.100.0", "CIDR"},
                        Case{AssetKind::kCidr, "300.1.1.0/24", "CIDR"},
                        Case{AssetKind::kBin, "12345", "6 to 8 digits"},
                        Case{AssetKind::kBin, "123456789", "6 to 8 digits"},
                        Case{AssetKind::kBin, "4532 01", "6 to 8 digits"},
                        Case{AssetKind::kDomain, "https://example.jp/", "domain name"},
                        Case{AssetKind::kDomain, "localhost", "domain name"},
                        Case{AssetKind::kAsn, "AS0", "AS number"},
                        Case{AssetKind::kIpv4, "2001:db8::1", "IPv4"},
                        Case{AssetKind::kName, "x", "two characters"},
                        Case{AssetKind::kKeyword, "  ", "empty"}}) {
    Result<std::string> r = CanonicalAssetValue(c.kind, c.value);
    ASSERT_FALSE(r.ok()) << c.value;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
    EXPECT_NE(r.status().message().find(c.expect), std::string::npos) << r.status().message();
  }
}

TEST(WatchFileTest, SampleWatchlistParses) {
  Result<WatchlistFile> f = LoadWatchlistFile(SourceDir() + "/sample-data/watchlists/sample.yaml");
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->organizations.size(), 2u);
  const WatchlistOrganization& kakuu = f->organizations[0];
  EXPECT_EQ(kakuu.organization.name, "kakuu-mart");
  EXPECT_EQ(kakuu.organization.display_name, "株式会社カクウマート");
  int names = 0, variants_of_brand = 0, ipv6 = 0;
  for (const WatchlistAsset& a : kakuu.assets) {
    names += a.asset.kind == AssetKind::kName;
    variants_of_brand += a.asset.label == "カクウマート";
    ipv6 += a.asset.kind == AssetKind::kIpv6;
    if (a.asset.value == "Kakuu") {
      EXPECT_TRUE(a.asset.options.whole_word);
      EXPECT_FALSE(a.asset.options.exclusions.empty());
    }
  }
  EXPECT_EQ(names, 6);
  EXPECT_EQ(variants_of_brand, 5) << "the brand and its four variants";
  EXPECT_EQ(ipv6, 1) << "ips holds both families";
  EXPECT_EQ(kakuu.allow.size(), 2u);
  EXPECT_EQ(f->global_allow.size(), 2u);
}

TEST(WatchFileTest, TypoedKeyIsAnErrorWithFileLineColumn) {
  const std::string msg = Message(
      "organizations:\n"
      "  - name: kakuu-mart\n"
      "    domians: [kakuu-mart.example.jp]\n");
  EXPECT_NE(msg.find("w.yaml:3:5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key \"domians\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("domains"), std::string::npos) << "lists the expected keys: " << msg;
}

TEST(WatchFileTest, TypoInAnEntryOrTopLevelIsAnError) {
  EXPECT_NE(Message("organizations:\n  - name: a\n    names:\n      - value: Kakuu\n        whole_wrd: true\n")
                .find("w.yaml:5:9: unknown key \"whole_wrd\""),
            std::string::npos);
  EXPECT_NE(Message("organisations: []\n").find("w.yaml:1:1: unknown key \"organisations\""), std::string::npos);
  EXPECT_NE(Message("organizations:\n  - name: a\n    domains:\n      - value: a.example.jp\n        whole_word: true\n")
                .find("unknown key \"whole_word\""),
            std::string::npos)
      << "options only apply to text-like kinds";
}

TEST(WatchFileTest, BadCidrNamesItsLine) {
  const std::string msg = Message(
      "organizations:\n"
      "  - name: kakuu-mart\n"
      "    cidrs:\n"
      "      - 198.51.100.0/24\n"
      "      - 198.51.100.7/24\n");
  EXPECT_NE(msg.find("w.yaml:5:9"), std::string::npos) << msg;
  EXPECT_NE(msg.find("198.51.100.0/24?"), std::string::npos) << msg;
}

TEST(WatchFileTest, BadBinNamesItsLine) {
  const std::string msg = Message("organizations:\n  - name: kakuu-mart\n    bins: [\"453201\", \"4532\"]\n");
  EXPECT_NE(msg.find("w.yaml:3:22"), std::string::npos) << msg;
  EXPECT_NE(msg.find("6 to 8 digits"), std::string::npos) << msg;
}

TEST(WatchFileTest, ShapeAndSyntaxErrors) {
  EXPECT_NE(Message("organizations:\n  - name: a\n    names: Kakuu\n").find("expected a list under \"names\""),
            std::string::npos);
  EXPECT_NE(Message("organizations:\n  - display_name: x\n").find("has no \"name\""), std::string::npos);
  EXPECT_NE(Message("organizations:\n  - name: a\n  - name: a\n").find("listed twice"), std::string::npos);
  EXPECT_NE(Message("version: 2\n").find("version 1"), std::string::npos);
  EXPECT_NE(Message("organizations: [\n").find("w.yaml:"), std::string::npos) << "YAML syntax error position";
  EXPECT_NE(Message("organizations:\n  - name: a\n    names:\n      - value: ab\n        case_sensitive: maybe\n")
                .find("true or false"),
            std::string::npos);
}

class WatchImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore(dir_.path() + "/k.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }
  ScratchDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(WatchImportTest, ImportTwiceIsIdempotent) {
  Result<WatchlistFile> f = LoadWatchlistFile(SourceDir() + "/sample-data/watchlists/sample.yaml");
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto first = ImportWatchlist(*store_, *f, false);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->organizations_new, 2);
  EXPECT_GT(first->assets_new, 20);
  EXPECT_EQ(first->allow_new, 4);
  const int64_t assets = store_->Counts()->assets;
  auto second = ImportWatchlist(*store_, *f, false);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->organizations_new, 0);
  EXPECT_EQ(second->assets_new, 0);
  EXPECT_EQ(second->allow_new, 0);
  EXPECT_EQ(store_->Counts()->assets, assets);
  EXPECT_EQ(store_->ListAllowEntries()->size(), 4u);
}

TEST_F(WatchImportTest, ReplaceRemovesEntriesNoLongerListed) {
  auto f1 = ParseWatchlist("organizations:\n  - name: a\n    names: [Kakuu, カクウ]\n", "1.yaml");
  auto f2 = ParseWatchlist("organizations:\n  - name: a\n    names: [Kakuu]\n", "2.yaml");
  ASSERT_TRUE(f1.ok() && f2.ok());
  ASSERT_TRUE(ImportWatchlist(*store_, *f1, false).ok());
  auto kept = ImportWatchlist(*store_, *f2, false);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(store_->ListAssets()->size(), 2u) << "without --replace nothing is removed";
  auto replaced = ImportWatchlist(*store_, *f2, true);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(replaced->assets_removed, 1);
  EXPECT_EQ(store_->ListAssets()->size(), 1u);
}

TEST_F(WatchImportTest, FailureHalfWayLeavesNothing) {
  // Valid YAML whose second organisation fails in the store: an asset that
  // bypassed validation (empty value) makes PutAsset fail after the first
  // organisation was written.
  auto f = ParseWatchlist("organizations:\n  - name: a\n    names: [Kakuu]\n  - name: b\n    names: [Mart]\n",
                          "w.yaml");
  ASSERT_TRUE(f.ok());
  f->organizations[1].assets[0].asset.value.clear();
  auto r = ImportWatchlist(*store_, *f, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(store_->Counts()->organizations, 0);
  EXPECT_EQ(store_->Counts()->assets, 0);
}

}  // namespace
}  // namespace kenchi::match
