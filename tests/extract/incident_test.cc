#include "kenchi/extract/incident.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kenchi/model.h"

namespace kenchi::extract {
namespace {

// ---- building Documents the way the parse stage does --------------------------
// These helpers mimic parse's output closely enough for extraction (title,
// text, published date) without depending on it, so that these tests fail
// only for extraction bugs. The sample files' UTF-8 masters are read: the
// encoded copies in sample-data/notices/ are the parse stage's business.

std::string ReadSample(const std::string& relative) {
  const std::string path = std::string(KENCHI_SOURCE_DIR) + "/sample-data/" + relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Plain text: the first non-blank line is the title, the text is all of it.
Document TextDocument(const std::string& body, int64_t id = 7) {
  Document doc;
  doc.id = id;
  doc.text = body;
  std::istringstream lines(body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      doc.title = line;
      break;
    }
  }
  return doc;
}

// A crude HTML reader: <title> is the title; the body's markup is removed,
// block elements become line breaks, <script>/<style> are dropped.
Document HtmlDocument(const std::string& html, int64_t id = 7) {
  Document doc;
  doc.id = id;
  const size_t t0 = html.find("<title>");
  const size_t t1 = html.find("</title>");
  if (t0 != std::string::npos && t1 != std::string::npos) doc.title = html.substr(t0 + 7, t1 - t0 - 7);
  size_t i = html.find("<body");
  if (i == std::string::npos) i = 0;
  std::string text;
  while (i < html.size()) {
    if (html[i] != '<') {
      if (html.compare(i, 5, "&amp;") == 0) {
        text += '&';
        i += 5;
      } else if (html.compare(i, 4, "&gt;") == 0) {
        text += '>';
        i += 4;
      } else {
        text += html[i++];
      }
      continue;
    }
    const size_t close = html.find('>', i);
    if (close == std::string::npos) break;
    const std::string tag = html.substr(i + 1, close - i - 1);
    i = close + 1;
    if (tag.rfind("script", 0) == 0 || tag.rfind("style", 0) == 0) {
      // Skip to the end of the element: its content is not text.
      const std::string end_tag = "</" + tag.substr(0, tag.rfind("script", 0) == 0 ? 6 : 5);
      const size_t end = html.find(end_tag, i);
      const size_t gt = end == std::string::npos ? std::string::npos : html.find('>', end);
      i = gt == std::string::npos ? html.size() : gt + 1;
      continue;
    }
    for (const char* block : {"p", "/p", "br", "h1", "h2", "li", "tr", "td", "th", "div", "header", "footer"}) {
      const std::string b(block);
      if (tag == b || tag.rfind(b + " ", 0) == 0) text += '\n';
    }
  }
  doc.text = text;
  return doc;
}

// One line of a JSON-lines news file (1-based).
Document NewsDocument(int line_no) {
  std::istringstream lines(ReadSample("notices/news-2024-06.jsonl"));
  std::string line;
  for (int i = 0; i < line_no; ++i) std::getline(lines, line);
  const nlohmann::json j = nlohmann::json::parse(line);
  Document doc;
  doc.id = 100 + line_no;
  doc.format = DocumentFormat::kJsonLines;
  doc.title = j.at("title").get<std::string>();
  doc.text = j.at("body").get<std::string>();
  doc.published_on = j.at("published").get<std::string>();
  doc.uri = "news-2024-06.jsonl#L" + std::to_string(line_no);
  return doc;
}

// ---- assertions -----------------------------------------------------------------

const RecordCount* FindRecord(const Incident& inc, DataType t) {
  for (const RecordCount& r : inc.records) {
    if (r.data_type == t) return &r;
  }
  return nullptr;
}

std::string_view Cited(const Document& doc, const Evidence& ev) {
  EXPECT_EQ(ev.document_id, doc.id);
  EXPECT_LE(ev.begin, ev.end);
  EXPECT_LE(ev.end, doc.text.size());
  if (ev.end > doc.text.size() || ev.begin > ev.end) return {};
  return std::string_view(doc.text).substr(ev.begin, ev.end - ev.begin);
}

void ExpectRecord(const Document& doc, const Incident& inc, DataType t, int64_t count, Qualifier q,
                  std::string_view cited) {
  const RecordCount* r = FindRecord(inc, t);
  ASSERT_NE(r, nullptr) << "no record of type " << ToString(t);
  EXPECT_EQ(r->count, count) << ToString(t);
  EXPECT_EQ(r->qualifier, q) << ToString(t) << " is " << ToString(r->qualifier);
  EXPECT_EQ(Cited(doc, r->evidence), cited) << ToString(t);
}

std::vector<std::string> TypeNames(const Incident& inc) {
  std::vector<std::string> out;
  for (IncidentType t : inc.types) out.emplace_back(ToString(t));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// ---- the sample notices ---------------------------------------------------------

TEST(IncidentExtract, ShiftJisNoticeCardAndPersonalData) {
  const Document doc = TextDocument(ReadSample("src/mihari-tsuhan-notice-2024-05-28.txt"));
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "株式会社ミハリ通販");
  EXPECT_EQ(inc->organization_key, "ミハリ通販");
  EXPECT_EQ(Cited(doc, inc->organization_evidence), "株式会社ミハリ通販");
  EXPECT_EQ(inc->published_on, "2024-05-28");
  ASSERT_EQ(inc->records.size(), 2u);
  ExpectRecord(doc, *inc, DataType::kCreditCard, 5892, Qualifier::kExact, "５，８９２件");
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 18746, Qualifier::kUpperBound, "最大１８，７４６名分");
  // The payment page's program was tampered with: a card leak, not a defacement.
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "personal_data_leak", "card_data_leak"}));
  ASSERT_EQ(inc->document_ids.size(), 1u);
  EXPECT_EQ(inc->document_ids[0], doc.id);
}

