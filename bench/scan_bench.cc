// Benchmark of `kenchi scan`'s engine against grep -F -f and rg -F -f.
//
// Generates (once, outside the repository) a combolist of --size-mb with a
// Zipf-like mix of email domains, and watchlists of 10, 1,000 and 100,000
// domains (--mix head: half of them from the head of the mix, so that 4.5 to
// 39 % of lines match, a hard case; --mix rare: one in 100 occurs in the
// dump, as a customer watchlist against a large dump), then for each
// watchlist times, on the
// same file in the same run: the engine (ScanDump, nothing stored) on 1
// and 2 threads, `grep -F -c -f` and `rg -F -c -f` with "@domain"
// patterns. Prints GB/s, median of --reps runs, and the engine's max RSS.
// Then the command itself, as a user runs it: the watchlist imported with
// `kenchi watch import` into a scratch database, `kenchi scan --no-store`
// (all cores) and, for watchlists up to 1,000 domains, `kenchi scan` storing
// every match (keyed hash, masked preview, one SQLite transaction). With
// --gzip, all of it on the combolist gzipped, against `gzip -dc` piped to
// grep and rg, and `gzip -dc` alone; with --zip and --zstd the same with
// the combolist zipped and `unzip -p`, or compressed with zstd and
// `zstd -dc`. With --stealer-log, on url:user:pass
// lines instead of user:pass lines.
//
//   build-bench/scan_bench --size-mb 1024 --dir /tmp/kenchi-scan-bench
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "kenchi/pipeline/scan.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string Domain(size_t i) {
  static const char* kTlds[] = {".co.jp", ".jp", ".com", ".ne.jp", ".net", ".or.jp"};
  return "d" + std::to_string(i * 2654435761u % 1000003) + "corp" + kTlds[i % 6];
}

// The files of one watchlist (.txt for grep and rg, .yaml for kenchi).
std::string ListName(const std::string& mix, size_t watched) {
  return (mix == "head" ? "watch-" : "watch-rare-") + std::to_string(watched);
}

// Common providers take most lines, then a long Zipf tail of company domains.
// With `stealer_log`, the lines are stealer-log lines instead,
// "https://www.<site>/<path>:<user>:<pass>", the user the same email
// address as a combolist line would have (so grep's "@domain" patterns
// count the same lines), the site another domain of the mix. With
// `long_urls` too, each URL has a query of 60 to 400 bytes, as login
// pages' URLs often do (lines of 130 to 480 bytes).
void Generate(const std::string& path, uint64_t bytes, size_t pool, bool stealer_log, bool long_urls) {
  std::mt19937_64 rng(42);
  std::vector<double> cdf(pool);
  double sum = 0;
  for (size_t i = 0; i < pool; ++i) cdf[i] = (sum += 1.0 / std::pow(static_cast<double>(i + 1), 0.9));
  const char* kCommon[] = {"gmail.com", "yahoo.co.jp", "outlook.com", "docomo.ne.jp", "icloud.com",
                           "ezweb.ne.jp", "hotmail.com", "softbank.ne.jp"};
  std::uniform_real_distribution<double> u(0, sum);
  std::uniform_int_distribution<int> len(5, 12), ch(0, 35), common(0, 7), coin(0, 99), page(0, 3),
      query(60, 400);
  const char* kPages[] = {"/login", "/wp-login.php", "/account/signin", ""};
  FILE* f = std::fopen(path.c_str(), "wb");
  std::string line;
  uint64_t written = 0;
  while (written < bytes) {
    line.clear();
    if (stealer_log) {
      const size_t site = static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin());
      line += "https://www." + Domain(std::min(site, pool - 1)) + kPages[page(rng)];
      if (long_urls) {
        line += "?continue=";
        for (int i = query(rng); i > 0; --i) line.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[ch(rng)]);
      }
      line += ":";
    }
    for (int i = len(rng); i > 0; --i) line.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[ch(rng)]);
    line.push_back('@');
    if (coin(rng) < 55) {
      line += kCommon[common(rng)];
    } else {
      const size_t d = static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin());
      line += Domain(std::min(d, pool - 1));
    }
    line.push_back(':');
    for (int i = len(rng); i > 0; --i) line.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[ch(rng)]);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), f);
    written += line.size();
  }
  std::fclose(f);
}

