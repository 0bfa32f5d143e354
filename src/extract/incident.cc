// Rule-based incident extraction from Japanese notices and news articles.
//
// The pipeline for one document:
//
//   NormalizedDoc   NFKC(title) + "\n" + NFKC(text), with a map from every
//                   byte of the normalised text back to doc.text
//   LooksLikeIncident   a small score: incident words plus a "voice" that
//                   reports one (an apology, a first-person victim, a news
//                   report verb) against column and advert vocabulary
//   FindOrganization    alias "(以下「当社」)", first-person resolution to the
//                   sender block, the subject of a news report, or the first
//                   named organisation
//   FindDate        doc.published_on, else a date standing on its own line,
//                   else the first date
//   FindRecords     numbers followed by 件/名/名分/人分, typed by the words
//                   around them, one per data type
//   FindTypes       incident types from keywords and the records found
//
// Every step is a separate function over the normalised text so that a
// later, morphology-based (MeCab) version can replace one without touching
// the rest.
//
// Evidence offsets. Rules see NFKC text, but evidence must point into the
// document's own text. NFKC is applied to doc.text piecewise: the text is cut
// before every code point that ICU reports as a normalisation boundary
// (Normalizer2::hasBoundaryBefore), and each piece is normalised alone. By
// the definition of a boundary, the concatenation equals NFKC of the whole
// text (the same property src/text/normalize.cc relies on), and every
// normalised byte knows the original piece it came from. Spans found in the
// title are looked up again in the body; if the body does not repeat them
// the evidence is the empty span [0, 0).

#include "kenchi/extract/incident.h"

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/english.h"
#include "kenchi/extract/cause.h"
#include "kenchi/extract/dates.h"
#include "kenchi/text/mecab.h"
#include "kenchi/text/normalize.h"
#include "kenchi/text/numbers.h"

namespace kenchi::extract {
namespace {

using std::string_view;

// ---- UTF-8 helpers over normalised (hence well-formed) text ----------------

char32_t CodePointAt(string_view s, size_t pos, size_t* len) {
  if (pos >= s.size()) {
    *len = 0;
    return 0;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  UChar32 c;
  size_t i = pos;
  U8_NEXT(p, i, s.size(), c);
  *len = i - pos;
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

// Start of the code point that ends at `pos` (pos > 0).
size_t PrevPos(string_view s, size_t pos) {
  size_t i = pos - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

char32_t CodePointBefore(string_view s, size_t pos, size_t* start) {
  if (pos == 0) {
    *start = 0;
    return 0;
  }
  *start = PrevPos(s, pos);
  size_t len = 0;
  return CodePointAt(s, *start, &len);
}

// Moves `pos` back by up to `n` code points.
size_t BackCodePoints(string_view s, size_t pos, size_t n) {
  while (n-- > 0 && pos > 0) pos = PrevPos(s, pos);
  return pos;
}

bool StartsWith(string_view s, size_t pos, string_view w) {
  return pos <= s.size() && s.substr(pos).starts_with(w);
}

bool EndsWithAt(string_view s, size_t end, string_view w) {
  return end >= w.size() && s.substr(end - w.size(), w.size()) == w;
}

template <size_t N>
bool ContainsAny(string_view s, const std::array<string_view, N>& words) {
  for (string_view w : words) {
    if (s.find(w) != string_view::npos) return true;
  }
  return false;
}

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\r'; }
bool IsKanji(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == U'々' ||
         c == U'ヶ' || c == U'〆';
}
bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == U'ー'; }
bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }
bool IsAsciiAlnum(char32_t c) {
  return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}
bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }

// ---- the normalised view ------------------------------------------------------

class NormalizedDoc {
 public:
  explicit NormalizedDoc(const Document& doc) : doc_(doc) {
    s_ = text::Nfkc(doc.title);
    title_end_ = s_.size();
    s_.push_back('\n');
    body_begin_ = s_.size();
    AppendBody(doc.text);
  }

  string_view all() const { return s_; }
  size_t title_end() const { return title_end_; }
  size_t body_begin() const { return body_begin_; }
  bool InTitle(size_t pos) const { return pos < title_end_; }

  // Evidence for the normalised span [b, e): the original bytes it came
  // from, or, for a title span, the first place the body says the same.
  Evidence ToEvidence(size_t b, size_t e) const {
    Evidence ev;
    ev.document_id = doc_.id;
    if (e <= b) return ev;
    if (b < body_begin_) {
      const size_t again = s_.find(s_.substr(b, e - b), body_begin_);
      if (again == std::string::npos) return ev;
      e = again + (e - b);
      b = again;
    }
    const Segment& first = segments_[segment_of_[b - body_begin_]];
    const Segment& last = segments_[segment_of_[e - 1 - body_begin_]];
    ev.begin = first.begin;
    ev.end = last.end;
    return ev;
  }

 private:
  struct Segment {
    uint32_t begin;
    uint32_t end;
  };

  void AppendBody(const std::string& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) nfkc = nullptr;
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
    s_.reserve(s_.size() + n);
    segment_of_.reserve(n);

    size_t seg_begin = 0;
    bool seg_inert = true;  // a one-code-point segment NFKC leaves alone
    size_t seg_cps = 0;
    auto flush = [&](size_t seg_end) {
      if (seg_end == seg_begin) return;
      const string_view piece(text.data() + seg_begin, seg_end - seg_begin);
      const size_t before = s_.size();
      if (seg_inert && seg_cps == 1) {
        s_.append(piece);
      } else {
        s_.append(text::Nfkc(piece));
      }
      segments_.push_back({static_cast<uint32_t>(seg_begin), static_cast<uint32_t>(seg_end)});
      segment_of_.resize(segment_of_.size() + (s_.size() - before),
                         static_cast<uint32_t>(segments_.size() - 1));
    };

    size_t i = 0;
    while (i < n) {
      const size_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      // Ill-formed bytes become U+FFFD, which has a boundary on both sides.
      const bool boundary = c < 0 || nfkc == nullptr || nfkc->hasBoundaryBefore(c);
      if (boundary || start == 0) {
        flush(start);
        seg_begin = start;
        seg_inert = true;
        seg_cps = 0;
      }
      ++seg_cps;
      if (c < 0 || nfkc == nullptr || !nfkc->isInert(c)) seg_inert = false;
      if (c < 0) {
        // Keep ill-formed bytes in a segment of their own.
        flush(i);
        seg_begin = i;
        seg_inert = true;
        seg_cps = 0;
      }
    }
    flush(n);
  }

  const Document& doc_;
  std::string s_;
  size_t title_end_ = 0;
  size_t body_begin_ = 0;
  std::vector<Segment> segments_;
  std::vector<uint32_t> segment_of_;  // per byte of the normalised body
};

// Spans of `s` between sentence ends (。!? and newlines).
struct Span {
  size_t begin;
  size_t end;
};

std::vector<Span> Sentences(string_view s) {
  std::vector<Span> out;
  size_t b = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 0;
    const char32_t c = CodePointAt(s, i, &len);
    i += len;
    if (c == U'。' || c == U'!' || c == U'?' || c == U'\n') {
      if (i - len > b) out.push_back({b, i - len});
      b = i;
    }
  }
  if (b < s.size()) out.push_back({b, s.size()});
  return out;
}

// Start of the line containing `pos`.
size_t LineStart(string_view s, size_t pos) {
  const size_t nl = pos == 0 ? string_view::npos : s.rfind('\n', pos - 1);
  return nl == string_view::npos ? 0 : nl + 1;
}

size_t LineEnd(string_view s, size_t pos) {
  const size_t nl = s.find('\n', pos);
  return nl == string_view::npos ? s.size() : nl;
}

// `pos` moved forward over spaces (ASCII, and the ideographic space NFKC has
// already folded to ASCII).
size_t SkipSpaces(string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r')) ++pos;
  return pos;
}

size_t SkipSpacesBack(string_view s, size_t pos) {
  while (pos > 0 && (s[pos - 1] == ' ' || s[pos - 1] == '\t' || s[pos - 1] == '\r')) --pos;
  return pos;
}

