// A generated corpus of breach notices, news reports and non-incidents for
// the extraction benchmark: deterministic (fixed seed), fictional names,
// every number form and date form extraction reads, about a third of the
// documents not incidents. Header-only so the benchmark stays one target.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"

namespace kenchi::bench {

inline std::vector<Document> GenerateExtractionCorpus(size_t n, uint32_t seed = 20240528) {
  std::mt19937 rng(seed);
  auto pick = [&](const auto& arr) -> std::string_view { return arr[rng() % arr.size()]; };
  auto num = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  static constexpr std::array<std::string_view, 12> kStems = {
      "ソラマメ", "ハルカゼ", "ミナモ", "ツバメ", "カワセミ", "アオバ", "ユキワリ", "ヒバリ", "コハク", "ルリカケス",
      "シオサイ", "オボロ"};
  static constexpr std::array<std::string_view, 8> kTrades = {"物産", "住設", "電工", "精機", "運輸", "食品",
                                                              "楽器", "製薬"};
  static constexpr std::array<std::string_view, 6> kCities = {"架空野市", "雲雀ヶ丘市", "アカネ市", "ミツバチ市",
                                                              "北架空町", "南架空村"};
  static constexpr std::array<std::string_view, 8> kData = {
      "氏名、住所、電話番号", "クレジットカード情報(カード番号、有効期限、セキュリティコード)", "メールアドレス",
      "氏名、生年月日、口座番号", "会員情報", "氏名、メールアドレス", "個人情報", "マイナンバーを含む個人情報"};
  static constexpr std::array<std::string_view, 8> kCauses = {
      "EC-CUBEの脆弱性を突かれ", "SQLインジェクション攻撃により", "アクセス権限の設定不備により",
      "委託先のアカウントが悪用され", "パスワードリスト型攻撃により", "VPN機器の脆弱性を悪用され",
      "フィッシングメールで窃取された認証情報により", "総当たり攻撃によりパスワードを突破され"};
  static constexpr std::array<std::string_view, 5> kQualifiers = {"", "約", "最大", "最大約", "少なくとも"};
  static constexpr std::array<std::string_view, 4> kSuffixes = {"", "以上", "余り", ""};
  static constexpr std::array<std::string_view, 5> kOrigins = {"ブラジル", "ロシア", "オランダ", "ベトナム",
                                                               "インドネシア"};

  auto count = [&]() -> std::string {
    const int v = num(12, 2'999'999);
    switch (rng() % 6) {
      case 0: return fmt::format("{}件", v);
      case 1: return v >= 10000 ? fmt::format("{}万{}件", v / 10000, v % 10000) : fmt::format("{}件", v);
      case 2: {  // thousands separators
        std::string s = std::to_string(v);
        for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
        return s + "名分";
      }
      case 3: return fmt::format("{}万件", v / 10000 + 1);
      case 4: return "三千件";
      default: {  // full-width digits
        std::string s;
        for (char c : std::to_string(v)) s += fmt::format("{}", std::array<std::string_view, 10>{
                                                                  "０", "１", "２", "３", "４", "５", "６", "７", "８", "９"}[c - '0']);
        return s + "件";
      }
    }
  };
  auto date = [&](int year) { return fmt::format("{}年{}月{}日", year, num(1, 12), num(1, 28)); };

  std::vector<Document> docs;
  docs.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Document d;
    d.id = static_cast<int64_t>(i) + 1;
    const int year = num(2020, 2024);
    d.published_on = fmt::format("{}-{:02}-{:02}", year, num(1, 12), num(1, 28));
    const std::string company = fmt::format("{}{}", pick(kStems), pick(kTrades));
    const std::string filler =
        "弊社では、本件を受け、外部の専門機関による調査を実施するとともに、システムの監視体制を強化いたしました。"
        "お客様には多大なるご迷惑とご心配をおかけいたしますことを、心より深くお詫び申し上げます。"
        "本件に関するお問い合わせは、下記の専用窓口までご連絡くださいますようお願い申し上げます。\n";
    switch (i % 6) {
      case 0:
      case 1: {  // a company's notice
        d.title = "不正アクセスによる個人情報流出に関するお詫びとお知らせ";
        d.text = fmt::format(
            "株式会社{}\n代表取締役 架空 太郎\n\n{}、弊社が運営する通信販売サイトにおいて、{}第三者による不正アクセスを受け、"
            "お客様の{}{}{}{}が流出した可能性があることが判明いたしました。\n{}からのアクセスが確認されています。\n{}{}",
            company, date(year), pick(kCauses), pick(kData), pick(kQualifiers), count(), pick(kSuffixes),
            pick(kOrigins), filler, filler);
        break;
      }
      case 2: {  // a city's notice
        const std::string city(pick(kCities));
        d.title = city + "ホームページにおける不正アクセスについて";
        d.text = fmt::format(
            "本市が運営する施設予約システムに対し、外部から不正アクセスがあり、利用者の{}{}{}が閲覧された可能性があることが"
            "判明しました。令和{}年{}月{}日に異常を検知し、直ちにシステムを停止しました。\n市民の皆様に深くお詫び申し上げます。\n{} 総務部 情報政策課\n",
            pick(kData), pick(kQualifiers), count(), year - 2018, num(1, 12), num(1, 28), city);
        break;
      }
      case 3: {  // a news report
        d.title = fmt::format("{}、{}流出か", company, count());
        d.text = fmt::format(
            "通販サイト運営の{}(東京都架空区)は{}日、同社のサイトが不正アクセスを受け、顧客の{}{}{}が流出した可能性が"
            "あると発表した。{}たという。同社は先月{}日に外部からの指摘で発覚したと説明している。\n",
            company, num(1, 28), pick(kData), pick(kQualifiers), count(), pick(kCauses), num(1, 28));
        break;
      }
      case 4: {  // a column (not an incident)
        d.title = "コラム:情報漏えい発覚後の初動対応";
        d.text = fmt::format(
            "個人情報の漏えいが発覚したら、まず被害範囲を特定しましょう。過去のケースでは{}を超える漏えいで初動が遅れた例も"
            "あります。本コラムでは対応のポイントを解説します。\n{}",
            count(), filler);
        break;
      }
      default: {  // statistics and adverts (not incidents)
        d.title = "ランサムウェア被害件数、上半期まとめ";
        d.text = fmt::format(
            "調査会社の集計によると、{}年上半期に公表された不正アクセス事故は{}件で、前年同期から{}件増え過去最多となった。"
            "セキュリティ製品「マモリタテ」は月額{}円から導入でき、無料トライアルも実施中。\n",
            year, num(50, 400), num(1, 40), num(1000, 20000));
        break;
      }
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace kenchi::bench
