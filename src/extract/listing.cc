// Rule-based listing extraction; the rules are listed in
// kenchi/extract/listing.h. Each step is one function over the normalised
// view, so that any one can be replaced without touching the rest.
#include "kenchi/extract/listing.h"

#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/text/normalize.h"
#include "kenchi/text/numbers.h"

namespace kenchi::extract {
namespace {

using std::string_view;

constexpr uint32_t kNoOffset = UINT32_MAX;
constexpr size_t kMaxSummaryBytes = 200;
constexpr size_t kMaxNameBytes = 80;

// ---- the normalised view --------------------------------------------------------

// NFKC(title) "\n" NFKC(text), normalised per normalisation segment so that
// every byte knows the original bytes of doc.text it came from (title bytes
// have none). `lower` is the same with ASCII lowercased (same length).
class View {
 public:
  explicit View(const Document& doc) {
    Append(doc.title, /*map=*/false);
    Append("\n", false);
    body_begin_ = s_.size();
    Append(doc.text, true);
    lower_ = s_;
    for (char& c : lower_) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  string_view s() const { return s_; }
  string_view lower() const { return lower_; }

  Evidence ToEvidence(int64_t doc_id, size_t b, size_t e) const {
    Evidence ev;
    ev.document_id = doc_id;
    if (e <= b || b < body_begin_ || e > s_.size()) return ev;
    if (begin_[b] == kNoOffset || end_[e - 1] == kNoOffset) return ev;
    ev.begin = begin_[b];
    ev.end = end_[e - 1];
    return ev;
  }

 private:
  void Append(string_view text, bool map) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) nfkc = nullptr;
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
    size_t seg = 0;
    bool ascii = true;
    auto flush = [&](size_t end) {
      if (end <= seg) return;
      string_view piece = text.substr(seg, end - seg);
      const size_t before = s_.size();
      if (ascii) {
        s_.append(piece);
      } else {
        s_.append(text::Nfkc(piece));
      }
      const uint32_t b = map ? static_cast<uint32_t>(seg) : kNoOffset;
      const uint32_t e = map ? static_cast<uint32_t>(end) : kNoOffset;
      begin_.resize(s_.size(), b);
      end_.resize(s_.size(), e);
      (void)before;
      seg = end;
      ascii = true;
    };
    size_t i = 0;
    while (i < n) {
      const size_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0x80 && c >= 0) {
        flush(start);
        seg = start;
        flush(i);
        continue;
      }
      if (c < 0 || nfkc == nullptr || nfkc->hasBoundaryBefore(c)) flush(start);
      ascii = false;
    }
    flush(n);
  }

  std::string s_;
  std::string lower_;
  std::vector<uint32_t> begin_, end_;
  size_t body_begin_ = 0;
};

