// IP lookups: kenchi's sorted-range dataset (.kgeo) against libmaxminddb on
// the same random addresses, in the same run; plus the load time and the
// resident memory each adds.
//
//   build-x/geo_lookup_bench [--benchmark_repetitions=5]
//
// Inputs: $KENCHI_GEO (default var/geo/ip.kgeo, built by `kenchi geo update`)
// and $KENCHI_MMDB (default: the geo-whois-asn-country MMDB installed by
// scripts/setup.sh). Run from the repository folder.
//
// What each side answers: kenchi returns country, ASN, AS organisation and
// provider in one search; the MMDB file holds the country only, read with
// MMDB_get_value. Addresses are generated once (fixed seed) and passed as
// integers / sockaddrs, so text parsing is not part of either figure.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <maxminddb.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "kenchi/enrich/geo.h"

namespace {

using kenchi::enrich::GeoDatabase;

constexpr size_t kV4Count = 10'000'000;
constexpr size_t kV6Count = 1'000'000;

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}
std::string KgeoPath() { return Env("KENCHI_GEO", "var/geo/ip.kgeo"); }
std::string MmdbPath() {
  return Env("KENCHI_MMDB",
             "var/datasets/npm/node_modules/@ip-location-db/geo-whois-asn-country-mmdb/"
             "geo-whois-asn-country.mmdb");
}

// Resident set size of this process in KiB (VmRSS).
long RssKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

struct V6 {
  uint64_t hi, lo;
};

const std::vector<uint32_t>& V4Addresses() {
  static const std::vector<uint32_t> addrs = [] {
    std::mt19937_64 rng(20260617);
    std::vector<uint32_t> v(kV4Count);
    for (auto& a : v) a = static_cast<uint32_t>(rng());
    return v;
  }();
  return addrs;
}

// Random addresses in 2000::/4, where nearly all allocated IPv6 space is;
// uniformly random 128-bit values would almost all miss every range.
const std::vector<V6>& V6Addresses() {
  static const std::vector<V6> addrs = [] {
    std::mt19937_64 rng(20260618);
    std::vector<V6> v(kV6Count);
    for (auto& a : v) {
      a.hi = (uint64_t{0x2} << 60) | (rng() >> 4);
      a.lo = rng();
    }
    return v;
  }();
  return addrs;
}

const GeoDatabase* Kgeo() {
  static const GeoDatabase* db = [] {
    auto r = GeoDatabase::Open(KgeoPath());
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().message().c_str());
      std::exit(1);
    }
    return r->release();
  }();
  return db;
}

MMDB_s* Mmdb() {
  static MMDB_s* db = [] {
    auto* m = new MMDB_s;
    if (MMDB_open(MmdbPath().c_str(), MMDB_MODE_MMAP, m) != MMDB_SUCCESS) {
      std::fprintf(stderr, "cannot open %s\n", MmdbPath().c_str());
      std::exit(1);
    }
    return m;
  }();
  return db;
}

// ---- load time and memory -------------------------------------------------------

void BM_KgeoOpen(benchmark::State& state) {
  long rss_delta = 0;
  for (auto _ : state) {
    const long before = RssKiB();
    auto db = GeoDatabase::Open(KgeoPath());
    if (!db.ok()) {
      state.SkipWithError(db.status().message().c_str());
      return;
    }
    rss_delta = RssKiB() - before;
    benchmark::DoNotOptimize(db->get());
  }
  state.counters["rss_MiB"] = static_cast<double>(rss_delta) / 1024.0;
}
BENCHMARK(BM_KgeoOpen)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_MmdbOpen(benchmark::State& state) {
  long rss_delta = 0;
  for (auto _ : state) {
    const long before = RssKiB();
    MMDB_s m;
    if (MMDB_open(MmdbPath().c_str(), MMDB_MODE_MMAP, &m) != MMDB_SUCCESS) {
      state.SkipWithError("cannot open the MMDB file");
      return;
    }
    rss_delta = RssKiB() - before;
    MMDB_close(&m);
  }
  state.counters["rss_MiB"] = static_cast<double>(rss_delta) / 1024.0;
}
BENCHMARK(BM_MmdbOpen)->Unit(benchmark::kMillisecond)->Iterations(5);

// ---- lookups -----------------------------------------------------------------------

void BM_KgeoLookupV4(benchmark::State& state) {
  const GeoDatabase* db = Kgeo();
  const auto& addrs = V4Addresses();
  for (auto _ : state) {
    uint64_t sum = 0;
    for (uint32_t a : addrs) {
      const auto hit = db->LookupV4(a);
      sum += hit.asn + hit.country.size();
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * addrs.size()));
}
BENCHMARK(BM_KgeoLookupV4)->Unit(benchmark::kMillisecond);

void BM_MmdbLookupV4(benchmark::State& state) {
  MMDB_s* db = Mmdb();
  const auto& addrs = V4Addresses();
  for (auto _ : state) {
    uint64_t sum = 0;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    for (uint32_t a : addrs) {
      sa.sin_addr.s_addr = htonl(a);
      int err = 0;
      MMDB_lookup_result_s r = MMDB_lookup_sockaddr(db, reinterpret_cast<const sockaddr*>(&sa), &err);
      if (r.found_entry) {
        MMDB_entry_data_s data;
        if (MMDB_get_value(&r.entry, &data, "country_code", nullptr) == MMDB_SUCCESS && data.has_data) {
          sum += data.data_size;
        }
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * addrs.size()));
}
BENCHMARK(BM_MmdbLookupV4)->Unit(benchmark::kMillisecond);

void BM_KgeoLookupV6(benchmark::State& state) {
  const GeoDatabase* db = Kgeo();
  const auto& addrs = V6Addresses();
  for (auto _ : state) {
    uint64_t sum = 0;
    for (const V6& a : addrs) {
      const auto hit = db->LookupV6(a.hi, a.lo);
      sum += hit.asn + hit.country.size();
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * addrs.size()));
}
BENCHMARK(BM_KgeoLookupV6)->Unit(benchmark::kMillisecond);

void BM_MmdbLookupV6(benchmark::State& state) {
  MMDB_s* db = Mmdb();
  const auto& addrs = V6Addresses();
  for (auto _ : state) {
    uint64_t sum = 0;
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    for (const V6& a : addrs) {
      for (int i = 0; i < 8; ++i) {
        sa.sin6_addr.s6_addr[i] = static_cast<uint8_t>(a.hi >> (56 - 8 * i));
        sa.sin6_addr.s6_addr[8 + i] = static_cast<uint8_t>(a.lo >> (56 - 8 * i));
      }
      int err = 0;
      MMDB_lookup_result_s r = MMDB_lookup_sockaddr(db, reinterpret_cast<const sockaddr*>(&sa), &err);
      if (r.found_entry) {
        MMDB_entry_data_s data;
        if (MMDB_get_value(&r.entry, &data, "country_code", nullptr) == MMDB_SUCCESS && data.has_data) {
          sum += data.data_size;
        }
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * addrs.size()));
}
BENCHMARK(BM_MmdbLookupV6)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
