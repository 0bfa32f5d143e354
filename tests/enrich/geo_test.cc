// The IP dataset: building from CSV range tables, lookups at range
// boundaries and outside every range, malformed addresses, and corrupt or
// truncated files (refused with a clear error, the previous file kept).
#include "kenchi/enrich/geo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "enrich/geo_tables.h"
#include "support/run.h"

namespace kenchi::enrich {
namespace {

using kenchi::testing::ReadFileOrDie;
using kenchi::testing::ScratchDir;
using kenchi::testing::SourceDir;

std::string Fixtures() { return SourceDir() + "/tests/fixtures/geo"; }

// The fixture's fictional networks all sit in documentation blocks, so it
// is built as a test dataset: special-purpose addresses answered from the
// tables (GeoSpecialPurposeTest covers the default).
class GeoFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.path() + "/geo/ip.kgeo";
    GeoBuildOptions options;
    options.inputs = {Fixtures() + "/ipdb"};
    options.providers_path = Fixtures() + "/providers.tsv";
    options.keep_special_purpose = true;
    Result<GeoDatasetInfo> info = BuildGeoDataset(options, path_);
    ASSERT_TRUE(info.ok()) << info.status().message();
    auto db = GeoDatabase::Open(path_);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(db).value();
  }
  GeoHit At(const std::string& ip) {
    Result<GeoHit> hit = db_->Lookup(ip);
    EXPECT_TRUE(hit.ok()) << ip << ": " << hit.status().message();
    return hit.ok() ? *hit : GeoHit{};
  }

  ScratchDir dir_;
  std::string path_;
  std::unique_ptr<GeoDatabase> db_;
};

TEST_F(GeoFixtureTest, RecordsNameVersionDateAndLicence) {
  const GeoDatasetInfo& info = db_->info();
  EXPECT_EQ(info.version, "1.0.2026010112");
  EXPECT_EQ(info.date, "2026-01-01");
  EXPECT_NE(info.name.find("@example/asn"), std::string::npos) << info.name;
  EXPECT_NE(info.license.find("CC0-1.0 (test fixture)"), std::string::npos) << info.license;
  EXPECT_NE(info.license.find("documentation address ranges"), std::string::npos) << info.license;
  EXPECT_EQ(info.sources.size(), 4u);
  EXPECT_NE(info.providers.find("(2 ASNs)"), std::string::npos) << info.providers;
  EXPECT_EQ(info.Label(), info.name + " 1.0.2026010112");
}

TEST_F(GeoFixtureTest, RangeBoundariesIPv4) {
  GeoHit first = At("192.0.2.0");
  EXPECT_TRUE(first.found);
  EXPECT_EQ(first.country, "JP");
  EXPECT_EQ(first.asn, 64500u);
  EXPECT_EQ(first.as_org, "Example Hosting K.K.");
  EXPECT_EQ(first.provider, "Example Cloud");
  EXPECT_TRUE(first.provider_known);
  EXPECT_EQ(At("192.0.2.127").asn, 64500u);
  GeoHit amazon = At("192.0.2.128");
  EXPECT_EQ(amazon.asn, 16509u);
  EXPECT_EQ(amazon.as_org, "Amazon.com, Inc.");
  EXPECT_EQ(amazon.provider, "Amazon");
  EXPECT_EQ(amazon.country, "JP");
  EXPECT_EQ(At("192.0.2.255").asn, 16509u);
  // The country table splits 198.51.100.0/24 at .128, the ASN table does not.
  EXPECT_EQ(At("198.51.100.127").country, "US");
  GeoHit no_country = At("198.51.100.128");
  EXPECT_TRUE(no_country.found);
  EXPECT_EQ(no_country.country, "");
  EXPECT_EQ(no_country.asn, 64501u);
  EXPECT_EQ(no_country.as_org, "Example \"Quoted\" Networks, Ltd.");
  // Unclassified ASN: the provider falls back to the AS organisation.
  EXPECT_FALSE(no_country.provider_known);
  EXPECT_EQ(no_country.provider, no_country.as_org);
}

