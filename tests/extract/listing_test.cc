#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "kenchi/extract/listing.h"

namespace kenchi {
// Failures name the sector rather than print its bytes.
inline void PrintTo(Sector s, std::ostream* os) { *os << ToString(s); }
}  // namespace kenchi

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

// Chinese writes no spaces between words, so the name before 银行, 公司 or
// 集团 is cut where the words of the sentence end: after a verb of the
// trade, "的", "某" ("a certain"), "来自" ("from"). A description rather than
// a name ("a Japanese regional bank") is no target; a country's own name
// with the suffix is one (中国银行 is the Bank of China).
TEST(ListingTest, ChineseTargetNamesStopAtTheWordsBeforeThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"出售东架空商事公司客户数据 5万条，价格 3000 USDT，联系 @dealer_a", "东架空商事公司"},
      {"独家出售架空物流集团客户资料 2万条，1 BTC，联系 @dealer_b", "架空物流集团"},
      {"最新泄露的架空证券公司客户资料 8万条出售，2000 USDT 打包，联系 @dealer_c", "架空证券公司"},
      {"出售来自架空信托银行的网银客户资料 3万条，5000 USDT，联系 @dealer_d", "架空信托银行"},
      {"出售中国银行信用卡客户 1万条，800 USDT，联系 @dealer_e", "中国银行"},
      {"转让东京架空银行客户资料 1万条，900 USDT，联系 @dealer_f", "东京架空银行"},
      // Descriptions, not names: the domain further on names the target.
      {"出售日本某地方银行客户数据 3万条，1.2万 USDT，来源 chiho-bank.example.jp 联系 @dealer_g", "chiho-bank.example.jp"},
      {"出售 日本地方银行 网银客户资料 3万条，1.2万 USDT，联系 @dealer_h", ""},
      {"打包出售日本大型科技公司客户数据 5万条，4000 USDT，联系 @dealer_i", ""},
      // A country, then an industry word: a description, but for national companies (日本航空 is JAL).
      {"出售日本航空公司会员资料 2万条，1500 USDT，联系 @dealer_j", "日本航空公司"},
      {"出售韩国游戏公司会员资料 2万条，1500 USDT，联系 @dealer_l", ""},
      {"出售科技公司会员资料 2万条，1500 USDT，联系 @dealer_m", ""},
      // Names that hold "及" or a cut word's characters (埃及, Egypt).
      {"出售埃及国家银行客户资料 1万条，900 USDT，联系 @dealer_n", "埃及国家银行"},
      {"售卖架空与未来银行客户资料 1万条，900 USDT，联系 @dealer_o", "架空与未来银行"},
      {"一手架空电商公司会员数据 1万条出售，900 USDT，联系 @dealer_p", "架空电商公司"},
      {"出售上海架空农村商业银行客户资料 2万条，1500 USDT，联系 @dealer_k", "上海架空农村商业银行"},
      // A count before the name is no part of it; digits of a name are.
      {"出售10万条中国银行客户资料，900 USDT，联系 @dealer_q", "中国银行"},
      {"出售3w条架空证券公司会员数据，900 USDT，联系 @dealer_r", "架空证券公司"},
      {"出售5千份架空保险集团客户资料，900 USDT，联系 @dealer_s", "架空保险集团"},
      {"出售2亿架空电商公司用户资料，900 USDT，联系 @dealer_t", "架空电商公司"},
      {"出售51架空信用卡公司客户资料 1万条，900 USDT，联系 @dealer_u", "51架空信用卡公司"},
      {"出售3M架空公司客户资料 1万条，900 USDT，联系 @dealer_v", "3M架空公司"},
      {"出售1千万条架空航运公司客户资料，900 USDT，联系 @dealer_w", "架空航运公司"},
      // Digits inside a name, or after a count, stay in it.
      {"出售7k7k架空游戏公司用户数据 1万条，900 USDT，联系 @dealer_x", "7k7k架空游戏公司"},
      {"出售hao123架空公司用户数据 1万条，900 USDT，联系 @dealer_y", "hao123架空公司"},
      {"出售9k条k12架空教育公司用户数据，900 USDT，联系 @dealer_z", "k12架空教育公司"},
      // A name may start with a unit or a measure word: one of each is the count's.
      {"出售2万户外架空用品公司会员数据，900 USDT，联系 @dealer_1", "户外架空用品公司"},
      {"出售8万笔记本架空电脑公司会员数据，900 USDT，联系 @dealer_2", "笔记本架空电脑公司"},
      {"出售10万万达架空集团会员数据，900 USDT，联系 @dealer_3", "万达架空集团"},
      {"出售2亿亿联架空银行客户资料，900 USDT，联系 @dealer_4", "亿联架空银行"},
      {"出售51个税架空管家公司会员数据 1万条，900 USDT，联系 @dealer_5", "51个税架空管家公司"},
      {"出售3万个推架空公司会员数据，900 USDT，联系 @dealer_6", "个推架空公司"},
      // Accounts and households are counted with 个 and 户.
      {"出售5000个架空银行账户，900 USDT，联系 @dealer_7", "架空银行"},
      {"出售3万个架空银行账户，900 USDT，联系 @dealer_8", "架空银行"},
      {"出售10万户架空电力公司用户数据，900 USDT，联系 @dealer_9", "架空电力公司"},
      {"出售2万组架空证券公司客户资料，900 USDT，联系 @dealer_10", "架空证券公司"},
      {"出售10万个人银行账户 chiho-bank.example.jp，900 USDT，联系 @dealer_11", "chiho-bank.example.jp"},
  };
  for (const auto& [text, target] : cases) {
    auto l = Extract(text);
    if (!l) {
      ADD_FAILURE() << "not read as a listing: " << text;
      continue;
    }
    EXPECT_EQ(l->target_organization, target) << text;
  }
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

