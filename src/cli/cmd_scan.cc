// kenchi scan FILE...
#include <algorithm>
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/match/watch_set.h"
#include "kenchi/pipeline/scan.h"
#include "kenchi/text/keyed_hash.h"

namespace kenchi::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> files;
  std::vector<std::string> domains;
  std::vector<std::string> email_domains;
  std::vector<std::string> bins;
  int threads = 0;
  size_t max_line_bytes = 1u << 20;
  bool no_store = false;
  bool no_watchlists = false;
  bool mmap = false;
};

nlohmann::json ToJson(const pipeline::ScanStats& s) {
  nlohmann::json samples = nlohmann::json::array();
  for (const pipeline::BadLineSample& b : s.bad_samples) {
    samples.push_back({{"line", b.line == 0 ? nlohmann::json() : nlohmann::json(b.line)},
                       {"offset", b.offset},
                       {"reason", b.reason},
                       {"excerpt", b.excerpt}});
  }
  return {{"path", s.path},
          {"compression", s.compression},
          {"format", s.format},
          {"file_bytes", s.file_bytes},
          {"bytes", s.bytes},
          {"lines", s.lines},
          {"records", s.records},
          {"matched", s.matched},
          {"unmatched", s.unmatched()},
          {"bad_lines", s.bad_lines},
          {"invalid_utf8_lines", s.invalid_utf8_lines},
          {"skipped_lines", s.skipped_lines},
          {"bad_samples", std::move(samples)},
          {"matches_by_watch", s.matches_by_watch},
          {"seconds", s.seconds}};
}

// Where a bad line is: "file:line" for plain files, "file@byte" in a
// decompressed stream (line numbers would need a serial count).
std::string Where(const pipeline::ScanStats& s, const pipeline::BadLineSample& b) {
  if (b.line > 0) return fmt::format("{}:{}", s.path, b.line);
  return fmt::format("{}@{}", s.path, b.offset);
}