// ---- small helpers ------------------------------------------------------------------

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAscii(string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Position of `word` in `s` from `from`; ASCII words must stand alone
// (no letter or digit touching either end).
size_t FindCue(string_view s, string_view word, size_t from = 0) {
  const bool ascii = IsAscii(word);
  for (size_t at = s.find(word, from); at != string_view::npos; at = s.find(word, at + 1)) {
    if (!ascii) return at;
    const bool left_ok = at == 0 || !IsAsciiAlnum(s[at - 1]);
    const size_t after = at + word.size();
    const bool right_ok = after >= s.size() || !IsAsciiAlnum(s[after]);
    if (left_ok && right_ok) return at;
  }
  return string_view::npos;
}


char32_t DecodeAt(string_view s, size_t pos, size_t* len) {
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  *len = static_cast<size_t>(i) - pos;
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

bool IsKatakana(char32_t c) { return c >= 0x30A1 && c <= 0x30FF && c != 0x30FB; }

bool IsKana(char32_t c) { return (c >= 0x3041 && c <= 0x30FF) && c != 0x30FB; }
bool IsHan(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

std::string Language(string_view s) {
  size_t kana = 0, hiragana = 0, han = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    char32_t c = DecodeAt(s, i, &len);
    if (c >= 0x3041 && c <= 0x309F) ++hiragana;
    if (IsKana(c)) ++kana;
    else if (IsHan(c)) ++han;
    i += len;
  }
  // Hiragana is Japanese; katakana alone may be a Japanese name quoted in
  // a Chinese post, so it counts only when it is a large part of the text.
  if (hiragana >= 2 || (kana >= 3 && 2 * kana >= han)) return "ja";
  if (han >= 4) return "zh";
  return "en";
}

// ---- offering ---------------------------------------------------------------------

struct Cue {
  string_view word;
  OfferingType type;
  int weight;
  AccessKind access = AccessKind::kNone;
};

using O = OfferingType;
using A = AccessKind;

constexpr std::array kOfferingCues = std::to_array<Cue>({
    // verification services, SMS / 2FA bypass
    {"sms verification", O::kVerificationService, 4}, {"receive sms", O::kVerificationService, 4},
    {"otp", O::kVerificationService, 3}, {"2fa", O::kVerificationService, 3},
    {"sms", O::kVerificationService, 2}, {"接码", O::kVerificationService, 4},
    {"验证码", O::kVerificationService, 3}, {"短信", O::kVerificationService, 2},
    {"实名认证", O::kVerificationService, 3}, {"sms認証", O::kVerificationService, 4},
    {"認証コード", O::kVerificationService, 3}, {"二段階認証", O::kVerificationService, 3},
    {"本人認証", O::kVerificationService, 2},
    // cards
    {"cvv", O::kCards, 4}, {"cvv2", O::kCards, 4}, {"fullz", O::kCards, 2},
    {"卡料", O::kCards, 4}, {"信用卡", O::kCards, 2}, {"credit card", O::kCards, 2},
    {"credit cards", O::kCards, 2}, {"cc dumps", O::kCards, 3},
    {"クレジットカード", O::kCards, 2}, {"セキュリティコード", O::kCards, 3},
    // ID documents
    {"passport", O::kIdDocuments, 3}, {"passports", O::kIdDocuments, 3},
    {"护照", O::kIdDocuments, 3}, {"パスポート", O::kIdDocuments, 3},
    {"my number", O::kIdDocuments, 3}, {"マイナンバー", O::kIdDocuments, 3},
    {"身份证", O::kIdDocuments, 3}, {"id card", O::kIdDocuments, 2},
    {"id cards", O::kIdDocuments, 2}, {"driver's license", O::kIdDocuments, 3},
    {"運転免許証", O::kIdDocuments, 3}, {"本人確認書類", O::kIdDocuments, 3},
    {"证件", O::kIdDocuments, 2}, {"kyc", O::kIdDocuments, 2}, {"selfie", O::kIdDocuments, 1},
    // bank accounts
    {"bank account", O::kBankAccounts, 3}, {"bank accounts", O::kBankAccounts, 3},
    {"bank logins", O::kBankAccounts, 3}, {"银行账户", O::kBankAccounts, 3},
    {"对公账户", O::kBankAccounts, 3}, {"银行卡", O::kBankAccounts, 2},
    {"銀行口座", O::kBankAccounts, 3}, {"口座", O::kBankAccounts, 2},
    // access
    {"admin panel", O::kAccessSale, 4, A::kAdminPanel},
    {"admin access", O::kAccessSale, 3, A::kAdminPanel},
    {"cpanel", O::kAccessSale, 3, A::kAdminPanel}, {"wp-admin", O::kAccessSale, 3, A::kAdminPanel},
    {"管理后台", O::kAccessSale, 4, A::kAdminPanel}, {"后台", O::kAccessSale, 3, A::kAdminPanel},
    {"管理画面", O::kAccessSale, 4, A::kAdminPanel},
    {"管理者権限", O::kAccessSale, 3, A::kAdminPanel},
    {"rdp", O::kAccessSale, 3, A::kRdp}, {"vpn", O::kAccessSale, 3, A::kVpn},
    {"citrix", O::kAccessSale, 3, A::kVpn}, {"fortigate", O::kAccessSale, 3, A::kVpn},
    {"webshell", O::kAccessSale, 4, A::kWebshell}, {"web shell", O::kAccessSale, 4, A::kWebshell},
    {"shell", O::kAccessSale, 2, A::kWebshell},
    {"aws console", O::kAccessSale, 4, A::kCloudConsole},
    {"cloud console", O::kAccessSale, 4, A::kCloudConsole},
    {"azure", O::kAccessSale, 2, A::kCloudConsole}, {"gcp", O::kAccessSale, 2, A::kCloudConsole},
    {"aws", O::kAccessSale, 2, A::kCloudConsole},
    {"クラウド管理", O::kAccessSale, 3, A::kCloudConsole},
    {"云控制台", O::kAccessSale, 4, A::kCloudConsole},
    {"ssh", O::kAccessSale, 3, A::kSsh}, {"root access", O::kAccessSale, 3, A::kSsh},
    {"initial access", O::kAccessSale, 3, A::kOther}, {"domain admin", O::kAccessSale, 3, A::kOther},
    {"服务器权限", O::kAccessSale, 3, A::kOther}, {"权限", O::kAccessSale, 2, A::kOther},
    {"アクセス権", O::kAccessSale, 3, A::kOther}, {"内网", O::kAccessSale, 2, A::kOther},
    // credentials
    {"combolist", O::kCredentialSale, 4}, {"combo list", O::kCredentialSale, 4},
    {"combo", O::kCredentialSale, 2}, {"credentials", O::kCredentialSale, 2},
    {"logins", O::kCredentialSale, 2}, {"email:pass", O::kCredentialSale, 3},
    {"user:pass", O::kCredentialSale, 3}, {"stealer logs", O::kCredentialSale, 3},
    {"账号密码", O::kCredentialSale, 3}, {"账密", O::kCredentialSale, 3},
    {"ログイン情報", O::kCredentialSale, 3}, {"id/pass", O::kCredentialSale, 3},
    {"アカウント情報", O::kCredentialSale, 2},
    // tools
    {"phishing kit", O::kTools, 4}, {"crypter", O::kTools, 4}, {"stealer", O::kTools, 2},
    {"builder", O::kTools, 2}, {"exploit", O::kTools, 2}, {"0day", O::kTools, 3},
    {"botnet", O::kTools, 2}, {"loader", O::kTools, 2}, {"钓鱼", O::kTools, 2},
    {"工具", O::kTools, 2}, {"免杀", O::kTools, 3}, {"木马", O::kTools, 2},
    {"ツール", O::kTools, 2}, {"フィッシングキット", O::kTools, 4},
    // data
    {"database", O::kDataSale, 3}, {"db", O::kDataSale, 2}, {"dump", O::kDataSale, 2},
    {"customer data", O::kDataSale, 3}, {"user data", O::kDataSale, 3},
    {"records", O::kDataSale, 2}, {"leak", O::kDataSale, 1},
    {"数据库", O::kDataSale, 3}, {"数据", O::kDataSale, 2}, {"裤子", O::kDataSale, 3},
    {"社工库", O::kDataSale, 3}, {"客户资料", O::kDataSale, 3}, {"客户数据", O::kDataSale, 3},
    {"用户数据", O::kDataSale, 3}, {"个人信息", O::kDataSale, 2}, {"会员", O::kDataSale, 1},
    {"会员资料", O::kDataSale, 3}, {"会员数据", O::kDataSale, 3}, {"用户资料", O::kDataSale, 3},
    {"データベース", O::kDataSale, 3}, {"顧客情報", O::kDataSale, 3},
    {"顧客データ", O::kDataSale, 3}, {"会員情報", O::kDataSale, 3}, {"名簿", O::kDataSale, 3},
    {"個人情報", O::kDataSale, 2}, {"顧客db", O::kDataSale, 3},
});

// Words that say "I sell". Price and contact words ("escrow", "联系", "連絡")
// are not enough on their own: news and questions use them too.
constexpr std::array<string_view, 20> kSaleCues{
    "selling", "sell", "for sale", "wts", "vendor", "出售", "售", "卖", "出货", "供应", "转让", "长期",
    "長期", "販売", "売ります", "売却", "譲ります", "譲渡", "提供中", "在庫"};

constexpr std::array<string_view, 9> kBuyCues{"wtb",  "want to buy", "looking for", "求购", "收购",
                                              "求", "買います", "買いたい", "探しています"};

constexpr std::array<string_view, 13> kReportCues{
    "according to", "researchers", "reported", "据报道", "报道", "によると", "によれば", "報道",
    "お詫び", "発表", "明らかにした", "お知らせ", "被害"};

template <size_t N>
bool HasAnyOf(string_view s, const std::array<string_view, N>& words) {
  for (string_view w : words) {
    if (FindCue(s, w) != string_view::npos) return true;
  }
  return false;
}

struct OfferingGuess {
  OfferingType type = OfferingType::kOther;
  AccessKind access = AccessKind::kNone;
  int score = 0;
  size_t begin = 0, end = 0;
};

OfferingGuess GuessOffering(string_view lower) {
  std::array<int, 9> score{};
  std::array<size_t, 9> first{};
  first.fill(string_view::npos);
  std::array<size_t, 9> first_len{};
  std::array<int, 8> access_weight{};
  for (const Cue& cue : kOfferingCues) {
    size_t at = FindCue(lower, cue.word);
    if (at == string_view::npos) continue;
    const auto t = static_cast<size_t>(cue.type);
    score[t] += cue.weight;
    if (at < first[t]) {
      first[t] = at;
      first_len[t] = cue.word.size();
    }
    if (cue.access != A::kNone) access_weight[static_cast<size_t>(cue.access)] += cue.weight;
  }
  OfferingGuess g;
  for (size_t t = 0; t < score.size(); ++t) {
    if (score[t] > g.score) {
      g.score = score[t];
      g.type = static_cast<OfferingType>(t);
      g.begin = first[t];
      g.end = first[t] + first_len[t];
    }
  }
  if (g.type == O::kAccessSale) {
    int best = 0;
    for (size_t k = 1; k < access_weight.size(); ++k) {
      if (access_weight[k] > best) {
        best = access_weight[k];
        g.access = static_cast<AccessKind>(k);
      }
    }
  }
  return g;
}

// ---- numbers -----------------------------------------------------------------------

struct Number {
  double value = 0;
  size_t end = 0;  // position after the number and its multiplier
};

// A decimal number with thousands commas at `pos`, and a multiplier after it
// (万 亿 億 千 k m million billion w).
std::optional<Number> ReadNumber(string_view s, size_t pos) {
  if (pos >= s.size() || !IsDigit(s[pos])) return std::nullopt;
  if (pos > 0 && (IsDigit(s[pos - 1]) || s[pos - 1] == '.' || s[pos - 1] == ',')) return std::nullopt;
  size_t i = pos;
  std::string digits;
  bool dot = false;
  while (i < s.size()) {
    char c = s[i];
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (c == ',' && i + 3 < s.size() + 1 && i + 1 < s.size() && IsDigit(s[i + 1])) {
      // thousands separator
    } else if (c == '.' && !dot && i + 1 < s.size() && IsDigit(s[i + 1])) {
      dot = true;
      digits.push_back('.');
    } else {
      break;
    }
    ++i;
  }
  if (digits.size() > 18) return std::nullopt;
  Number n;
  n.value = std::strtod(digits.c_str(), nullptr);
  // CJK compound numbers ("1億1000万") through the Japanese number parser.
  if (!dot) {
    if (auto jp = text::ParseJapaneseNumber(s.substr(pos)); jp && pos + jp->length > i) {
      n.value = static_cast<double>(jp->value);
      i = pos + jp->length;
    }
  }
  size_t j = i;
  while (j < s.size() && s[j] == ' ') ++j;
  struct Mult {
    string_view word;
    double factor;
    bool attached;  // must touch the digits ("20m", not "20 m")
  };
  static constexpr std::array kMults = std::to_array<Mult>({
      {"百万", 1e6, false}, {"千万", 1e7, false}, {"万", 1e4, false}, {"亿", 1e8, false},
      {"億", 1e8, false},   {"千", 1e3, false},  {"million", 1e6, false}, {"mil", 1e6, false},
      {"billion", 1e9, false}, {"bn", 1e9, true}, {"k", 1e3, true}, {"m", 1e6, true},
      {"w", 1e4, true},
  });
  for (const Mult& m : kMults) {
    const size_t at = m.attached ? i : j;
    if (s.substr(at, m.word.size()) != m.word) continue;
    const size_t after = at + m.word.size();
    if (IsAscii(m.word) && after < s.size() && (s[after] >= 'a' && s[after] <= 'z')) continue;
    n.value *= m.factor;
    i = after;
    break;
  }
  n.end = i;
  return n;
}

struct Span {
  double value = 0;
  size_t begin = 0, end = 0;
};

constexpr std::array<string_view, 31> kVolumeUnits{
    "万条", "条", "件", "行", "名", "人", "户", "份", "组", "个", "records", "record", "rows",
    "lines", "entries", "users", "accounts", "customers", "members", "cards", "ids", "passports",
    "people", "pcs", "条数据", "件分", "人分", "名分", "张", "枚", "emails"};

std::optional<Span> FindVolume(string_view lower) {
  std::optional<Span> best;
  for (size_t pos = 0; pos < lower.size(); ++pos) {
    std::optional<Number> n = ReadNumber(lower, pos);
    if (!n) continue;
    size_t j = n->end;
    while (j < lower.size() && (lower[j] == ' ' || lower[j] == '+')) ++j;
    auto unit_at = [&](size_t at) -> size_t {  // end of a unit starting at `at`, or 0
      for (string_view unit : kVolumeUnits) {
        if (lower.substr(at, unit.size()) != unit) continue;
        const size_t after = at + unit.size();
        if (IsAscii(unit) && after < lower.size() && IsAsciiAlnum(lower[after])) continue;
        return after;
      }
      return 0;
    };
    size_t unit_end = unit_at(j);
    if (unit_end == 0) {
      // One qualifying English word may sit between the number and its unit:
      // "2,500 ID cards", "10k email accounts".
      size_t w = j;
      while (w < lower.size() && w - j < 12 && lower[w] >= 'a' && lower[w] <= 'z') ++w;
      if (w > j && w < lower.size() && lower[w] == ' ') {
        while (w < lower.size() && lower[w] == ' ') ++w;
        unit_end = unit_at(w);
      }
    }
    if (unit_end != 0 && (!best || n->value > best->value)) best = Span{n->value, pos, unit_end};
    pos = std::max(pos, n->end - 1);
  }
  return best;
}

// ---- price ---------------------------------------------------------------------------

struct Price {
  double value = 0;
  std::string currency;
  size_t begin = 0, end = 0;
  PriceBasis basis = PriceBasis::kUnknown;
};

std::string YenCurrency(string_view language) { return language == "ja" ? "JPY" : "CNY"; }

std::optional<Price> PriceAt(string_view lower, size_t pos, string_view language) {
  struct Sym {
    string_view word;
    string_view currency;  // "yen": ¥ decided by language
  };
  static constexpr std::array kPrefixes = std::to_array<Sym>({
      {"us$", "USD"}, {"usd", "USD"}, {"usdt", "USDT"}, {"$", "USD"}, {"¥", "yen"},
      {"rmb", "CNY"}, {"cny", "CNY"}, {"€", "EUR"}, {"eur", "EUR"}, {"btc", "BTC"}, {"₿", "BTC"},
      {"jpy", "JPY"},
  });
  static constexpr std::array kSuffixes = std::to_array<Sym>({
      {"usdt", "USDT"}, {"usd", "USD"}, {"u", "USDT"}, {"btc", "BTC"}, {"比特币", "BTC"},
      {"元", "CNY"}, {"块", "CNY"}, {"rmb", "CNY"}, {"cny", "CNY"}, {"人民币", "CNY"},
      {"万円", "JPY*1e4"}, {"円", "JPY"}, {"jpy", "JPY"}, {"dollars", "USD"}, {"$", "USD"},
      {"美元", "USD"}, {"美金", "USD"}, {"ドル", "USD"}, {"eur", "EUR"}, {"€", "EUR"},
  });
  auto resolve = [&](string_view c) { return c == "yen" ? YenCurrency(language) : std::string(c); };
  // prefix form: "$5,000", "USDT 300", "¥8000"
  for (const Sym& p : kPrefixes) {
    if (lower.substr(pos, p.word.size()) != p.word) continue;
    if (IsAscii(p.word) && IsAsciiAlnum(p.word[0]) && pos > 0 && IsAsciiAlnum(lower[pos - 1])) continue;
    size_t j = pos + p.word.size();
    while (j < lower.size() && (lower[j] == ' ' || lower[j] == ':')) ++j;
    if (auto n = ReadNumber(lower, j)) {
      return Price{n->value, resolve(p.currency), pos, n->end};
    }
  }
  // suffix form: "5000 usdt", "300u", "8000元", "50万円"
  if (auto n = ReadNumber(lower, pos)) {
    size_t j = n->end;
    size_t k = j;
    while (k < lower.size() && lower[k] == ' ') ++k;
    for (const Sym& s : kSuffixes) {
      const bool attached_only = s.word == "u";
      const size_t at = attached_only ? j : k;
      if (lower.substr(at, s.word.size()) != s.word) continue;
      const size_t after = at + s.word.size();
      if (IsAscii(s.word) && IsAsciiAlnum(s.word[0]) && after < lower.size() &&
          IsAsciiAlnum(lower[after])) {
        continue;
      }
      double v = n->value;
      std::string currency(s.currency);
      if (currency == "JPY*1e4") {
        v *= 1e4;
        currency = "JPY";
      }
      return Price{v, currency, pos, after};
    }
  }
  return std::nullopt;
}

PriceBasis BasisAround(string_view lower, size_t begin, size_t end) {
  const size_t from = begin >= 24 ? begin - 24 : 0;
  string_view before = lower.substr(from, begin - from);
  string_view after = lower.substr(end, std::min<size_t>(24, lower.size() - end));
  auto near = [&](std::initializer_list<string_view> words, bool use_before, bool use_after) {
    for (string_view w : words) {
      if (use_before && before.find(w) != string_view::npos) return true;
      if (use_after && after.find(w) != string_view::npos) return true;
    }
    return false;
  };
  if (near({"/条", "/件", "/record", "/line", "/row", "/pc", "/card", "per record", "per line",
            "per row", "per card", "each", "一条", "每个", "/个", "件あたり", "1件", "一件"},
           false, true) ||
          near({"每条", "单价", "每个", "每份", "每张", "per record", "件あたり"}, true, false)) {
    return PriceBasis::kPerRecord;
  }
  if (near({"打包", "整库", "全部", "一口价", "for the lot", "for all", "whole", "total", "一括",
            "まとめて", "全件"},
           true, true)) {
    return PriceBasis::kForTheLot;
  }
  return PriceBasis::kUnknown;
}

std::optional<Price> FindPrice(string_view lower, string_view language) {
  std::optional<Price> first, lot;
  for (size_t pos = 0; pos < lower.size(); ++pos) {
    std::optional<Price> p = PriceAt(lower, pos, language);
    if (!p) continue;
    p->basis = BasisAround(lower, p->begin, p->end);
    if (!first) first = p;
    if (!lot && p->basis == PriceBasis::kForTheLot) lot = p;
    pos = p->end - 1;
  }
  return lot ? lot : first;
}

// ---- contacts -------------------------------------------------------------------------

bool IsHandleChar(char c) { return IsAsciiAlnum(c) || c == '_'; }

struct Contacts {
  std::vector<std::string> telegram, qq, email;
  std::string Joined() const {
    std::string out;
    auto add = [&](string_view kind, const std::vector<std::string>& v) {
      for (const std::string& x : v) {
        if (!out.empty()) out += ", ";
        out += std::string(kind) + ":" + x;
      }
    };
    add("telegram", telegram);
    add("qq", qq);
    add("email", email);
    return out;
  }
};

void AddUnique(std::vector<std::string>& v, std::string x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(std::move(x));
}

Contacts FindContacts(string_view s, string_view lower) {
  Contacts c;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '@') {
      size_t b = i;
      while (b > 0 && (IsHandleChar(s[b - 1]) || s[b - 1] == '.' || s[b - 1] == '-' ||
                       s[b - 1] == '+' || s[b - 1] == '%')) {
        --b;
      }
      size_t e = i + 1;
      while (e < s.size() && (IsHandleChar(s[e]) || s[e] == '.' || s[e] == '-')) ++e;
      while (e > i + 1 && s[e - 1] == '.') --e;
      if (b < i) {
        string_view domain = s.substr(i + 1, e - i - 1);
        if (domain.find('.') != string_view::npos) AddUnique(c.email, std::string(s.substr(b, e - b)));
      } else {
        size_t h = i + 1;
        while (h < s.size() && IsHandleChar(s[h])) ++h;
        string_view handle = s.substr(i + 1, h - i - 1);
        if (handle.size() >= 5 && handle.size() <= 32 && !IsDigit(handle[0])) {
          AddUnique(c.telegram, "@" + std::string(handle));
        }
      }
      i = e;
    }
  }
  for (size_t at = lower.find("t.me/"); at != string_view::npos; at = lower.find("t.me/", at + 1)) {
    size_t h = at + 5;
    while (h < s.size() && IsHandleChar(s[h])) ++h;
    if (h - at - 5 >= 5) AddUnique(c.telegram, "@" + std::string(s.substr(at + 5, h - at - 5)));
  }
  for (size_t at = FindCue(lower, "qq"); at != string_view::npos; at = FindCue(lower, "qq", at + 2)) {
    size_t j = at + 2;
    // "QQ:", "QQ号：", "qq 12345"
    while (j < lower.size() && (lower[j] == ' ' || lower[j] == ':')) ++j;
    if (lower.substr(j, 3) == "号") j += 3;
    while (j < lower.size() && (lower[j] == ' ' || lower[j] == ':')) ++j;
    size_t d = j;
    while (d < lower.size() && IsDigit(lower[d])) ++d;
    if (d - j >= 5 && d - j <= 11) AddUnique(c.qq, std::string(lower.substr(j, d - j)));
  }
  return c;
}

