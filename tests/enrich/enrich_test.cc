// Compromised hosts in the store (upsert on the natural key), the
// enrichment stage over stored hosts and indicators, and the statistics
// by provider and country.
#include "kenchi/enrich/enrich.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/run.h"

namespace kenchi::enrich {
namespace {

using kenchi::testing::RunKenchi;
using kenchi::testing::ScratchDir;
using kenchi::testing::SourceDir;

std::string Fixtures() { return SourceDir() + "/tests/fixtures/geo"; }

CompromisedHost Host(int64_t doc, const std::string& ip, const std::string& user, const std::string& seen) {
  CompromisedHost h;
  h.document_id = doc;
  h.ip = ip;
  h.port = 22;
  h.service = "ssh";
  h.username = user;
  h.password_hash = "hash-of-" + user;
  h.password_preview = "p*****d";
  h.first_seen = seen;
  return h;
}

class EnrichTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = dir_.path() + "/kenchi.db";
    auto store = OpenSqliteStore(db_path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    Document doc;
    doc.uri = "fixture://hacked-servers.txt";
    doc.content_hash = std::string(64, 'a');
    doc.raw = doc.text = "a fictional list of servers";
    auto put = store_->PutDocument(doc);
    ASSERT_TRUE(put.ok()) << put.status().message();
    doc_ = put->document_id;

    geo_path_ = dir_.path() + "/ip.kgeo";
    GeoBuildOptions options;
    options.inputs = {Fixtures() + "/ipdb"};
    options.providers_path = Fixtures() + "/providers.tsv";
    options.keep_special_purpose = true;  // its fictional networks are documentation blocks
    auto info = BuildGeoDataset(options, geo_path_);
    ASSERT_TRUE(info.ok()) << info.status().message();
    auto geo = GeoDatabase::Open(geo_path_);
    ASSERT_TRUE(geo.ok());
    geo_ = std::move(geo).value();
  }
  int64_t Put(const CompromisedHost& h) {
    auto id = store_->PutCompromisedHost(h);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
  }
  void AddIndicator(const std::string& type, const std::string& value) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    const std::string sql = fmt::format(
        "INSERT INTO indicators (document_id, type, value, source, first_seen) "
        "VALUES ({}, '{}', '{}', 'fixture', '2026-03-01')",
        doc_, type, value);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  ScratchDir dir_;
  std::string db_path_, geo_path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<GeoDatabase> geo_;
  int64_t doc_ = 0;
};

TEST_F(EnrichTest, PutCompromisedHostUpsertsOnTheNaturalKey) {
  const int64_t a = Put(Host(doc_, "192.0.2.10", "root", "2026-03-05"));
  CompromisedHost again = Host(doc_, "192.0.2.10", "root", "2026-03-01");
  again.service = "";  // an empty field does not erase what is known
  EXPECT_EQ(Put(again), a);
  const int64_t b = Put(Host(doc_, "192.0.2.10", "admin", "2026-03-07"));
  EXPECT_NE(a, b);
  auto hosts = store_->ListCompromisedHosts({});
  ASSERT_TRUE(hosts.ok());
  ASSERT_EQ(hosts->size(), 2u);
  EXPECT_EQ((*hosts)[0].first_seen, "2026-03-01");  // the earliest sighting
  EXPECT_EQ((*hosts)[0].service, "ssh");
  EXPECT_EQ((*hosts)[0].password_preview, "p*****d");
  EXPECT_TRUE((*hosts)[0].enrichment.enriched_with.empty());
}

TEST_F(EnrichTest, PutCompromisedHostRejectsBadInput) {
  CompromisedHost h = Host(doc_, "", "root", "");
  EXPECT_EQ(store_->PutCompromisedHost(h).status().code(), Status::Code::kInvalidInput);
  h = Host(doc_, "192.0.2.1", "root", "");
  h.port = 70000;
  EXPECT_EQ(store_->PutCompromisedHost(h).status().code(), Status::Code::kInvalidInput);
  h = Host(doc_ + 100, "192.0.2.1", "root", "");  // no such document
  EXPECT_FALSE(store_->PutCompromisedHost(h).ok());
  EXPECT_EQ(store_->Counts()->compromised_hosts, 0);
}

TEST_F(EnrichTest, ListFiltersByPeriod) {
  Put(Host(doc_, "192.0.2.1", "a", "2026-01-31"));
  Put(Host(doc_, "192.0.2.2", "b", "2026-02-01T08:00:00Z"));
  Put(Host(doc_, "192.0.2.3", "c", "2026-02-28"));
  Put(Host(doc_, "192.0.2.4", "d", ""));
  HostFilter feb;
  feb.from = "2026-02-01";
  feb.to = "2026-02-28";
  auto hosts = store_->ListCompromisedHosts(feb);
  ASSERT_TRUE(hosts.ok());
  ASSERT_EQ(hosts->size(), 2u);
  EXPECT_EQ((*hosts)[0].ip, "192.0.2.2");
  EXPECT_EQ(store_->ListCompromisedHosts({})->size(), 4u);
  HostFilter bad;
  bad.from = "Feb 2026";
  EXPECT_EQ(store_->ListCompromisedHosts(bad).status().code(), Status::Code::kInvalidInput);
}

TEST_F(EnrichTest, EnrichesHostsAndIpIndicatorsWithTheDatasetVersion) {
  Put(Host(doc_, "192.0.2.200", "root", "2026-03-01"));
  Put(Host(doc_, "2001:db8::5", "root", "2026-03-01"));
  Put(Host(doc_, "203.0.113.7", "root", "2026-03-01"));
  Put(Host(doc_, "not-an-ip.example.jp", "root", "2026-03-01"));
  AddIndicator("ipv4", "198.51.100.9");
  AddIndicator("domain", "example.jp");
  AddIndicator("ipv6", "2001:db8:1::1");

  auto report = EnrichStored(*store_, *geo_, {});
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->hosts, 3);
  EXPECT_EQ(report->indicators, 2);
  EXPECT_EQ(report->dataset, geo_->info().Label());
  ASSERT_EQ(report->skipped.size(), 1u);
  EXPECT_NE(report->skipped[0].find("not an IP address"), std::string::npos) << report->skipped[0];

