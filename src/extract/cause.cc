// Cause and attacker origin: trigger phrases checked sentence by sentence.
//
// A cause phrase counts only in a sentence that also talks about the attack
// or the exposure (so "委託先" in a list of recipients of a report is not a
// contractor compromise), and the labels are tried from the most specific to
// the most generic: a notice that says "SQLインジェクション攻撃…脆弱性" names
// the technique, which is what a reader counts.
#include "kenchi/extract/cause.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace kenchi::extract {
namespace {

using std::string_view;

// ASCII case-insensitive find (the text is NFKC, so full-width Latin is
// already ASCII).
size_t FindCi(string_view hay, string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return string_view::npos;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && lower(hay[i + k]) == lower(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return string_view::npos;
}

struct Sentence {
  size_t begin;
  size_t end;
};

// Sentences end at 。!? or a newline, and in English at ". " as well.
std::vector<Sentence> Split(string_view s) {
  std::vector<Sentence> out;
  size_t b = 0;
  for (size_t i = 0; i < s.size();) {
    size_t cut = 0;  // bytes of the terminator at i
    if (s.compare(i, 3, "。") == 0) cut = 3;
    else if (s[i] == '\n' || s[i] == '!' || s[i] == '?') cut = 1;
    else if (s[i] == '.' && (i + 1 == s.size() || s[i + 1] == ' ')) cut = 1;
    if (cut != 0) {
      if (i > b) out.push_back({b, i});
      i += cut;
      b = i;
    } else {
      ++i;
    }
  }
  if (b < s.size()) out.push_back({b, s.size()});
  return out;
}

template <size_t N>
size_t FirstOf(string_view sentence, const std::array<string_view, N>& words, size_t* len) {
  size_t best = string_view::npos;
  for (string_view w : words) {
    const size_t p = FindCi(sentence, w);
    if (p < best) {
      best = p;
      *len = w.size();
    }
  }
  return best;
}

// Words that make a sentence about the incident itself.
constexpr std::array<string_view, 36> kAttackContext = {
    "不正アクセス", "不正ログイン", "侵入", "攻撃", "ランサム", "流出", "漏えい", "漏洩", "窃取", "盗ま", "盗み",
    "閲覧", "改ざん", "感染", "悪用", "乗っ取", "原因", "経由", "送信", "表示", "突か", "つい", "access", "attack",
    "breach", "compromis", "stolen", "exposed", "exploit", "intru", "leak", "log in", "defaced", "publicly", "持ち出", "売却",
};

struct Rule {
  string_view label;
  std::array<string_view, 8> triggers;  // empty strings pad the list
};

constexpr std::array<Rule, 13> kRules = {{
    {"sql_injection", {"SQLインジェクション", "SQL injection", "SQLi "}},
    {"credential_stuffing",
     {"リスト型攻撃", "パスワードリスト", "から流出したとみられるID", "から流出したID", "credential stuffing",
      "credentials stolen from other", "reused password"}},
    {"brute_force", {"総当たり", "ブルートフォース", "brute force", "brute-force", "password spraying",
                     "password-spraying"}},
    {"contractor_compromise",
     {"委託先", "委託していた事業者", "委託している事業者", "委託事業者", "保守業者", "service provider",
      "third-party vendor", "contractor"}},
    {"misconfiguration",
     {"設定不備", "設定の不備", "設定ミス", "設定誤り", "設定の誤り", "設定に誤り", "誤設定", "misconfigur"}},
    {"vulnerability", {"脆弱性", "vulnerability", "vulnerabilities", "security flaw", "flaw in"}},
    {"weak_password", {"初期パスワード", "推測されやす", "推測が容易", "簡易なパスワード", "default password",
                       "weak password"}},
    {"rdp_exposure", {"リモートデスクトップ", "RDP", "remote desktop"}},
    {"phishing", {"フィッシング", "phishing"}},
    {"insider", {"元従業員", "元社員", "内部不正", "former employee", "insider"}},
    {"malware", {"マルウェア", "Emotet", "エモテット", "ウイルスに感染", "malware", "infostealer"}},
    {"human_error", {"誤送信", "入力したまま", "確認不足", "誤って送", "sent by mistake", "wrong recipient",
                     "human error"}},
    {"software_bug", {"不具合", "プログラムの誤り", "software bug", "a bug in"}},
}};

// Products whose vulnerabilities are counted by name. Matched in the same
// sentence as the vulnerability word.
struct Product {
  string_view word;
  string_view label;
};
constexpr std::array<Product, 22> kProducts = {{
    {"EC-CUBE", "ec-cube"},   {"ECCUBE", "ec-cube"},        {"WordPress", "wordpress"},
    {"Magento", "magento"},   {"MOVEit", "moveit"},          {"Apache Struts", "apache-struts"},
    {"Log4j", "log4j"},       {"FortiGate", "fortinet"},     {"Fortinet", "fortinet"},
    {"FortiOS", "fortinet"},  {"Pulse Secure", "pulse-secure"}, {"Citrix", "citrix"},
    {"Exchange Server", "exchange"}, {"Confluence", "confluence"}, {"Joomla", "joomla"},
    {"Drupal", "drupal"},     {"osCommerce", "oscommerce"},  {"Welcart", "welcart"},
    {"Zen Cart", "zen-cart"}, {"VPN", "vpn"},                {"Ivanti", "ivanti"},
    {"SonicWall", "sonicwall"},
}};

bool Negated(string_view sentence, size_t at) {
  // "…設定不備ではありません": the cause is ruled out, not stated.
  static constexpr std::array<string_view, 5> kNo = {"ではありません", "ではない", "ではなく", "was not caused",
                                                     "not the result"};
  for (string_view n : kNo) {
    const size_t p = FindCi(sentence, n, at);
    if (p != string_view::npos && p - at < 40) return true;
  }
  return false;
}

// "中国とロシアから": several countries named as one origin.
struct Country {
  string_view name;
  string_view code;
};
constexpr std::array<Country, 52> kCountries = {{
    {"インドネシア", "ID"}, {"オーストラリア", "AU"}, {"シンガポール", "SG"}, {"フィリピン", "PH"},
    {"マレーシア", "MY"},   {"ウクライナ", "UA"},     {"ブルガリア", "BG"},   {"ルーマニア", "RO"},
    {"アメリカ", "US"},     {"イギリス", "GB"},       {"ブラジル", "BR"},     {"ベトナム", "VN"},
    {"オランダ", "NL"},     {"フランス", "FR"},       {"ロシア", "RU"},       {"ドイツ", "DE"},
    {"イラン", "IR"},       {"トルコ", "TR"},         {"カナダ", "CA"},       {"インド", "IN"},
    {"北朝鮮", "KP"},       {"韓国", "KR"},           {"中国", "CN"},         {"米国", "US"},
    {"英国", "GB"},         {"台湾", "TW"},           {"香港", "HK"},         {"タイ", "TH"},
    {"North Korea", "KP"},  {"South Korea", "KR"},    {"United States", "US"}, {"United Kingdom", "GB"},
    {"Netherlands", "NL"},  {"Indonesia", "ID"},      {"Singapore", "SG"},    {"Australia", "AU"},
    {"Philippines", "PH"},  {"Hong Kong", "HK"},      {"Malaysia", "MY"},     {"Thailand", "TH"},
    {"Ukraine", "UA"},      {"Romania", "RO"},        {"Bulgaria", "BG"},     {"Vietnam", "VN"},
    {"Germany", "DE"},      {"Brazil", "BR"},         {"Russia", "RU"},       {"France", "FR"},
    {"Taiwan", "TW"},       {"China", "CN"},          {"India", "IN"},        {"Iran", "IR"},
}};

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct CountryHit {
  size_t begin;
  size_t end;
  string_view code;
};

std::vector<CountryHit> CountriesIn(string_view sentence) {
  std::vector<CountryHit> hits;
  for (const Country& c : kCountries) {  // longest names first within each script
    for (size_t p = sentence.find(c.name); p != string_view::npos; p = sentence.find(c.name, p + 1)) {
      const size_t e = p + c.name.size();
      const bool ascii = IsAsciiLetter(c.name[0]);
      if (ascii && ((p > 0 && IsAsciiLetter(sentence[p - 1])) || (e < sentence.size() && IsAsciiLetter(sentence[e])))) {
        continue;
      }
      bool overlaps = false;
      for (const CountryHit& h : hits) overlaps = overlaps || (p < h.end && h.begin < e);
      if (!overlaps) hits.push_back({p, e, c.code});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const CountryHit& a, const CountryHit& b) { return a.begin < b.begin; });
  return hits;
}

// What may stand between a country and "から"/"経由" while still naming where
// the access came from: "ロシアのIPアドレスから", "米国のクラウド事業者のIPアドレスから".
bool JapaneseOriginAfter(string_view rest) {
  const string_view head = rest.substr(0, std::min<size_t>(rest.size(), 60));
  static constexpr std::array<string_view, 4> kFrom = {"から", "経由", "を経由", "発"};
  static constexpr std::array<string_view, 4> kVia = {"IPアドレス", "サーバ", "IP", "ドメイン"};
  if (head.starts_with("から") || head.starts_with("発の") || head.starts_with("経由")) return true;
  if (!head.starts_with("の")) return false;
  bool via = false;
  for (string_view v : kVia) via = via || head.find(v) != string_view::npos;
  if (!via) return false;
  for (string_view f : kFrom) {
    if (head.find(f) != string_view::npos) return true;
  }
  // "アクセス元はオランダのIPアドレスだった"
  return head.find("だった") != string_view::npos || head.find("でした") != string_view::npos;
}

bool EnglishOriginBefore(string_view before) {
  const string_view tail = before.substr(before.size() - std::min<size_t>(before.size(), 40));
  static constexpr std::array<string_view, 6> kLead = {"from ", "originating in ", "originated in ",
                                                       "addresses in ", "servers in ", "based in "};
  for (string_view l : kLead) {
    if (FindCi(tail, l) != string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::optional<Finding> FindCause(string_view s) {
  const std::vector<Sentence> sentences = Split(s);
  for (const Rule& rule : kRules) {
    for (const Sentence& sp : sentences) {
      const string_view sentence = s.substr(sp.begin, sp.end - sp.begin);
      size_t len = 0;
      size_t at = string_view::npos;
      for (string_view t : rule.triggers) {
        if (t.empty()) continue;
        const size_t p = FindCi(sentence, t);
        if (p < at) {
          at = p;
          len = t.size();
        }
      }
      if (at == string_view::npos || Negated(sentence, at + len)) continue;
      size_t ctx_len = 0;
      // The trigger itself may be the attack word ("リスト型攻撃"): look for
      // context outside it as well as inside.
      if (FirstOf(sentence, kAttackContext, &ctx_len) == string_view::npos) continue;
      Finding f;
      f.value = std::string(rule.label);
      f.begin = sp.begin + at;
      f.end = sp.begin + at + len;
      if (rule.label == "vulnerability") {
        for (const Product& p : kProducts) {
          if (FindCi(sentence, p.word) != string_view::npos) {
            f.value = "vulnerability:" + std::string(p.label);
            break;
          }
        }
      }
      return f;
    }
  }
  return std::nullopt;
}

std::optional<Finding> FindOrigin(string_view s) {
  static constexpr std::array<string_view, 14> kAccessWords = {
      "アクセス", "接続", "ログイン", "通信", "攻撃", "侵入", "試行", "access", "login", "log in", "attack",
      "intrusion", "connection", "came from"};
  std::optional<Finding> found;
  for (const Sentence& sp : Split(s)) {
    const string_view sentence = s.substr(sp.begin, sp.end - sp.begin);
    size_t len = 0;
    if (FirstOf(sentence, kAccessWords, &len) == string_view::npos) continue;
    const std::vector<CountryHit> hits = CountriesIn(sentence);
    for (size_t i = 0; i < hits.size(); ++i) {
      const CountryHit& h = hits[i];
      const string_view rest = sentence.substr(h.end);
      const bool ascii = IsAsciiLetter(sentence[h.begin]);
      // "中国とロシアから", "China and Russia": a list of origins is no single origin.
      const bool listed = (rest.starts_with("と") || rest.starts_with("、") || rest.starts_with("や") ||
                           FindCi(rest.substr(0, std::min<size_t>(rest.size(), 5)), " and ") == 0 ||
                           rest.starts_with(", ")) &&
                          i + 1 < hits.size() && hits[i + 1].begin - h.end <= 8;
      const bool origin = ascii ? EnglishOriginBefore(sentence.substr(0, h.begin)) : JapaneseOriginAfter(rest);
      if (listed) {
        if (origin || JapaneseOriginAfter(sentence.substr(hits[i + 1].end)) ||
            EnglishOriginBefore(sentence.substr(0, h.begin))) {
          return std::nullopt;
        }
        continue;
      }
      if (!origin) continue;
      if (found && found->value != h.code) return std::nullopt;  // two origins
      if (!found) found = Finding{std::string(h.code), sp.begin + h.begin, sp.begin + h.end};
    }
  }
  return found;
}

}  // namespace kenchi::extract