// ---- data types ------------------------------------------------------------------------

struct TypeCue {
  string_view word;
  DataType type;
};

constexpr std::array kDataTypeCues = std::to_array<TypeCue>({
    {"姓名", DataType::kPersonalInfo}, {"氏名", DataType::kPersonalInfo},
    {"名前", DataType::kPersonalInfo}, {"name", DataType::kPersonalInfo},
    {"names", DataType::kPersonalInfo}, {"full name", DataType::kPersonalInfo},
    {"个人信息", DataType::kPersonalInfo}, {"個人情報", DataType::kPersonalInfo},
    {"生年月日", DataType::kPersonalInfo}, {"生日", DataType::kPersonalInfo},
    {"dob", DataType::kPersonalInfo},
    {"email", DataType::kEmailAddress}, {"emails", DataType::kEmailAddress},
    {"e-mail", DataType::kEmailAddress}, {"邮箱", DataType::kEmailAddress},
    {"メールアドレス", DataType::kEmailAddress}, {"メアド", DataType::kEmailAddress},
    {"phone", DataType::kPhone}, {"phones", DataType::kPhone}, {"手机", DataType::kPhone},
    {"电话", DataType::kPhone}, {"電話", DataType::kPhone}, {"mobile", DataType::kPhone},
    {"address", DataType::kAddress}, {"addresses", DataType::kAddress},
    {"地址", DataType::kAddress}, {"住所", DataType::kAddress},
    {"password", DataType::kPassword}, {"passwords", DataType::kPassword},
    {"密码", DataType::kPassword}, {"パスワード", DataType::kPassword},
    {"cvv", DataType::kCreditCard}, {"card number", DataType::kCreditCard},
    {"卡号", DataType::kCreditCard}, {"カード番号", DataType::kCreditCard},
    {"信用卡", DataType::kCreditCard}, {"クレジットカード", DataType::kCreditCard},
    {"bank", DataType::kBankAccount}, {"银行", DataType::kBankAccount},
    {"口座", DataType::kBankAccount},
    {"my number", DataType::kMyNumber}, {"マイナンバー", DataType::kMyNumber},
    {"passport", DataType::kOther}, {"passports", DataType::kOther}, {"护照", DataType::kOther},
    {"パスポート", DataType::kOther}, {"身份证", DataType::kOther},
    {"運転免許証", DataType::kOther},
});

