// kenchi collect [NAME...]
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "kenchi/pipeline/collect.h"

namespace kenchi::cli {
namespace {

using pipeline::CollectItem;

struct CollectArgs {
  std::vector<std::string> names;
  double timeout_s = 30;
  double connect_timeout_s = 10;
  double delay_s = 1;
  int64_t max_bytes = 16 << 20;
  int64_t max_entries = 100;
  int max_redirects = 5;
  bool no_extract = false;
};

int64_t Millis(double seconds) { return static_cast<int64_t>(std::llround(seconds * 1000)); }

nlohmann::json ToJson(const pipeline::CollectReport& r, const std::string& db) {
  nlohmann::json items = nlohmann::json::array();
  for (const CollectItem& item : r.items) {
    nlohmann::json j{{"source", item.source},
                     {"level", item.level == CollectItem::Level::kFeed ? "feed" : "entry"},
                     {"url", item.url},
                     {"outcome", pipeline::ToString(item.outcome)}};
    if (!item.reason.empty()) j["reason"] = item.reason;
    if (item.document_id) j["document_id"] = item.document_id;
    if (item.incident_id) j["incident_id"] = item.incident_id;
    items.push_back(std::move(j));
  }
  return {{"database", db},
          {"feeds", r.feeds},
          {"feeds_not_modified", r.feeds_not_modified},
          {"entries", r.entries},
          {"pages_fetched", r.pages_fetched},
          {"bytes", r.bytes},
          {"documents_new", r.documents_new},
          {"unchanged", r.unchanged},
          {"skipped", r.skipped},
          {"failed", r.failed},
          {"incidents_new", r.incidents_new},
          {"items", std::move(items)}};
}

std::string Line(const CollectItem& item) {
  std::string line = fmt::format("{:<12} {:<5} {} {}", pipeline::ToString(item.outcome),
                                 item.level == CollectItem::Level::kFeed ? "feed" : "entry",
                                 item.source, item.url);
  if (!item.reason.empty()) line += ": " + item.reason;
  if (item.incident_id) line += fmt::format("  (incident #{})", item.incident_id);
  return line;
}

int RunCollect(const CollectArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;

  pipeline::CollectOptions options;
  options.http.total_timeout_ms = Millis(args.timeout_s);
  options.http.connect_timeout_ms = Millis(args.connect_timeout_s);
  options.http.max_bytes = static_cast<uint64_t>(args.max_bytes);
  options.http.max_redirects = args.max_redirects;
  options.default_delay_ms = Millis(args.delay_s);
  options.max_entries_per_feed = args.max_entries;
  options.extract_incidents = !args.no_extract;
  if (!ctx.json) {
    // Failures and skips as they happen (stderr), the rest with --verbose.
    options.on_item = [&ctx](const CollectItem& item) {
      const bool problem = item.outcome == CollectItem::Outcome::kFailed ||
                           item.outcome == CollectItem::Outcome::kSkipped;
      if (problem) {
        if (!ctx.quiet || item.outcome == CollectItem::Outcome::kFailed)
          std::fprintf(stderr, "%s\n", Line(item).c_str());
      } else {
        ctx.Detail(Line(item));
      }
    };
  }
  Result<pipeline::CollectReport> report = pipeline::Collect(*store, args.names, options);
  if (!report.ok()) {
    ctx.Error(report.status().message());
    return ExitCodeFor(report.status());
  }
  const pipeline::CollectReport& r = *report;
  if (ctx.json) {
    ctx.PrintJson(ToJson(r, ctx.db_path));
  } else {
    std::printf("%s\n",
                fmt::format("polled {} feed(s) ({} not modified), {} entries: {} new document(s), "
                            "{} unchanged, {} skipped, {} failed; {} incident(s) extracted",
                            r.feeds, r.feeds_not_modified, r.entries, r.documents_new, r.unchanged,
                            r.skipped, r.failed, r.incidents_new)
                    .c_str());
    if (r.feeds == 0) ctx.Info("no sources to poll (add one with `kenchi source add NAME URL`)");
  }
  return r.failed > 0 ? kExitBadInput : kExitOk;
}

}  // namespace

void AddCollectCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CollectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "collect",
      "Poll the registered feeds (`kenchi source add`), follow each new entry to its page,\n"
      "and store the page like `kenchi ingest` does (HTML, text or PDF; the HTTP charset,\n"
      "else the page's <meta charset>, is the declared encoding), extracting incidents.\n"
      "Feeds are fetched with conditional requests (ETag, Last-Modified); an entry whose\n"
      "URL is already stored is not fetched again. Requests to one host are spaced by a\n"
      "delay; transfers are bounded by timeouts, a size cap and a redirect limit; only\n"
      "http and https are fetched. Each feed and entry is reported as fetched,\n"
      "not_modified, new, unchanged, skipped (with why) or failed (with the URL and why);\n"
      "the exit code is 2 when anything failed (the rest was still stored).");
  cmd->add_option("NAME", args->names, "sources to poll (default: all of them)");
  cmd->add_option("--timeout", args->timeout_s,
                  "seconds a whole transfer (redirects included) may take")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_option("--connect-timeout", args->connect_timeout_s, "seconds to wait for a connection")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 600.0));
  cmd->add_option("--delay", args->delay_s,
                  "seconds between two requests to the same host, for sources added without\n"
                  "their own --delay")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--max-bytes", args->max_bytes,
                  "largest feed or page accepted, in bytes (after decompression); a bigger\n"
                  "transfer is aborted and reported as failed")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{64} << 20));
  cmd->add_option("--max-redirects", args->max_redirects, "redirects followed per request")
      ->capture_default_str()
      ->check(CLI::Range(0, 20));
  cmd->add_option("--max-entries", args->max_entries, "entries looked at per feed and run")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1000}));
  cmd->add_flag("--no-extract", args->no_extract, "store documents only; extract no incidents");
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunCollect(*args, ctx); }; });
}

}  // namespace kenchi::cli