TEST(IncidentExtract, SecondNoticeTakesRevisedCounts) {
  const Document doc = TextDocument(ReadSample("notices/mihari-tsuhan-update-2024-07-12.txt"));
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization_key, "ミハリ通販");
  EXPECT_EQ(inc->published_on, "2024-07-12");  // the notice's own date, not 2024年5月28日 in the text
  ASSERT_EQ(inc->records.size(), 2u);
  ExpectRecord(doc, *inc, DataType::kCreditCard, 6012, Qualifier::kExact, "６，０１２件");
  // "約１２万名のうち" is the member base, not what leaked.
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 19305, Qualifier::kExact, "１９，３０５名分");
}

TEST(IncidentExtract, EucJpCityNoticeResolvesHonshi) {
  const Document doc = TextDocument(ReadSample("src/kakuuno-city-notice-2024-06-10.txt"));
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "架空野市");
  EXPECT_EQ(inc->organization_key, "架空野市");
  EXPECT_EQ(Cited(doc, inc->organization_evidence), "架空野市");
  EXPECT_EQ(inc->published_on, "2024-06-10");  // 令和６年
  ASSERT_EQ(inc->records.size(), 2u);
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 31000, Qualifier::kApprox, "約３万１千件");
  ExpectRecord(doc, *inc, DataType::kBankAccount, 2104, Qualifier::kExact, "２，１０４件");
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "personal_data_leak", "ransomware"}));
}

TEST(IncidentExtract, UniversityHtmlSpamAndPhishing) {
  const Document doc = HtmlDocument(ReadSample("notices/higashi-kakuu-univ-2024-06-03.html"));
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "東架空大学");
  EXPECT_EQ(Cited(doc, inc->organization_evidence), "東架空大学");
  EXPECT_EQ(inc->published_on, "2024-06-03");
  // 1名 (a person) and 約1万2千通 (messages) are not records.
  ASSERT_EQ(inc->records.size(), 1u);
  ExpectRecord(doc, *inc, DataType::kEmailAddress, 1203, Qualifier::kUpperBound, "最大1,203件");
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "personal_data_leak", "spam_relay", "phishing"}));
}