// Lines that give a contact ("联系: @x", "email: a@example.com") say how to
// reach the seller, not what is sold.
// The part of a line before its first contact marker.
string_view BeforeContact(string_view line) {
  size_t cut = line.find('@');
  for (string_view w : {"qq", "tg", "telegram", "联系", "contact", "連絡", "t.me", "飞机", "dm"}) {
    cut = std::min(cut, FindCue(line, w));
  }
  return line.substr(0, cut);
}

std::vector<DataType> FindDataTypes(string_view lower) {
  std::vector<DataType> types;
  size_t pos = 0;
  while (pos <= lower.size()) {
    size_t nl = lower.find('\n', pos);
    size_t end = nl == string_view::npos ? lower.size() : nl;
    string_view line = BeforeContact(lower.substr(pos, end - pos));
    for (const TypeCue& cue : kDataTypeCues) {
      if (FindCue(line, cue.word) != string_view::npos &&
          std::find(types.begin(), types.end(), cue.type) == types.end()) {
        types.push_back(cue.type);
      }
    }
    if (nl == string_view::npos) break;
    pos = end + 1;
  }
  std::sort(types.begin(), types.end());
  return types;
}

// ---- target organisation and country ----------------------------------------------------

struct CountryWord {
  string_view word;
  string_view code;
};

constexpr std::array kCountryWords = std::to_array<CountryWord>({
    {"日本", "JP"}, {"japan", "JP"}, {"japanese", "JP"}, {"jp", "JP"}, {"中国", "CN"}, {"china", "CN"},
    {"chinese", "CN"}, {"韩国", "KR"}, {"韓国", "KR"}, {"korea", "KR"}, {"台湾", "TW"},
    {"taiwan", "TW"}, {"香港", "HK"}, {"hong kong", "HK"}, {"美国", "US"}, {"米国", "US"},
    {"usa", "US"}, {"united states", "US"}, {"越南", "VN"}, {"ベトナム", "VN"},
    {"vietnam", "VN"}, {"泰国", "TH"}, {"thailand", "TH"}, {"新加坡", "SG"},
    {"singapore", "SG"}, {"印尼", "ID"}, {"indonesia", "ID"}, {"马来西亚", "MY"},
    {"malaysia", "MY"}, {"菲律宾", "PH"}, {"philippines", "PH"}, {"德国", "DE"},
    {"germany", "DE"}, {"英国", "GB"}, {"france", "FR"}, {"法国", "FR"},
});


// Hiragana ends a name: "カクウマートの顧客" is カクウマート.
bool IsNameChar(char32_t c) {
  return IsHan(c) || IsKatakana(c) || (c < 0x80 && (IsAsciiAlnum(static_cast<char>(c)) || c == '&' || c == '-'));
}

// The run of name characters ending at `end` (backwards) or starting at `begin`.
string_view RunBefore(string_view s, size_t end) {
  size_t b = end;
  while (b > 0) {
    size_t p = b - 1;
    while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
    size_t len = 0;
    char32_t c = DecodeAt(s, p, &len);
    if (!IsNameChar(c) || end - p > kMaxNameBytes) break;
    b = p;
  }
  return s.substr(b, end - b);
}

string_view RunAfter(string_view s, size_t begin) {
  size_t e = begin;
  while (e < s.size()) {
    size_t len = 0;
    char32_t c = DecodeAt(s, e, &len);
    if (!IsNameChar(c) || e + len - begin > kMaxNameBytes) break;
    e += len;
  }
  return s.substr(begin, e - begin);
}

// Strips a leading word of `words` from `name`; whether it did.
template <size_t N>
bool StripLeading(string_view& name, const std::array<string_view, N>& words) {
  for (string_view word : words) {
    if (name.starts_with(word)) {
      name.remove_prefix(word.size());
      return true;
    }
  }
  return false;
}

// Words a Chinese (or kanji-only Japanese) name cannot run across: the
// trade's verbs, "的", "某" ("a certain"), "来自" ("from"). Written without
// spaces, they would otherwise join the name: "出售日本某地方银行" is not a
// bank called that. ("与" and "及", "and", are not among them: they end
// words such as 埃及, Egypt.)
constexpr std::array<string_view, 21> kWordsBeforeNames{
    "出售", "售卖", "出卖", "转让", "打包", "收购", "求购", "泄露", "泄漏", "拖库", "脱库", "最新",
    "独家", "一手", "来自", "的", "某", "販売", "売却", "流出", "漏洩"};

// A count written before the name ("10万条", "5千份", "3w条", "1千万",
// "10万户", "5000个"): ASCII digits, then one unit (万 千 亿 千万 百万, or
// w/k/m when a measure word follows) or one measure word, or a unit and
// then a measure word. One of each at most: a name may start with a unit
// (10万万达集团). A measure word that begins one of kMeasureWordStarts is
// the name's (2万户外用品公司, 3万个推公司). Digits alone are part of names
// (51信用卡, 360, hao123), and so is a letter after them (3M).
constexpr std::array<string_view, 5> kCountUnits{"千万", "百万", "万", "千", "亿"};
constexpr std::array<string_view, 7> kMeasureWords{"条", "份", "个", "户", "组", "笔", "件"};
constexpr std::array<string_view, 6> kMeasureWordStarts{"户外", "个推", "个税", "个人", "笔记本", "组件"};

// Strips a leading measure word from `rest`, unless it begins a word.
bool StripMeasureWord(string_view& rest) {
  for (string_view word : kMeasureWordStarts) {
    if (rest.starts_with(word)) return false;
  }
  return StripLeading(rest, kMeasureWords);
}

// Where the count that starts at run[at] (a digit) ends, or `at` when
// the digits there are no count.
size_t CountEnd(string_view run, size_t at) {
  size_t e = at;
  while (e < run.size() && IsDigit(run[e])) ++e;
  string_view rest = run.substr(e);
  bool counted = StripLeading(rest, kCountUnits);
  string_view after_ascii_unit = rest;
  if (!counted && !after_ascii_unit.empty() && string_view("wWkKmM").find(after_ascii_unit[0]) != string_view::npos) {
    after_ascii_unit.remove_prefix(1);
    if (StripMeasureWord(after_ascii_unit)) return run.size() - after_ascii_unit.size();
  }
  if (StripMeasureWord(rest)) counted = true;
  return counted ? run.size() - rest.size() : at;
}

