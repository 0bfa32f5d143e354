#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "kenchi/extract/listing.h"

namespace kenchi::extract {
namespace {

std::optional<Listing> Extract(const std::string& text, const std::string& author = "",
                               const std::string& source = "telegram") {
  Document doc;
  doc.id = 7;
  doc.source = source;
  doc.text = text;
  parse::PostMeta meta;
  meta.author = author;
  meta.posted_at = "2024-06-01T03:34:56Z";
  return ExtractListing(doc, meta);
}

bool HasType(const Listing& l, DataType t) {
  return std::find(l.data_types.begin(), l.data_types.end(), t) != l.data_types.end();
}

TEST(ListingTest, ChineseDataSale) {
  const std::string text =
      "出售 日本零售商 株式会社カクウマート 客户数据 2000万条，含姓名、手机、地址、邮箱。"
      "打包 8000 USDT，联系 @kakuu_broker";
  auto l = Extract(text);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->offering, OfferingType::kDataSale);
  EXPECT_EQ(l->volume, 20000000);
  ASSERT_TRUE(l->price);
  EXPECT_DOUBLE_EQ(*l->price, 8000);
  EXPECT_EQ(l->currency, "USDT");
  EXPECT_EQ(l->price_basis, PriceBasis::kForTheLot);
  EXPECT_EQ(l->target_organization, "株式会社カクウマート");
  EXPECT_EQ(l->target_country, "JP");
  EXPECT_EQ(l->contact, "telegram:@kakuu_broker");
  EXPECT_EQ(l->seller, "@kakuu_broker");  // no author given: the first handle
  EXPECT_EQ(l->language, "zh");
  EXPECT_EQ(l->posted_at, "2024-06-01T03:34:56Z");
  EXPECT_TRUE(HasType(*l, DataType::kPersonalInfo));
  EXPECT_TRUE(HasType(*l, DataType::kPhone));
  EXPECT_TRUE(HasType(*l, DataType::kAddress));
  EXPECT_TRUE(HasType(*l, DataType::kEmailAddress));
  // Evidence points at the original text.
  EXPECT_EQ(text.substr(l->volume_evidence.begin, l->volume_evidence.end - l->volume_evidence.begin),
            "2000万条");
  EXPECT_EQ(text.substr(l->price_evidence.begin, l->price_evidence.end - l->price_evidence.begin),
            "8000 USDT");
  EXPECT_EQ(l->volume_evidence.document_id, 7);
}

TEST(ListingTest, JapaneseDataSaleWithOkuAndYen) {
  auto l = Extract(
      "【販売】株式会社カクウマートの顧客データベース ２億件（氏名・住所・電話番号・"
      "メールアドレス）。価格は一括で５０万円。連絡はQQ：12345678まで",
      "kakuu_seller_jp");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->offering, OfferingType::kDataSale);
  EXPECT_EQ(l->volume, 200000000);
  ASSERT_TRUE(l->price);
  EXPECT_DOUBLE_EQ(*l->price, 500000);
  EXPECT_EQ(l->currency, "JPY");
  EXPECT_EQ(l->price_basis, PriceBasis::kForTheLot);
  EXPECT_EQ(l->language, "ja");
  EXPECT_EQ(l->seller, "kakuu_seller_jp");
  EXPECT_EQ(l->contact, "qq:12345678");
  EXPECT_EQ(l->target_country, "JP");
}

TEST(ListingTest, EnglishAccessSaleAdminPanel) {
  auto l = Extract(
      "WTS: admin panel access to kakuu-mart.example.jp (Japanese retailer). "
      "Full order history. Price $1,500, escrow ok. TG @kakuu_access");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->offering, OfferingType::kAccessSale);
  EXPECT_EQ(l->access_kind, AccessKind::kAdminPanel);
  EXPECT_EQ(l->target_organization, "kakuu-mart.example.jp");
  EXPECT_EQ(l->target_country, "JP");
  EXPECT_DOUBLE_EQ(*l->price, 1500);
  EXPECT_EQ(l->currency, "USD");
  EXPECT_EQ(l->language, "en");
}