TEST_F(GeoFixtureTest, AddressesInNoRange) {
  for (const char* ip : {"0.0.0.0", "192.0.1.255", "192.0.3.0", "198.51.99.255", "203.0.114.0",
                         "255.255.255.255", "::", "::1", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
                         "2001:db9::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}) {
    GeoHit hit = At(ip);
    EXPECT_FALSE(hit.found) << ip;
    EXPECT_EQ(hit.asn, 0u) << ip;
    EXPECT_EQ(hit.country, "") << ip;
    EXPECT_EQ(hit.provider, "") << ip;
  }
}

TEST_F(GeoFixtureTest, RangeBoundariesIPv6) {
  GeoHit a = At("2001:db8::");
  EXPECT_EQ(a.country, "JP");
  EXPECT_EQ(a.asn, 64503u);
  EXPECT_EQ(At("2001:db8:0:ffff:ffff:ffff:ffff:ffff").country, "JP");
  GeoHit b = At("2001:db8:1::");
  EXPECT_EQ(b.country, "");
  EXPECT_EQ(b.asn, 64503u);
  EXPECT_EQ(At("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").asn, 64503u);
  // IPv4-mapped IPv6 answers from the IPv4 table.
  EXPECT_EQ(At("::ffff:192.0.2.130").asn, 16509u);
}

TEST_F(GeoFixtureTest, MalformedAddressesAreErrorsNotCrashes) {
  for (const char* bad : {"", "   ", "192.0.2", "192.0.2.256", "192.0.2.1.5", "1.2.3.-4", "abc",
                          "2001:db8:::1", "2001:db8::g", "192.0.2.1/24", "fe80::1%eth0",
                          "01.02.03.04", "999999999999999999999999999999999999999999999999999999999999999999"}) {
    Result<GeoHit> hit = db_->Lookup(bad);
    ASSERT_FALSE(hit.ok()) << "\"" << bad << "\" was accepted";
    EXPECT_EQ(hit.status().code(), Status::Code::kInvalidInput);
    EXPECT_FALSE(hit.status().message().empty());
  }
}

std::string_view SpecialAt(const std::string& text) {
  Result<IpAddress> ip = ParseIpAddress(text);
  EXPECT_TRUE(ip.ok()) << text;
  return ip.ok() ? SpecialPurpose(*ip) : std::string_view("(malformed)");
}

TEST(GeoSpecialPurposeTest, BlocksEndWhereTheRegistrySays) {
  const std::vector<std::pair<const char*, const char*>> inside = {
      {"0.0.0.0", "this network (RFC 791)"},
      {"0.255.255.255", "this network (RFC 791)"},
      {"10.0.0.0", "private-use (RFC 1918)"},
      {"10.255.255.255", "private-use (RFC 1918)"},
      {"100.64.0.0", "shared address space (RFC 6598)"},
      {"100.127.255.255", "shared address space (RFC 6598)"},
      {"127.0.0.1", "loopback (RFC 1122)"},
      {"169.254.169.254", "link-local (RFC 3927)"},
      {"172.16.0.0", "private-use (RFC 1918)"},
      {"172.31.255.255", "private-use (RFC 1918)"},
      {"192.0.0.8", "IETF protocol assignments (RFC 6890)"},
      {"192.0.0.11", "IETF protocol assignments (RFC 6890)"},
      {"192.0.2.0", "documentation (RFC 5737)"},
      {"192.88.99.1", "deprecated 6to4 relay anycast (RFC 7526)"},
      {"192.168.1.1", "private-use (RFC 1918)"},
      {"198.18.0.0", "benchmarking (RFC 2544)"},
      {"198.19.255.255", "benchmarking (RFC 2544)"},
      {"198.51.100.255", "documentation (RFC 5737)"},
      {"203.0.113.7", "documentation (RFC 5737)"},
      {"224.0.0.1", "multicast (RFC 5771)"},
      {"239.255.255.255", "multicast (RFC 5771)"},
      {"240.0.0.0", "reserved (RFC 1112)"},
      {"255.255.255.255", "reserved (RFC 1112)"},
      {"::", "unspecified (RFC 4291)"},
      {"::1", "loopback (RFC 4291)"},
      {"100::", "discard-only (RFC 6666)"},
      {"100::ffff:ffff:ffff:ffff", "discard-only (RFC 6666)"},
      {"100:0:0:1::", "dummy prefix (RFC 9780)"},
      {"64:ff9b:1::1", "local-use IPv4/IPv6 translation (RFC 8215)"},
      {"64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "local-use IPv4/IPv6 translation (RFC 8215)"},
      {"2001:1::4", "IETF protocol assignments (RFC 2928)"},
      {"2001:1:ffff:ffff:ffff:ffff:ffff:ffff", "IETF protocol assignments (RFC 2928)"},
      {"2001:1f:ffff:ffff:ffff:ffff:ffff:ffff", "deprecated ORCHID (RFC 4843)"},
      {"2001:40::", "IETF protocol assignments (RFC 2928)"},
      {"2001:2:1::", "IETF protocol assignments (RFC 2928)"},
      {"2001:4:113::", "IETF protocol assignments (RFC 2928)"},
      {"2001:10::1", "deprecated ORCHID (RFC 4843)"},
      {"2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "IETF protocol assignments (RFC 2928)"},
      {"5f00::1", "SRv6 SIDs (RFC 9602)"},
      {"2001:2::", "benchmarking (RFC 5180)"},
      {"2001:2:0:ffff:ffff:ffff:ffff:ffff", "benchmarking (RFC 5180)"},
      {"2001:db8::", "documentation (RFC 3849)"},
      {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation (RFC 3849)"},
      {"3fff::", "documentation (RFC 9637)"},
      {"3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "documentation (RFC 9637)"},
      {"fc00::", "unique-local (RFC 4193)"},
      {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique-local (RFC 4193)"},
      {"fe80::1", "link-local (RFC 4291)"},
      {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "link-local (RFC 4291)"},
      {"ff02::1", "multicast (RFC 4291)"},
      // IPv4-mapped: the IPv4 address's block.
      {"::ffff:10.1.2.3", "private-use (RFC 1918)"},
  };
  for (const auto& [ip, name] : inside) EXPECT_EQ(SpecialAt(ip), name) << ip;
  // Just outside each block, and special blocks that are globally routed
  // (AS112, AMT, 6to4, Teredo, NAT64's well-known prefix): real hosts.
  for (const char* ip : {"1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
                         "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
                         "191.255.255.255", "192.0.1.255", "192.0.3.0", "192.31.196.1", "192.52.193.1",
                         "192.88.98.255", "192.88.100.0", "192.167.255.255", "192.169.0.0", "192.175.48.1",
                         "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0", "203.0.112.255",
                         "203.0.114.0", "223.255.255.255", "::2", "::ffff:8.8.8.8", "64:ff9b::c000:201",
                         "ff::", "100:0:0:2::", "2001::1", "192.0.0.9", "192.0.0.10",
                         "64:ff9b:2::", "2001:1::1", "2001:1::3", "2001:3::1", "2001:4:112::1", "2001:20::1",
                         "2001:3f:ffff::", "2001:200::1", "5eff::1", "5f01::", "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff",
                         "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::", "2002:c000:204::1",
                         "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "3fff:1000::", "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                         "fe00::", "fec0::", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}) {
    EXPECT_EQ(SpecialAt(ip), "") << ip;
  }
}

// Whatever the tables say about a special-purpose address, a dataset built
// the default way answers "special-purpose", and one built to keep them
// answers from the tables; the choice is kept in the file.
TEST(GeoSpecialPurposeTest, DatasetsAnswerSpecialPurposeUnlessBuiltToKeepThem) {
  ScratchDir dir;
  // One range across the end of the shared address space (100.64.0.0/10).
  dir.Write("t/asn-ipv4.csv", "100.127.255.0,100.128.0.255,64510,Example Edge Net\n"
                              "203.0.113.0,203.0.113.255,64511,Example Doc Net\n");
  dir.Write("t/x-country-ipv4.csv", "100.127.255.0,100.128.0.255,JP\n203.0.113.0,203.0.113.255,AU\n");
  dir.Write("t/asn-ipv6.csv", "2001:db8::,2001:db8::ffff,64512,Example Six\n");
  for (const bool keep : {false, true}) {
    SCOPED_TRACE(keep ? "built to keep them" : "built the default way");
    GeoBuildOptions options;
    options.inputs = {dir.path() + "/t"};
    options.keep_special_purpose = keep;
    const std::string path = dir.path() + (keep ? "/keep.kgeo" : "/default.kgeo");
    Result<GeoDatasetInfo> built = BuildGeoDataset(options, path);
    ASSERT_TRUE(built.ok()) << built.status().message();
    EXPECT_EQ(built->special_purpose_from_tables, keep);
    auto db = GeoDatabase::Open(path);
    ASSERT_TRUE(db.ok()) << db.status().message();
    EXPECT_EQ((*db)->info().special_purpose_from_tables, keep);
    auto at = [&](const char* ip) {
      Result<GeoHit> hit = (*db)->Lookup(ip);
      EXPECT_TRUE(hit.ok()) << ip;
      return hit.ok() ? *hit : GeoHit{};
    };
    // Not special: answered from the tables either way.
    const GeoHit edge = at("100.128.0.0");
    EXPECT_TRUE(edge.found);
    EXPECT_EQ(edge.country, "JP");
    EXPECT_EQ(edge.asn, 64510u);
    EXPECT_EQ(edge.special_purpose, "");
    for (const char* ip : {"100.127.255.255", "203.0.113.7", "2001:db8::1"}) {
      const GeoHit hit = at(ip);
      if (keep) {
        EXPECT_TRUE(hit.found) << ip;
        EXPECT_NE(hit.asn, 0u) << ip;
        EXPECT_EQ(hit.special_purpose, "") << ip;
      } else {
        EXPECT_FALSE(hit.found) << ip;
        EXPECT_EQ(hit.country, "") << ip;
        EXPECT_EQ(hit.asn, 0u) << ip;
        EXPECT_EQ(hit.as_org, "") << ip;
        EXPECT_EQ(hit.provider, "") << ip;
        EXPECT_NE(hit.special_purpose, "") << ip;
      }
    }
    EXPECT_EQ(at("203.0.113.7").country, keep ? "AU" : "");
    EXPECT_EQ(at("2001:db8::1").special_purpose, keep ? "" : "documentation (RFC 3849)");
    // The enrichment record: no country, ASN or provider.
    const IpEnrichment e = (*db)->ToEnrichment(at("203.0.113.7"));
    EXPECT_EQ(e.country, keep ? "AU" : "");
    EXPECT_EQ(e.asn, keep ? 64511 : 0);
  }
}

TEST(GeoAddressTest, ParsesAndFormatsCanonically) {
  auto v4 = ParseIpAddress(" 203.0.113.9\n");
  ASSERT_TRUE(v4.ok());
  EXPECT_FALSE(v4->v6);
  EXPECT_EQ(v4->v4, 0xCB007109u);
  EXPECT_EQ(FormatIpAddress(*v4), "203.0.113.9");
  auto v6 = ParseIpAddress("2001:DB8:0:0:0:0:0:1");
  ASSERT_TRUE(v6.ok());
  EXPECT_TRUE(v6->v6);
  EXPECT_EQ(v6->hi, 0x20010db800000000ull);
  EXPECT_EQ(v6->lo, 1u);
  EXPECT_EQ(FormatIpAddress(*v6), "2001:db8::1");
}

// ---- corrupt and truncated datasets ----------------------------------------

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST_F(GeoFixtureTest, TruncatedDatasetIsRefusedNamingTheFile) {
  const std::string bytes = ReadFileOrDie(path_);
  const std::string cut = dir_.path() + "/cut.kgeo";
  for (size_t size : {size_t{0}, size_t{10}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    WriteBytes(cut, bytes.substr(0, size));
    auto db = GeoDatabase::Open(cut);
    ASSERT_FALSE(db.ok()) << "opened a file cut to " << size << " bytes";
    EXPECT_EQ(db.status().code(), Status::Code::kIoError);
    EXPECT_NE(db.status().message().find(cut), std::string::npos) << db.status().message();
    EXPECT_NE(db.status().message().find("truncated"), std::string::npos) << db.status().message();
  }
}

TEST_F(GeoFixtureTest, FlippedByteIsDetected) {
  std::string bytes = ReadFileOrDie(path_);
  const std::string bad = dir_.path() + "/flipped.kgeo";
  bytes[bytes.size() - 9] ^= 0x40;
  WriteBytes(bad, bytes);
  auto db = GeoDatabase::Open(bad);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("checksum"), std::string::npos) << db.status().message();
}

TEST_F(GeoFixtureTest, OtherFilesAreNotDatasets) {
  const std::string other = dir_.path() + "/other.kgeo";
  WriteBytes(other, std::string(200, 'x'));
  auto db = GeoDatabase::Open(other);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("not a kenchi IP dataset"), std::string::npos);
  auto missing = GeoDatabase::Open(dir_.path() + "/missing.kgeo");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("kenchi geo update"), std::string::npos);
}

TEST_F(GeoFixtureTest, FailedUpdateKeepsThePreviousDataset) {
  const std::string before = ReadFileOrDie(path_);
  // A table cut mid-line, as an interrupted download leaves it.
  const std::string cut = dir_.Write("cut/asn-ipv4.csv",
                                     "192.0.2.0,192.0.2.127,64500,Example Hosting K.K.\n192.0.2.128,192.0");
  GeoBuildOptions options;
  options.inputs = {dir_.path() + "/cut"};
  Result<GeoDatasetInfo> info = BuildGeoDataset(options, path_);
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find(cut + ":2:"), std::string::npos) << info.status().message();
  EXPECT_NE(info.status().message().find("truncated"), std::string::npos) << info.status().message();
  EXPECT_EQ(ReadFileOrDie(path_), before);
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_.path() + "/geo")) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1);
  EXPECT_TRUE(GeoDatabase::Open(path_).ok());
}