// The part of a name run after the last of kWordsBeforeNames in it, and
// after a count.
string_view NameAfterLastWord(string_view run) {
  size_t start = 0;
  for (string_view word : kWordsBeforeNames) {
    const size_t at = run.rfind(word);
    if (at != string_view::npos && at + word.size() > start) start = at + word.size();
  }
  for (size_t i = 0; i < run.size(); ++i) {
    if (!IsDigit(run[i]) || (i > 0 && IsDigit(run[i - 1]))) continue;  // not where digits start
    if (const size_t end = CountEnd(run, i); end != i) start = std::max(start, end);
  }
  return run.substr(start);
}

// Words that describe an organisation without naming it ("regional",
// "large", "well-known").
constexpr std::array<string_view, 18> kDescriptionWords{
    "地方", "大型", "中型", "小型", "知名", "著名", "国有", "国营", "城市", "农村", "外资",
    "一家", "多家", "几家", "各大", "大手", "中堅", "个人"};

// Industry words: on their own, or after a country or a description word,
// a description ("科技公司", "韩国游戏公司", "大型科技公司"); but a country
// with one of kNamedIndustries is the name of a national company
// ("日本航空公司" is JAL, "韩国电信" KT).
constexpr std::array<string_view, 20> kIndustryWords{
    "科技", "网络", "互联网", "电商", "金融", "保险", "证券", "物流", "游戏", "医疗", "教育",
    "零售", "航空", "电信", "通信", "能源", "汽车", "地产", "商业", "信息"};
constexpr std::array<string_view, 2> kNamedIndustries{"航空", "电信"};

// Strips a leading country name (kCountryWords' written in CJK) from `name`.
bool StripLeadingCountry(string_view& name) {
  for (const CountryWord& w : kCountryWords) {
    if (static_cast<unsigned char>(w.word[0]) >= 0x80 && name.starts_with(w.word)) {
      name.remove_prefix(w.word.size());
      return true;
    }
  }
  return false;
}

// Whether `name` (before its 银行/公司 suffix) is a description, not a
// name: countries and description words, then nothing or industry words
// ("日本地方", "日本大型科技", "韩国游戏", "科技"). A country alone is a name
// (中国银行 is the Bank of China), and so is a country with a named
// industry (日本航空) or a name holding such words further on
// (上海农村商业银行).
bool IsDescription(string_view name) {
  bool described = false, country = false;
  while (true) {
    if (StripLeading(name, kDescriptionWords)) {
      described = true;
    } else if (StripLeadingCountry(name)) {
      country = true;
    } else {
      break;
    }
  }
  if (name.empty()) return described;
  const string_view industry = name;
  while (StripLeading(name, kIndustryWords)) {
  }
  if (!name.empty()) return false;  // a word that names
  if (described || !country) return true;
  string_view first = industry;
  return !StripLeading(first, kNamedIndustries);
}

string_view TrimName(string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '"' || v.front() == '[')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '"' || v.back() == ']')) v.remove_suffix(1);
  return v;
}

std::string FindTarget(string_view s, string_view lower) {
  // Labels: "target: X", "目标：X", "対象: X"
  for (string_view label : {"target:", "company:", "victim:", "目标:", "公司:", "企业:", "来源:",
                            "対象:", "企業名:", "会社:", "企業:"}) {
    size_t at = lower.find(label);
    if (at == string_view::npos) continue;
    size_t b = at + label.size();
    size_t e = b;
    while (e < s.size() && s[e] != '\n' && s[e] != ',' && s[e] != ';' && s[e] != '|' &&
           s.substr(e, 3) != "," && s.substr(e, 3) != "。" && s.substr(e, 3) != "、" &&
           e - b < kMaxNameBytes) {
      ++e;
    }
    string_view v = TrimName(s.substr(b, e - b));
    if (!v.empty()) return std::string(v);
  }
  // 株式会社X / X株式会社
  for (size_t at = s.find("株式会社"); at != string_view::npos; at = s.find("株式会社", at + 1)) {
    string_view after = RunAfter(s, at + 12);
    if (!after.empty()) return "株式会社" + std::string(after);
    string_view before = RunBefore(s, at);
    if (!before.empty()) return std::string(before) + "株式会社";
  }
  for (string_view suffix : {"公司", "银行", "集团", "銀行"}) {
    for (size_t at = s.find(suffix); at != string_view::npos; at = s.find(suffix, at + suffix.size())) {
      const string_view before = NameAfterLastWord(RunBefore(s, at));
      if (before.size() >= 6 && !IsDescription(before)) return std::string(before) + std::string(suffix);
    }
  }
  for (string_view suffix : {" inc.", " inc", " co., ltd.", " co.,ltd.", " corp.", " corporation", " ltd"}) {
    size_t at = lower.find(suffix);
    if (at == string_view::npos || at == 0) continue;
    // up to three capitalised words before it
    size_t b = at;
    int words = 0;
    while (b > 0 && words < 3) {
      size_t e = b;
      while (b > 0 && (IsAsciiAlnum(s[b - 1]) || s[b - 1] == '-' || s[b - 1] == '&')) --b;
      if (b == e || !(s[b] >= 'A' && s[b] <= 'Z')) {
        b = e;
        break;
      }
      ++words;
      if (b > 0 && s[b - 1] == ' ' && b > 1 && s[b - 2] >= 'A') {
        --b;
      } else {
        break;
      }
    }
    while (b < at && s[b] == ' ') ++b;
    if (b < at) return std::string(s.substr(b, at + suffix.size() - b));
  }
  // A domain that is not part of an email address or URL path.
  for (size_t i = 0; i < lower.size(); ++i) {
    if (!(IsAsciiAlnum(lower[i])) || (i > 0 && (IsAsciiAlnum(lower[i - 1]) || lower[i - 1] == '.' ||
                                                lower[i - 1] == '-' || lower[i - 1] == '@' ||
                                                lower[i - 1] == '/'))) {
      continue;
    }
    size_t e = i;
    int dots = 0;
    while (e < lower.size() && (IsAsciiAlnum(lower[e]) || lower[e] == '-' || lower[e] == '.')) {
      if (lower[e] == '.') ++dots;
      ++e;
    }
    while (e > i && lower[e - 1] == '.') {
      --e;
      --dots;
    }
    if (e < lower.size() && lower[e] == '@') continue;
    string_view cand = lower.substr(i, e - i);
    size_t last_dot = cand.rfind('.');
    if (dots >= 1 && last_dot != string_view::npos && cand.size() - last_dot - 1 >= 2 &&
        !IsDigit(cand[last_dot + 1]) && cand.substr(0, 5) != "t.me/" && cand != "t.me") {
      return std::string(cand);
    }
    i = e;
  }
  return {};
}

std::string FindCountry(string_view lower, string_view target) {
  size_t best = string_view::npos;
  std::string code;
  for (const CountryWord& w : kCountryWords) {
    size_t at = FindCue(lower, w.word);
    if (at < best) {
      best = at;
      code = std::string(w.code);
    }
  }
  if (!code.empty()) return code;
  std::string t(target);
  for (char& ch : t) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  struct Tld {
    string_view tld;
    string_view code;
  };
  for (const Tld& tld : {Tld{".jp", "JP"}, Tld{".cn", "CN"}, Tld{".kr", "KR"}, Tld{".tw", "TW"},
                         Tld{".hk", "HK"}, Tld{".sg", "SG"}, Tld{".vn", "VN"}, Tld{".th", "TH"},
                         Tld{".de", "DE"}, Tld{".uk", "GB"}, Tld{".fr", "FR"}}) {
    if (t.size() > tld.tld.size() && t.compare(t.size() - tld.tld.size(), tld.tld.size(), tld.tld) == 0) {
      return std::string(tld.code);
    }
  }
  if (target.find("株式会社") != string_view::npos || lower.find("マイナンバー") != string_view::npos ||
      FindCue(lower, "my number") != string_view::npos) {
    return "JP";
  }
  return {};
}

// ---- sector -------------------------------------------------------------------------

// A word that says which line of business the target is in. A cue with
// kUnknown is a phrase holding a sector word that does not name the target's
// business ("bank account" is what is sold, "保険証" an ID document, "电信诈骗"
// a kind of fraud): it is matched like the others and hides the word inside
// it, scoring nothing. Weights: 3 names an institution ("银行", "病院",
// "university"), 2 a business area ("医療", "retail"), 1 a hint that needs
// company ("住民", "booking").
struct SectorCue {
  string_view word;
  Sector sector;
  int weight;
};

using S = Sector;