// The watched values with the most matches, most first: a watchlist of
// 100k values can match tens of thousands of them, which belong in --json,
// not in a terminal.
constexpr size_t kTopWatched = 10;
void PrintTopWatched(const pipeline::ScanStats& s) {
  std::vector<std::pair<uint64_t, std::string_view>> top;
  top.reserve(s.matches_by_watch.size());
  for (const auto& [value, n] : s.matches_by_watch) top.emplace_back(n, value);
  const size_t shown = std::min(top.size(), kTopWatched);
  std::partial_sort(top.begin(), top.begin() + static_cast<ptrdiff_t>(shown), top.end(),
                    [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  for (size_t i = 0; i < shown; ++i) {
    std::printf("  %s: %s match(es) of %.*s\n", s.path.c_str(), WithThousands(static_cast<long long>(top[i].first)).c_str(),
                static_cast<int>(top[i].second.size()), top[i].second.data());
  }
  if (top.size() > shown) {
    std::printf("  %s: %s more watched value(s) matched (--json lists them all)\n", s.path.c_str(),
                WithThousands(static_cast<long long>(top.size() - shown)).c_str());
  }
}

int RunScan(const ScanArgs& args, const Context& ctx) {
  match::WatchSet watch;
  for (const std::string& d : args.domains) {
    if (Status s = watch.Add(match::WatchKind::kDomain, d); !s.ok()) {
      ctx.Error("--watch-domain: " + s.message());
      return kExitBadInput;
    }
  }
  for (const std::string& d : args.email_domains) {
    if (Status s = watch.Add(match::WatchKind::kEmailDomain, d); !s.ok()) {
      ctx.Error("--watch-email-domain: " + s.message());
      return kExitBadInput;
    }
  }
  for (const std::string& b : args.bins) {
    if (Status s = watch.Add(match::WatchKind::kBin, b); !s.ok()) {
      ctx.Error("--watch-bin: " + s.message());
      return kExitBadInput;
    }
  }

  std::unique_ptr<Store> store;
  if (!args.no_store || !args.no_watchlists) {
    store = ctx.OpenStore(/*create_if_missing=*/!args.no_store);
    if (!store) return kExitFailure;
  }
  if (!args.no_watchlists && store) {
    Result<std::vector<Asset>> assets = store->ListAssets();
    if (!assets.ok()) {
      ctx.Error(assets.status().message());
      return ExitCodeFor(assets.status());
    }
    if (Status s = watch.AddAssets(*assets); !s.ok()) {
      ctx.Error("watchlist: " + s.message());
      return kExitBadInput;
    }
  }
  if (watch.empty()) {
    ctx.Error("scan: nothing to look for: add domain, email_domain or bin assets to an "
              "organisation's watchlist, or pass --watch-domain/--watch-email-domain/--watch-bin");
    return kExitBadInput;
  }
  std::optional<text::KeyedHasher> hasher;
  if (!args.no_store) {
    Result<text::KeyedHasher> h = text::KeyedHasher::LoadOrCreate(text::SecretPathFor(ctx.db_path));
    if (!h.ok()) {
      ctx.Error(h.status().message());
      return ExitCodeFor(h.status());
    }
    hasher.emplace(std::move(h).value());
  }
  const match::Matcher matcher(std::move(watch));
  ctx.Detail(fmt::format("watching {} value(s)", matcher.size()));

  pipeline::ScanOptions options;
  options.threads = args.threads;
  options.max_line_bytes = args.max_line_bytes;
  options.map_files = args.mmap;
  options.buffer_bytes = std::max<size_t>(options.buffer_bytes, 2 * args.max_line_bytes);

  int worst = kExitOk;
  uint64_t matched = 0;
  nlohmann::json files = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  std::vector<pipeline::ScanStats> done;
  for (const std::string& file : args.files) {
    Result<pipeline::ScanStats> stats =
        args.no_store ? pipeline::ScanDump(file, matcher, options, nullptr)
                      : pipeline::ScanDumpIntoStore(*store, file, matcher, options, *hasher);
    if (!stats.ok()) {
      ctx.Error(stats.status().message() + (args.no_store ? "" : " (nothing of it was stored)"));
      errors.push_back({{"path", file}, {"error", stats.status().message()}});
      worst = std::max(worst, ExitCodeFor(stats.status()));
      continue;
    }
    matched += stats->matched;
    if (ctx.json) files.push_back(ToJson(*stats));  // (100k watched values make it costly)
    done.push_back(std::move(stats).value());
  }

  if (ctx.json) {
    ctx.PrintJson({{"files", files}, {"errors", errors}, {"matched", matched}});
  } else if (!done.empty()) {
    Table table({"FILE", "FORMAT", "MB", "LINES", "RECORDS", "MATCHED", "BAD", "MB/S"});
    table.SetMaxWidth(0, 40);
    for (const pipeline::ScanStats& s : done) {
      const double mb = static_cast<double>(s.bytes) / 1e6;
      table.AddRow({s.path,
                    s.format + (s.compression == "none" ? "" : "+" + s.compression),
                    fmt::format("{:.1f}", mb), WithThousands(static_cast<long long>(s.lines)),
                    WithThousands(static_cast<long long>(s.records)),
                    WithThousands(static_cast<long long>(s.matched)),
                    WithThousands(static_cast<long long>(s.bad_lines)),
                    s.seconds > 0 ? fmt::format("{:.0f}", mb / s.seconds) : "-"});
    }
    std::fputs(table.Render().c_str(), stdout);
    for (const pipeline::ScanStats& s : done) {
      PrintTopWatched(s);
      if (s.invalid_utf8_lines > 0) {
        ctx.Info(fmt::format("{}: {} line(s) not valid UTF-8 (parsed anyway)", s.path,
                             s.invalid_utf8_lines));
      }
      for (const pipeline::BadLineSample& b : s.bad_samples) {
        ctx.Info(fmt::format("{}: bad line skipped: {}: \"{}\"", Where(s, b), b.reason, b.excerpt));
      }
      if (s.bad_lines > s.bad_samples.size()) {
        ctx.Info(fmt::format("{}: {} bad line(s) in all", s.path, s.bad_lines));
      }
    }
    if (!args.no_store) {
      ctx.Info(fmt::format("{} credential(s) of watched domains/BINs stored in {} (passwords as "
                           "keyed hashes and masked previews only)",
                           matched, ctx.db_path));
    }
  }
  if (worst != kExitOk) return worst;
  return matched > 0 ? kExitOk : kExitNoResults;
}

}  // namespace

void AddScanCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "scan",
      "Scan leak dumps for credentials of watched domains, email domains and card BINs.\n"
      "Reads combolists (email:password, user;pass, url:user:pass stealer logs), CSV/TSV with a\n"
      "header and SQL INSERT dumps, plain or compressed (gzip, bzip2, xz, zstd, zip, 7z, RAR;\n"
      "found from the bytes), on all cores, in constant memory. Matches are stored as credential\n"
      "exposures with a keyed hash and a masked preview of the password (never the password;\n"
      "the key is <db>.secret, created 0600 on first use); other lines only as counts.\n"
      "Watched values come from every organisation's watchlist plus the --watch-* options.\n"
      "Exit code 0: something matched; 1: nothing matched; 2: a file was rejected (empty,\n"
      "binary, broken archive) or bad usage; 3: database or I/O failure. Bad lines inside a\n"
      "file are counted, shown (the first 5, with file:line or file@byte) and skipped.\n"
      "Per file the ten watched values with the most matches are shown; --json lists all.");
  cmd->add_option("FILE", args->files, "dump files to scan")->required();
  cmd->add_option("--watch-domain", args->domains,
                  "also watch this domain and its subdomains (emails and URL hosts); repeatable");
  cmd->add_option("--watch-email-domain", args->email_domains,
                  "also watch email addresses at this domain and its subdomains; repeatable");
  cmd->add_option("--watch-bin", args->bins, "also watch card numbers starting with this BIN "
                  "(6 to 8 digits); repeatable");
  cmd->add_flag("--no-watchlists", args->no_watchlists,
                "ignore the organisations' watchlists in the database (use --watch-* only)");
  cmd->add_flag("--no-store", args->no_store,
                "store nothing: only count and report (no database needed with --no-watchlists)");
  cmd->add_option("-j,--threads", args->threads, "worker threads (0: one per core)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-line-bytes", args->max_line_bytes,
                  "lines longer than this are counted as bad and skipped")
      ->capture_default_str()
      ->check(CLI::Range(size_t{64}, size_t{64} << 20));
  cmd->add_flag("--mmap", args->mmap,
                "read uncompressed files through memory mappings instead of read(): no copy, but up to twice "
                "as slow when the file was just written (downloaded, unpacked), about as fast otherwise "
                "(see docs/BENCHMARKS.md)");
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunScan(*args, ctx); }; });
}

}  // namespace kenchi::cli