// ---- table parsing ---------------------------------------------------------------

Status ParseError(const std::string& content) {
  Result<tables::ParsedTable> t = tables::ParseRangeTable("t.csv", content);
  return t.ok() ? Status::Ok() : t.status();
}

TEST(GeoTableTest, RejectsMalformedRowsWithFileAndLine) {
  struct Case {
    const char* content;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"192.0.2.0,192.0.2.9,JP\n192.0.2.10\n", "t.csv:2: expected start,end"},
           {"192.0.2.9,192.0.2.0,JP\n", "t.csv:1: the range starts after it ends"},
           {"192.0.2.0,2001:db8::,JP\n", "different families"},
           {"192.0.2.0,192.0.2.9,jp\n", "two capital letters"},
           {"192.0.2.0,192.0.2.9,JP\n192.0.2.10,192.0.2.20,64500,Org\n", "t.csv:2: a 4-column row"},
           {"192.0.2.0,192.0.2.9,64x,Org\n", "bad ASN"},
           {"192.0.2.0,192.0.2.9,4294967296,Org\n", "out of range"},
           {"192.0.2.0,192.0.2.9,64500,\"Org\n", "unterminated"},
           {"192.0.2.0,192.0.2.300,JP\n", "end address"},
           {"", "no ranges"},
           {"\n\n", "no ranges"},
       }) {
    Status s = ParseError(c.content);
    ASSERT_FALSE(s.ok()) << c.content;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
  }
  EXPECT_NE(ParseError(std::string(5000, '1') + "\n").message().find("longer than"), std::string::npos);
}

