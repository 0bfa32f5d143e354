#include <gtest/gtest.h>

#include <sys/stat.h>

#include <string>

#include "kenchi/parse/hostlist.h"
#include "kenchi/text/keyed_hash.h"
#include "support/run.h"

namespace kenchi::parse {
namespace {

TEST(HostListTest, SpaceSeparatedLine) {
  auto e = ParseHostLine("203.0.113.5:3389 administrator P@ssw0rd! 2");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->ip, "203.0.113.5");
  EXPECT_EQ(e->port, 3389);
  EXPECT_EQ(e->service, "rdp");
  EXPECT_EQ(e->username, "administrator");
  EXPECT_EQ(e->password, "P@ssw0rd! 2");  // the rest of the line
}

TEST(HostListTest, DelimitedAndUrlLines) {
  auto a = ParseHostLine("rdp://198.51.100.7:3389|admin|pa|ss");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->service, "rdp");
  EXPECT_EQ(a->username, "admin");
  EXPECT_EQ(a->password, "pa|ss");
  auto b = ParseHostLine("ssh://root:toor@198.51.100.9:22");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->service, "ssh");
  EXPECT_EQ(b->username, "root");
  EXPECT_EQ(b->password, "toor");
  auto c = ParseHostLine("203.0.113.8:21;ftpuser;secret");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->service, "ftp");
  EXPECT_EQ(c->password, "secret");
  auto d = ParseHostLine("[2001:db8::10]:22 deploy hunter2");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ip, "2001:db8::10");
  auto e = ParseHostLine("203.0.113.9:8443 admin");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->service, "https");
  EXPECT_EQ(e->password, "");
}

TEST(HostListTest, NonEntries) {
  EXPECT_FALSE(ParseHostLine("203.0.113.5:3389"));          // no user: a scan list
  EXPECT_FALSE(ParseHostLine("203.0.113.300:22 root x"));   // bad address
  EXPECT_FALSE(ParseHostLine("203.0.113.5:70000 root x"));  // bad port
  EXPECT_FALSE(ParseHostLine("hello world"));
  EXPECT_FALSE(ParseHostLine("株式会社カクウマート"));
}

TEST(HostListTest, CsvWithHeader) {
  HostList l = ParseHostList(
      "ip,port,service,username,password\n"
      "203.0.113.5,3389,rdp,administrator,\"P@ss,word\"\n"
      "198.51.100.7,notaport,rdp,admin,x\n",
      "hosts.csv");
  ASSERT_EQ(l.entries.size(), 1u);
  EXPECT_EQ(l.entries[0].password, "P@ss,word");
  EXPECT_EQ(l.entries[0].line, 2u);
  ASSERT_EQ(l.rejected.size(), 1u);
  EXPECT_EQ(l.rejected[0].where, "hosts.csv:3");
  EXPECT_TRUE(LooksLikeHostList("ip,port,user,pass\n"));
}

TEST(HostListTest, BadLinesCountedWithFileAndLineAndNeverEchoed) {
  HostList l = ParseHostList(
      "# shared by someone\n"
      "203.0.113.5:3389 administrator P@ssw0rd!\n"
      "garbage line with secretpw\n"
      "\n"
      "rdp://198.51.100.7:3389|admin|Adm1n#2024\n",
      "lists/hosts.txt");
  EXPECT_EQ(l.entries.size(), 2u);
  ASSERT_EQ(l.rejected.size(), 1u);
  EXPECT_EQ(l.rejected[0].where, "lists/hosts.txt:3");
  EXPECT_EQ(l.rejected[0].reason.find("secretpw"), std::string::npos);
  EXPECT_EQ(l.redacted.find("P@ssw0rd!"), std::string::npos);
  EXPECT_EQ(l.redacted.find("secretpw"), std::string::npos);
  EXPECT_NE(l.redacted.find("rdp://203.0.113.5:3389 administrator P*******!"), std::string::npos)
      << l.redacted;
}