// ---- sector ---------------------------------------------------------------------

Sector SectorOf(const std::string& text) {
  auto l = Extract(text);
  EXPECT_TRUE(l) << "not a listing: " << text;
  return l ? l->sector : Sector::kOther;  // kOther: never what these tests expect
}

std::string SectorEvidence(const std::string& text) {
  auto l = Extract(text);
  if (!l) return "(no listing)";
  const Evidence& e = l->sector_evidence;
  return text.substr(e.begin, e.end - e.begin);
}

TEST(ListingSectorTest, Chinese) {
  EXPECT_EQ(SectorOf("出售 日本地方银行 客户资料 3万条 打包 1万 USDT @jp_fin_dealer"), Sector::kFinance);
  EXPECT_EQ(SectorOf("出售 某证券公司 客户数据 5000条 @jp_fin_dealer"), Sector::kFinance);
  EXPECT_EQ(SectorOf("出售 日本某交易所 用户数据 2万条 KYC 资料 @coin_dumps"), Sector::kCrypto);
  EXPECT_EQ(SectorOf("出售 日本零售商 客户数据 2000万条 打包 8000 USDT @kakuu_broker"), Sector::kRetail);
  EXPECT_EQ(SectorOf("出售 日本电商平台 会员数据 10万条 @shop_dumps"), Sector::kRetail);
  EXPECT_EQ(SectorOf("出售 日本政府 内网权限 500 USDT @gov_access"), Sector::kGovernment);
  EXPECT_EQ(SectorOf("出售 日本某医院 患者数据 8000条 每条 0.5 USDT @med_records_cn"), Sector::kHealthcare);
  EXPECT_EQ(SectorOf("出售 日本某大学 学生数据 1万条 @edu_dumps"), Sector::kEducation);
  EXPECT_EQ(SectorOf("出售 日本运营商 用户数据 50万条 @telco_dumps"), Sector::kTelecom);
  EXPECT_EQ(SectorOf("出售 日本航空公司 会员数据 3万条 @air_dumps"), Sector::kTransport);
  EXPECT_EQ(SectorOf("出售 日本酒店 住客数据 2万条 @hotel_dumps"), Sector::kHospitality);
  EXPECT_EQ(SectorOf("出售 日本游戏 玩家账号密码 10万条 @game_dumps"), Sector::kGaming);
}

