// Credential exposures by registrable domain: the grouping with Debian's
// Public Suffix List, and `kenchi stats exposures` end to end after a scan.
#include "kenchi/enrich/exposure_stats.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "support/run.h"

namespace kenchi::enrich {
namespace {

using kenchi::testing::RunKenchi;
using kenchi::testing::ScratchDir;

std::unique_ptr<PublicSuffixList> DebianList() {
  if (!std::filesystem::exists(PublicSuffixList::DefaultPath())) return nullptr;
  Result<std::unique_ptr<PublicSuffixList>> l = PublicSuffixList::Load(PublicSuffixList::DefaultPath());
  EXPECT_TRUE(l.ok()) << l.status().message();
  return l.ok() ? std::move(l).value() : nullptr;
}

TEST(ExposureStatsTest, SubdomainsCountUnderTheirRegistrableDomain) {
  std::unique_ptr<PublicSuffixList> psl = DebianList();
  if (!psl) GTEST_SKIP() << "Debian's publicsuffix package is not installed";
  const std::vector<DomainExposureCount> counts = {
      {"mail.kakuu-mart.co.jp", 3, 4},
      {"kakuu-mart.co.jp", 2, 2},
      {"shop.kakuu-mart.co.jp", 1, 5},
      {"example.jp", 4, 4},
      {"xn--r8jz45g.jp", 1, 1},    // 例え.jp
      {"a.b.github.io", 1, 1},     // github.io is a public suffix: b.github.io is registrable
      {"not a host", 1, 1},
  };
  ExposureStats s = ComputeExposureStats(counts, *psl);
  EXPECT_EQ(s.exposures, 13);
  EXPECT_EQ(s.sightings, 18);
  ASSERT_EQ(s.by_registrable.size(), 5u);
  EXPECT_EQ(s.by_registrable[0].registrable, "kakuu-mart.co.jp");
  EXPECT_EQ(s.by_registrable[0].exposures, 6);
  EXPECT_EQ(s.by_registrable[0].sightings, 11);
  EXPECT_EQ(s.by_registrable[0].domains,
            (std::vector<std::string>{"kakuu-mart.co.jp", "mail.kakuu-mart.co.jp", "shop.kakuu-mart.co.jp"}));
  EXPECT_NEAR(s.by_registrable[0].share, 6.0 / 13.0, 1e-9);
  EXPECT_EQ(s.by_registrable[1].registrable, "example.jp");
  bool saw_idn = false, saw_github = false, saw_garbage = false;
  for (const auto& r : s.by_registrable) {
    if (r.registrable == "xn--r8jz45g.jp") saw_idn = r.registrable_unicode == "例え.jp";
    if (r.registrable == "b.github.io") saw_github = true;
    if (r.registrable == "not a host") saw_garbage = true;
  }
  EXPECT_TRUE(saw_idn);
  EXPECT_TRUE(saw_github);
  EXPECT_TRUE(saw_garbage) << "kept under its own name, not dropped";
}

TEST(ExposureStatsTest, NothingIsZeroes) {
  std::unique_ptr<PublicSuffixList> psl = DebianList();
  if (!psl) GTEST_SKIP() << "Debian's publicsuffix package is not installed";
  ExposureStats s = ComputeExposureStats({}, *psl);
  EXPECT_EQ(s.exposures, 0);
  EXPECT_TRUE(s.by_registrable.empty());
}

TEST(ExposureStatsCliTest, AfterAScan) {
  if (!std::filesystem::exists(PublicSuffixList::DefaultPath())) {
    GTEST_SKIP() << "Debian's publicsuffix package is not installed";
  }
  ScratchDir dir;
  const std::string db = dir.path() + "/k.db";
  const std::string dump = dir.Write("combo.txt",
                                     "alice@mail.kakuu-mart.co.jp:pw1\n"
                                     "bob@kakuu-mart.co.jp:pw2\n"
                                     "carol@shop.kakuu-mart.co.jp:pw3\n"
                                     "dave@example.jp:pw4\n"
                                     "erin@example.com:pw5\n");
  auto scan = RunKenchi({"--db", db, "scan", dump, "--watch-email-domain", "kakuu-mart.co.jp",
                         "--watch-email-domain", "example.jp"});
  ASSERT_EQ(scan.exit_code, 0) << scan.err;

  auto j = RunKenchi({"--db", db, "--json", "stats", "exposures"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto out = nlohmann::json::parse(j.out);
  EXPECT_EQ(out["exposures"], 4);
  ASSERT_EQ(out["by_registrable_domain"].size(), 2u);
  EXPECT_EQ(out["by_registrable_domain"][0]["registrable_domain"], "kakuu-mart.co.jp");
  EXPECT_EQ(out["by_registrable_domain"][0]["exposures"], 3);
  EXPECT_EQ(out["by_registrable_domain"][0]["domains"].size(), 3u);
  EXPECT_EQ(out["by_registrable_domain"][1]["registrable_domain"], "example.jp");

  auto table = RunKenchi({"--db", db, "stats", "exposures"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("kakuu-mart.co.jp"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("75.0%"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("pw1"), std::string::npos) << "never a password";

  // A period before the scan: nothing, exit 1.
  auto old = RunKenchi({"--db", db, "stats", "exposures", "--to", "2001-01-01"});
  EXPECT_EQ(old.exit_code, 1) << old.out << old.err;
  // An unknown organisation and a missing suffix list are clear errors.
  auto org = RunKenchi({"--db", db, "stats", "exposures", "--org", "nosuch"});
  EXPECT_EQ(org.exit_code, 2) << org.err;
  EXPECT_NE(org.err.find("nosuch"), std::string::npos) << org.err;
  auto psl = RunKenchi({"--db", db, "stats", "exposures", "--psl", dir.path() + "/missing.dafsa"});
  EXPECT_NE(psl.exit_code, 0);
  EXPECT_NE(psl.err.find("missing.dafsa"), std::string::npos) << psl.err;
}

}  // namespace
}  // namespace kenchi::enrich