TEST(IncidentExtract, ShiftJisHtmlSuffixFormAndMisconfiguration) {
  const Document doc = HtmlDocument(ReadSample("src/kakuu-pay-notice-2024-04-05.html"));
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "架空ペイ株式会社");
  EXPECT_EQ(inc->organization_key, "架空ペイ");
  EXPECT_EQ(inc->published_on, "2024-04-05");
  // 約３４万店舗 counts shops and is skipped.
  ASSERT_EQ(inc->records.size(), 2u);
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 12034567, Qualifier::kExact, "１，２０３万４，５６７件");
  ExpectRecord(doc, *inc, DataType::kBankAccount, 8123, Qualifier::kExact, "８，１２３件");
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "personal_data_leak", "misconfiguration"}));
}

TEST(IncidentExtract, DateFirstLayoutWithReiwaAndManyDataTypes) {
  const Document doc = TextDocument(ReadSample("notices/tameshi-seisakusho-2024-06-20.txt"));
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "有限会社ためし製作所");
  EXPECT_EQ(inc->organization_key, "ためし製作所");
  EXPECT_EQ(inc->published_on, "2024-06-20");
  ASSERT_EQ(inc->records.size(), 4u);
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 3200, Qualifier::kApprox, "約３，２００件");
  ExpectRecord(doc, *inc, DataType::kBankAccount, 47, Qualifier::kExact, "４７件");
  ExpectRecord(doc, *inc, DataType::kMyNumber, 280, Qualifier::kUpperBound, "最大約２８０人分");
  ExpectRecord(doc, *inc, DataType::kPhone, 1500, Qualifier::kLowerBound, "１，５００件以上");
  // The attackers were inside the network (サイバー攻撃を受け…持ち出していた):
  // that is unauthorised access as well as ransomware.
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "personal_data_leak", "ransomware"}));
}

TEST(IncidentExtract, NewsReportSubjectWithoutLegalForm) {
  const Document doc = NewsDocument(1);
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "ミハリ通販");
  EXPECT_EQ(inc->organization_key, "ミハリ通販");  // groups with the company's own notice
  EXPECT_EQ(Cited(doc, inc->organization_evidence), "ミハリ通販");
  EXPECT_EQ(inc->published_on, "2024-05-29");  // the feed's date wins over 5月28日 in the text
  ASSERT_EQ(inc->records.size(), 2u);
  ExpectRecord(doc, *inc, DataType::kCreditCard, 5892, Qualifier::kExact, "5892件");
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 18746, Qualifier::kUpperBound, "最大1万8746人分");
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "personal_data_leak", "card_data_leak"}));
}

TEST(IncidentExtract, NewsReportApproximateCounts) {
  const Document doc = NewsDocument(2);
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "架空ペイ株式会社");
  EXPECT_EQ(inc->organization_key, "架空ペイ");
  EXPECT_EQ(inc->published_on, "2024-04-06");
  ASSERT_EQ(inc->records.size(), 2u);
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 12000000, Qualifier::kApprox, "約1200万件");
  // "約8千件の加盟店の口座情報": the type follows the count.
  ExpectRecord(doc, *inc, DataType::kBankAccount, 8000, Qualifier::kApprox, "約8千件");
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "personal_data_leak", "misconfiguration"}));
}

TEST(IncidentExtract, NewsReportAbbreviatedLegalFormAndLowerBound) {
  const Document doc = NewsDocument(3);
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "(株)例示ホールディングス");
  EXPECT_EQ(inc->organization_key, "例示ホールディングス");
  EXPECT_EQ(Cited(doc, inc->organization_evidence), "（株）例示ホールディングス");
  EXPECT_EQ(inc->published_on, "2024-06-03");
  // "グループ25社のうち3社" counts companies.
  ASSERT_EQ(inc->records.size(), 1u);
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 40000, Qualifier::kLowerBound, "4万件超");
  EXPECT_EQ(TypeNames(*inc), Sorted({"personal_data_leak", "ransomware"}));
}