TEST(ListingSectorTest, Japanese) {
  EXPECT_EQ(SectorOf("【販売】架空銀行の顧客データベース 3万件。価格は一括で50万円。連絡 @jp_fin_dealer"),
            Sector::kFinance);
  EXPECT_EQ(SectorOf("【販売】カクウ生命保険の顧客情報 1万件 30万円 @jp_fin_dealer"), Sector::kFinance);
  EXPECT_EQ(SectorOf("【販売】通販サイトの会員情報 5万件 一括20万円 連絡 @shop_dumps"), Sector::kRetail);
  EXPECT_EQ(SectorOf("ECサイトの管理画面 販売します 10万円 @shop_access"), Sector::kRetail);
  EXPECT_EQ(SectorOf("【販売】自治体の住民名簿 3万件 80万円 一括 @city_lists"), Sector::kGovernment);
  EXPECT_EQ(SectorOf("【販売】総合病院の患者データベース 2万件 40万円 @med_lists"), Sector::kHealthcare);
  EXPECT_EQ(SectorOf("【販売】私立大学の学生名簿 8千件 15万円 @edu_lists"), Sector::kEducation);
  EXPECT_EQ(SectorOf("【販売】携帯キャリアの契約者名簿 10万件 100万円 @telco_lists"), Sector::kTelecom);
  EXPECT_EQ(SectorOf("【販売】ホテルの宿泊者名簿 1万件 20万円 @hotel_lists"), Sector::kHospitality);
  EXPECT_EQ(SectorOf("【販売】オンラインゲームのアカウント情報 5万件 10万円 @game_lists"), Sector::kGaming);
  EXPECT_EQ(SectorOf("【販売】部品メーカーのVPNアクセス権 30万円 @maker_access"), Sector::kManufacturing);
}

TEST(ListingSectorTest, English) {
  EXPECT_EQ(SectorOf("WTS admin panel of a Japanese online retailer, $1,500, TG @shop_access"), Sector::kRetail);
  EXPECT_EQ(SectorOf("selling aws console root keys for a fintech, 0.05 BTC, dm @cloudy_kakuu"), Sector::kFinance);
  EXPECT_EQ(SectorOf("Selling patient records of a private hospital, 20k rows, $900 @med_dumps"), Sector::kHealthcare);
  EXPECT_EQ(SectorOf("Selling RDP access, domain admin on a logistics company in Japan. 300 USDT @log_rdp"),
            Sector::kTransport);
  EXPECT_EQ(SectorOf("Selling VPN access (FortiGate) to a Japanese manufacturer, 0.05 BTC @maker_vpn"),
            Sector::kManufacturing);
  EXPECT_EQ(SectorOf("Selling crypto exchange user database, 300k records, $2,000 @coin_dumps"), Sector::kCrypto);
  EXPECT_EQ(SectorOf("Selling hotel booking database, 40k guests records, $700 @hotel_dumps"), Sector::kHospitality);
  EXPECT_EQ(SectorOf("Selling law firm client database, 5k records, $400 @legal_dumps"), Sector::kOther);
  EXPECT_EQ(SectorOf("selling user database 20M records $900 @kakuu_db1"), Sector::kUnknown);
}

TEST(ListingSectorTest, GovernmentAndEducationDomainsDecide) {
  EXPECT_EQ(SectorOf("admin panel access to portal.example.go.jp, $3,000, TG @gov_access"), Sector::kGovernment);
  EXPECT_EQ(SectorOf("【販売】city-kakuuno.example.lg.jp の住民名簿 3万件 80万円 @city_lists"), Sector::kGovernment);
  EXPECT_EQ(SectorOf("selling webshell on intranet.example.gov, $500 @gov_shell"), Sector::kGovernment);
  EXPECT_EQ(SectorOf("出售 www.example.gov.cn 后台权限 3000元 @gov_cn_shell"), Sector::kGovernment);
  EXPECT_EQ(SectorOf("Selling student records (portal.example.ac.jp), 12k rows, $800 @edu_dumps"), Sector::kEducation);
  EXPECT_EQ(SectorOf("selling webshell on lms.example.edu, $200 @edu_shell"), Sector::kEducation);
  EXPECT_EQ(SectorOf("出售 jwc.example.edu.cn 学籍数据 5万条 @edu_cn_dumps"), Sector::kEducation);
  // The domain outranks the words: a shop named in a city's domain is the city's.
  EXPECT_EQ(SectorOf("出售 shop.example.lg.jp 商城 后台 2000元 @gov_shop"), Sector::kGovernment);
  // Other .jp names say nothing; neither does t.me.
  EXPECT_EQ(SectorOf("admin panel access to kakuu-mart.example.jp, $1,500, t.me/some_seller"), Sector::kUnknown);
}