size_t CountCodePoints(string_view s) {
  size_t n = 0;
  for (char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// ---- lexicon -------------------------------------------------------------------
// All words are in NFKC form, since that is the text they are matched in.

// Words that, alone, make a document a candidate.
constexpr std::array<string_view, 28> kIncidentWords = {
    "不正アクセス", "不正ログイン", "不正侵入", "流出",     "漏えい",   "漏洩",   "情報漏れ",
    "ランサムウェア", "改ざん",     "改竄",     "サイバー攻撃", "乗っ取り", "乗っ取ら", "紛失",
    "盗難",         "盗まれ",       "誤送信",   "閲覧可能", "閲覧できる状態", "迷惑メール", "スパムメール",
    "マルウェア",   "Emotet",       "暗号化され", "表示される状態", "持ち出", "侵入", "閲覧された",
};

// Words of a victim speaking about itself ("弊社" ...).
constexpr std::array<string_view, 12> kFirstPerson = {
    "弊社", "当社", "本学", "本市", "本校", "当法人", "弊法人", "当行", "弊行", "当院", "本町", "当組合",
};

constexpr std::array<string_view, 24> kVictimVerbs = {
    "を受け", "が判明", "と判明", "ことが判明", "を確認", "が発生", "の可能性", "感染",
    "流出し", "漏えいし", "漏洩し", "被害に遭", "おそれ", "恐れ", "が確認", "確認され", "を検知",
    "紛失し", "紛失いたし", "盗難に遭", "盗まれ", "が判明", "発覚", "送信され",
};

// Words of a notice stating what happened, with or without a first person
// in the same sentence ("調査の結果、…が流出したことが判明しました").
constexpr std::array<string_view, 19> kStatementVerbs = {
    "判明しました", "判明いたしました", "確認いたしました", "確認しました", "発覚しました", "確認されました",
    "発生しました", "判明した", "されました", "を受けました", "確定しました", "ご報告いたします", "ご報告します",
    "お知らせいたします", "お知らせします", "第2報", "第3報", "最終報", "続報",
};

constexpr std::array<string_view, 11> kReportVerbs = {
    "と発表", "を発表", "と公表", "を公表", "明らかにした", "明らかにしました", "と説明", "としている",
    "と発表した", "公表した", "によると",
};

constexpr std::array<string_view, 4> kApology = {"お詫び", "おわび", "陳謝", "謝罪"};

constexpr std::array<string_view, 11> kNoticeTitleWords = {
    "お知らせ", "ご報告", "について", "に関する", "発生", "判明", "可能性", "恐れ", "おそれ", "流出か", "被害",
};

// Vocabulary of texts that talk *about* breaches: columns and adverts. Each
// word present costs one point.
constexpr std::array<string_view, 45> kNotIncidentWords = {
    // columns and guidance
    "コラム", "解説", "のポイント", "しましょう", "べき", "おすすめ", "一般的", "チェックリスト", "ケース",
    // adverts
    "製品", "導入", "資料請求", "無料", "トライアル", "価格", "月額", "キャンペーン", "お申し込み", "特長",
    "税込",
    // statistics and surveys
    "集計", "まとめによると", "過去最多", "前年同期", "上半期", "調査会社", "割合", "件数は", "被害件数",
    "報告件数", "年度", "このうち",
    // events, releases, warnings and investor relations
    "講座", "開催", "参加費", "定員", "先着", "ウェビナー", "発売", "新製品", "注意喚起", "ご注意ください",
    "呼びかけ", "決算", "売上高",
};

// A sentence that denies an incident outright ("不正アクセスや情報流出の事実は
// ございません") weighs against it more than any column word.
constexpr std::array<string_view, 6> kDenials = {
    "事実はございません", "事実はありません", "ではございません", "によるものではありません",
    "によるものではございません", "ではありません",
};

// Words that name a record's data type. When a list names several, one
// type is chosen for it by CombineTypes.
struct TypeWord {
  string_view word;
  DataType type;
};

constexpr std::array<TypeWord, 20> kTypeWords = {{
    {"クレジットカード", DataType::kCreditCard},
    {"カード情報", DataType::kCreditCard},
    {"カード番号", DataType::kCreditCard},
    {"カード名義", DataType::kCreditCard},
    {"セキュリティコード", DataType::kCreditCard},
    {"マイナンバー", DataType::kMyNumber},
    {"個人番号", DataType::kMyNumber},
    {"口座", DataType::kBankAccount},
    {"パスワード", DataType::kPassword},
    {"メールアドレス", DataType::kEmailAddress},
    {"電話番号", DataType::kPhone},
    {"個人情報", DataType::kPersonalInfo},
    {"個人データ", DataType::kPersonalInfo},
    {"顧客情報", DataType::kPersonalInfo},
    {"会員情報", DataType::kPersonalInfo},
    {"氏名", DataType::kPersonalInfo},
    {"名前", DataType::kPersonalInfo},
    {"住所", DataType::kPersonalInfo},
    {"生年月日", DataType::kPersonalInfo},
    {"所在地", DataType::kPersonalInfo},
}};

// ---- morphology -------------------------------------------------------------------
// MeCab's view of the normalised text, for the questions character classes
// answer badly: is a word negated ("流出は確認されておりません", "ありません"),
// and where does a noun phrase begin. Without MeCab every answer is the
// conservative one (not negated; no trimming).

class Morphology {
 public:
  explicit Morphology(string_view s) {
    thread_local std::vector<text::Morpheme> buffer;  // reused: no per-document allocation once grown
    ok_ = text::Tokenize(s, &buffer).ok();
    m_ = &buffer;
    s_ = s;
  }
  bool ok() const { return ok_; }
  const std::vector<text::Morpheme>& morphemes() const { return *m_; }

  // Index of the morpheme containing byte `pos`, or npos.
  size_t At(size_t pos) const {
    if (!ok_) return std::string::npos;
    const auto& m = *m_;
    auto it = std::upper_bound(m.begin(), m.end(), pos,
                               [](size_t p, const text::Morpheme& x) { return p < x.begin; });
    if (it == m.begin()) return std::string::npos;
    --it;
    return pos < it->end ? static_cast<size_t>(it - m.begin()) : std::string::npos;
  }

  // Whether the predicate that the word at `pos` belongs to is negated:
  // a negating auxiliary or adjective (ない/ぬ/ん) within the same clause,
  // before the next sentence end or comma-separated new subject. "否定でき
  // ない" (cannot be ruled out) is a double negative and does not count.
  bool Negated(size_t pos) const {
    const size_t i = At(pos);
    if (i == std::string::npos) return false;
    const auto& m = *m_;
    for (size_t k = i + 1; k < m.size() && k < i + 14; ++k) {
      const string_view surface = s_.substr(m[k].begin, m[k].end - m[k].begin);
      if (surface == "。" || surface == "\n" || surface == "!" || surface == "?") return false;
      if (m[k].pos == text::Pos::kVerb || m[k].pos == text::Pos::kAdjective) {
        // A clause that goes on to a new verb ("流出した可能性がない…" is
        // rare; "流出し、…ない" is another clause) is checked by its own word.
      }
      if (m[k].pos == text::Pos::kNegation) {
        const size_t back = k >= 3 ? k - 3 : 0;
        for (size_t j = back; j < k; ++j) {
          if (s_.substr(m[j].begin, m[j].end - m[j].begin) == "否定") return false;
        }
        // "…のみで、他の情報は含まれておりません": a comma between the word
        // and the negation usually starts a new clause about something else.
        for (size_t j = i + 1; j < k; ++j) {
          if (s_.substr(m[j].begin, m[j].end - m[j].begin) == "、") return false;
        }
        return true;
      }
    }
    return false;
  }

 private:
  bool ok_ = false;
  const std::vector<text::Morpheme>* m_ = nullptr;
  string_view s_;
};

// ---- is it an incident? --------------------------------------------------------

struct Signals {
  bool incident_word = false;
  bool denial = false;   // a sentence denies an incident happened
  bool apology = false;
  bool victim = false;   // a first-person sentence reporting harm
  bool statement = false;  // a sentence stating harm was found (判明しました)
  bool first_person = false;  // the document speaks as the victim somewhere
  bool report = false;   // a news sentence "X は…と発表した"
  bool notice_title = false;
  int negatives = 0;
};

Signals CollectSignals(const NormalizedDoc& nd, const Morphology& morph) {
  Signals sig;
  const string_view all = nd.all();
  // An incident word counts unless MeCab shows it negated ("流出は確認されて
  // おりません"); a document whose every incident word is negated reports none.
  for (string_view w : kIncidentWords) {
    for (size_t p = all.find(w); p != string_view::npos && !sig.incident_word; p = all.find(w, p + w.size())) {
      if (!morph.Negated(p)) sig.incident_word = true;
    }
    if (sig.incident_word) break;
  }
  for (const Span& sp : Sentences(all)) {
    const string_view sentence = all.substr(sp.begin, sp.end - sp.begin);
    if (ContainsAny(sentence, kIncidentWords) && ContainsAny(sentence, kDenials)) sig.denial = true;
  }
  sig.apology = ContainsAny(all, kApology);
  for (const Span& sp : Sentences(all)) {
    const string_view sentence = all.substr(sp.begin, sp.end - sp.begin);
    if (!ContainsAny(sentence, kIncidentWords)) continue;
    if (ContainsAny(sentence, kFirstPerson) && ContainsAny(sentence, kVictimVerbs)) sig.victim = true;
    if (ContainsAny(sentence, kStatementVerbs)) sig.statement = true;
    if (ContainsAny(sentence, kReportVerbs)) sig.report = true;
  }
  sig.first_person = ContainsAny(all, kFirstPerson);
  string_view title = all.substr(0, nd.title_end());
  // A plain-text notice without a separate title starts with it.
  if (title.empty()) title = all.substr(nd.body_begin(), LineEnd(all, nd.body_begin()) - nd.body_begin());
  sig.notice_title = ContainsAny(title, kIncidentWords) && ContainsAny(title, kNoticeTitleWords);
  for (string_view w : kNotIncidentWords) {
    if (all.find(w) != string_view::npos) ++sig.negatives;
  }
  return sig;
}

// A document reports an incident when it uses incident vocabulary, someone
// speaks as a victim or reporter (apology, first-person victim, news report
// verb), and the weighed evidence outweighs column/advert vocabulary. The
// voice is required because columns and adverts are full of the same
// incident words and even of counts.
bool LooksLikeIncident(const Signals& sig, bool has_records) {
  if (!sig.incident_word) return false;
  if (!(sig.apology || sig.victim || sig.report || sig.statement)) return false;
  int score = 0;
  if (sig.statement) score += sig.first_person ? 2 : 1;
  if (sig.apology) score += 2;
  if (sig.victim) score += 2;
  if (sig.report) score += 3;
  if (sig.notice_title) score += 1;
  if (has_records) score += 1;
  score -= sig.negatives;
  if (sig.denial) score -= 3;
  return score >= 3;
}

// ---- organisation ---------------------------------------------------------------

enum class OrgKind { kCorporate, kCity, kUniversity, kBare };

struct OrgMention {
  size_t begin = 0;
  size_t end = 0;
  OrgKind kind = OrgKind::kCorporate;
  bool line_start = false;  // first thing on its line (a sender block)
};

constexpr std::array<string_view, 18> kCorporateForms = {
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)",
    "社会福祉法人", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "医療法人",
    "特定非営利活動法人", "NPO法人", "独立行政法人", "地方独立行政法人", "学校法人",
};

// Nouns that end an organisation's name without a legal form: "ハナミズキ
// 銀行", "県立シノノメ病院", "くろしお農業協同組合".
constexpr std::array<string_view, 9> kOrgSuffixes = {
    "銀行", "信用金庫", "信用組合", "協同組合", "病院", "新聞社", "協会", "機構", "研究所",
};

// Hiragana that, inside a run after 株式会社, mean the name has ended.
bool IsParticle(char32_t c) {
  switch (c) {
    case U'が': case U'の': case U'は': case U'を': case U'に': case U'へ':
    case U'と': case U'で': case U'や': case U'も':
      return true;
    default:
      return false;
  }
}

bool IsNameChar(char32_t c) { return IsKanji(c) || IsKatakana(c) || IsAsciiAlnum(c) || c == U'&'; }

// A name after a prefix form ("株式会社" + name). Hiragana are allowed
// (有限会社ためし製作所) but a particle or a common postposition ends it.
size_t NameRunForward(string_view s, size_t pos) {
  size_t i = pos;
  size_t cps = 0;
  while (i < s.size() && cps < 30) {
    size_t len = 0;
    const char32_t c = CodePointAt(s, i, &len);
    if (IsNameChar(c)) {
      i += len;
    } else if ((c == U'・' || c == U'.' || c == U'-') && i > pos) {
      size_t next_len = 0;
      if (!IsNameChar(CodePointAt(s, i + len, &next_len))) break;
      i += len;
    } else if (IsHiragana(c) && !IsParticle(c) && !StartsWith(s, i, "から") &&
               !StartsWith(s, i, "より") && !StartsWith(s, i, "など") && !StartsWith(s, i, "まで")) {
      i += len;
    } else {
      break;
    }
    ++cps;
  }
  return i;
}

// A name before a suffix form, a city or a university (name + "株式会社").
// No hiragana: backwards, they are far more often the end of a verb
// ("手がける架空ペイ株式会社") than part of a name.
size_t NameRunBackward(string_view s, size_t end, size_t max_cps) {
  size_t i = end;
  size_t cps = 0;
  while (i > 0 && cps < max_cps) {
    size_t start = 0;
    const char32_t c = CodePointBefore(s, i, &start);
    if (IsNameChar(c)) {
      i = start;
    } else if (c == U'・' && i < end && start > 0) {
      size_t before = 0;
      if (!IsNameChar(CodePointBefore(s, start, &before))) break;
      i = start;
    } else {
      break;
    }
    ++cps;
  }
  return i;
}

bool IsLineStart(string_view s, size_t pos) {
  const size_t ls = LineStart(s, pos);
  return SkipSpaces(s, ls) == pos;
}

void AddCorporateMentions(string_view s, std::vector<OrgMention>* out) {
  for (string_view form : kCorporateForms) {
    for (size_t pos = s.find(form); pos != string_view::npos; pos = s.find(form, pos + form.size())) {
      const size_t fwd_end = NameRunForward(s, pos + form.size());
      const size_t back_begin = NameRunBackward(s, pos, 20);
      OrgMention m;
      if (fwd_end > pos + form.size()) {
        // Prefix form wins when both read as names: "株式会社X" is by far the
        // more common way to write the sender.
        m.begin = pos;
        m.end = fwd_end;
      } else if (back_begin < pos) {
        m.begin = back_begin;
        m.end = pos + form.size();
      } else {
        continue;
      }
      // A sender line holding only the name may contain particles' kana
      // ("有限会社こもれび書房"): the whole line is the name.
      const size_t ls = SkipSpaces(s, LineStart(s, m.begin));
      const size_t le = SkipSpacesBack(s, LineEnd(s, m.begin));
      // Not the title line, and not a line that goes on to say something.
      const string_view rest_of_line = s.substr(m.end, le > m.end ? le - m.end : 0);
      if (ls == m.begin && ls != 0 && le > m.end && CountCodePoints(s.substr(m.begin, le - m.begin)) <= 30 &&
          rest_of_line.find("について") == string_view::npos && rest_of_line.find("における") == string_view::npos &&
          rest_of_line.find("お詫び") == string_view::npos && rest_of_line.find("お知らせ") == string_view::npos) {
        bool name_like = true;
        for (size_t i = m.end; i < le && name_like;) {
          size_t len = 0;
          const char32_t c = CodePointAt(s, i, &len);
          name_like = IsNameChar(c) || IsHiragana(c);
          i += len;
        }
        if (name_like) m.end = le;
      }
      m.kind = OrgKind::kCorporate;
      out->push_back(m);
    }
  }
}

// Single-character words that precede 市/大学 without naming one.
bool IsDeterminer(string_view name) {
  static constexpr std::array<string_view, 12> kWords = {
      "本", "同", "当", "各", "全", "両", "他", "都", "前", "旧", "新", "市",
  };
  return std::find(kWords.begin(), kWords.end(), name) != kWords.end();
}

void AddMunicipalityMentions(string_view s, string_view kCity, std::vector<OrgMention>* out) {
  static constexpr std::array<string_view, 4> kCityOffices = {"役所", "長", "教育委員会", "議会"};
  for (size_t pos = s.find(kCity); pos != string_view::npos; pos = s.find(kCity, pos + kCity.size())) {
    const size_t after = pos + kCity.size();
    size_t len = 0;
    const char32_t next = CodePointAt(s, after, &len);
    // 市民, 市場, 市内: a kanji right after 市 makes it part of a word, except
    // for the city's own offices.
    if (IsKanji(next)) {
      bool office = false;
      for (string_view o : kCityOffices) office = office || StartsWith(s, after, o);
      if (!office) continue;
    }
    size_t b = pos;
    size_t cps = 0;
    while (b > 0 && cps < 8) {
      size_t start = 0;
      const char32_t c = CodePointBefore(s, b, &start);
      if (!IsKanji(c) && !IsKatakana(c)) break;
      b = start;
      ++cps;
    }
    const string_view name = s.substr(b, pos - b);
    if (name.empty() || IsDeterminer(name) || name.ends_with("都")) continue;
    out->push_back({b, after, OrgKind::kCity, false});
  }
}

void AddCityMentions(string_view s, std::vector<OrgMention>* out) {
  for (string_view city : {string_view("市"), string_view("町"), string_view("村")}) {
    AddMunicipalityMentions(s, city, out);
  }
}

void AddUniversityMentions(string_view s, std::vector<OrgMention>* out) {
  static constexpr string_view kUniv = "大学";
  for (size_t pos = s.find(kUniv); pos != string_view::npos; pos = s.find(kUniv, pos + kUniv.size())) {
    const size_t after = pos + kUniv.size();
    if (StartsWith(s, after, "法人") || StartsWith(s, after, "院")) continue;
    size_t b = NameRunBackward(s, pos, 20);
    string_view name = s.substr(b, pos - b);
    // "国立大学法人東架空大学": the name starts after the legal form.
    const size_t houjin = name.rfind("法人");
    if (houjin != string_view::npos) {
      b += houjin + string_view("法人").size();
      name = s.substr(b, pos - b);
    }
    if (name.empty() || IsDeterminer(name) || name == "国立" || name == "私立" || name == "公立") continue;
    out->push_back({b, after, OrgKind::kUniversity, false});
  }
}

// "ハナミズキ銀行", "県立シノノメ病院". A sender line that is only the name
// ("くろしお農業協同組合") may hold hiragana, which a backward run refuses.
void AddSuffixMentions(string_view s, std::vector<OrgMention>* out) {
  for (string_view suffix : kOrgSuffixes) {
    for (size_t pos = s.find(suffix); pos != string_view::npos; pos = s.find(suffix, pos + suffix.size())) {
      const size_t after = pos + suffix.size();
      size_t len = 0;
      if (IsKanji(CodePointAt(s, after, &len))) continue;  // 銀行口座, 病院内: part of a longer word
      size_t b = NameRunBackward(s, pos, 20);
      const size_t ls = SkipSpaces(s, LineStart(s, pos));
      if (SkipSpacesBack(s, LineEnd(s, pos)) == after && after - ls <= 60 && b > ls) {
        const string_view line = s.substr(ls, pos - ls);
        bool name_like = true;
        for (size_t i = 0; i < line.size() && name_like;) {
          const char32_t c = CodePointAt(line, i, &len);
          name_like = IsNameChar(c) || (IsHiragana(c) && !IsParticle(c));
          i += len;
        }
        if (name_like) b = ls;
      }
      const string_view name = s.substr(b, pos - b);
      if (CountCodePoints(name) < 2 || IsDeterminer(name)) continue;
      out->push_back({b, after, OrgKind::kCorporate, false});
    }
  }
}

std::vector<OrgMention> FindOrgMentions(string_view s) {
  std::vector<OrgMention> out;
  AddCorporateMentions(s, &out);
  AddSuffixMentions(s, &out);
  AddCityMentions(s, &out);
  AddUniversityMentions(s, &out);
  // Drop mentions nested in a longer one (the 市 of "架空野市役所" inside a
  // corporate name, say), then put them in text order.
  std::sort(out.begin(), out.end(), [](const OrgMention& a, const OrgMention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<OrgMention> kept;
  for (const OrgMention& m : out) {
    if (!kept.empty() && m.begin < kept.back().end) continue;
    kept.push_back(m);
  }
  for (OrgMention& m : kept) m.line_start = IsLineStart(s, m.begin);
  return kept;
}

// "X(以下「当社」)": the document names itself explicitly.
std::optional<OrgMention> FindAlias(string_view s, const std::vector<OrgMention>& mentions) {
  for (string_view fp : kFirstPerson) {
    for (string_view lead : {string_view("(以下「"), string_view("(以下、「"), string_view("(以下,「")}) {
      const std::string pattern = std::string(lead) + std::string(fp) + "」";
      const size_t pos = s.find(pattern);
      if (pos == string_view::npos) continue;
      for (const OrgMention& m : mentions) {
        if (SkipSpaces(s, m.end) == pos || m.end == SkipSpacesBack(s, pos)) return m;
      }
    }
  }
  return std::nullopt;
}

// The kind of organisation a first-person word refers to.
std::optional<OrgKind> FirstPersonKind(string_view s) {
  bool any = false;
  for (string_view fp : kFirstPerson) any = any || s.find(fp) != string_view::npos;
  if (!any) return std::nullopt;
  if (s.find("本学") != string_view::npos || s.find("本校") != string_view::npos) {
    return OrgKind::kUniversity;
  }
  if (s.find("本市") != string_view::npos || s.find("本町") != string_view::npos ||
      s.find("本村") != string_view::npos) {
    return OrgKind::kCity;
  }
  return OrgKind::kCorporate;
}

// A first-person document names its sender at the start of a line (the
// sender block) or in the title; prefer those, of the right kind.
std::optional<OrgMention> ResolveFirstPerson(const NormalizedDoc& nd, const std::vector<OrgMention>& mentions,
                                             OrgKind kind) {
  for (const OrgMention& m : mentions) {
    if (m.kind == kind && m.line_start && !nd.InTitle(m.begin)) return m;
  }
  for (const OrgMention& m : mentions) {
    if (m.kind == kind && nd.InTitle(m.begin)) return m;
  }
  for (const OrgMention& m : mentions) {
    if (m.kind == kind) return m;
  }
  for (const OrgMention& m : mentions) {
    if (m.line_start) return m;
  }
  return std::nullopt;
}

// "ミハリ通販(東京都架空区)は28日、…と発表した": the subject before は of a
// sentence with a report verb and an incident word. If it holds no named
// form, the last name-like run of the subject is taken as a bare name.
std::optional<OrgMention> FindNewsSubject(const NormalizedDoc& nd, const std::vector<OrgMention>& mentions) {
  const string_view s = nd.all();
  for (const Span& sp : Sentences(s)) {
    const string_view sentence = s.substr(sp.begin, sp.end - sp.begin);
    if (!ContainsAny(sentence, kReportVerbs) || !ContainsAny(sentence, kIncidentWords)) continue;
    const size_t ha = sentence.find("は");
    if (ha == string_view::npos || CountCodePoints(sentence.substr(0, ha)) > 40) continue;
    const size_t subj_end = sp.begin + ha;
    // Drop a trailing parenthetical (the head office's location), whose
    // city is not the subject.
    size_t e = SkipSpacesBack(s, subj_end);
    if (e > sp.begin && s[e - 1] == ')') {
      const size_t open = s.rfind('(', e - 1);
      if (open != string_view::npos && open >= sp.begin) e = SkipSpacesBack(s, open);
    }
    for (const OrgMention& m : mentions) {
      if (m.begin >= sp.begin && m.end <= e) return m;
    }
    const size_t b = NameRunBackward(s, e, 20);
    const string_view name = s.substr(b, e - b);
    if (CountCodePoints(name) < 2) continue;
    static constexpr std::array<string_view, 9> kNotNames = {"同社", "同市", "同大学", "同大", "警察", "政府",
                                                            "同行", "同町", "同協会"};
    if (std::find(kNotNames.begin(), kNotNames.end(), name) != kNotNames.end()) continue;
    return OrgMention{b, e, OrgKind::kBare, false};
  }
  return std::nullopt;
}

std::optional<OrgMention> FindOrganization(const NormalizedDoc& nd) {
  const string_view s = nd.all();
  const std::vector<OrgMention> mentions = FindOrgMentions(s);
  if (auto alias = FindAlias(s, mentions)) return alias;
  if (auto kind = FirstPersonKind(s)) {
    if (auto m = ResolveFirstPerson(nd, mentions, *kind)) return m;
  }
  if (auto m = FindNewsSubject(nd, mentions)) return m;
  if (!mentions.empty()) return mentions.front();
  return std::nullopt;
}

// ---- date -------------------------------------------------------------------------

struct DateMatch {
  size_t end = 0;
  int year = 0;
  int month = 0;
  int day = 0;
};

bool ValidDate(int y, int m, int d) {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

// Reads 1..max_digits ASCII digits.
bool ReadInt(string_view s, size_t* pos, size_t max_digits, int* value) {
  size_t i = *pos;
  int v = 0;
  while (i < s.size() && i - *pos < max_digits && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
  if (i == *pos) return false;
  *pos = i;
  *value = v;
  return true;
}

bool Expect(string_view s, size_t* pos, string_view w) {
  size_t i = SkipSpaces(s, *pos);
  if (!StartsWith(s, i, w)) return false;
  *pos = SkipSpaces(s, i + w.size());
  return true;
}

// 2024年5月28日, 令和6年5月28日 (令和元年 too), 平成31年4月1日,
// 2024/5/28, 2024-05-28, 2024.5.28.
std::optional<DateMatch> MatchDateAt(string_view s, size_t pos) {
  DateMatch d;
  size_t i = pos;
  int era_base = 0;
  if (StartsWith(s, i, "令和")) era_base = 2018;
  if (StartsWith(s, i, "平成")) era_base = 1988;
  if (era_base != 0) {
    i += string_view("令和").size();
    int n = 0;
    if (StartsWith(s, i, "元")) {
      n = 1;
      i += string_view("元").size();
    } else if (!ReadInt(s, &i, 2, &n)) {
      return std::nullopt;
    }
    d.year = era_base + n;
    if (!Expect(s, &i, "年")) return std::nullopt;
  } else {
    if (pos > 0 && s[pos - 1] >= '0' && s[pos - 1] <= '9') return std::nullopt;
    const size_t start = i;
    if (!ReadInt(s, &i, 4, &d.year) || i - start != 4) return std::nullopt;
    if (i < s.size() && (s[i] == '/' || s[i] == '-' || s[i] == '.')) {
      const char sep = s[i++];
      if (!ReadInt(s, &i, 2, &d.month) || i >= s.size() || s[i] != sep) return std::nullopt;
      ++i;
      if (!ReadInt(s, &i, 2, &d.day)) return std::nullopt;
      if (i < s.size() && s[i] >= '0' && s[i] <= '9') return std::nullopt;
      if (!ValidDate(d.year, d.month, d.day)) return std::nullopt;
      d.end = i;
      return d;
    }
    if (!Expect(s, &i, "年")) return std::nullopt;
  }
  if (!ReadInt(s, &i, 2, &d.month) || !Expect(s, &i, "月")) return std::nullopt;
  if (!ReadInt(s, &i, 2, &d.day)) return std::nullopt;
  if (!StartsWith(s, i, "日")) return std::nullopt;
  d.end = i + string_view("日").size();
  if (!ValidDate(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

std::string FormatDate(const DateMatch& d) {
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

// A notice's own date usually stands alone on a line of its sender block;
// dates inside sentences are more often when something happened. So the
// first date alone on its line wins, then the first date anywhere.
std::string FindDate(const Document& doc, const NormalizedDoc& nd) {
  if (!doc.published_on.empty()) return doc.published_on;
  const string_view s = nd.all();
  std::optional<DateMatch> first;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    if ((ch >= '0' && ch <= '9') || StartsWith(s, i, "令和") || StartsWith(s, i, "平成")) {
      if (auto d = MatchDateAt(s, i)) {
        const size_t line_end = LineEnd(s, d->end);
        // A weekday "(火)" may follow the date on its line.
        string_view rest = s.substr(d->end, line_end - d->end);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\r')) rest.remove_prefix(1);
        if (rest.starts_with("(") && rest.ends_with(")") && CountCodePoints(rest) <= 4) rest = {};
        while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.remove_suffix(1);
        if (IsLineStart(s, i) && rest.empty()) return FormatDate(*d);
        if (!first) first = d;
        i = d->end;
        continue;
      }
    }
    ++i;
  }
  return first ? FormatDate(*first) : std::string();
}

// ---- records ---------------------------------------------------------------------

bool IsKanjiDigitOrUnit(char32_t c) {
  switch (c) {
    case U'〇': case U'一': case U'二': case U'三': case U'四': case U'五':
    case U'六': case U'七': case U'八': case U'九': case U'十': case U'百': case U'千':
    case U'万': case U'億': case U'兆':
      return true;
    default:
      return false;
  }
}

bool CanStartNumber(char32_t c) {
  return (c >= U'0' && c <= U'9') || (IsKanjiDigitOrUnit(c) && c != U'万' && c != U'億' && c != U'兆');
}

bool IsNumberChar(char32_t c) {
  return (c >= U'0' && c <= U'9') || IsKanjiDigitOrUnit(c) || c == U',' || c == U'.';
}

// A number followed by a record counter, with its qualifier.
struct CountMatch {
  size_t begin = 0;         // qualifier or number start
  size_t number_begin = 0;
  size_t number_end = 0;
  size_t end = 0;           // after the counter and any suffix qualifier
  int64_t value = 0;
  Qualifier qualifier = Qualifier::kExact;
  bool person_counter = false;  // 人 (without 分): needs an explicit "の<type>"
};

// Counters that count records. 人 alone counts people and is only taken
// with an explicit type after it ("3万人の個人情報").
std::optional<CountMatch> MatchCounter(string_view s, size_t number_begin, size_t number_end, int64_t value) {
  CountMatch m;
  m.number_begin = number_begin;
  m.number_end = number_end;
  m.value = value;
  size_t i = SkipSpaces(s, number_end);
  if (StartsWith(s, i, "件")) {
    i += string_view("件").size();
    if (StartsWith(s, i, "目")) return std::nullopt;  // "2件目" is an ordinal
  } else if (StartsWith(s, i, "名分") || StartsWith(s, i, "人分")) {
    i += string_view("名分").size();
  } else if (StartsWith(s, i, "名")) {
    i += string_view("名").size();
  } else if (StartsWith(s, i, "人")) {
    i += string_view("人").size();
    m.person_counter = true;
  } else {
    return std::nullopt;
  }

  bool lower = false, approx = false, upper = false;
  // Suffix qualifiers: "4万件超", "1,500件以上", "3千件余り".
  for (string_view w : {string_view("以上"), string_view("超え"), string_view("超")}) {
    if (StartsWith(s, i, w)) {
      lower = true;
      i += w.size();
      break;
    }
  }
  if (!lower) {
    for (string_view w : {string_view("余り"), string_view("余"), string_view("程度"), string_view("前後"),
                          string_view("ほど")}) {
      if (StartsWith(s, i, w)) {
        approx = true;
        i += w.size();
        break;
      }
    }
  }
  m.end = i;

  // Prefix qualifiers, longest first: "最大約280人分" is an upper bound.
  size_t b = SkipSpacesBack(s, number_begin);
  struct Prefix {
    string_view word;
    Qualifier q;
  };
  static constexpr std::array<Prefix, 10> kPrefixes = {{
      {"最大で約", Qualifier::kUpperBound},
      {"最大約", Qualifier::kUpperBound},
      {"最大で", Qualifier::kUpperBound},
      {"最大", Qualifier::kUpperBound},
      {"少なくとも約", Qualifier::kLowerBound},
      {"少なくとも", Qualifier::kLowerBound},
      {"おおよそ", Qualifier::kApprox},
      {"およそ", Qualifier::kApprox},
      {"概ね", Qualifier::kApprox},
      {"約", Qualifier::kApprox},
  }};
  m.begin = number_begin;
  for (const Prefix& p : kPrefixes) {
    if (EndsWithAt(s, b, p.word)) {
      m.begin = b - p.word.size();
      if (p.q == Qualifier::kUpperBound) upper = true;
      if (p.q == Qualifier::kLowerBound) lower = true;
      if (p.q == Qualifier::kApprox) approx = true;
      break;
    }
  }
  m.qualifier = upper ? Qualifier::kUpperBound
                      : lower ? Qualifier::kLowerBound : approx ? Qualifier::kApprox : Qualifier::kExact;
  return m;
}

// Every number-with-counter in [from, to) of `s`, in order.
std::vector<CountMatch> FindCounts(string_view s, size_t from, size_t to) {
  std::vector<CountMatch> out;
  size_t i = from;
  while (i < to) {
    size_t len = 0;
    const char32_t c = CodePointAt(s, i, &len);
    size_t prev_start = 0;
    const char32_t prev = CodePointBefore(s, i, &prev_start);
    if (CanStartNumber(c) && !IsNumberChar(prev) && !IsAsciiLetter(prev)) {
      if (auto n = text::ParseJapaneseNumber(s.substr(i, to - i))) {
        // "0件" reports that nothing was exposed: not a record count.
        if (n->value > 0) {
          if (auto m = MatchCounter(s.substr(0, to), i, i + n->length, n->value)) out.push_back(*m);
        }
        i += n->length;
        continue;
      }
    }
    i += len;
  }
  return out;
}

// Picks one data type for a list of type words ("氏名、住所、電話番号" is
// personal information; "カード番号、有効期限、セキュリティコード" a card).
// The most sensitive specific category wins; a list naming a person is
// personal information; otherwise the contact detail named.
std::optional<DataType> CombineTypes(const std::vector<DataType>& types) {
  if (types.empty()) return std::nullopt;
  auto has = [&](DataType t) { return std::find(types.begin(), types.end(), t) != types.end(); };
  for (DataType t : {DataType::kCreditCard, DataType::kMyNumber, DataType::kBankAccount, DataType::kPassword,
                     DataType::kPersonalInfo, DataType::kEmailAddress, DataType::kPhone}) {
    if (has(t)) return t;
  }
  return types.front();
}

struct TypeHit {
  size_t begin;
  size_t end;
  DataType type;
};

// Type words in [from, to), in text order. "個人情報保護委員会" names a
// regulator, not data.
std::vector<TypeHit> TypeWordsIn(string_view s, size_t from, size_t to) {
  std::vector<TypeHit> hits;
  const string_view window = s.substr(from, to - from);
  for (const TypeWord& tw : kTypeWords) {
    for (size_t p = window.find(tw.word); p != string_view::npos; p = window.find(tw.word, p + 1)) {
      const size_t end = from + p + tw.word.size();
      if (tw.word == "個人情報" && StartsWith(s, end, "保護")) continue;
      hits.push_back({from + p, end, tw.type});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const TypeHit& a, const TypeHit& b) { return a.begin < b.begin; });
  // "クレジットカード情報" also contains "カード情報": keep only the first,
  // longer hit of overlapping ones.
  std::vector<TypeHit> kept;
  for (const TypeHit& h : hits) {
    if (!kept.empty() && h.begin < kept.back().end) continue;
    kept.push_back(h);
  }
  return kept;
}

// How far back (in code points) a type word may stand from its count.
constexpr size_t kTypeWindowCps = 120;
// How far back a generic "情報"/"データ" may stand.
constexpr size_t kGenericWindowCps = 10;
// How far back a "not records" word may stand ("店舗数 12件").
constexpr size_t kSkipWindowCps = 6;

struct TypedCount {
  CountMatch count;
  DataType type;
};

// The data type of one count, or nothing when the count is not of records.
std::optional<DataType> TypeOfCount(string_view s, size_t region_begin, const CountMatch& c, size_t prev_end) {
  // Counts of things that are not records.
  static constexpr std::array<string_view, 11> kNotRecordsBefore = {
      "店舗", "社数", "団体", "通数", "送信数", "閲覧数", "ページビュー", "PV", "アクセス数", "回数", "加盟店数",
  };
  const size_t skip_from = std::max(region_begin, BackCodePoints(s, c.begin, kSkipWindowCps));
  if (ContainsAny(s.substr(skip_from, c.begin - skip_from), kNotRecordsBefore)) return std::nullopt;
  // "約12万名のうち" / "12万名中": a population, not what was exposed.
  if (StartsWith(s, c.end, "のうち") || StartsWith(s, c.end, "中")) return std::nullopt;

  // 1. An explicit type after the counter: "5892件のクレジットカード情報".
  std::optional<DataType> forward_generic;
  if (StartsWith(s, c.end, "の")) {
    const size_t fb = c.end + string_view("の").size();
    size_t fe = fb;
    size_t cps = 0;
    while (fe < s.size() && cps < 20) {
      size_t len = 0;
      const char32_t ch = CodePointAt(s, fe, &len);
      // A list of types may run over commas ("顧客の氏名、住所、口座番号"), but
      // not into the next figure ("…の情報と、約8千件の…").
      if (ch == U'。' || ch == U'\n' || ch == U'が' || ch == U'を' || ch == U'は' || ch == U'(' ||
          (ch >= U'0' && ch <= U'9') || StartsWith(s, fe, "と、")) {
        break;
      }
      fe += len;
      ++cps;
    }
    std::vector<DataType> types;
    for (const TypeHit& h : TypeWordsIn(s, fb, fe)) types.push_back(h.type);
    if (auto t = CombineTypes(types)) return t;
    const string_view span = s.substr(fb, fe - fb);
    static constexpr std::array<string_view, 6> kNotRecordsAfter = {
        "店舗", "加盟店", "団体", "企業", "法人", "事業者",
    };
    for (string_view w : kNotRecordsAfter) {
      if (span.starts_with(w)) return std::nullopt;
    }
    if (span.find("情報") != string_view::npos || span.find("データ") != string_view::npos) {
      forward_generic = DataType::kOther;
    }
  }
  if (c.person_counter) return forward_generic;  // 人 needs "の<type>"

  // 2. The nearest type word before the count, within the paragraph and
  // sentence, extended to the list it belongs to.
  const size_t window = std::max(region_begin, BackCodePoints(s, c.begin, kTypeWindowCps));
  const string_view before = s.substr(window, c.begin - window);
  size_t wb = window;
  for (string_view stop : {string_view("。"), string_view("\n\n")}) {
    const size_t p = before.rfind(stop);
    if (p != string_view::npos) wb = std::max(wb, window + p + stop.size());
  }
  const std::vector<TypeHit> hits = TypeWordsIn(s, wb, c.begin);
  if (!hits.empty()) {
    const TypeHit& nearest = hits.back();
    size_t clause = LineStart(s, nearest.begin);
    const string_view upto = s.substr(clause, nearest.begin - clause);
    const size_t maru = upto.rfind("。");
    if (maru != string_view::npos) clause += maru + string_view("。").size();
    if (prev_end > clause && prev_end <= nearest.begin) clause = prev_end;
    // "カード情報1万件(カード番号、…)と、個人情報2万件": a new list starts
    // after the connector; the previous figure's parenthesis is not ours.
    for (string_view conn : {string_view("と、"), string_view(")と"), string_view("および"), string_view("及び")}) {
      const string_view between = s.substr(clause, nearest.begin - clause);
      const size_t p = between.rfind(conn);
      if (p != string_view::npos) clause += p + conn.size();
    }
    std::vector<DataType> types;
    for (const TypeHit& h : hits) {
      if (h.begin >= clause) types.push_back(h.type);
    }
    return CombineTypes(types);
  }

  // 3. Generic "情報"/"データ": a count of some data, type unknown.
  if (forward_generic) return forward_generic;
  const size_t gb = std::max(region_begin, BackCodePoints(s, c.begin, kGenericWindowCps));
  const string_view near = s.substr(gb, c.begin - gb);
  if (near.find("情報") != string_view::npos || near.find("データ") != string_view::npos) return DataType::kOther;
  return std::nullopt;
}

std::vector<TypedCount> TypedCountsIn(string_view s, size_t from, size_t to) {
  std::vector<TypedCount> out;
  size_t prev_end = 0;
  for (const CountMatch& c : FindCounts(s, from, to)) {
    if (auto t = TypeOfCount(s, from, c, prev_end)) out.push_back({c, *t});
    prev_end = c.end;
  }
  return out;
}

// One RecordCount per data type: the largest figure stated (a second
// notice's revised count is normally the larger; on a tie the first
// statement is kept). A generic count equal to a typed one is the same
// figure said twice and is dropped.
std::vector<RecordCount> FindRecords(const NormalizedDoc& nd) {
  const string_view s = nd.all();
  std::vector<TypedCount> found = TypedCountsIn(s, nd.body_begin(), s.size());
  // The title repeats the body; read it only when the body has no counts.
  if (found.empty()) found = TypedCountsIn(s, 0, nd.title_end());

  std::vector<TypedCount> best;
  for (const TypedCount& tc : found) {
    auto it = std::find_if(best.begin(), best.end(), [&](const TypedCount& b) { return b.type == tc.type; });
    if (it == best.end()) {
      best.push_back(tc);
    } else if (tc.count.value > it->count.value) {
      *it = tc;
    }
  }
  std::vector<RecordCount> records;
  for (const TypedCount& tc : best) {
    if (tc.type == DataType::kOther &&
        std::any_of(best.begin(), best.end(), [&](const TypedCount& b) {
          return b.type != DataType::kOther && b.count.value == tc.count.value;
        })) {
      continue;
    }
    RecordCount rc;
    rc.data_type = tc.type;
    rc.count = tc.count.value;
    rc.qualifier = tc.count.qualifier;
    rc.evidence = nd.ToEvidence(tc.count.begin, tc.count.end);
    records.push_back(rc);
  }
  std::sort(records.begin(), records.end(),
            [](const RecordCount& a, const RecordCount& b) { return a.data_type < b.data_type; });
  return records;
}

// ---- incident types ------------------------------------------------------------

bool AnySentence(string_view s, const std::vector<Span>& sentences, auto&& pred) {
  for (const Span& sp : sentences) {
    if (pred(s.substr(sp.begin, sp.end - sp.begin))) return true;
  }
  return false;
}

std::vector<IncidentType> FindTypes(const NormalizedDoc& nd, const Morphology& morph,
                                   const std::vector<RecordCount>& records) {
  const string_view s = nd.all();
  const std::vector<Span> sentences = Sentences(s);
  std::vector<IncidentType> types;
  auto add = [&](IncidentType t) {
    if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  };
  auto has_record = [&](std::initializer_list<DataType> ts) {
    return std::any_of(records.begin(), records.end(), [&](const RecordCount& r) {
      return std::find(ts.begin(), ts.end(), r.data_type) != ts.end();
    });
  };

  // Defacement and injection cannot happen without access, and "侵入"/
  // "不正に利用" say it in other words.
  static constexpr std::array<string_view, 13> kAccess = {
      "不正アクセス", "不正ログイン", "不正侵入", "侵入され", "侵入を受け", "不正に侵入", "乗っ取",
      "侵入", "サイバー攻撃", "不正に利用", "改ざんされ", "SQLインジェクション", "侵害",
  };
  if (ContainsAny(s, kAccess)) add(IncidentType::kUnauthorizedAccess);

  static constexpr std::array<string_view, 4> kLeak = {"流出", "漏えい", "漏洩", "情報漏れ"};
  static constexpr std::array<string_view, 5> kNegation = {"ありません", "おらず", "ていない", "ません", "なかった"};
  // A leak word counts only where it is not negated ("流出は確認されておりません").
  bool leak = false;
  for (string_view w : kLeak) {
    for (size_t p = s.find(w); p != string_view::npos && !leak; p = s.find(w, p + w.size())) leak = !morph.Negated(p);
  }
  // Exposure without the word "leak": data left viewable, shown to others, or
  // a device holding it lost or stolen.
  static constexpr std::array<string_view, 7> kExposure = {
      "閲覧可能", "閲覧できる状態", "閲覧された", "表示される状態", "持ち出", "誤送信", "外部に送信された"};
  for (string_view w : kExposure) {
    for (size_t p = s.find(w); p != string_view::npos && !leak; p = s.find(w, p + w.size())) leak = !morph.Negated(p);
  }
  if (!leak && ContainsAny(s, std::array<string_view, 3>{"紛失", "盗難", "盗まれ"})) leak = true;
  // A sentence that names personal data and says it was exposed, without
  // denying it ("氏名、住所が閲覧された可能性").
  static constexpr std::array<string_view, 10> kPersonalWords = {
      "個人情報", "氏名", "住所", "メールアドレス", "電話番号", "顧客情報", "会員情報", "生年月日", "口座", "パスワード"};
  static constexpr std::array<string_view, 9> kExposedWords = {
      "流出", "漏えい", "漏洩", "情報漏れ", "閲覧された", "閲覧可能", "閲覧できる状態", "表示される状態", "盗まれ"};
  if (leak && (has_record({DataType::kPersonalInfo, DataType::kEmailAddress, DataType::kPhone, DataType::kAddress,
                           DataType::kMyNumber, DataType::kPassword, DataType::kBankAccount}) ||
               AnySentence(s, sentences, [](string_view t) {
                 return ContainsAny(t, kPersonalWords) && ContainsAny(t, kExposedWords) &&
                        !ContainsAny(t, kNegation);
               }))) {
    add(IncidentType::kPersonalDataLeak);
  }
  static constexpr std::array<string_view, 2> kCard = {"クレジットカード", "カード情報"};
  if (has_record({DataType::kCreditCard}) || AnySentence(s, sentences, [](string_view t) {
        return ContainsAny(t, kCard) && ContainsAny(t, kLeak) && !ContainsAny(t, kNegation);
      })) {
    add(IncidentType::kCardDataLeak);
  }

  static constexpr std::array<string_view, 3> kRansom = {"ランサムウェア", "ランサム", "身代金"};
  if (ContainsAny(s, kRansom)) add(IncidentType::kRansomware);

  // 改ざん of a web site is defacement; 改ざん of a payment page's program
  // is how card skimming works and is already a card-data leak.
  static constexpr std::array<string_view, 2> kTamper = {"改ざん", "改竄"};
  static constexpr std::array<string_view, 6> kSite = {"ホームページ", "ウェブサイト", "Webサイト", "WEBサイト",
                                                       "サイト", "ページ"};
  static constexpr std::array<string_view, 5> kNotDefacement = {"決済", "カード", "プログラム", "ペイメント",
                                                                "データ"};
  if (AnySentence(s, sentences, [](string_view t) {
        return ContainsAny(t, kTamper) && ContainsAny(t, kSite) && !ContainsAny(t, kNotDefacement);
      })) {
    add(IncidentType::kDefacement);
  }

  static constexpr std::array<string_view, 5> kSpam = {"迷惑メール", "スパムメール", "スパム", "不審なメール",
                                                       "なりすましメール"};
  static constexpr std::array<string_view, 3> kSend = {"送信", "配信", "発信"};
  if (AnySentence(s, sentences, [](string_view t) {
        return ContainsAny(t, kSpam) && ContainsAny(t, kSend) && t.find("注意") == string_view::npos;
      })) {
    add(IncidentType::kSpamRelay);
  }

  static constexpr std::array<string_view, 8> kMisconfig = {
      "設定不備", "設定の不備", "設定ミス", "設定の誤り", "設定誤り", "誤設定", "閲覧可能な状態", "公開設定",
  };
  if (ContainsAny(s, kMisconfig)) add(IncidentType::kMisconfiguration);

  if (s.find("フィッシング") != string_view::npos) add(IncidentType::kPhishing);

  static constexpr std::array<string_view, 4> kMalware = {"マルウェア", "ウイルス", "Emotet", "エモテット"};
  if (ContainsAny(s, kMalware) && !ContainsAny(s, kRansom)) add(IncidentType::kMalware);

  static constexpr std::array<string_view, 3> kLost = {"紛失", "置き忘れ", "盗難"};
  if (ContainsAny(s, kLost)) add(IncidentType::kLostDevice);

  static constexpr std::array<string_view, 3> kInsider = {"元従業員", "内部不正", "従業員による持ち出し"};
  if (ContainsAny(s, kInsider)) add(IncidentType::kInsider);

  if (types.empty()) add(IncidentType::kOther);
  std::sort(types.begin(), types.end());
  return types;
}

// Legal forms removed for the grouping key, Japanese and English.
constexpr std::array<string_view, 22> kKeyForms = {
    "国立大学法人", "公立大学法人", "地方独立行政法人", "独立行政法人", "特定非営利活動法人", "社会福祉法人",
    "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "医療法人", "学校法人", "npo法人",
    "co., ltd.", "co.,ltd.", "co. ltd.", ", inc.", " inc.", " corporation", " corp.", " ltd.", " llc",
};

std::optional<Incident> ExtractEnglish(const Document& doc, const NormalizedDoc& nd) {
  const string_view s = nd.all();
  const english::Signals sig = english::CollectSignals(s);
  if (!sig.incident_word || !sig.voice) return std::nullopt;
  const std::vector<english::Count> counts = english::FindCounts(s);
  int score = 2 + (counts.empty() ? 0 : 1) - sig.negatives;
  if (score < 2) return std::nullopt;
  Incident inc;
  inc.organization_evidence.document_id = doc.id;
  if (auto org = english::FindOrganization(s)) {
    inc.organization = std::string(s.substr(org->begin, org->end - org->begin));
    inc.organization_key = OrganizationKey(inc.organization);
    inc.organization_evidence = nd.ToEvidence(org->begin, org->end);
  }
  // One count per data type: the largest.
  for (const english::Count& c : counts) {
    auto it = std::find_if(inc.records.begin(), inc.records.end(),
                           [&](const RecordCount& r) { return r.data_type == c.type; });
    RecordCount rc;
    rc.data_type = c.type;
    rc.count = c.value;
    rc.qualifier = c.qualifier;
    rc.evidence = nd.ToEvidence(c.begin, c.end);
    rc.evidence.document_id = doc.id;
    if (it == inc.records.end()) {
      inc.records.push_back(rc);
    } else if (c.value > it->count) {
      *it = rc;
    }
  }
  const bool card = std::any_of(inc.records.begin(), inc.records.end(),
                                [](const RecordCount& r) { return r.data_type == DataType::kCreditCard; });
  const bool personal = std::any_of(inc.records.begin(), inc.records.end(), [](const RecordCount& r) {
    return r.data_type != DataType::kCreditCard;
  });
  english::AddTypes(s, card, personal, &inc.types);
  if (inc.types.empty()) inc.types.push_back(IncidentType::kOther);
  std::sort(inc.types.begin(), inc.types.end());
  return inc;
}

// Cause, origin and event dates: the same for both languages.
void AddCauseOriginDates(const Document& doc, const NormalizedDoc& nd, Incident* inc) {
  const string_view s = nd.all();
  if (auto cause = FindCause(s)) {
    inc->cause = cause->value;
    inc->cause_evidence = nd.ToEvidence(cause->begin, cause->end);
  }
  if (auto origin = FindOrigin(s)) {
    inc->origin_country = origin->value;
    inc->origin_evidence = nd.ToEvidence(origin->begin, origin->end);
  }
  const EventDates dates = FindEventDates(s, inc->published_on);
  if (dates.occurred) {
    inc->occurred_on = dates.occurred->Iso();
    inc->occurred_evidence = nd.ToEvidence(dates.occurred->begin, dates.occurred->end);
  }
  if (dates.discovered) {
    inc->discovered_on = dates.discovered->Iso();
    inc->discovered_evidence = nd.ToEvidence(dates.discovered->begin, dates.discovered->end);
  }
  for (Evidence* ev : {&inc->cause_evidence, &inc->origin_evidence, &inc->occurred_evidence,
                       &inc->discovered_evidence}) {
    ev->document_id = doc.id;
  }
}

}  // namespace

std::string OrganizationKey(string_view name) {
  std::string s = text::NfkcCaseFold(name);
  for (string_view form : kCorporateForms) {
    const std::string f = text::NfkcCaseFold(form);
    for (size_t pos = s.find(f); pos != std::string::npos; pos = s.find(f)) s.erase(pos, f.size());
  }
  for (string_view form : kKeyForms) {
    for (size_t pos = s.find(form); pos != std::string::npos; pos = s.find(form)) s.erase(pos, form.size());
  }
  std::string out;
  int depth = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 0;
    const char32_t c = CodePointAt(s, i, &len);
    if (c == U'(' || c == U'「' || c == U'【' || c == U'[' || c == U'『') {
      ++depth;
    } else if ((c == U')' || c == U'」' || c == U'】' || c == U']' || c == U'』') && depth > 0) {
      --depth;
    } else if (depth == 0 && !IsSpace(c) && c != U'\n' && c != U',' && c != U'.' && c != U'・') {
      out.append(s, i, len);
    }
    i += len;
  }
  // "The City of X" and "X city" group together; a leading "the" never matters.
  if (out.starts_with("the")) out.erase(0, 3);
  // "県立シノノメ病院" and "シノノメ病院" are one hospital.
  for (string_view owner : {"県立", "市立", "町立", "村立", "都立", "府立", "道立", "国立", "私立", "公立"}) {
    if (out.starts_with(owner) && out.size() > owner.size() + 3) {
      out.erase(0, owner.size());
      break;
    }
  }
  return out;
}

std::optional<Incident> ExtractIncident(const Document& doc) {
  const NormalizedDoc nd(doc);
  if (english::IsEnglish(nd.all())) {
    std::optional<Incident> inc = ExtractEnglish(doc, nd);
    if (inc) {
      inc->published_on = FindDate(doc, nd);
      AddCauseOriginDates(doc, nd, &*inc);
      inc->document_ids.push_back(doc.id);
    }
    return inc;
  }
  // Cheap exit for most documents, before any morphology.
  if (!ContainsAny(nd.all(), kIncidentWords)) return std::nullopt;
  const Morphology morph(nd.all());
  const Signals sig = CollectSignals(nd, morph);
  if (!sig.incident_word) return std::nullopt;

  std::vector<RecordCount> records = FindRecords(nd);
  if (!LooksLikeIncident(sig, !records.empty())) return std::nullopt;

  Incident inc;
  if (auto org = FindOrganization(nd)) {
    inc.organization = std::string(nd.all().substr(org->begin, org->end - org->begin));
    inc.organization_key = OrganizationKey(inc.organization);
    inc.organization_evidence = nd.ToEvidence(org->begin, org->end);
  } else {
    inc.organization_evidence.document_id = doc.id;
  }
  inc.published_on = FindDate(doc, nd);
  inc.types = FindTypes(nd, morph, records);
  for (RecordCount& rc : records) rc.evidence.document_id = doc.id;
  inc.records = std::move(records);
  AddCauseOriginDates(doc, nd, &inc);
  inc.document_ids.push_back(doc.id);
  return inc;
}

}  // namespace kenchi::extract
