#include <gtest/gtest.h>

#include <string>

#include "kenchi/parse/parse.h"
#include "parse/internal.h"

namespace kenchi::parse {
namespace {

Document FromHtml(const std::string& html) {
  Document doc;
  internal::FillFromHtml(html, &doc);
  return doc;
}

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A press-release page as Japanese companies publish them: site chrome all
// around one notice.
constexpr const char* kNoticePage = R"(<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta property="article:published_time" content="2024-03-15T17:00:00+09:00">
<title>不正アクセスによる個人情報漏えいに関するお知らせ | 株式会社サンプル商事</title>
<style>.lead { color: red; }</style>
<script>var trackingId = "UA-0000";</script>
</head>
<body>
<header class="site-header"><a href="/">株式会社サンプル商事</a>
  <nav><ul><li>製品情報</li><li>採用情報</li></ul></nav></header>
<div class="breadcrumb">ホーム &gt; ニュース</div>
<div id="contents">
  <h1>不正アクセスによる個人情報漏えいに関するお知らせ</h1>
  <p>このたび、当社が運営する通販サイトにおいて、第三者による不正アクセスを受け、
  お客様の個人情報（最大 2万1,000件）が流出した可能性があることが判明いたしました。</p>
  <p>お客様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。</p>
  <ul><li>氏名</li><li>住所</li><li>電話番号</li></ul>
  <script>document.write("広告");</script>
  <noscript>JavaScriptを有効にしてください</noscript>
</div>
<aside><h2>関連ニュース</h2><p>新製品発売のお知らせ</p></aside>
<div class="l-sidebar">サイドバーの宣伝</div>
<form><input type="text" name="q"><button>検索</button></form>
<footer>Copyright &copy; Sample Shoji Co., Ltd.</footer>
</body>
</html>
)";

TEST(ParseHtmlTest, TakesTitleDateAndArticleText) {
  Document doc = FromHtml(kNoticePage);
  EXPECT_EQ(doc.title, "不正アクセスによる個人情報漏えいに関するお知らせ | 株式会社サンプル商事");
  EXPECT_EQ(doc.published_on, "2024-03-15");
  EXPECT_TRUE(Has(doc.text, "不正アクセスによる個人情報漏えいに関するお知らせ\n\n"));
  // The source line break between two Japanese characters is not a space.
  EXPECT_TRUE(Has(doc.text, "第三者による不正アクセスを受け、お客様の個人情報（最大 2万1,000件）"))
      << doc.text;
  EXPECT_TRUE(Has(doc.text, "深くお詫び申し上げます。\n\n氏名\n住所\n電話番号")) << doc.text;
}

TEST(ParseHtmlTest, DropsChromeScriptsAndStyles) {
  Document doc = FromHtml(kNoticePage);
  for (const char* absent : {"製品情報", "採用情報", "ホーム", "関連ニュース", "新製品",
                             "サイドバー", "検索", "Copyright", "trackingId", "広告",
                             "JavaScript", "color: red"}) {
    EXPECT_FALSE(Has(doc.text, absent)) << absent << " leaked into:\n" << doc.text;
  }
}

TEST(ParseHtmlTest, PrefersArticleOverTheRestOfTheBody) {
  Document doc = FromHtml(R"(<html><body>
    <div class="pickup">今月のキャンペーン</div>
    <article><header><h1>ランサムウェア被害について</h1><time datetime="2023-11-02">2023年11月2日</time></header>
    <p>当社グループのサーバーがランサムウェアに感染しました。</p>
    <footer>シェアする</footer></article>
    </body></html>)");
  // The article's own header stays; the page around it and the article's
  // share footer go.
  EXPECT_EQ(doc.text,
            "ランサムウェア被害について\n\n2023年11月2日\n\n"
            "当社グループのサーバーがランサムウェアに感染しました。");
  EXPECT_EQ(doc.title, "ランサムウェア被害について");  // no <title>: first <h1>
  EXPECT_EQ(doc.published_on, "2023-11-02");
}

TEST(ParseHtmlTest, UsesMainWhenThereIsNoArticle) {
  Document doc = FromHtml(
      "<html><head><title>お知らせ</title></head><body><div>ヘッダー広告</div>"
      "<main><p>本文です。</p></main><div>フッター広告</div></body></html>");
  EXPECT_EQ(doc.text, "本文です。");
}

TEST(ParseHtmlTest, DecodesEntities) {
  Document doc = FromHtml(
      "<html><body><p>A&amp;B社 &#x3042;&#12356;&lt;う&gt; &quot;え&quot;&nbsp;お</p></body></html>");
  EXPECT_EQ(doc.text, "A&B社 あい<う> \"え\" お");
}

TEST(ParseHtmlTest, BlocksBecomeLinesAndWhitespaceCollapses) {
  Document doc = FromHtml(
      "<html><body>"
      "<h2>  概要 </h2>"
      "<p>一行目<br>二行目<br><br>三段落目</p>"
      "<div>区切り\t\t  なし</div><div>次の行</div>"
      "<table><tr><th>項目</th><td>件数</td></tr><tr><td>メール</td><td>1,234件</td></tr></table>"
      "<pre>  code  line1\n    line2</pre>"
      "</body></html>");
  EXPECT_EQ(doc.text,
            "概要\n\n一行目\n二行目\n\n三段落目\n\n区切り なし\n次の行\n\n"
            "項目 件数\nメール 1,234件\n\n  code  line1\n    line2");
}

TEST(ParseHtmlTest, LineBreaksBetweenLatinWordsStaySpaces) {
  Document doc = FromHtml("<html><body><p>Apache\nStruts 2 の脆弱性\nCVE-2017-5638</p></body></html>");
  EXPECT_EQ(doc.text, "Apache Struts 2 の脆弱性 CVE-2017-5638");
}

TEST(ParseHtmlTest, ClassRulesKeepWrappersThatMerelyMentionASidebar) {
  Document doc = FromHtml(
      "<html><body class=\"page has-sidebar\"><div id=\"contents-with-sidebar\">"
      "<p>本文が残ること。</p></div><div class=\"gnavi\">ナビ</div>"
      "<ul id=\"globalNav\"><li>メニュー</li></ul><div class=\"topicpath\">パンくず</div>"
      "</body></html>");
  EXPECT_EQ(doc.text, "本文が残ること。");
}

TEST(ParseHtmlTest, FallsBackWhenHeuristicsLeaveNothing) {
  // Everything sits in a wrapper whose class looks like furniture.
  Document doc = FromHtml(
      "<html><body><div class=\"menu-page\"><p>メニューページの本文</p></div></body></html>");
  EXPECT_EQ(doc.text, "メニューページの本文");
}

TEST(ParseHtmlTest, HiddenAndRoleNavigationAreDropped) {
  Document doc = FromHtml(
      "<html><body><div role=\"navigation\">ナビ</div><div hidden>隠し</div>"
      "<span aria-hidden=\"true\">★</span><p>見える本文</p></body></html>");
  EXPECT_EQ(doc.text, "見える本文");
}

TEST(ParseHtmlTest, PublishedDateSources) {
  EXPECT_EQ(FromHtml("<html><head><meta name=\"date\" content=\"2022/7/1\"></head>"
                     "<body><p>x</p></body></html>")
                .published_on,
            "2022-07-01");
  EXPECT_EQ(FromHtml("<html><head><meta name=\"date\" content=\"2022-07-01\">"
                     "<meta property=\"article:published_time\" content=\"2022-06-30T23:00:00Z\">"
                     "</head><body><p>x</p></body></html>")
                .published_on,
            "2022-06-30");  // the Open Graph time outranks a plain "date"
  EXPECT_EQ(FromHtml("<html><body><p>公開日: <time datetime=\"2021-12-24T09:00\">12月24日</time></p>"
                     "</body></html>")
                .published_on,
            "2021-12-24");
  EXPECT_EQ(FromHtml("<html><body><p><time>2021年12月24日</time></p></body></html>").published_on,
            "2021-12-24");
  // A date in the sidebar's news list is not this page's date.
  EXPECT_EQ(FromHtml("<html><body><aside><time datetime=\"2020-01-01\">x</time></aside>"
                     "<p>本文</p></body></html>")
                .published_on,
            "");
  EXPECT_EQ(FromHtml("<html><body><p>日付なし</p></body></html>").published_on, "");
}

TEST(ParseHtmlTest, InlineMarkupInHeadingsDoesNotSplitWords) {
  Document doc = FromHtml(
      "<html><body><h1>不正<span class=\"em\">アクセス</span>の<br>お知らせ</h1>"
      "<pre>$ cat <b>leak</b>.txt\n</pre></body></html>");
  EXPECT_EQ(doc.title, "不正アクセスのお知らせ");
  EXPECT_EQ(FromHtml("<html><body><h1>Data<br>Breach</h1></body></html>").title, "Data Breach");
  EXPECT_EQ(doc.text, "不正アクセスの\nお知らせ\n\n$ cat leak.txt");
}

TEST(ParseHtmlTest, IgnoresTitleInsideSvg) {
  Document doc = FromHtml(
      "<html><body><svg><title>アイコン</title></svg><h1>見出し</h1><p>本文</p></body></html>");
  EXPECT_EQ(doc.title, "見出し");
}

TEST(ParseHtmlTest, SurvivesDeepNestingAndJunk) {
  std::string deep = "<html><body>";
  for (int i = 0; i < 50000; ++i) deep += "<div>";
  deep += "深い";
  Document doc = FromHtml(deep);
  EXPECT_EQ(doc.text, "深い");

  EXPECT_EQ(FromHtml("<").text, "");
  EXPECT_EQ(FromHtml("<br").text, "");
  EXPECT_EQ(FromHtml("<p>断片だけ</p>").text, "断片だけ");
}

TEST(ParseHtmlTest, IgnoresCharsetDeclarationInDecodedText) {
  // By the time the tree is built the text is UTF-8 whatever the page says.
  Document doc = FromHtml(
      "<html><head><meta charset=\"Shift_JIS\"><title>お知らせ</title></head>"
      "<body><p>個人情報</p></body></html>");
  EXPECT_EQ(doc.title, "お知らせ");
  EXPECT_EQ(doc.text, "個人情報");
}

TEST(ParseHtmlTest, LongTitlesAreCutAtACharacterBoundary) {
  std::string title;
  for (int i = 0; i < 400; ++i) title += "漏";  // 3 bytes each
  Document doc = FromHtml("<html><head><title>" + title + "</title></head><body>x</body></html>");
  EXPECT_LE(doc.title.size(), internal::kMaxTitleBytes);
  EXPECT_EQ(doc.title.size() % 3, 0u);
}

}  // namespace
}  // namespace kenchi::parse