  auto hosts = store_->ListCompromisedHosts({});
  ASSERT_TRUE(hosts.ok());
  const IpEnrichment& amazon = (*hosts)[0].enrichment;
  EXPECT_EQ(amazon.country, "JP");
  EXPECT_EQ(amazon.asn, 16509);
  EXPECT_EQ(amazon.as_org, "Amazon.com, Inc.");
  EXPECT_EQ(amazon.provider, "Amazon");
  EXPECT_EQ(amazon.enriched_with, geo_->info().Label());
  EXPECT_EQ((*hosts)[1].enrichment.asn, 64503);
  EXPECT_EQ((*hosts)[2].enrichment.provider, "Example Japan Net");  // falls back to the AS organisation
  EXPECT_TRUE((*hosts)[3].enrichment.enriched_with.empty());

  auto indicators = store_->ListIpIndicators({});
  ASSERT_TRUE(indicators.ok());
  ASSERT_EQ(indicators->size(), 2u);
  EXPECT_EQ((*indicators)[0].enrichment.country, "US");
  EXPECT_EQ((*indicators)[0].enrichment.asn, 64501);
  EXPECT_EQ((*indicators)[1].enrichment.country, "");

  // Already enriched with this version: nothing to do; --all redoes it.
  auto again = EnrichStored(*store_, *geo_, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->hosts, 0);
  EXPECT_EQ(again->indicators, 0);
  auto all = EnrichStored(*store_, *geo_, {.all = true});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->hosts, 3);
}

TEST_F(EnrichTest, LaterUpsertKeepsEnrichment) {
  Put(Host(doc_, "192.0.2.200", "root", "2026-03-01"));
  ASSERT_TRUE(EnrichStored(*store_, *geo_, {}).ok());
  Put(Host(doc_, "192.0.2.200", "root", "2026-02-01"));
  auto hosts = store_->ListCompromisedHosts({});
  ASSERT_TRUE(hosts.ok());
  EXPECT_EQ((*hosts)[0].enrichment.provider, "Amazon");
  EXPECT_EQ((*hosts)[0].first_seen, "2026-02-01");
}

// ---- statistics --------------------------------------------------------------------

