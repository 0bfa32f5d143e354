// The watchlist matcher on its own: names across widths, cases and scripts,
// options, allow-lists, domains, address ranges, ASNs and card BINs.
#include "kenchi/match/matcher.h"

#include <gtest/gtest.h>

#include "kenchi/match/folded_text.h"

namespace kenchi::match {
namespace {

Asset MakeAsset(int64_t id, int64_t org, AssetKind kind, std::string value, AssetOptions options = {}) {
  Asset a;
  a.id = id;
  a.organization_id = org;
  a.kind = kind;
  a.value = std::move(value);
  a.options = std::move(options);
  return a;
}

class MatchTest : public ::testing::Test {
 protected:
  void Build(std::vector<AllowEntry> allow = {}) {
    auto m = WatchlistMatcher::Build(assets_, allow);
    ASSERT_TRUE(m.ok()) << m.status().message();
    matcher_ = std::move(m).value();
  }
  std::vector<WatchHit> Text(std::string_view text) {
    std::vector<WatchHit> hits;
    Status s = matcher_->MatchText(text, hits);
    EXPECT_TRUE(s.ok()) << s.message();
    return hits;
  }
  std::vector<WatchHit> Fact(const MatchableFact& fact) {
    std::vector<WatchHit> hits;
    Status s = matcher_->Match(fact, hits);
    EXPECT_TRUE(s.ok()) << s.message();
    return hits;
  }
  std::vector<Asset> assets_;
  std::unique_ptr<WatchlistMatcher> matcher_;
};

TEST(MatchFoldTest, FoldsWidthAndCaseAndMapsBackToTheSource) {
  EXPECT_EQ(FoldPattern("ＰａｙＰａｙ", Folding::kNfkcCaseFold), "paypay");
  EXPECT_EQ(FoldPattern("ＰａｙＰａｙ", Folding::kNfkc), "PayPay");
  EXPECT_EQ(FoldPattern("ﾍﾟｲﾍﾟｲ", Folding::kNfkcCaseFold), "ペイペイ");
  FoldedText t;
  const std::string source = "当社ＰａｙＰａｙ事業";
  t.Assign(source, Folding::kNfkcCaseFold);
  const size_t at = t.text().find("paypay");
  ASSERT_NE(at, std::string_view::npos);
  auto [b, e] = t.SourceSpan(at, at + 6);
  EXPECT_EQ(source.substr(b, e - b), "ＰａｙＰａｙ");
}

TEST_F(MatchTest, NamesMatchAcrossWidthAndCase) {
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "KakuuMart")};
  Build();
  for (std::string_view text : {"breach at KAKUUMART today", "ｋａｋｕｕｍａｒｔ の顧客", "kakuumart"}) {
    auto hits = Text(text);
    ASSERT_EQ(hits.size(), 1u) << text;
    EXPECT_EQ(hits[0].asset_id, 1);
    EXPECT_EQ(hits[0].organization_id, 10);
  }
  auto hits = Text("顧客：ＫａｋｕｕＭａｒｔ。");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].matched, "ＫａｋｕｕＭａｒｔ") << "evidence quotes the original text";
  EXPECT_TRUE(Text("kakuu mart").empty());
}

TEST_F(MatchTest, HalfWidthKatakanaMeetsFullWidth) {
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "カクウマート")};
  Build();
  auto hits = Text("ｶｸｳﾏｰﾄのDBを販売");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].matched, "ｶｸｳﾏｰﾄ");
  // Voiced half-width marks compose: ﾍﾟｲ is ペイ.
  assets_ = {MakeAsset(2, 10, AssetKind::kName, "ペイペイ")};
  Build();
  EXPECT_EQ(Text("ﾍﾟｲﾍﾟｲの残高").size(), 1u);
}

TEST_F(MatchTest, JapaneseAndChineseVariantsEachMatch) {
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "カクウマート"),
             MakeAsset(2, 10, AssetKind::kName, "卡库市场"),
             MakeAsset(3, 10, AssetKind::kName, "かくうまーと")};
  Build();
  auto zh = Text("出售卡库市场用户数据2000万条");
  ASSERT_EQ(zh.size(), 1u);
  EXPECT_EQ(zh[0].asset_id, 2);
  EXPECT_EQ(zh[0].matched, "卡库市场");
  auto ja = Text("【販売】株式会社カクウマートの顧客データベース");
  ASSERT_EQ(ja.size(), 1u);
  EXPECT_EQ(ja[0].asset_id, 1);
  EXPECT_EQ(Text("かくうまーとで買い物").size(), 1u);
  EXPECT_TRUE(Text("カクウ市場").empty());
}

TEST_F(MatchTest, CaseSensitiveOption) {
  AssetOptions cs;
  cs.case_sensitive = true;
  assets_ = {MakeAsset(1, 10, AssetKind::kKeyword, "KAKUU", cs)};
  Build();
  EXPECT_EQ(Text("project KAKUU leak").size(), 1u);
  EXPECT_EQ(Text("project ＫＡＫＵＵ leak").size(), 1u) << "width still folds";
  EXPECT_TRUE(Text("project kakuu leak").empty());
}