// What a post sells or how it is paid is not who was breached.
TEST(ListingSectorTest, OfferingAndPaymentWordsAreNotSectors) {
  // Bank accounts are sold from every bank: the offering, not a bank breach.
  EXPECT_EQ(SectorOf("Selling verified JP bank accounts and bank logs, $150 each. TG @banklogs_jp"),
            Sector::kUnknown);
  EXPECT_EQ(SectorOf("出售 日本银行卡 四件套 200份 每份 50 USDT @card_kits"), Sector::kUnknown);
  EXPECT_EQ(SectorOf("出售 对公账户 银行账户 50个 @acct_cn"), Sector::kUnknown);
  EXPECT_EQ(SectorOf("【販売】銀行口座 10口座 1口座3万円 @kouza_jp"), Sector::kUnknown);
  // Data types naming a bank inside a retailer's data do not outvote the retailer.
  EXPECT_EQ(SectorOf("出售 日本电商 客户数据 5万条 含姓名、手机、银行卡号 @shop_dumps"), Sector::kRetail);
  // Payment words after the price: crypto and bank transfer are how to pay.
  EXPECT_EQ(SectorOf("Selling customer database, 50k records. Price $900, payment in crypto or bank "
                     "transfer. TG @db_seller"),
            Sector::kUnknown);
  EXPECT_EQ(SectorOf("Fresh JP cards with CVV, 5k pcs, $12 per card, crypto only. TG @cards_jp"), Sector::kUnknown);
  EXPECT_EQ(SectorOf("出售 日本数据库 10万条 价格 500 USDT 钱包地址私聊 @db_cn"), Sector::kUnknown);
  // ID documents and fraud talk.
  EXPECT_EQ(SectorOf("【販売】健康保険証とマイナンバーカードの画像 500件 1件あたり 2000円 @id_jp"), Sector::kUnknown);
  EXPECT_EQ(SectorOf("Selling government ID scans, passports, 300 pcs, $15 each @ids_jp"), Sector::kUnknown);
  EXPECT_EQ(SectorOf("出售 电信诈骗 话术 工具 300元 @tools_cn"), Sector::kUnknown);
}

TEST(ListingSectorTest, EvidencePointsAtTheSectorWordOrDomain) {
  EXPECT_EQ(SectorEvidence("出售 日本某医院 患者数据 8000条 每条 0.5 USDT @med_records_cn"), "医院");
  EXPECT_EQ(SectorEvidence("Selling student records (portal.example.ac.jp), 12k rows, $800 @edu_dumps"),
            "portal.example.ac.jp");
  // Full-width text maps back to the original bytes.
  EXPECT_EQ(SectorEvidence("【販売】ＥＣサイトの会員情報 ５万件 一括２０万円 連絡 @shop_dumps"), "ＥＣサイト");
  auto none = Extract("selling user database 20M records $900 @kakuu_db1");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->sector_evidence.begin, 0u);
  EXPECT_EQ(none->sector_evidence.end, 0u);
}

TEST(ListingSectorTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(Sector::kUnknown); ++i) {
    const auto s = static_cast<Sector>(i);
    EXPECT_NE(ToString(s), "?");
    EXPECT_EQ(ParseSector(ToString(s)), s);
  }
  EXPECT_EQ(ToString(Sector::kTransport), "transport");
  EXPECT_FALSE(ParseSector("banking"));
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