// Reads `path` through once, untimed, before a tool's runs: this machine
// pages out page cache that has not been touched for a while (DAMON's
// reclaim), so a file last read minutes ago may come partly from disk, and
// the first run of a tool would time the disk. Every tool is timed from
// the page cache alike.
void WarmPageCache(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return;
  static char buffer[1 << 20];
  while (std::fread(buffer, 1, sizeof buffer, f) == sizeof buffer) {
  }
  std::fclose(f);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double TimeCommand(const std::string& cmd) {
  const auto t0 = Clock::now();
  if (std::system(cmd.c_str()) == -1) return -1;
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t size_mb = 1024;
  std::string dir = "/tmp/kenchi-scan-bench";
  int reps = 3;
  std::vector<size_t> sizes = {10, 1000, 100000};
  bool baselines = true;
  bool cli = true;
  std::vector<int> thread_counts = {1, 2};
  std::string mix = "head";
  std::string packed;  // "", or how the combolist is compressed: "gz", "zip" or "zst"
  bool stealer_log = false;
  bool long_urls = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--size-mb" && has_value) size_mb = std::stoull(argv[++i]);
    else if (a == "--dir" && has_value) dir = argv[++i];
    else if (a == "--reps" && has_value) reps = std::stoi(argv[++i]);
    else if (a == "--watched" && has_value) sizes = {std::stoull(argv[++i])};
    else if (a == "--threads" && has_value) thread_counts = {std::stoi(argv[++i])};
    else if (a == "--mix" && has_value && (std::string(argv[i + 1]) == "head" || std::string(argv[i + 1]) == "rare"))
      mix = argv[++i];
    else if (a == "--engine-only") baselines = false, cli = false;
    else if (a == "--no-cli") cli = false;
    else if (a == "--gzip") packed = "gz";
    else if (a == "--zip") packed = "zip";
    else if (a == "--zstd") packed = "zst";
    else if (a == "--stealer-log") stealer_log = true;
    else if (a == "--long-urls") stealer_log = long_urls = true;
    else {
      std::fprintf(stderr,
                   "usage: scan_bench [--size-mb N] [--dir DIR] [--reps N] [--watched N] "
                   "[--threads N] [--mix head|rare] [--engine-only] [--no-cli] [--gzip | --zip | --zstd] [--stealer-log]\n"
                   "       [--long-urls]\n"
                   "  --mix head: half the watched domains from the head of the dump's domain mix\n"
                   "             (a hard case: 4.5-39 %% of lines match); rare: one in 100 occurs in\n"
                   "             the dump, the rest never (a customer watchlist against a big dump)\n"
                   "  --gzip: scan the combolist gzipped (gzip -6), against gzip -dc piped to grep and rg\n"
                   "          and gzip -dc alone; GB/s of the uncompressed text\n"
                   "  --zip: the same with the combolist zipped (zip -6) and unzip -p\n"
                   "  --zstd: the same with the combolist compressed by zstd -3 and zstd -dc\n"
                   "  --stealer-log: url:user:pass lines (the user a combolist line's email address)\n"
                   "  --long-urls: stealer-log lines whose URLs have a query of 60-400 bytes\n");
      return a == "--help" ? 0 : 2;
    }
  }
  std::system(("mkdir -p " + dir).c_str());
  const size_t pool = 200000;
  const std::string combo =
      dir + "/" + (long_urls ? "stealer-log-long-" : stealer_log ? "stealer-log-" : "combolist-") +
      std::to_string(size_mb) + "mb.txt";
  struct stat st {};
  if (stat(combo.c_str(), &st) != 0) {
    std::fprintf(stderr, "generating %s ...\n", combo.c_str());
    Generate(combo, size_mb << 20, pool, stealer_log, long_urls);
    stat(combo.c_str(), &st);
  }
  const double gb = static_cast<double>(st.st_size) / 1e9;
  // What is scanned: the combolist, or (--gzip, --zip) the combolist
  // compressed, and the command that decompresses it for the baselines.
  std::string input = combo, unpack;
  if (!packed.empty()) {
    input = combo + "." + packed;
    unpack = (packed == "gz" ? "gzip -dc " : packed == "zip" ? "unzip -p " : "zstd -q -dc ") + input;
    struct stat compressed {};
    if (stat(input.c_str(), &compressed) != 0) {
      std::fprintf(stderr, "compressing %s ...\n", combo.c_str());
      const std::string make = packed == "gz"    ? "gzip -6 -c " + combo + " > " + input
                               : packed == "zip" ? "zip -q -j -6 " + input + " " + combo
                                                 : "zstd -q -3 -c " + combo + " > " + input;
      if (std::system(make.c_str()) != 0) return 1;
    }
  }
  const std::string unpack_name = packed == "gz" ? "gzip -dc" : packed == "zip" ? "unzip -p" : "zstd -dc";
  std::printf("%s%s %s: %.2f GB; watchlists: %s\n", packed.empty() ? "" : packed == "gz" ? "gzipped " : packed == "zip" ? "zipped " : "zstd-compressed ",
              long_urls ? "stealer log (long URLs)" : stealer_log ? "stealer log" : "combolist",
              input.c_str(), gb,
              mix == "head" ? "half from the head of the domain mix" : "one in 100 occurs in the dump");
  std::printf("%-9s %-24s %8s %10s %9s\n", "watched", "tool", "GB/s", "matches", "seconds");
  const bool have_rg = std::system("command -v rg >/dev/null 2>&1") == 0;
  if (!packed.empty() && baselines) {
    // The floor of any pipe from the decompressor: decompressing alone.
    WarmPageCache(input);
    std::vector<double> secs;
    for (int r = 0; r < reps; ++r) secs.push_back(TimeCommand(unpack + " > /dev/null"));
    std::printf("%-9s %-24s %8.2f %10s %9.2f\n", "-", (unpack_name + " > /dev/null").c_str(), gb / Median(secs), "",
                Median(secs));
    std::fflush(stdout);
  }

  for (size_t watched : sizes) {
    std::vector<kenchi::Asset> assets;
    const std::string name = ListName(mix, watched);
    const std::string list = dir + "/" + name + ".txt";
    std::ofstream out(list);
    const std::string yaml = dir + "/" + name + ".yaml";
    std::ofstream yaml_out(yaml);
    yaml_out << "organizations:\n  - name: bench-org\n    email_domains:\n";
    for (size_t i = 0; i < watched; ++i) {
      std::string value;
      if (mix == "head") {
        // Every other domain from the head of the pool (they occur), the
        // rest spread over the tail.
        value = Domain(i % 2 == 0 ? i / 2 : pool / 2 + (i * 7919) % (pool / 2));
      } else {
        // One in 100 spread over the pool; the rest named like no domain
        // of the dump ("w..." where the pool has "d...").
        value = i % 100 == 0 ? Domain((i / 100 * 7919) % pool) : "w" + std::to_string(i) + "corp.example.jp";
      }
      kenchi::Asset a;
      a.id = static_cast<int64_t>(i + 1);
      a.organization_id = 1;
      a.kind = kenchi::AssetKind::kEmailDomain;
      a.value = value;
      assets.push_back(std::move(a));
      out << "@" << value << "\n";
      yaml_out << "      - " << value << "\n";
    }
    out.close();
    yaml_out.close();
    kenchi::match::WatchSet set;
    if (kenchi::Status st2 = set.AddAssets(assets); !st2.ok()) {
      std::fprintf(stderr, "%s\n", st2.message().c_str());
      return 1;
    }
    const kenchi::match::Matcher matcher(set);
    for (int threads : thread_counts) {
      WarmPageCache(input);
      std::vector<double> secs;
      uint64_t matched = 0;
      for (int r = 0; r < reps; ++r) {
        kenchi::pipeline::ScanOptions o;
        o.threads = threads;
        const auto t0 = Clock::now();
        auto s = kenchi::pipeline::ScanDump(input, matcher, o, nullptr);
        secs.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        if (!s.ok()) {
          std::fprintf(stderr, "%s\n", s.status().message().c_str());
          return 1;
        }
        matched = s->matched;
      }
      const double m = Median(secs);
      std::printf("%-9zu %-24s %8.2f %10llu %9.2f\n", watched,
                  ("kenchi scan -j" + std::to_string(threads)).c_str(), gb / m,
                  static_cast<unsigned long long>(matched), m);
      std::fflush(stdout);
    }
    for (const std::string tool : {"grep", "rg"}) {
      if (!baselines || (tool == "rg" && !have_rg)) continue;
      const std::string count = dir + "/count.txt";
      const std::string search = "LC_ALL=C " + tool + " -F -c -f " + list;
      const std::string cmd =
          !packed.empty() ? unpack + " | " + search + " > " + count : search + " " + combo + " > " + count;
      WarmPageCache(packed.empty() ? combo : input);
      std::vector<double> secs;
      for (int r = 0; r < reps; ++r) secs.push_back(TimeCommand(cmd));
      std::ifstream in(count);
      unsigned long long n = 0;
      in >> n;
      const double m = Median(secs);
      std::printf("%-9zu %-24s %8.2f %10llu %9.2f\n", watched,
                  ((packed.empty() ? "" : unpack_name + " | ") + tool + " -F -f").c_str(), gb / m, n, m);
      std::fflush(stdout);
    }
  }
  // The command as a user runs it.
  for (size_t watched : cli ? sizes : std::vector<size_t>{}) {
    const std::string db = dir + "/bench-" + mix + "-" + std::to_string(watched) + ".db";
    const std::string kenchi = std::string(KENCHI_BINARY) + " -q --db " + db;
    std::system(("rm -f " + db + " " + db + ".secret").c_str());
    const std::string import = kenchi + " watch import " + dir + "/" + ListName(mix, watched) + ".yaml";
    if (std::system(import.c_str()) != 0) {
      std::fprintf(stderr, "failed: %s\n", import.c_str());
      return 1;
    }
    struct Run {
      const char* name;
      std::string args;
      bool wanted;
    };
    for (const Run& run : {Run{"kenchi scan --no-store", "scan --no-store ", true},
                           Run{"kenchi scan (stored)", "scan ", watched <= 1000}}) {
      if (!run.wanted) continue;
      WarmPageCache(input);
      std::vector<double> secs;
      for (int r = 0; r < reps; ++r) secs.push_back(TimeCommand(kenchi + " " + run.args + input + " > /dev/null"));
      std::printf("%-9zu %-24s %8.2f %10s %9.2f\n", watched, run.name, gb / Median(secs), "", Median(secs));
      std::fflush(stdout);
    }
  }
  rusage self {}, children {};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  std::printf("max RSS: kenchi engine process %ld MiB (children: grep, rg, the kenchi command: %ld MiB)\n", self.ru_maxrss / 1024,
              children.ru_maxrss / 1024);
  return 0;
}