TEST_F(MatchTest, WholeWordForLatinOnly) {
  AssetOptions ww;
  ww.whole_word = true;
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "Kakuu", ww)};
  Build();
  EXPECT_EQ(Text("leak at Kakuu, again").size(), 1u);
  EXPECT_EQ(Text("(kakuu)").size(), 1u);
  EXPECT_TRUE(Text("Kakuuno city").empty());
  EXPECT_TRUE(Text("superkakuu").empty());
  EXPECT_TRUE(Text("kakuu2024").empty());
  EXPECT_TRUE(Text("kakuué").empty()) << "a Latin letter with an accent is a letter too";
  EXPECT_EQ(Text("株式会社kakuuの件").size(), 1u) << "CJK next to a Latin word is a boundary";
  // Without the option the name is found anywhere.
  assets_ = {MakeAsset(2, 10, AssetKind::kName, "Kakuu")};
  Build();
  EXPECT_EQ(Text("Kakuuno city").size(), 1u);
}

TEST_F(MatchTest, ExclusionsDropMatchesInsideThem) {
  AssetOptions ex;
  ex.exclusions = {"Sakura season", "さくら通り"};
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "sakura", ex)};
  Build();
  EXPECT_TRUE(Text("photos of SAKURA SEASON in Tokyo").empty());
  EXPECT_TRUE(Text("ｓａｋｕｒａ season").empty());
  EXPECT_EQ(Text("sakura season and a sakura leak").size(), 1u) << "the second one counts";
  EXPECT_EQ(Text("sakura database for sale").size(), 1u);
}

TEST_F(MatchTest, OneHitPerAssetAndFact) {
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "kakuu"), MakeAsset(2, 20, AssetKind::kName, "KAKUU")};
  Build();
  auto hits = Text("kakuu kakuu kakuu");
  ASSERT_EQ(hits.size(), 2u) << "one per asset; the same literal serves two organisations";
  EXPECT_NE(hits[0].organization_id, hits[1].organization_id);
}

TEST_F(MatchTest, AllowListTermsPerOrganisationAndGlobal) {
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "カクウ"), MakeAsset(2, 20, AssetKind::kName, "カクウ")};
  Build({AllowEntry{1, 10, AllowKind::kTerm, "カクウ市", ""}});
  auto hits = Text("カクウ市の広報");
  ASSERT_EQ(hits.size(), 1u) << "only organisation 10 allow-listed it";
  EXPECT_EQ(hits[0].organization_id, 20);
  Build({AllowEntry{1, 0, AllowKind::kTerm, "ｶｸｳ市", ""}});
  EXPECT_TRUE(Text("カクウ市の広報").empty()) << "a global entry applies to everyone, folded";
  EXPECT_EQ(Text("カクウの顧客DB").size(), 2u);
}

TEST_F(MatchTest, DomainsExactAndSubdomainNotLookalikes) {
  assets_ = {MakeAsset(1, 10, AssetKind::kDomain, "kakuu-mart.example.jp")};
  Build();
  MatchableFact f;
  f.kind = "indicator";
  f.detail = "domain";
  for (std::string d : {"kakuu-mart.example.jp", "vpn.kakuu-mart.example.jp", "A.B.KAKUU-MART.EXAMPLE.JP."}) {
    f.domain = d;
    auto hits = Fact(f);
    ASSERT_EQ(hits.size(), 1u) << d;
    EXPECT_EQ(hits[0].field, HitField::kDomain);
  }
  for (std::string d : {"notkakuu-mart.example.jp", "kakuu-mart.example.jp.evil.example", "example.jp"}) {
    f.domain = d;
    EXPECT_TRUE(Fact(f).empty()) << d;
  }
}

TEST_F(MatchTest, DomainsInTextRespectHostBoundaries) {
  assets_ = {MakeAsset(1, 10, AssetKind::kDomain, "kakuu-mart.example.jp")};
  Build();
  auto hits = Text("admin panel of https://admin.kakuu-mart.example.jp/login for sale");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].matched, "admin.kakuu-mart.example.jp") << "the whole host is reported";
  EXPECT_EQ(Text("mail: root@KAKUU-MART.EXAMPLE.JP.").size(), 1u);
  EXPECT_TRUE(Text("fakekakuu-mart.example.jp").empty());
  EXPECT_TRUE(Text("kakuu-mart.example.jp.phish.example").empty());
}

TEST_F(MatchTest, EmailDomainsOnlyForEmailFacts) {
  assets_ = {MakeAsset(1, 10, AssetKind::kEmailDomain, "mail.kakuu-mart.example.jp")};
  Build();
  MatchableFact cred;
  cred.kind = "credential_exposure";
  cred.domain = "mail.kakuu-mart.example.jp";
  EXPECT_EQ(Fact(cred).size(), 1u);
  MatchableFact host;
  host.kind = "indicator";
  host.detail = "domain";
  host.domain = "mail.kakuu-mart.example.jp";
  EXPECT_TRUE(Fact(host).empty()) << "a host name is not an e-mail domain";
}