constexpr std::array kSectorCues = std::to_array<SectorCue>({
    // finance: banks, securities, insurance, lending, payments
    {"银行", S::kFinance, 3}, {"銀行", S::kFinance, 3}, {"bank", S::kFinance, 3},
    {"banks", S::kFinance, 3}, {"banking", S::kFinance, 2}, {"信用金庫", S::kFinance, 3},
    {"信用社", S::kFinance, 3}, {"credit union", S::kFinance, 3},
    {"证券", S::kFinance, 3}, {"証券", S::kFinance, 3}, {"券商", S::kFinance, 3},
    {"securities", S::kFinance, 3}, {"brokerage", S::kFinance, 3}, {"期货", S::kFinance, 3},
    {"证券交易所", S::kFinance, 3}, {"証券取引所", S::kFinance, 3}, {"stock exchange", S::kFinance, 3},
    {"保险", S::kFinance, 2}, {"保険", S::kFinance, 2}, {"生命保険", S::kFinance, 3},
    {"損保", S::kFinance, 3}, {"insurance", S::kFinance, 2}, {"insurer", S::kFinance, 3},
    {"金融", S::kFinance, 2}, {"financial", S::kFinance, 2}, {"finance", S::kFinance, 2},
    {"fintech", S::kFinance, 3}, {"基金", S::kFinance, 2}, {"理财", S::kFinance, 2},
    {"信託", S::kFinance, 2}, {"贷款", S::kFinance, 2}, {"网贷", S::kFinance, 3},
    {"小贷", S::kFinance, 3}, {"借贷", S::kFinance, 2}, {"信贷", S::kFinance, 2},
    {"ローン", S::kFinance, 2}, {"消費者金融", S::kFinance, 3}, {"lender", S::kFinance, 3},
    {"loans", S::kFinance, 2}, {"支付公司", S::kFinance, 3}, {"支付平台", S::kFinance, 3},
    {"支付机构", S::kFinance, 3}, {"第三方支付", S::kFinance, 3}, {"決済代行", S::kFinance, 3},
    {"決済サービス", S::kFinance, 3}, {"決済会社", S::kFinance, 3},
    {"payment processor", S::kFinance, 3}, {"payment provider", S::kFinance, 3},
    {"payment gateway", S::kFinance, 3}, {"payment service", S::kFinance, 3},
    {"カード会社", S::kFinance, 3}, {"card issuer", S::kFinance, 3},
    // crypto: exchanges and wallets
    {"交易所", S::kCrypto, 3}, {"取引所", S::kCrypto, 3}, {"crypto exchange", S::kCrypto, 3},
    {"cryptocurrency exchange", S::kCrypto, 3}, {"crypto", S::kCrypto, 2},
    {"cryptocurrency", S::kCrypto, 2}, {"defi", S::kCrypto, 2}, {"web3", S::kCrypto, 2},
    {"seed phrases", S::kCrypto, 3}, {"wallet seeds", S::kCrypto, 3}, {"钱包", S::kCrypto, 2},
    {"币圈", S::kCrypto, 2}, {"加密货币", S::kCrypto, 2}, {"数字货币", S::kCrypto, 2},
    {"虚拟币", S::kCrypto, 2}, {"暗号資産", S::kCrypto, 2}, {"仮想通貨", S::kCrypto, 2},
    // retail and e-commerce
    {"零售", S::kRetail, 3}, {"电商", S::kRetail, 3}, {"网店", S::kRetail, 3},
    {"商城", S::kRetail, 2}, {"超市", S::kRetail, 3}, {"购物", S::kRetail, 2},
    {"通販", S::kRetail, 3}, {"通信販売", S::kRetail, 3}, {"ecサイト", S::kRetail, 3},
    {"ネットショップ", S::kRetail, 3}, {"オンラインショップ", S::kRetail, 3},
    {"小売", S::kRetail, 3}, {"百貨店", S::kRetail, 3}, {"量販店", S::kRetail, 3},
    {"スーパーマーケット", S::kRetail, 3}, {"ドラッグストア", S::kRetail, 3}, {"ショッピング", S::kRetail, 2},
    {"online shop", S::kRetail, 3}, {"online store", S::kRetail, 3}, {"webshop", S::kRetail, 3},
    {"e-shop", S::kRetail, 3}, {"ecommerce", S::kRetail, 3}, {"e-commerce", S::kRetail, 3},
    {"retailer", S::kRetail, 3}, {"retail", S::kRetail, 2}, {"supermarket", S::kRetail, 3},
    {"magento", S::kRetail, 2}, {"woocommerce", S::kRetail, 2}, {"ec-cube", S::kRetail, 2},
    // government
    {"政府", S::kGovernment, 3}, {"政务", S::kGovernment, 3}, {"公安", S::kGovernment, 3},
    {"税务", S::kGovernment, 3}, {"海关", S::kGovernment, 3}, {"社保", S::kGovernment, 2},
    {"户籍", S::kGovernment, 2}, {"官公庁", S::kGovernment, 3}, {"自治体", S::kGovernment, 3},
    {"省庁", S::kGovernment, 3}, {"役所", S::kGovernment, 3}, {"役場", S::kGovernment, 3},
    {"県庁", S::kGovernment, 3}, {"都庁", S::kGovernment, 3}, {"行政", S::kGovernment, 2},
    {"警察", S::kGovernment, 3}, {"税務署", S::kGovernment, 3},
    {"住民基本台帳", S::kGovernment, 3}, {"住民", S::kGovernment, 1},
    {"government", S::kGovernment, 3}, {"ministry", S::kGovernment, 3},
    {"municipal", S::kGovernment, 3}, {"municipality", S::kGovernment, 3},
    {"city hall", S::kGovernment, 3}, {"police", S::kGovernment, 3},
    {"public sector", S::kGovernment, 3},
    // healthcare
    {"医院", S::kHealthcare, 3}, {"诊所", S::kHealthcare, 3}, {"医疗", S::kHealthcare, 2},
    {"患者", S::kHealthcare, 2}, {"病人", S::kHealthcare, 2}, {"药店", S::kHealthcare, 3},
    {"体检", S::kHealthcare, 2}, {"医保", S::kHealthcare, 2}, {"病院", S::kHealthcare, 3},
    {"クリニック", S::kHealthcare, 3}, {"診療所", S::kHealthcare, 3}, {"医療", S::kHealthcare, 2},
    {"薬局", S::kHealthcare, 3}, {"歯科", S::kHealthcare, 3}, {"介護", S::kHealthcare, 2},
    {"製薬", S::kHealthcare, 2}, {"カルテ", S::kHealthcare, 3}, {"hospital", S::kHealthcare, 3},
    {"hospitals", S::kHealthcare, 3}, {"clinic", S::kHealthcare, 3},
    {"clinics", S::kHealthcare, 3}, {"healthcare", S::kHealthcare, 3},
    {"health care", S::kHealthcare, 3}, {"medical", S::kHealthcare, 2},
    {"patient", S::kHealthcare, 2}, {"patients", S::kHealthcare, 2},
    {"pharmacy", S::kHealthcare, 3}, {"dental", S::kHealthcare, 2},
    // education
    {"大学", S::kEducation, 3}, {"学校", S::kEducation, 3}, {"高校", S::kEducation, 3},
    {"学院", S::kEducation, 3}, {"学園", S::kEducation, 3}, {"学籍", S::kEducation, 3},
    {"教育", S::kEducation, 2}, {"学生", S::kEducation, 2}, {"生徒", S::kEducation, 2},
    {"塾", S::kEducation, 2}, {"university", S::kEducation, 3},
    {"universities", S::kEducation, 3}, {"college", S::kEducation, 3},
    {"school", S::kEducation, 2}, {"schools", S::kEducation, 2},
    {"student", S::kEducation, 2}, {"students", S::kEducation, 2},
    {"education", S::kEducation, 2},
    // telecom
    {"运营商", S::kTelecom, 3}, {"电信", S::kTelecom, 3}, {"宽带", S::kTelecom, 2},
    {"通信公司", S::kTelecom, 3}, {"通信会社", S::kTelecom, 3}, {"通信事業者", S::kTelecom, 3},
    {"携帯キャリア", S::kTelecom, 3}, {"通信キャリア", S::kTelecom, 3},
    {"キャリアメール", S::kTelecom, 2}, {"携帯電話会社", S::kTelecom, 3},
    {"プロバイダ", S::kTelecom, 2}, {"telecom", S::kTelecom, 3},
    {"telecommunications", S::kTelecom, 3}, {"telco", S::kTelecom, 3}, {"isp", S::kTelecom, 3},
    {"mobile operator", S::kTelecom, 3}, {"mobile carrier", S::kTelecom, 3},
    {"internet provider", S::kTelecom, 3},
    // technology: software, SaaS, hosting
    {"科技公司", S::kTechnology, 3}, {"软件公司", S::kTechnology, 3},
    {"互联网公司", S::kTechnology, 3}, {"云服务", S::kTechnology, 2}, {"idc", S::kTechnology, 2},
    {"it企業", S::kTechnology, 3}, {"it会社", S::kTechnology, 3},
    {"ソフトウェア", S::kTechnology, 2}, {"システム会社", S::kTechnology, 3},
    {"開発会社", S::kTechnology, 3}, {"クラウドサービス", S::kTechnology, 2},
    {"レンタルサーバー", S::kTechnology, 3}, {"saas", S::kTechnology, 3},
    {"software company", S::kTechnology, 3}, {"software vendor", S::kTechnology, 3},
    {"tech company", S::kTechnology, 3}, {"it company", S::kTechnology, 3},
    {"hosting provider", S::kTechnology, 3}, {"hosting company", S::kTechnology, 3},
    {"cloud provider", S::kTechnology, 3}, {"msp", S::kTechnology, 3},
    {"data center", S::kTechnology, 2},
    // manufacturing
    {"制造", S::kManufacturing, 3}, {"工厂", S::kManufacturing, 3}, {"厂家", S::kManufacturing, 2},
    {"车企", S::kManufacturing, 3}, {"製造", S::kManufacturing, 3},
    {"メーカー", S::kManufacturing, 3}, {"工場", S::kManufacturing, 3},
    {"製作所", S::kManufacturing, 3}, {"自動車", S::kManufacturing, 2},
    {"manufacturer", S::kManufacturing, 3}, {"manufacturing", S::kManufacturing, 3},
    {"factory", S::kManufacturing, 3}, {"automaker", S::kManufacturing, 3},
    {"automotive", S::kManufacturing, 2}, {"industrial", S::kManufacturing, 2},
    // energy and utilities
    {"电力", S::kEnergy, 3}, {"能源", S::kEnergy, 3}, {"石油", S::kEnergy, 3},
    {"燃气", S::kEnergy, 3}, {"电网", S::kEnergy, 3}, {"石化", S::kEnergy, 3},
    {"電力", S::kEnergy, 3}, {"エネルギー", S::kEnergy, 2}, {"ガス会社", S::kEnergy, 3},
    {"energy", S::kEnergy, 2}, {"utility company", S::kEnergy, 3},
    {"power company", S::kEnergy, 3}, {"electric company", S::kEnergy, 3},
    {"power plant", S::kEnergy, 3}, {"power grid", S::kEnergy, 3}, {"oil and gas", S::kEnergy, 3},
    {"oil & gas", S::kEnergy, 3}, {"gas company", S::kEnergy, 3},
    // transport: airlines, logistics, rail, shipping
    {"航空", S::kTransport, 3}, {"机场", S::kTransport, 3}, {"物流", S::kTransport, 3},
    {"快递", S::kTransport, 3}, {"铁路", S::kTransport, 3}, {"海运", S::kTransport, 3},
    {"货运", S::kTransport, 3}, {"运输", S::kTransport, 2}, {"空港", S::kTransport, 3},
    {"運輸", S::kTransport, 3}, {"運送", S::kTransport, 3}, {"宅配", S::kTransport, 3},
    {"鉄道", S::kTransport, 3}, {"海運", S::kTransport, 3}, {"airline", S::kTransport, 3},
    {"airlines", S::kTransport, 3}, {"airport", S::kTransport, 3},
    {"logistics", S::kTransport, 3}, {"shipping company", S::kTransport, 3},
    {"freight", S::kTransport, 3}, {"courier", S::kTransport, 2}, {"railway", S::kTransport, 3},
    {"transport", S::kTransport, 2}, {"transportation", S::kTransport, 2},
    {"trucking", S::kTransport, 3},
    // hospitality and travel
    {"酒店", S::kHospitality, 3}, {"宾馆", S::kHospitality, 3}, {"旅行社", S::kHospitality, 3},
    {"旅游", S::kHospitality, 2}, {"民宿", S::kHospitality, 3}, {"餐饮", S::kHospitality, 2},
    {"ホテル", S::kHospitality, 3}, {"旅館", S::kHospitality, 3}, {"旅行", S::kHospitality, 2},
    {"宿泊", S::kHospitality, 2}, {"観光", S::kHospitality, 2}, {"飲食", S::kHospitality, 2},
    {"レストラン", S::kHospitality, 2}, {"hotel", S::kHospitality, 3},
    {"hotels", S::kHospitality, 3}, {"travel agency", S::kHospitality, 3},
    {"travel", S::kHospitality, 2}, {"tourism", S::kHospitality, 2},
    {"resort", S::kHospitality, 2}, {"restaurant", S::kHospitality, 2},
    {"restaurants", S::kHospitality, 2}, {"booking", S::kHospitality, 1},
    // gaming, gambling and entertainment
    {"游戏", S::kGaming, 3}, {"手游", S::kGaming, 3}, {"博彩", S::kGaming, 3},
    {"赌场", S::kGaming, 3}, {"棋牌", S::kGaming, 3}, {"菠菜", S::kGaming, 2},
    {"彩票", S::kGaming, 2}, {"ゲーム", S::kGaming, 3}, {"カジノ", S::kGaming, 3},
    {"パチンコ", S::kGaming, 3}, {"game", S::kGaming, 2}, {"games", S::kGaming, 2},
    {"gaming", S::kGaming, 3}, {"casino", S::kGaming, 3}, {"gambling", S::kGaming, 3},
    {"betting", S::kGaming, 3}, {"esports", S::kGaming, 3},
    // media
    {"媒体", S::kMedia, 2}, {"报社", S::kMedia, 3}, {"电视台", S::kMedia, 3},
    {"新闻网", S::kMedia, 3}, {"出版社", S::kMedia, 3}, {"新聞", S::kMedia, 3},
    {"テレビ局", S::kMedia, 3}, {"出版", S::kMedia, 2}, {"メディア", S::kMedia, 2},
    {"放送", S::kMedia, 2}, {"newspaper", S::kMedia, 3}, {"news site", S::kMedia, 3},
    {"media company", S::kMedia, 3}, {"broadcaster", S::kMedia, 3},
    {"tv station", S::kMedia, 3}, {"publisher", S::kMedia, 2}, {"streaming", S::kMedia, 2},
    {"magazine", S::kMedia, 2},
    // a sector outside the list
    {"房地产", S::kOther, 2}, {"地产", S::kOther, 2}, {"建筑公司", S::kOther, 2},
    {"律师事务所", S::kOther, 3}, {"律所", S::kOther, 3}, {"不動産", S::kOther, 2},
    {"建設", S::kOther, 2}, {"法律事務所", S::kOther, 3}, {"real estate", S::kOther, 2},
    {"construction", S::kOther, 2}, {"law firm", S::kOther, 3}, {"nonprofit", S::kOther, 2},
    {"non-profit", S::kOther, 2}, {"ngo", S::kOther, 2}, {"charity", S::kOther, 2},
    // Phrases that hold a sector word without naming the target's business:
    // what is sold (bank accounts and cards exist at every bank, so a post
    // selling them says nothing about a bank being breached), how the seller
    // is paid, ID documents, kinds of fraud, the seller's own shop.
    {"bank account", S::kUnknown, 0}, {"bank accounts", S::kUnknown, 0},
    {"bank card", S::kUnknown, 0}, {"bank cards", S::kUnknown, 0},
    {"bank login", S::kUnknown, 0}, {"bank logins", S::kUnknown, 0},
    {"bank logs", S::kUnknown, 0}, {"bank drop", S::kUnknown, 0},
    {"bank drops", S::kUnknown, 0}, {"bank transfer", S::kUnknown, 0},
    {"bank wire", S::kUnknown, 0}, {"online banking", S::kUnknown, 0},
    {"银行卡", S::kUnknown, 0}, {"银行账户", S::kUnknown, 0}, {"银行账号", S::kUnknown, 0},
    {"银行流水", S::kUnknown, 0}, {"银行转账", S::kUnknown, 0}, {"銀行口座", S::kUnknown, 0},
    {"銀行振込", S::kUnknown, 0}, {"証券口座", S::kUnknown, 0}, {"保険証", S::kUnknown, 0},
    {"保险起见", S::kUnknown, 0},
    {"government id", S::kUnknown, 0}, {"government ids", S::kUnknown, 0},
    {"government-issued", S::kUnknown, 0}, {"government issued", S::kUnknown, 0},
    {"crypto only", S::kUnknown, 0}, {"crypto accepted", S::kUnknown, 0},
    {"accept crypto", S::kUnknown, 0}, {"钱包地址", S::kUnknown, 0},
    {"收款钱包", S::kUnknown, 0}, {"仮想通貨払い", S::kUnknown, 0},
    {"仮想通貨で支払", S::kUnknown, 0}, {"電信詐欺", S::kUnknown, 0},
    {"电信诈骗", S::kUnknown, 0}, {"发卡商城", S::kUnknown, 0},
    {"social media", S::kUnknown, 0}, {"社交媒体", S::kUnknown, 0},
    {"ソーシャルメディア", S::kUnknown, 0}, {"bulletproof hosting", S::kUnknown, 0},
});