TEST(HostListTest, DateLinesAndADateColumnDateTheEntries) {
  HostList l = ParseHostList(
      "# fresh servers\n"
      "203.0.113.5:3389 administrator P@ssw0rd!\n"  // before any date line: undated
      "# date: 2024-06-07\n"
      "203.0.113.6:3389 administrator x\n"
      "rdp://198.51.100.7:3389|admin|y\n"
      "// Seen: 2024/6/18\n"
      "203.0.113.21:21;ftpuser;z\n",
      "hosts.txt");
  ASSERT_EQ(l.entries.size(), 4u);
  EXPECT_EQ(l.entries[0].seen_on, "");
  EXPECT_EQ(l.entries[1].seen_on, "2024-06-07");
  EXPECT_EQ(l.entries[2].seen_on, "2024-06-07");
  EXPECT_EQ(l.entries[3].seen_on, "2024-06-18");
  EXPECT_TRUE(l.rejected.empty());

  HostList csv = ParseHostList(
      "# date: 2024-01-01\n"
      "ip,port,username,password,first_seen\n"
      "192.0.2.10,3389,Administrator,a,2024-05-21\n"
      "192.0.2.11,5900,admin,b,\n"                      // no date of its own: the date line's
      "192.0.2.12,22,root,c,2024-06-05T10:00:00Z\n",    // a date-time: its day
      "hosts.csv");
  ASSERT_EQ(csv.entries.size(), 3u);
  EXPECT_EQ(csv.entries[0].seen_on, "2024-05-21");
  EXPECT_EQ(csv.entries[1].seen_on, "2024-01-01");
  EXPECT_EQ(csv.entries[2].seen_on, "2024-06-05");
}

TEST(HostListTest, ABadDateRejectsItsLine) {
  HostList l = ParseHostList(
      "# date: 2024-13-45\n"
      "203.0.113.6:3389 administrator x\n",
      "hosts.txt");
  ASSERT_EQ(l.entries.size(), 1u);
  EXPECT_EQ(l.entries[0].seen_on, "");  // the bad date line dates nothing
  ASSERT_EQ(l.rejected.size(), 1u);
  EXPECT_EQ(l.rejected[0].where, "hosts.txt:1");
  EXPECT_NE(l.rejected[0].reason.find("date"), std::string::npos);

  HostList csv = ParseHostList(
      "ip,port,username,password,date\n"
      "192.0.2.10,3389,Administrator,a,yesterday\n"
      "192.0.2.11,3389,Administrator,b,2024-06-30\n",
      "hosts.csv");
  ASSERT_EQ(csv.entries.size(), 1u);
  ASSERT_EQ(csv.rejected.size(), 1u);
  EXPECT_EQ(csv.rejected[0].where, "hosts.csv:2");
  EXPECT_NE(csv.rejected[0].reason.find("date"), std::string::npos);
}

TEST(HostListTest, RecognisedByContent) {
  EXPECT_TRUE(LooksLikeHostList("203.0.113.5:3389 a b\n203.0.113.6:3389 a b\n"));
  EXPECT_FALSE(LooksLikeHostList("203.0.113.5:3389 a b\nsome prose\nmore prose\n"));
  EXPECT_FALSE(LooksLikeHostList("お知らせ\n不正アクセスについて\n"));
  EXPECT_FALSE(LooksLikeHostList("{\"a\": 1}\n"));
}

TEST(HostListSecretTest, KeyedHashAndMask) {
  text::KeyedHasher a(std::string(32, 'a')), b(std::string(32, 'b'));
  EXPECT_EQ(a.Hash("pw").size(), 64u);
  EXPECT_EQ(a.Hash("pw"), a.Hash("pw"));
  EXPECT_NE(a.Hash("pw"), b.Hash("pw"));
  EXPECT_EQ(text::MaskSecret("password"), "p******d");
  EXPECT_EQ(text::MaskSecret("abc"), "a*c");
  EXPECT_EQ(text::MaskSecret("ab"), "**");
  EXPECT_EQ(text::MaskSecret(""), "");
  EXPECT_EQ(text::MaskSecret("パスワード"), "パ***ド");
}

TEST(HostListSecretTest, SecretFileCreatedPrivateAndReused) {
  kenchi::testing::ScratchDir dir;
  const std::string path = dir.path() + "/kenchi.db.secret";
  auto first = text::KeyedHasher::LoadOrCreate(path);
  ASSERT_TRUE(first.ok()) << first.status().message();
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto again = text::KeyedHasher::LoadOrCreate(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->Hash("x"), again->Hash("x"));
  chmod(path.c_str(), 0644);
  auto open = text::KeyedHasher::LoadOrCreate(path);
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("chmod 600"), std::string::npos);
  EXPECT_EQ(text::SecretPathFor("var/kenchi.db"), "var/kenchi.db.secret");
}

}  // namespace
}  // namespace kenchi::parse