TEST(GeoTableTest, OverlappingRangesMostSpecificWins) {
  // The published tables list a few addresses inside larger blocks with
  // another value; the later-starting (nested: more specific) range wins.
  ScratchDir dir;
  dir.Write("t/asn-ipv4.csv", "192.0.2.0,192.0.2.127,64500,A\n192.0.2.100,192.0.2.200,64501,B\n");
  dir.Write("t/x-country-ipv4.csv", "198.51.100.0,198.51.100.255,JP\n198.51.100.15,198.51.100.15,US\n");
  GeoBuildOptions options;
  options.inputs = {dir.path() + "/t"};
  options.keep_special_purpose = true;  // documentation blocks, as the tables say
  Result<GeoDatasetInfo> info = BuildGeoDataset(options, dir.path() + "/out.kgeo");
  ASSERT_TRUE(info.ok()) << info.status().message();
  auto db = GeoDatabase::Open(dir.path() + "/out.kgeo");
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->LookupV4(0xC0000263).asn, 64500u);  // 192.0.2.99
  EXPECT_EQ((*db)->LookupV4(0xC0000264).asn, 64501u);  // 192.0.2.100
  EXPECT_EQ((*db)->LookupV4(0xC00002C8).asn, 64501u);  // 192.0.2.200
  EXPECT_FALSE((*db)->LookupV4(0xC00002C9).found);     // 192.0.2.201
  EXPECT_EQ((*db)->LookupV4(0xC633640E).country, "JP");  // 198.51.100.14
  EXPECT_EQ((*db)->LookupV4(0xC633640F).country, "US");  // 198.51.100.15
  EXPECT_EQ((*db)->LookupV4(0xC6336410).country, "JP");  // 198.51.100.16
  EXPECT_EQ((*db)->LookupV4(0xC63364FF).country, "JP");  // 198.51.100.255
}