TEST_F(MatchTest, PublicMailDomainAllowListed) {
  assets_ = {MakeAsset(1, 10, AssetKind::kEmailDomain, "gmail.com")};  // a mistake in a watchlist
  Build({AllowEntry{1, 0, AllowKind::kDomain, "gmail.com", "public mail"}});
  MatchableFact cred;
  cred.kind = "credential_exposure";
  cred.domain = "gmail.com";
  EXPECT_TRUE(Fact(cred).empty());
}

TEST_F(MatchTest, Ipv4AndIpv6AgainstCidrRanges) {
  assets_ = {MakeAsset(1, 10, AssetKind::kCidr, "198.51.100.0/24"),
             MakeAsset(2, 20, AssetKind::kCidr, "198.51.100.128/25"),
             MakeAsset(3, 10, AssetKind::kCidr, "2001:db8:ca::/48"),
             MakeAsset(4, 30, AssetKind::kIpv4, "192.0.2.10")};
  Build();
  MatchableFact f;
  f.kind = "compromised_host";
  f.ip = "198.51.100.200";
  EXPECT_EQ(Fact(f).size(), 2u) << "nested ranges of two organisations";
  f.ip = "198.51.100.5";
  ASSERT_EQ(Fact(f).size(), 1u);
  f.ip = "198.51.101.1";
  EXPECT_TRUE(Fact(f).empty());
  f.ip = "2001:db8:ca:ffff::1";
  ASSERT_EQ(Fact(f).size(), 1u);
  EXPECT_EQ(Fact(f)[0].asset_id, 3);
  f.ip = "2001:db8:cb::1";
  EXPECT_TRUE(Fact(f).empty());
  f.ip = "192.0.2.10";
  EXPECT_EQ(Fact(f).size(), 1u);
  f.ip = "192.0.2.11";
  EXPECT_TRUE(Fact(f).empty());
  // Addresses in post text.
  auto hits = Text("RDP 198.51.100.7:3389 and 2001:db8:ca::7 for sale; 1.198.51.100.7 is not one");
  EXPECT_EQ(hits.size(), 2u);
}

TEST_F(MatchTest, NetworkAllowListDropsAddresses) {
  assets_ = {MakeAsset(1, 10, AssetKind::kCidr, "198.51.100.0/24")};
  Build({AllowEntry{1, 10, AllowKind::kNetwork, "198.51.100.0/30", "office NAT"}});
  MatchableFact f;
  f.kind = "compromised_host";
  f.ip = "198.51.100.2";
  EXPECT_TRUE(Fact(f).empty());
  f.ip = "198.51.100.4";
  EXPECT_EQ(Fact(f).size(), 1u);
}

TEST_F(MatchTest, AsnsFromEnrichmentAndText) {
  assets_ = {MakeAsset(1, 10, AssetKind::kAsn, "AS64500")};
  Build();
  MatchableFact f;
  f.kind = "compromised_host";
  f.ip = "203.0.113.9";
  f.asn = 64500;
  auto hits = Fact(f);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].field, HitField::kAsn);
  f.asn = 64501;
  EXPECT_TRUE(Fact(f).empty());
  EXPECT_EQ(Text("hosted in as64500 (fictional)").size(), 1u);
  EXPECT_TRUE(Text("AS645001").empty());
}

TEST_F(MatchTest, CardNumbersAgainstBinPrefixes) {
  assets_ = {MakeAsset(1, 10, AssetKind::kBin, "453201"), MakeAsset(2, 20, AssetKind::kBin, "54127531")};
  Build();
  // 4532 0151 1283 0366 passes the Luhn check.
  auto hits = Text("dump: 4532 0151 1283 0366|12/27|123");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].asset_id, 1);
  EXPECT_EQ(hits[0].matched, "4532 0151 1283 0366");
  EXPECT_EQ(Text("card ４５３２０１５１１２８３０３６６ valid").size(), 1u) << "full-width digits";
  EXPECT_TRUE(Text("4532015112830367").empty()) << "fails the Luhn check";
  EXPECT_EQ(Text("selling BIN 453201 fullz").size(), 1u);
  EXPECT_EQ(Text("bin: 54127531 x10").size(), 1u);
  EXPECT_TRUE(Text("order 453201 shipped").empty()) << "six digits alone are not a BIN mention";
}

TEST_F(MatchTest, FingerprintChangesWithTheWatchlist) {
  assets_ = {MakeAsset(1, 10, AssetKind::kName, "kakuu")};
  Build();
  const std::string first = matcher_->fingerprint();
  Build();
  EXPECT_EQ(matcher_->fingerprint(), first);
  Build({AllowEntry{1, 0, AllowKind::kTerm, "kakuu city", ""}});
  EXPECT_NE(matcher_->fingerprint(), first);
}

TEST_F(MatchTest, InvalidStoredValueIsAnError) {
  assets_ = {MakeAsset(7, 10, AssetKind::kCidr, "198.51.100.0/33")};
  auto m = WatchlistMatcher::Build(assets_, {});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("watchlist entry 7"), std::string::npos) << m.status().message();
}

}  // namespace
}  // namespace kenchi::match
