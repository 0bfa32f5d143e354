#include "kenchi/extract/cause.h"

#include <gtest/gtest.h>

#include <string>

namespace kenchi::extract {
namespace {

std::string CauseOf(const std::string& text) {
  auto f = FindCause(text);
  return f ? f->value : "";
}

std::string OriginOf(const std::string& text) {
  auto f = FindOrigin(text);
  return f ? f->value : "";
}

TEST(ExtractCause, TechniquesAndProducts) {
  EXPECT_EQ(CauseOf("外部からSQLインジェクション攻撃が行われ、会員情報が閲覧された。"), "sql_injection");
  EXPECT_EQ(CauseOf("他社から流出したIDとパスワードを使ったパスワードリスト型攻撃とみられる。"), "credential_stuffing");
  EXPECT_EQ(CauseOf("原因は、EC-CUBEの脆弱性を突かれ、決済画面が改ざんされたことです。"), "vulnerability:ec-cube");
  EXPECT_EQ(CauseOf("VPN機器の脆弱性を悪用して侵入した。"), "vulnerability:vpn");
  EXPECT_EQ(CauseOf("サーバーの脆弱性を突かれた。"), "vulnerability");
  EXPECT_EQ(CauseOf("アクセス権限の設定不備により閲覧可能な状態だった。"), "misconfiguration");
  EXPECT_EQ(CauseOf("保守を委託していた事業者のアカウントを経由した不正アクセスでした。"), "contractor_compromise");
  EXPECT_EQ(CauseOf("管理者アカウントへの総当たり攻撃でパスワードが突破された。"), "brute_force");
  EXPECT_EQ(CauseOf("The attacker exploited a SQL injection flaw in the order page."), "sql_injection");
  EXPECT_EQ(CauseOf("A vulnerability in MOVEit was exploited to steal data."), "vulnerability:moveit");
}

TEST(ExtractCause, SpecificBeatsGenericAndSpanPointsAtTrigger) {
  const std::string t = "脆弱性を悪用したSQLインジェクション攻撃により流出した。";
  auto f = FindCause(t);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->value, "sql_injection");
  EXPECT_EQ(t.substr(f->begin, f->end - f->begin), "SQLインジェクション");
}

TEST(ExtractCause, NeedsAnAttackSentenceAndRespectsDenials) {
  // 委託先 named only as the recipient of a report is not a cause.
  EXPECT_EQ(CauseOf("本件は委託先にも報告済みです。"), "");
  EXPECT_EQ(CauseOf("今回の流出は設定不備ではありません。"), "");
  EXPECT_EQ(CauseOf(""), "");
}

TEST(ExtractOrigin, OnlyWhenAccessCameFromThere) {
  EXPECT_EQ(OriginOf("ブラジルからのアクセスが確認されました。"), "BR");
  EXPECT_EQ(OriginOf("アクセス元はオランダのIPアドレスだった。"), "NL");
  EXPECT_EQ(OriginOf("ロシアのIPアドレスからの接続記録が残っていた。"), "RU");
  EXPECT_EQ(OriginOf("アクセスはインドネシアのサーバーを経由していた。"), "ID");
  EXPECT_EQ(OriginOf("Login attempts came from IP addresses in Brazil."), "BR");
  EXPECT_EQ(OriginOf("an attack originating from servers in China"), "CN");
}

TEST(ExtractOrigin, OfficesAndListsAreNotOrigins) {
  EXPECT_EQ(OriginOf("同社は米国の現地法人にも調査を依頼した。"), "");
  EXPECT_EQ(OriginOf("当社の中国子会社で不正アクセスが発生した。"), "");
  EXPECT_EQ(OriginOf("ログイン試行の多くは中国とロシアからだった。"), "");
  EXPECT_EQ(OriginOf("インドネシアからのアクセス"), "ID");  // not India
  EXPECT_EQ(OriginOf("ベトナムからのアクセスと、タイからの攻撃を確認。"), "");  // two origins
}

}  // namespace
}  // namespace kenchi::extract