TEST(GeoTableTest, DirectoryWithoutTablesIsAnError) {
  ScratchDir dir;
  dir.Write("empty/readme.txt", "nothing here");
  GeoBuildOptions options;
  options.inputs = {dir.path() + "/empty"};
  Result<GeoDatasetInfo> info = BuildGeoDataset(options, dir.path() + "/out.kgeo");
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find("no range tables found"), std::string::npos);
}

// ---- provider table ----------------------------------------------------------------

TEST(GeoProvidersTest, RepositoryTableIsWellFormedAndCoversTheBigClouds) {
  auto table = LoadProviderTable(SourceDir() + "/data/providers.tsv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  auto provider_of = [&](uint32_t asn) {
    for (const auto& e : *table) {
      if (e.asn == asn) return e.provider;
    }
    return std::string();
  };
  EXPECT_EQ(provider_of(16509), "Amazon");
  EXPECT_EQ(provider_of(14618), "Amazon");
  EXPECT_EQ(provider_of(15169), "Google");
  EXPECT_EQ(provider_of(8075), "Microsoft");
  EXPECT_EQ(provider_of(9370), "Sakura Internet");
  EXPECT_EQ(provider_of(2497), "IIJ");
  for (const auto& e : *table) EXPECT_FALSE(e.note.empty()) << e.asn;
}

