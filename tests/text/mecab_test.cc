#include "kenchi/text/mecab.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace kenchi::text {
namespace {

std::string Surface(const std::string& s, const Morpheme& m) { return s.substr(m.begin, m.end - m.begin); }

TEST(MecabTagger, OpensIpadicByExplicitPathWithUserDictionary) {
  const MecabPaths p = ResolveMecabPaths();
  EXPECT_FALSE(p.dicdir.empty());
  EXPECT_FALSE(p.userdic.empty());
  ASSERT_TRUE(MecabStatus().ok()) << MecabStatus().message();
}

TEST(MecabTagger, UserDictionaryKeepsSecurityTermsWhole) {
  const std::string s = "株式会社ソラマメ物産はパスワードリスト型攻撃とEC-CUBEの脆弱性による不正アクセスを受けた";
  std::vector<Morpheme> m;
  ASSERT_TRUE(Tokenize(s, &m).ok());
  bool list_attack = false, product = false, orgform = false, access = false;
  for (const Morpheme& x : m) {
    const std::string w = Surface(s, x);
    if (w == "パスワードリスト型攻撃" && x.tag == UserTag::kSecurity) list_attack = true;
    if (w == "EC-CUBE" && x.tag == UserTag::kProduct) product = true;
    if (w == "株式会社" && x.tag == UserTag::kOrgForm) orgform = true;
    if (w == "不正アクセス" && x.tag == UserTag::kSecurity) access = true;
  }
  EXPECT_TRUE(list_attack);
  EXPECT_TRUE(product);
  EXPECT_TRUE(orgform);
  EXPECT_TRUE(access);
}

TEST(MecabTagger, OffsetsCoverTheTextAndNegationIsTagged) {
  const std::string s = "個人情報の流出は確認されておりません。";
  std::vector<Morpheme> m;
  ASSERT_TRUE(Tokenize(s, &m).ok());
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.front().begin, 0u);
  EXPECT_EQ(m.back().end, s.size());
  for (size_t i = 1; i < m.size(); ++i) EXPECT_EQ(m[i].begin, m[i - 1].end);
  bool negation = false;
  for (const Morpheme& x : m) negation = negation || x.pos == Pos::kNegation;
  EXPECT_TRUE(negation);
}

TEST(MecabTagger, EmptyAndBinaryInputAndManyThreads) {
  std::vector<Morpheme> m;
  EXPECT_TRUE(Tokenize("", &m).ok());
  EXPECT_TRUE(m.empty());
  const std::string junk("\xff\xfe\x00\x01 abc", 8);
  EXPECT_TRUE(Tokenize(junk, &m).ok());
  for (const Morpheme& x : m) EXPECT_LE(x.end, junk.size());
  // Each thread gets its own tagger from the shared model.
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&ok, t] {
      std::vector<Morpheme> local;
      for (int i = 0; i < 50; ++i) ok[t] += Tokenize("不正アクセスにより流出した", &local).ok() && !local.empty();
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) EXPECT_EQ(v, 50);
}

}  // namespace
}  // namespace kenchi::text
