// `kenchi geo` through the real binary: update, info, lookup (arguments and
// stdin, table and JSON, malformed lines), a failed update, and domains.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run.h"

namespace kenchi {
namespace {

using testing::ReadFileOrDie;
using testing::RunKenchi;
using testing::RunOptions;
using testing::ScratchDir;
using testing::SourceDir;

class GeoCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dataset_ = dir_.path() + "/geo/ip.kgeo";
    // Its fictional networks are documentation blocks: kept as the tables say.
    auto r = RunKenchi({"geo", "update", "--from", SourceDir() + "/tests/fixtures/geo/ipdb", "--providers",
                        SourceDir() + "/tests/fixtures/geo/providers.tsv", "--keep-special-purpose", "--dataset",
                        dataset_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("version:   1.0.2026010112"), std::string::npos) << r.out;
  }
  ScratchDir dir_;
  std::string dataset_;
};

TEST_F(GeoCliTest, InfoShowsNameDateAndLicence) {
  auto r = RunKenchi({"geo", "info", "--dataset", dataset_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("date:      2026-01-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("licence:   @example/asn: CC0-1.0 (test fixture)"), std::string::npos) << r.out;
  auto j = RunKenchi({"--json", "geo", "info", "--dataset", dataset_});
  ASSERT_EQ(j.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(j.out)["version"], "1.0.2026010112");
}

TEST_F(GeoCliTest, LookupTableAndJson) {
  auto r = RunKenchi({"geo", "lookup", "--dataset", dataset_, "192.0.2.130", "2001:db8::1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("AS16509"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Amazon"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Example Six Ltd"), std::string::npos) << r.out;
  auto j = RunKenchi({"--json", "geo", "lookup", "--dataset", dataset_, "192.0.2.130", "192.0.3.1"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto out = nlohmann::json::parse(j.out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["asn"], 16509);
  EXPECT_EQ(out[0]["provider"], "Amazon");
  EXPECT_EQ(out[0]["country"], "JP");
  EXPECT_EQ(out[1]["found"], false);
  EXPECT_TRUE(out[1]["asn"].is_null());
}

TEST_F(GeoCliTest, SpecialPurposeAddressesUnlessTheDatasetKeepsThem) {
  const std::string plain = dir_.path() + "/geo/plain.kgeo";
  auto update = RunKenchi({"geo", "update", "--from", SourceDir() + "/tests/fixtures/geo/ipdb", "--providers",
                           SourceDir() + "/tests/fixtures/geo/providers.tsv", "--dataset", plain});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_NE(update.out.find("have no country"), std::string::npos) << update.out;
  auto r = RunKenchi({"geo", "lookup", "--dataset", plain, "203.0.113.7", "2001:db8::1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("special-purpose: documentation (RFC 5737)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("special-purpose: documentation (RFC 3849)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("JP"), std::string::npos) << r.out;
  auto j = RunKenchi({"--json", "geo", "lookup", "--dataset", plain, "192.0.2.130"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto out = nlohmann::json::parse(j.out);
  EXPECT_EQ(out[0]["found"], false);
  EXPECT_TRUE(out[0]["country"].is_null());
  EXPECT_TRUE(out[0]["asn"].is_null());
  EXPECT_EQ(out[0]["special_purpose"], "documentation (RFC 5737)");
  // The dataset built with --keep-special-purpose answers from its tables.
  auto kept = RunKenchi({"--json", "geo", "lookup", "--dataset", dataset_, "192.0.2.130"});
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  auto kept_out = nlohmann::json::parse(kept.out);
  EXPECT_EQ(kept_out[0]["country"], "JP");
  EXPECT_TRUE(kept_out[0]["special_purpose"].is_null());
  auto info = RunKenchi({"geo", "info", "--dataset", dataset_});
  EXPECT_NE(info.out.find("answered from the tables"), std::string::npos) << info.out;
  auto help = RunKenchi({"geo", "update", "--help"});
  EXPECT_NE(help.out.find("--keep-special-purpose"), std::string::npos) << help.out;
}

TEST_F(GeoCliTest, StdinWithMalformedLinesReportsEachAndAnswersTheRest) {
  RunOptions in;
  in.stdin_data = "192.0.2.1\nnot-an-ip\n\n203.0.113.300\n2001:db8::2\n";
  auto r = RunKenchi({"--json", "geo", "lookup", "--dataset", dataset_}, in);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("stdin line 2: not an IP address: \"not-an-ip\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stdin line 4:"), std::string::npos) << r.err;
  auto out = nlohmann::json::parse(r.out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0]["asn"], 64500);
  EXPECT_EQ(out[1]["input"], "not-an-ip");
  EXPECT_TRUE(out[1].contains("error"));
  EXPECT_EQ(out[3]["asn"], 64503);
}

TEST_F(GeoCliTest, FailedUpdateKeepsThePreviousDataset) {
  const std::string before = ReadFileOrDie(dataset_);
  dir_.Write("bad/example-country-ipv4.csv", "192.0.2.0,192.0.2.255,JP\n198.51.100.0,198.51.100.255,Japan\n");
  auto r = RunKenchi({"geo", "update", "--from", dir_.path() + "/bad", "--no-providers", "--dataset", dataset_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("example-country-ipv4.csv:2: country must be two capital letters"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("previous dataset"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFileOrDie(dataset_), before);
  auto lookup = RunKenchi({"geo", "lookup", "--dataset", dataset_, "192.0.2.1"});
  EXPECT_EQ(lookup.exit_code, 0) << lookup.err;
}

TEST_F(GeoCliTest, CorruptDatasetIsAClearError) {
  const std::string bytes = ReadFileOrDie(dataset_);
  const std::string cut = dir_.Write("cut.kgeo", bytes.substr(0, bytes.size() / 3));
  auto r = RunKenchi({"geo", "lookup", "--dataset", cut, "192.0.2.1"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find(cut), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
  auto missing = RunKenchi({"geo", "info", "--dataset", dir_.path() + "/none.kgeo"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("kenchi geo update"), std::string::npos) << missing.err;
}

TEST(GeoCliDomainTest, RegistrableDomains) {
  auto r = RunKenchi({"--json", "geo", "domain", "mail.shop.example.co.jp", "www.例え.jp", "co.jp"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto out = nlohmann::json::parse(r.out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0]["registrable"], "example.co.jp");
  EXPECT_EQ(out[1]["registrable"], "xn--r8jz45g.jp");
  EXPECT_EQ(out[1]["registrable_unicode"], "例え.jp");
  EXPECT_TRUE(out[2]["registrable"].is_null());
  EXPECT_EQ(out[2]["is_public_suffix"], true);
  auto bad = RunKenchi({"geo", "domain", "exa mple.jp"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("argument 1"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace kenchi