// Where a line stops describing the offer: the contact marker (as for data
// types) or the first word about the price or payment, after which "crypto",
// "钱包" or "银行" say how the seller is paid, not who was breached.
size_t OfferEnd(string_view line) {
  size_t cut = BeforeContact(line).size();
  for (string_view w : {"price", "payment", "pay", "escrow", "价格", "售价", "打包价", "单价",
                        "报价", "付款", "支付方式", "收款", "担保", "価格", "値段", "支払"}) {
    cut = std::min(cut, FindCue(line, w));
  }
  return cut;
}

struct SectorGuess {
  Sector sector = Sector::kUnknown;
  size_t begin = 0, end = 0;
};

// Government and education domains: the registries restrict who may hold
// them (go.jp, lg.jp, ac.jp, ed.jp, .gov, .edu, gov.cn, edu.cn, ac.uk ...),
// so such a host name in a post says who the target is.
std::optional<SectorGuess> SectorFromDomains(string_view lower) {
  auto host_char = [](char c) { return IsAsciiAlnum(c) || c == '-' || c == '.'; };
  for (size_t i = 0; i < lower.size(); ++i) {
    if (!host_char(lower[i]) || (i > 0 && host_char(lower[i - 1]))) continue;
    size_t e = i;
    while (e < lower.size() && host_char(lower[e])) ++e;
    const size_t next = e;
    while (e > i && lower[e - 1] == '.') --e;
    string_view host = lower.substr(i, e - i);
    i = next;
    std::vector<string_view> labels;
    for (size_t b = 0; b <= host.size();) {
      size_t dot = host.find('.', b);
      if (dot == string_view::npos) dot = host.size();
      labels.push_back(host.substr(b, dot - b));
      b = dot + 1;
    }
    if (labels.size() < 2 || std::any_of(labels.begin(), labels.end(), [](string_view l) { return l.empty(); })) {
      continue;
    }
    const string_view tld = labels.back();
    const string_view second = labels[labels.size() - 2];
    const bool cc = tld.size() == 2 && !IsDigit(tld[0]) && !IsDigit(tld[1]);
    std::optional<Sector> sector;
    if (tld == "gov" || tld == "mil" ||
        (cc && labels.size() >= 3 &&
         (second == "gov" || second == "go" || second == "gob" || second == "gouv" ||
          second == "govt" || second == "mil" || (second == "lg" && tld == "jp")))) {
      sector = Sector::kGovernment;
    } else if (tld == "edu" || (cc && labels.size() >= 3 &&
                                (second == "edu" || second == "ac" || (second == "ed" && tld == "jp")))) {
      sector = Sector::kEducation;
    }
    if (sector) return SectorGuess{*sector, static_cast<size_t>(host.data() - lower.data()),
                                   static_cast<size_t>(host.data() - lower.data()) + host.size()};
  }
  return std::nullopt;
}

