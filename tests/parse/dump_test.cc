// Leak-dump line parsers: combolists, stealer logs, CSV/TSV, SQL INSERTs.
#include <gtest/gtest.h>

#include <vector>

#include "kenchi/parse/dump.h"

namespace kenchi::parse {
namespace {

TEST(ComboLineTest, EmailColonPassword) {
  DumpRecord r;
  ASSERT_EQ(ParseComboLine("taro@example.jp:hunter2\r", r), LineIssue::kNone);
  EXPECT_EQ(r.identity, "taro@example.jp");
  EXPECT_EQ(r.password, "hunter2");
  EXPECT_TRUE(r.url.empty());
}

TEST(ComboLineTest, OtherSeparatorsAndPasswordsWithSeparators) {
  DumpRecord r;
  ASSERT_EQ(ParseComboLine("hanako;pa:ss;word", r), LineIssue::kNone);
  EXPECT_EQ(r.identity, "hanako");
  EXPECT_EQ(r.password, "pa:ss;word");
  ASSERT_EQ(ParseComboLine("jiro@example.com\tsecret pass", r), LineIssue::kNone);
  EXPECT_EQ(r.identity, "jiro@example.com");
  EXPECT_EQ(r.password, "secret pass");
  ASSERT_EQ(ParseComboLine("saburo@example.com|p|w", r), LineIssue::kNone);
  EXPECT_EQ(r.password, "p|w");
}

// A stealer-log line parses into these three fields.
void ExpectStealerLine(std::string_view line, std::string_view url, std::string_view identity,
                       std::string_view password) {
  DumpRecord r;
  ASSERT_EQ(ParseComboLine(line, r), LineIssue::kNone) << line;
  if (!url.empty()) {
    EXPECT_EQ(r.url, url) << line;
  }
  EXPECT_EQ(r.identity, identity) << line;
  EXPECT_EQ(r.password, password) << line;
}

TEST(ComboLineTest, StealerLogLines) {
  ExpectStealerLine("https://login.example.co.jp/auth?next=/:shiro@example.com:pw1",
                    "https://login.example.co.jp/auth?next=/", "shiro@example.com", "pw1");
  ExpectStealerLine("https://portal.example.jp:8443/x|goro|pw|2|extra", "https://portal.example.jp:8443/x", "goro",
                    "pw");
  ExpectStealerLine("android://hash@com.example.app/\trokuro\tpw3", "", "rokuro", "pw3");
  // With ':' between the fields: the last two colons split them, whatever
  // colons the URL has (a port), and the scheme's colon is not one of them.
  ExpectStealerLine("https://portal.example.jp:8443/x:hachiro:pw:4\r", "https://portal.example.jp:8443/x:hachiro",
                    "pw", "4");
  ExpectStealerLine("https://portal.example.jp:8443/x:kuro:pw5", "https://portal.example.jp:8443/x", "kuro", "pw5");
  DumpRecord r;
  EXPECT_EQ(ParseComboLine("https://example.jp/x:onlyuser", r), LineIssue::kNoSeparator);
}

TEST(ComboLineTest, CardLinesKeepOnlyTheNumber) {
  DumpRecord r;
  ASSERT_EQ(ParseComboLine("4111 1111 1111 1111|12|29|123|TARO YAMADA", r), LineIssue::kNone);
  EXPECT_EQ(r.card, "4111 1111 1111 1111");
  EXPECT_TRUE(r.password.empty()) << "expiry and CVV must not travel on";
  char digits[19];
  EXPECT_EQ(CardDigits(r.card, digits), 16u);
  EXPECT_EQ(CardDigits("1234", digits), 0u);
  EXPECT_EQ(CardDigits("4111x1111111111111", digits), 0u);
}

TEST(ComboLineTest, BadLines) {
  DumpRecord r;
  EXPECT_EQ(ParseComboLine("no separator here", r), LineIssue::kNoSeparator);
  EXPECT_EQ(ParseComboLine(":password-only", r), LineIssue::kEmptyIdentity);
  EXPECT_EQ(ParseComboLine("https://example.jp/", r), LineIssue::kNoSeparator);
}

TEST(DumpSniffTest, RecognisesLayouts) {
  EXPECT_EQ(SniffDumpLayout("a@example.jp:pw\n").format, DumpFormat::kCombolist);
  EXPECT_EQ(SniffDumpLayout("-- MySQL dump 10.13\n").format, DumpFormat::kSql);
  EXPECT_EQ(SniffDumpLayout("\n\nINSERT INTO users VALUES (1,'a@example.jp','x');\n").format,
            DumpFormat::kSql);
  DumpLayout csv = SniffDumpLayout("\xEF\xBB\xBFid,\"Password\",name,E-Mail\r\n1,x,y,z\n");
  EXPECT_EQ(csv.format, DumpFormat::kCsv);
  EXPECT_EQ(csv.delimiter, ',');
  EXPECT_EQ(csv.password_column, 1);
  EXPECT_EQ(csv.email_column, 3);
  DumpLayout tsv = SniffDumpLayout("ログインID\tパスワード\tカード番号\n");
  EXPECT_EQ(tsv.format, DumpFormat::kCsv);
  EXPECT_EQ(tsv.delimiter, '\t');
  EXPECT_EQ(tsv.user_column, 0);
  EXPECT_EQ(tsv.card_column, 2);
  // A header that names nothing useful is not a CSV layout.
  EXPECT_EQ(SniffDumpLayout("foo,bar,baz\n").format, DumpFormat::kCombolist);
}

TEST(DumpCsvTest, ColumnsInAnyOrderWithQuotes) {
  DumpLayout layout = SniffDumpLayout("id,password,name,email\n");
  std::string scratch;
  DumpRecord r;
  ASSERT_EQ(ParseCsvLine(R"(7,"pa,""ss""",Taro,taro@example.jp)", layout, scratch, r), LineIssue::kNone);
  EXPECT_EQ(r.identity, "taro@example.jp");
  EXPECT_EQ(r.password, "pa,\"ss\"");
  EXPECT_EQ(ParseCsvLine("8,x,Jiro", layout, scratch, r), LineIssue::kTooFewColumns);
  EXPECT_EQ(ParseCsvLine("9,\"open,Jiro,j@example.jp", layout, scratch, r), LineIssue::kUnbalancedQuote);
}

TEST(DumpSqlTest, InsertWithColumnListQuotesAndEscapes) {
  SqlLineParser p;
  std::vector<std::pair<std::string, std::string>> got;
  bool insert = false;
  const std::string line =
      "INSERT INTO `users` (`id`, `email`, `password`) VALUES "
      "(1,'a@example.jp','it''s'),(2, 'b@example.co.jp' , 'back\\\\slash\\'q'),(3,NULL,'x');";
  ASSERT_EQ(p.Parse(line, &insert, [&](const DumpRecord& r) {
              got.emplace_back(std::string(r.identity), std::string(r.password));
            }),
            LineIssue::kNone);
  EXPECT_TRUE(insert);
  ASSERT_EQ(got.size(), 2u) << "a tuple without identity is not a credential";
  EXPECT_EQ(got[0], (std::pair<std::string, std::string>{"a@example.jp", "it's"}));
  EXPECT_EQ(got[1], (std::pair<std::string, std::string>{"b@example.co.jp", "back\\slash'q"}));
}

TEST(DumpSqlTest, InsertWithoutColumnListUsesTheAtValue) {
  SqlLineParser p;
  std::vector<std::string> pw;
  bool insert = false;
  ASSERT_EQ(p.Parse("insert into t values (5,'Taro','t@example.jp',0,'pw5');", &insert,
                    [&](const DumpRecord& r) { pw.emplace_back(r.password); }),
            LineIssue::kNone);
  ASSERT_EQ(pw.size(), 1u);
  EXPECT_EQ(pw[0], "pw5");
}

TEST(DumpSqlTest, OtherStatementsAndBrokenInserts) {
  SqlLineParser p;
  bool insert = true;
  auto none = [](const DumpRecord&) {};
  EXPECT_EQ(p.Parse("CREATE TABLE users (id int);", &insert, none), LineIssue::kNone);
  EXPECT_FALSE(insert);
  EXPECT_EQ(p.Parse("INSERT INTO t VALUES (1,'unterminated", &insert, none), LineIssue::kUnbalancedQuote);
  EXPECT_EQ(p.Parse("INSERT INTO t SELECT * FROM u;", &insert, none), LineIssue::kBadSql);
}

}  // namespace
}  // namespace kenchi::parse