CompromisedHost Enriched(const std::string& ip, const std::string& provider, const std::string& country) {
  CompromisedHost h;
  h.ip = ip;
  h.enrichment.provider = provider;
  h.enrichment.country = country;
  h.enrichment.enriched_with = "fixture 1";
  return h;
}

TEST(HostStatsTest, SharesByProviderAndCountry) {
  std::vector<CompromisedHost> hosts = {
      Enriched("192.0.2.1", "Amazon", "JP"),   Enriched("192.0.2.2", "Amazon", "US"),
      Enriched("192.0.2.2", "Amazon", "US"),   // the same server, another account
      Enriched("192.0.2.3", "Example Cloud", "JP"), Enriched("192.0.2.4", "", ""),
  };
  hosts.push_back(CompromisedHost{});
  hosts.back().ip = "192.0.2.5";  // not enriched yet
  HostStats s = ComputeHostStats(hosts, "");
  EXPECT_EQ(s.hosts, 5);
  EXPECT_EQ(s.not_enriched, 1);
  ASSERT_EQ(s.by_provider.size(), 4u);
  EXPECT_EQ(s.by_provider[0].key, "Amazon");
  EXPECT_EQ(s.by_provider[0].hosts, 2);
  EXPECT_DOUBLE_EQ(s.by_provider[0].share, 0.4);
  double total = 0;
  for (const ShareRow& r : s.by_provider) total += r.share;
  EXPECT_DOUBLE_EQ(total, 1.0);
  EXPECT_EQ(s.by_country[0].key, "JP");
  EXPECT_EQ(s.by_country[0].hosts, 2);
  EXPECT_EQ(s.datasets, std::vector<std::string>{"fixture 1"});

  HostStats jp = ComputeHostStats(hosts, "jp");
  EXPECT_EQ(jp.hosts, 2);
  EXPECT_DOUBLE_EQ(jp.by_provider[0].share, 0.5);
  EXPECT_EQ(ComputeHostStats({}, "").hosts, 0);
}

TEST(HostStatsTest, SpecialPurposeAddressesAreCountedAsSuch) {
  const std::vector<CompromisedHost> hosts = {
      Enriched("203.0.113.7", "", ""),         // a documentation address: no country, and why
      Enriched("10.1.2.3", "", ""),            // private-use
      Enriched("fd00::1", "", ""),             // unique-local
      Enriched("192.168.0.9", "Example Cloud", "JP"),  // a dataset built to keep them said where
      Enriched("100.128.0.1", "", ""),         // an ordinary address the dataset does not know
  };
  const HostStats s = ComputeHostStats(hosts, "");
  // Ties are ordered by key: "(unknown)" before the name.
  auto keys = [](const std::vector<ShareRow>& rows) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const ShareRow& r : rows) out.emplace_back(r.key, r.hosts);
    return out;
  };
  using Rows = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(keys(s.by_country), (Rows{{kSpecialPurpose, 3}, {kUnknown, 1}, {"JP", 1}}));
  EXPECT_EQ(keys(s.by_provider), (Rows{{kSpecialPurpose, 3}, {kUnknown, 1}, {"Example Cloud", 1}}));
}