TEST(IncidentExtract, ColumnIsNotAnIncident) {
  // Full of incident words, counts and even "お詫び", but nobody reports a breach.
  EXPECT_FALSE(ExtractIncident(TextDocument(ReadSample("src/column-leak-response.txt"))));
}

TEST(IncidentExtract, AdvertIsNotAnIncident) {
  EXPECT_FALSE(ExtractIncident(HtmlDocument(ReadSample("notices/ad-tsukurimono-shield.html"))));
}

// ---- inline cases -----------------------------------------------------------------

Document Inline(std::string title, std::string text) {
  Document doc;
  doc.id = 42;
  doc.title = std::move(title);
  doc.text = std::move(text);
  return doc;
}

TEST(IncidentExtract, NoIncidentWordsNoIncident) {
  EXPECT_FALSE(ExtractIncident(Inline("新製品発売のお知らせ", "株式会社サンプル機器は新製品を発売しました。")));
  EXPECT_FALSE(ExtractIncident(Inline("", "")));
}

TEST(IncidentExtract, QualifiersAndCounters) {
  const Document doc = Inline(
      "不正アクセスに関するお詫び",
      "株式会社見本データ\n当社サーバーが不正アクセスを受け、情報が流出した可能性があることが判明しました。\n"
      "・会員のメールアドレス　少なくとも２万件\n"
      "・会員のパスワード（ハッシュ化済み）　およそ１万５千件\n"
      "・口座情報　３百件超\n"
      "・クレジットカード情報 最大で約２，０００件\n");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "株式会社見本データ");
  ExpectRecord(doc, *inc, DataType::kEmailAddress, 20000, Qualifier::kLowerBound, "少なくとも２万件");
  ExpectRecord(doc, *inc, DataType::kPassword, 15000, Qualifier::kApprox, "およそ１万５千件");
  ExpectRecord(doc, *inc, DataType::kBankAccount, 300, Qualifier::kLowerBound, "３百件超");
  ExpectRecord(doc, *inc, DataType::kCreditCard, 2000, Qualifier::kUpperBound, "最大で約２，０００件");
}

TEST(IncidentExtract, NonRecordCountsAreSkipped) {
  const Document doc = Inline(
      "当社ホームページの改ざんに関するお詫び",
      "株式会社見本ストア\n当社ホームページが改ざんされたことが判明しました。\n"
      "対象となった店舗数は１２件、閲覧数は約３，０００件、送信された迷惑メールは約５００通でした。\n"
      "第2報は追ってお知らせします。");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_TRUE(inc->records.empty());
  // A defaced site was accessed without authorisation: the type is implied.
  EXPECT_EQ(TypeNames(*inc), Sorted({"unauthorized_access", "defacement", "spam_relay"}));
}

TEST(IncidentExtract, ReiwaGannenAndPublishedOnPrecedence) {
  Document doc = Inline("弊社への不正アクセスについて",
                        "令和元年５月７日\n株式会社見本商会\n弊社サーバーが不正アクセスを受けたことが判明しました。");
  auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->published_on, "2019-05-07");
  doc.published_on = "2019-05-08";
  inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->published_on, "2019-05-08");
  // Invalid dates are not dates.
  doc.published_on.clear();
  doc.text = "2024年2月30日\n株式会社見本商会\n弊社サーバーが不正アクセスを受けたことが判明しました。2024/03/01";
  inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->published_on, "2024-03-01");
}

TEST(IncidentExtract, OrganizationFromTitleOnlyHasEmptyEvidence) {
  const Document doc = Inline("株式会社見本通商における不正アクセスについてのお詫び",
                              "弊社サーバーが第三者による不正アクセスを受けたことが判明しました。");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "株式会社見本通商");
  EXPECT_EQ(inc->organization_evidence.begin, 0u);
  EXPECT_EQ(inc->organization_evidence.end, 0u);
}