// The sector: a government or education domain decides; otherwise the cue
// words in the parts of the lines that describe the offer, longest phrase
// first (so "银行卡" is read before "银行"), summed per sector. The best sum
// must reach 2; ties go to the sector named first.
SectorGuess GuessSector(string_view lower) {
  if (std::optional<SectorGuess> by_domain = SectorFromDomains(lower)) return *by_domain;

  static const std::vector<const SectorCue*> kLongestFirst = [] {
    std::vector<const SectorCue*> v;
    for (const SectorCue& c : kSectorCues) v.push_back(&c);
    std::stable_sort(v.begin(), v.end(), [](const SectorCue* a, const SectorCue* b) {
      return a->word.size() > b->word.size();
    });
    return v;
  }();

  // Bytes outside the offer part of their line count as taken.
  std::vector<bool> taken(lower.size(), false);
  for (size_t pos = 0; pos < lower.size();) {
    const size_t nl = std::min(lower.find('\n', pos), lower.size());
    const size_t cut = pos + OfferEnd(lower.substr(pos, nl - pos));
    std::fill(taken.begin() + static_cast<std::ptrdiff_t>(std::min(cut, nl)),
              taken.begin() + static_cast<std::ptrdiff_t>(nl), true);
    pos = nl + 1;
  }

  constexpr size_t kSectors = static_cast<size_t>(Sector::kUnknown) + 1;
  std::array<int, kSectors> score{};
  std::array<size_t, kSectors> first;
  first.fill(string_view::npos);
  std::array<size_t, kSectors> first_end{};
  for (const SectorCue* cue : kLongestFirst) {
    for (size_t at = FindCue(lower, cue->word); at != string_view::npos;
         at = FindCue(lower, cue->word, at + 1)) {
      const size_t end = at + cue->word.size();
      if (std::any_of(taken.begin() + static_cast<std::ptrdiff_t>(at),
                      taken.begin() + static_cast<std::ptrdiff_t>(end), [](bool t) { return t; })) {
        continue;
      }
      std::fill(taken.begin() + static_cast<std::ptrdiff_t>(at),
                taken.begin() + static_cast<std::ptrdiff_t>(end), true);
      const auto k = static_cast<size_t>(cue->sector);
      score[k] += cue->weight;
      if (at < first[k]) {
        first[k] = at;
        first_end[k] = end;
      }
    }
  }
  SectorGuess g;
  int best = 1;  // a sum of 2 or more is needed
  for (size_t k = 0; k + 1 < kSectors; ++k) {
    if (score[k] > best || (score[k] == best && best >= 2 && first[k] < g.begin)) {
      best = score[k];
      g = SectorGuess{static_cast<Sector>(k), first[k], first_end[k]};
    }
  }
  return g;
}

std::string Summary(const Document& doc) {
  string_view t = doc.text;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t nl = t.find('\n', pos);
    size_t end = nl == string_view::npos ? t.size() : nl;
    string_view line = TrimName(t.substr(pos, end - pos));
    if (!line.empty()) {
      if (line.size() > kMaxSummaryBytes) {
        size_t cut = kMaxSummaryBytes;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        line = line.substr(0, cut);
      }
      return std::string(line);
    }
    pos = end + 1;
  }
  return doc.title;
}

}  // namespace

std::optional<Listing> ExtractListing(const Document& doc) {
  return ExtractListing(doc, parse::ReadPostMeta(doc));
}

std::optional<Listing> ExtractListing(const Document& doc, const parse::PostMeta& meta) {
  const View view(doc);
  const string_view s = view.s();
  const string_view lower = view.lower();

  const OfferingGuess offering = GuessOffering(lower);
  if (offering.score < 2) return std::nullopt;
  const std::string language = Language(s);
  const std::optional<Price> price = FindPrice(lower, language);
  const std::optional<Span> volume = FindVolume(lower);
  const Contacts contacts = FindContacts(s, lower);
  const bool has_contact = !contacts.telegram.empty() || !contacts.qq.empty() || !contacts.email.empty();
  const bool sells = HasAnyOf(lower, kSaleCues) || price.has_value();
  const bool buys = HasAnyOf(lower, kBuyCues);
  const bool reports = HasAnyOf(lower, kReportCues);

  if (!sells) return std::nullopt;
  if (buys && !HasAnyOf(lower, kSaleCues)) return std::nullopt;
  if (!price && !has_contact && !volume) return std::nullopt;
  if (reports && !price && !has_contact) return std::nullopt;

  Listing l;
  l.document_id = doc.id;
  l.offering = offering.type;
  l.access_kind = offering.type == OfferingType::kAccessSale
                      ? (offering.access == AccessKind::kNone ? AccessKind::kOther : offering.access)
                      : AccessKind::kNone;
  l.offering_evidence = view.ToEvidence(doc.id, offering.begin, offering.end);
  if (volume && volume->value >= 1 && volume->value < 9.2e18) {
    l.volume = static_cast<int64_t>(std::llround(volume->value));
    l.volume_evidence = view.ToEvidence(doc.id, volume->begin, volume->end);
  }
  if (price) {
    l.price = price->value;
    l.currency = price->currency;
    l.price_basis = price->basis;
    l.price_evidence = view.ToEvidence(doc.id, price->begin, price->end);
  }
  l.data_types = FindDataTypes(lower);
  l.target_organization = FindTarget(s, lower);
  l.target_country = FindCountry(lower, l.target_organization);
  const SectorGuess sector = GuessSector(lower);
  l.sector = sector.sector;
  if (sector.sector != Sector::kUnknown) {
    l.sector_evidence = view.ToEvidence(doc.id, sector.begin, sector.end);
  }
  l.contact = contacts.Joined();
  l.seller = meta.author;
  if (l.seller.empty() && !contacts.telegram.empty()) l.seller = contacts.telegram.front();
  l.posted_at = meta.posted_at.empty() ? doc.published_on : meta.posted_at;
  l.language = language;
  l.summary = Summary(doc);
  return l;
}

}  // namespace kenchi::extract