TEST(GeoProvidersTest, BadLinesNameFileAndLine) {
  ScratchDir dir;
  const std::string missing = dir.Write("a.tsv", "# c\n64500\tExample\n");
  EXPECT_NE(LoadProviderTable(missing).status().message().find("a.tsv:2: expected"), std::string::npos);
  const std::string dup = dir.Write("b.tsv", "64500\tA\tnote\nAS64500\tB\tnote\n");
  EXPECT_NE(LoadProviderTable(dup).status().message().find("b.tsv:2: AS64500 is already listed on line 1"),
            std::string::npos)
      << LoadProviderTable(dup).status().message();
  const std::string bad = dir.Write("c.tsv", "AS6x\tA\tnote\n");
  EXPECT_NE(LoadProviderTable(bad).status().message().find("bad ASN"), std::string::npos);
  const std::string no_note = dir.Write("d.tsv", "64500\tA\t\n");
  EXPECT_NE(LoadProviderTable(no_note).status().message().find("provenance"), std::string::npos);
}

// ---- the installed dataset (scripts/setup.sh) ------------------------------------------

class GeoInstalledTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string src = SourceDir() + "/var/datasets/npm/node_modules/@ip-location-db";
    if (!std::filesystem::exists(src + "/asn/asn-ipv4.csv")) return;
    scratch_ = new ScratchDir();
    GeoBuildOptions options;
    options.inputs = {src};
    options.providers_path = SourceDir() + "/data/providers.tsv";
    Result<GeoDatasetInfo> info = BuildGeoDataset(options, scratch_->path() + "/ip.kgeo");
    if (!info.ok()) {
      error_ = info.status().message();
      return;
    }
    auto db = GeoDatabase::Open(scratch_->path() + "/ip.kgeo");
    if (db.ok()) db_ = db->release();
  }
  static void TearDownTestSuite() {
    delete db_;
    delete scratch_;
    db_ = nullptr;
    scratch_ = nullptr;
  }
  void SetUp() override {
    if (db_ == nullptr && error_.empty()) {
      GTEST_SKIP() << "the ip-location-db dataset is not installed under var/datasets/npm "
                      "(run scripts/setup.sh)";
    }
    ASSERT_NE(db_, nullptr) << error_;
  }
  static GeoHit At(const std::string& ip) {
    Result<GeoHit> hit = db_->Lookup(ip);
    return hit.ok() ? *hit : GeoHit{};
  }

  static inline ScratchDir* scratch_ = nullptr;
  static inline GeoDatabase* db_ = nullptr;
  static inline std::string error_;
};