// The default dataset (special-purpose blocks not kept) from the same
// fixture tables: its hosts, all in documentation blocks, get no country
// and are counted as special-purpose, not Japanese.
TEST_F(EnrichTest, DocumentationAddressesAreSpecialPurposeWithTheDefaultDataset) {
  Put(Host(doc_, "192.0.2.200", "root", "2026-03-01"));
  Put(Host(doc_, "203.0.113.7", "root", "2026-03-02"));
  const std::string plain = dir_.path() + "/plain.kgeo";
  GeoBuildOptions options;
  options.inputs = {Fixtures() + "/ipdb"};
  options.providers_path = Fixtures() + "/providers.tsv";
  ASSERT_TRUE(BuildGeoDataset(options, plain).ok());
  store_.reset();
  auto enrich = RunKenchi({"--db", db_path_, "enrich", "--dataset", plain});
  ASSERT_EQ(enrich.exit_code, 0) << enrich.err;
  auto json = RunKenchi({"--db", db_path_, "--json", "stats", "hosts"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["by_country"].size(), 1u) << json.out;
  EXPECT_EQ(j["by_country"][0]["country"], kSpecialPurpose);
  EXPECT_EQ(j["by_country"][0]["hosts"], 2);
  EXPECT_EQ(j["by_provider"][0]["provider"], kSpecialPurpose);
}

// Rows enriched with this dataset version are left alone, but for
// special-purpose addresses whose stored answer is not what the dataset
// gives now: rows enriched before lookups knew those blocks (the AU the
// country table gives 203.0.113.0/24), or with the tables built the other
// way. They are looked up again without --all.
TEST_F(EnrichTest, SpecialPurposeRowsAreRefreshedWhenTheirAnswerChanged) {
  const int64_t doc_host = Put(Host(doc_, "203.0.113.7", "root", "2026-03-01"));
  Put(Host(doc_, "192.0.2.200", "root", "2026-03-01"));
  ASSERT_TRUE(EnrichStored(*store_, *geo_, {}).ok());  // kept: JP, as the fixture's tables say
  const std::string plain = dir_.path() + "/plain.kgeo";
  GeoBuildOptions options;
  options.inputs = {Fixtures() + "/ipdb"};
  options.providers_path = Fixtures() + "/providers.tsv";
  ASSERT_TRUE(BuildGeoDataset(options, plain).ok());
  auto geo = GeoDatabase::Open(plain);
  ASSERT_TRUE(geo.ok());
  ASSERT_EQ((*geo)->info().Label(), geo_->info().Label());  // the same name and version
  auto report = EnrichStored(*store_, **geo, {});
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->hosts, 2);
  auto hosts = store_->ListCompromisedHosts({});
  ASSERT_TRUE(hosts.ok());
  for (const CompromisedHost& h : *hosts) {
    EXPECT_EQ(h.enrichment.country, "") << h.ip;
    EXPECT_EQ(h.enrichment.asn, 0) << h.ip;
  }
  // Now in line: nothing to do.
  EXPECT_EQ(EnrichStored(*store_, **geo, {})->hosts, 0);
  // A row another version left with a country: refreshed all the same.
  IpEnrichment stale;
  stale.country = "AU";
  stale.enriched_with = geo_->info().Label();
  ASSERT_TRUE(store_->SetHostEnrichment(doc_host, stale).ok());
  EXPECT_EQ(EnrichStored(*store_, **geo, {})->hosts, 1);
}

TEST_F(EnrichTest, HostStatsCommandEndToEnd) {
  Put(Host(doc_, "192.0.2.200", "root", "2026-03-01"));
  Put(Host(doc_, "192.0.2.201", "root", "2026-03-02"));
  Put(Host(doc_, "203.0.113.7", "root", "2026-03-03"));
  Put(Host(doc_, "198.51.100.1", "root", "2026-04-10"));
  store_.reset();
  auto enrich = RunKenchi({"--db", db_path_, "enrich", "--dataset", geo_path_});
  ASSERT_EQ(enrich.exit_code, 0) << enrich.err;
  EXPECT_NE(enrich.out.find("enriched 4 compromised host(s)"), std::string::npos) << enrich.out;

  auto json = RunKenchi({"--db", db_path_, "--json", "stats", "hosts", "--from", "2026-03-01", "--to", "2026-03-31"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["hosts"], 3);
  EXPECT_EQ(j["by_provider"][0]["provider"], "Amazon");
  EXPECT_EQ(j["by_provider"][0]["hosts"], 2);
  EXPECT_NEAR(j["by_provider"][0]["share"].get<double>(), 2.0 / 3.0, 1e-9);
  EXPECT_EQ(j["by_country"][0]["country"], "JP");
  EXPECT_EQ(j["by_country"][0]["share"], 1.0);

  auto table = RunKenchi({"--db", db_path_, "stats", "hosts", "--from", "2026-03-01", "--to", "2026-03-31"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("66.7%"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("IP data: @example/asn+@example/country 1.0.2026010112"), std::string::npos) << table.out;

  auto none = RunKenchi({"--db", db_path_, "stats", "hosts", "--from", "2030-01-01"});
  EXPECT_EQ(none.exit_code, 1);
  auto bad = RunKenchi({"--db", db_path_, "stats", "hosts", "--from", "March"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("YYYY-MM-DD"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace kenchi::enrich
