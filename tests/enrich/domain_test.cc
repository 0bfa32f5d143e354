// Registrable domains with Debian's Public Suffix List, and IDN both ways.
#include "kenchi/enrich/domain.h"

#include <gtest/gtest.h>

#include "support/run.h"

namespace kenchi::enrich {
namespace {

class DomainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto psl = PublicSuffixList::Load(PublicSuffixList::DefaultPath());
    if (psl.ok()) psl_ = psl->release();
  }
  static void TearDownTestSuite() {
    delete psl_;
    psl_ = nullptr;
  }
  void SetUp() override {
    if (psl_ == nullptr) GTEST_SKIP() << "the Debian publicsuffix package is not installed";
  }
  static DomainInfo Of(const std::string& name) {
    auto d = psl_->Analyze(name);
    EXPECT_TRUE(d.ok()) << name << ": " << d.status().message();
    return d.ok() ? *d : DomainInfo{};
  }
  static inline PublicSuffixList* psl_ = nullptr;
};

TEST_F(DomainTest, UsesTheDebianFileNotTheBuiltin) {
  EXPECT_EQ(psl_->source(), "/usr/share/publicsuffix/public_suffix_list.dafsa");
}

TEST_F(DomainTest, JapaneseSecondLevelSuffix) {
  DomainInfo d = Of("mail.shop.example.co.jp");
  EXPECT_EQ(d.registrable, "example.co.jp");
  EXPECT_FALSE(d.is_public_suffix);
  EXPECT_EQ(Of("example.co.jp").registrable, "example.co.jp");
  EXPECT_EQ(Of("www.example.jp").registrable, "example.jp");
  EXPECT_EQ(Of("a.b.example.com").registrable, "example.com");
}

TEST_F(DomainTest, CaseAndFinalDotAreNormalised) {
  DomainInfo d = Of("  Mail.Shop.EXAMPLE.co.JP. ");
  EXPECT_EQ(d.ascii, "mail.shop.example.co.jp");
  EXPECT_EQ(d.registrable, "example.co.jp");
}

TEST_F(DomainTest, BareSuffixHasNoRegistrableDomain) {
  for (const char* suffix : {"co.jp", "jp", "com"}) {
    DomainInfo d = Of(suffix);
    EXPECT_TRUE(d.is_public_suffix) << suffix;
    EXPECT_EQ(d.registrable, "") << suffix;
  }
}

TEST_F(DomainTest, InternationalisedNamesBothWays) {
  DomainInfo u = Of("www.例え.jp");
  EXPECT_EQ(u.ascii, "www.xn--r8jz45g.jp");
  EXPECT_EQ(u.unicode, "www.例え.jp");
  EXPECT_EQ(u.registrable, "xn--r8jz45g.jp");
  EXPECT_EQ(u.registrable_unicode, "例え.jp");
  DomainInfo a = Of("XN--R8JZ45G.jp");
  EXPECT_EQ(a.ascii, "xn--r8jz45g.jp");
  EXPECT_EQ(a.unicode, "例え.jp");
  EXPECT_EQ(a.registrable_unicode, "例え.jp");
  auto ascii = DomainToAscii("例え.jp");
  ASSERT_TRUE(ascii.ok());
  EXPECT_EQ(*ascii, "xn--r8jz45g.jp");
  auto unicode = DomainToUnicode("xn--r8jz45g.jp");
  ASSERT_TRUE(unicode.ok());
  EXPECT_EQ(*unicode, "例え.jp");
}

TEST_F(DomainTest, MalformedNamesAreClearErrors) {
  for (const char* bad : {"", "   ", "a..example.jp", ".example.jp", "user@example.jp",
                          "http://example.jp/", "exa mple.jp", "192.0.2.1", "xn--zz.jp"}) {
    auto d = psl_->Analyze(bad);
    ASSERT_FALSE(d.ok()) << "\"" << bad << "\" was accepted";
    EXPECT_EQ(d.status().code(), Status::Code::kInvalidInput) << bad;
  }
  EXPECT_FALSE(psl_->Analyze(std::string(300, 'a') + ".jp").ok());
}

TEST(DomainListTest, MissingListIsNamedNotReplacedByTheBuiltin) {
  auto psl = PublicSuffixList::Load("/nonexistent/public_suffix_list.dat");
  ASSERT_FALSE(psl.ok());
  EXPECT_EQ(psl.status().code(), Status::Code::kNotFound);
  EXPECT_NE(psl.status().message().find("publicsuffix"), std::string::npos);
}

TEST(DomainListTest, GarbageListIsRefused) {
  kenchi::testing::ScratchDir dir;
  const std::string path = dir.Write("psl.dat", "");
  auto psl = PublicSuffixList::Load(path);
  ASSERT_FALSE(psl.ok());
  EXPECT_NE(psl.status().message().find(path), std::string::npos);
}

}  // namespace
}  // namespace kenchi::enrich