TEST_F(GeoInstalledTest, KnowsTheDatasetItCameFrom) {
  EXPECT_NE(db_->info().name.find("asn"), std::string::npos) << db_->info().name;
  EXPECT_NE(db_->info().name.find("geo-whois-asn-country"), std::string::npos);
  EXPECT_FALSE(db_->info().date.empty());
  EXPECT_NE(db_->info().license.find("CC-BY-4.0"), std::string::npos);
  EXPECT_NE(db_->info().license.find("CC0"), std::string::npos);
  EXPECT_GT(db_->info().ipv4_ranges, 100000u);
  EXPECT_GT(db_->info().ipv6_ranges, 50000u);
}

TEST_F(GeoInstalledTest, AmazonAddressInTokyo) {
  // 52.192.0.0/11 is announced by AS16509 for the Tokyo region.
  GeoHit hit = At("52.196.0.1");
  EXPECT_EQ(hit.asn, 16509u);
  EXPECT_EQ(hit.provider, "Amazon");
  EXPECT_TRUE(hit.provider_known);
}

TEST_F(GeoInstalledTest, JapaneseIspAddress) {
  // IIJ's 210.130.0.0/16 (AS2497).
  GeoHit hit = At("210.130.1.1");
  EXPECT_EQ(hit.country, "JP");
  EXPECT_EQ(hit.asn, 2497u);
  EXPECT_EQ(hit.provider, "IIJ");
}

TEST_F(GeoInstalledTest, JapaneseIPv6Address) {
  // IIJ's 2001:240::/32 (AS2497).
  GeoHit hit = At("2001:240::1");
  EXPECT_EQ(hit.country, "JP");
  EXPECT_EQ(hit.asn, 2497u);
  EXPECT_EQ(hit.provider, "IIJ");
}

TEST_F(GeoInstalledTest, DocumentationRangesAreInNoRange) {
  EXPECT_FALSE(At("192.0.2.1").found);
  EXPECT_FALSE(At("10.1.2.3").found);
  EXPECT_EQ(At("2001:db8::1").asn, 0u);  // no network announces the IPv6 documentation prefix
  // The country table places these two in AU (APNIC's statistics): not a
  // country a report should count them in.
  for (const char* ip : {"198.51.100.9", "203.0.113.7"}) {
    EXPECT_EQ(At(ip).country, "") << ip;
    EXPECT_EQ(At(ip).special_purpose, "documentation (RFC 5737)") << ip;
  }
  EXPECT_EQ(At("210.130.1.1").special_purpose, "");
}

}  // namespace
}  // namespace kenchi::enrich