TEST(IncidentExtract, EvidenceMapsThroughHalfWidthKatakanaAndAliases) {
  // Half-width katakana (ﾃﾞ is two code points that NFKC composes into one)
  // must map back to the original bytes; the alias "(以下「当社」)" names
  // the sender; the bracketed English name is dropped from the key.
  const Document doc = Inline(
      "個人情報漏えいのお知らせ",
      "お知らせ\n株式会社ﾃﾞﾓｼｮｯﾌﾟ（ＤＥＭＯ）（以下「当社」）は、当社の通販サイトが不正アクセスを受け、"
      "お客様の個人情報　１２３名分が漏えいしたことを確認しました。深くお詫び申し上げます。");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "株式会社デモショップ");
  EXPECT_EQ(inc->organization_key, "デモショップ");
  EXPECT_EQ(Cited(doc, inc->organization_evidence), "株式会社ﾃﾞﾓｼｮｯﾌﾟ");
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 123, Qualifier::kExact, "１２３名分");
}

TEST(IncidentExtract, KeyFoldsWidthAndCase) {
  const Document doc = Inline("ＥＸＡＭＰＬＥ株式会社（旧：見本商店）への不正アクセスについて",
                              "このたび当社サーバーが不正アクセスを受けたことが判明しました。お詫び申し上げます。");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "EXAMPLE株式会社");
  EXPECT_EQ(inc->organization_key, "example");
}

TEST(IncidentExtract, EvidenceSurvivesInvalidUtf8) {
  Document doc = Inline("不正アクセスのお詫び", "");
  doc.text = std::string("株式会社見本\xFF社\n当社が不正アクセスを受け、個人情報 ５０件が流出したことが判明しました。");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  ExpectRecord(doc, *inc, DataType::kPersonalInfo, 50, Qualifier::kExact, "５０件");
}

// Found by extract_fuzz: "0件" says nothing was exposed.
TEST(IncidentExtract, ZeroCountIsNotARecord) {
  const Document doc = Inline("不正アクセスに関するお詫び",
                              "株式会社見本商会\n弊社サーバーが不正アクセスを受けたことが判明しました。"
                              "個人情報の流出件数は0件です。深くお詫び申し上げます。");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_TRUE(inc->records.empty());
}

TEST(IncidentExtract, CauseOriginAndEventDatesWithEvidence) {
  Document doc = Inline("不正アクセスに関するお詫び",
                        "株式会社見本商会\n2024年5月20日、弊社サーバーがSQLインジェクション攻撃による不正アクセスを"
                        "受けたことが判明しました。ブラジルからのアクセスが確認されています。深くお詫び申し上げます。");
  doc.published_on = "2024-05-28";
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->cause, "sql_injection");
  EXPECT_EQ(Cited(doc, inc->cause_evidence), "SQLインジェクション");
  EXPECT_EQ(inc->origin_country, "BR");
  EXPECT_EQ(Cited(doc, inc->origin_evidence), "ブラジル");
  // The first event word after the date is 不正アクセスを受け: when it happened.
  EXPECT_EQ(inc->occurred_on, "2024-05-20");
  EXPECT_EQ(Cited(doc, inc->occurred_evidence), "2024年5月20日");
}

TEST(IncidentExtract, EnglishNotice) {
  const Document doc = Inline("Notice of unauthorized access",
                              "Example Gadgets Inc. said attackers gained access to its store and that credit card "
                              "data of up to 3,200 customers may have been stolen.");
  const auto inc = ExtractIncident(doc);
  ASSERT_TRUE(inc.has_value());
  EXPECT_EQ(inc->organization, "Example Gadgets Inc.");
  EXPECT_EQ(inc->organization_key, "examplegadgets");
  ASSERT_EQ(inc->records.size(), 1u);
  EXPECT_EQ(inc->records[0].data_type, DataType::kCreditCard);
  EXPECT_EQ(inc->records[0].count, 3200);
  EXPECT_EQ(inc->records[0].qualifier, Qualifier::kUpperBound);
}

}  // namespace
}  // namespace kenchi::extract