TEST(ListingTest, AccessKinds) {
  auto rdp = Extract("Selling RDP access, domain user, 203.0.113.0/24 network, 300$ each");
  ASSERT_TRUE(rdp);
  EXPECT_EQ(rdp->access_kind, AccessKind::kRdp);
  EXPECT_EQ(rdp->price_basis, PriceBasis::kPerRecord);
  auto shell = Extract("出售 webshell 权限 一个 500元 联系 QQ 87654321");
  ASSERT_TRUE(shell);
  EXPECT_EQ(shell->offering, OfferingType::kAccessSale);
  EXPECT_EQ(shell->access_kind, AccessKind::kWebshell);
  EXPECT_EQ(shell->currency, "CNY");
  auto cloud = Extract("selling aws console root keys for a fintech, 0.05 BTC, dm @cloudy_kakuu");
  ASSERT_TRUE(cloud);
  EXPECT_EQ(cloud->access_kind, AccessKind::kCloudConsole);
  EXPECT_EQ(cloud->currency, "BTC");
  EXPECT_DOUBLE_EQ(*cloud->price, 0.05);
}

TEST(ListingTest, VerificationService) {
  auto l = Extract("长期接码 日本手机号 短信验证码 每条 2元 飞机 @kakuu_sms");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->offering, OfferingType::kVerificationService);
  EXPECT_EQ(l->price_basis, PriceBasis::kPerRecord);
  EXPECT_EQ(l->currency, "CNY");
  EXPECT_EQ(l->target_country, "JP");
}

TEST(ListingTest, CardsWithCvv) {
  auto l = Extract("Fresh JP cards with CVV, 5k pcs, $12 per card, contact kakuu.cards@example.com");
  // (data types are read before the contact marker, so the address is not "email" data)
  ASSERT_TRUE(l);
  EXPECT_EQ(l->offering, OfferingType::kCards);
  EXPECT_EQ(l->volume, 5000);
  EXPECT_EQ(l->price_basis, PriceBasis::kPerRecord);
  EXPECT_EQ(l->contact, "email:kakuu.cards@example.com");
  EXPECT_TRUE(HasType(*l, DataType::kCreditCard));
  EXPECT_FALSE(HasType(*l, DataType::kEmailAddress));  // the contact line is not data
}

TEST(ListingTest, PassportsAndMyNumber) {
  auto p = Extract("出售 日本护照 扫描件 300份 每份 15 USDT 联系 @kakuu_docs");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offering, OfferingType::kIdDocuments);
  EXPECT_EQ(p->volume, 300);
  EXPECT_TRUE(HasType(*p, DataType::kOther));
  auto m = Extract("マイナンバーカード画像 1,000件 販売します 1件あたり 3000円 @kakuu_mn");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->offering, OfferingType::kIdDocuments);
  EXPECT_EQ(m->volume, 1000);
  EXPECT_EQ(m->price_basis, PriceBasis::kPerRecord);
  EXPECT_EQ(m->currency, "JPY");
  EXPECT_TRUE(HasType(*m, DataType::kMyNumber));
}

TEST(ListingTest, VolumeForms) {
  auto volume = [](const std::string& text) -> int64_t {
    auto l = Extract(text);
    return l && l->volume ? *l->volume : -1;
  };
  EXPECT_EQ(volume("selling user database 20M records $900 @kakuu_db1"), 20000000);
  EXPECT_EQ(volume("selling user database 1.2 million rows $900 @kakuu_db1"), 1200000);
  EXPECT_EQ(volume("出售 会员数据库 1.5万条 500元 @kakuu_db2"), 15000);
  EXPECT_EQ(volume("出售 数据库 3亿条 @kakuu_db3"), 300000000);
  EXPECT_EQ(volume("Selling 2,500 ID cards scans, $5 each, @kakuu_ids"), 2500);
}

TEST(ListingTest, ChatterIsNotAListing) {
  EXPECT_FALSE(Extract("anyone know if kakuu-mart.example.jp got hacked? saw a database mention"));
  EXPECT_FALSE(Extract("今天天气不错，有人一起吃饭吗"));
  EXPECT_FALSE(Extract("WTB fresh RDP, paying well, pm me @buyer_kakuu"));
  EXPECT_FALSE(Extract("求购 日本 数据库 联系 @buyer_kakuu2"));
  EXPECT_FALSE(Extract("According to researchers, a database of 2M records was reported for sale."));
  EXPECT_FALSE(Extract("報道によると、顧客データベースが販売されていたとのこと"));
}

TEST(ListingTest, OnlyPostsAreLookedAt) {
  // ExtractListing(doc) alone works on any document; the pipeline asks
  // parse::IsPost first. A notice in a plain file is not a post.
  Document notice;
  notice.source = "file";
  notice.format = DocumentFormat::kText;
  EXPECT_FALSE(parse::IsPost(notice));
}

}  // namespace
}  // namespace kenchi::extract
