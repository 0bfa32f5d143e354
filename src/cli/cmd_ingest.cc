// kenchi ingest PATH...
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "kenchi/pipeline/ingest.h"
#include "kenchi/pipeline/stats.h"
#include "kenchi/text/keyed_hash.h"

namespace kenchi::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  bool no_extract = false;
  bool no_match = false;
  std::string as;        // "" (recognise by content) or "hosts"
  std::string observed;  // YYYY-MM-DD: when undated host lists were obtained
};

std::string_view OutcomeName(pipeline::IngestItem::Outcome o) {
  switch (o) {
    case pipeline::IngestItem::Outcome::kNew: return "new";
    case pipeline::IngestItem::Outcome::kUnchanged: return "unchanged";
    case pipeline::IngestItem::Outcome::kRejected: return "rejected";
  }
  return "?";
}

nlohmann::json ToJson(const pipeline::IngestReport& r, const std::string& db) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : r.items) {
    nlohmann::json j{{"uri", item.uri}, {"outcome", OutcomeName(item.outcome)}};
    if (item.outcome == pipeline::IngestItem::Outcome::kRejected) j["reason"] = item.reason;
    if (item.document_id) j["document_id"] = item.document_id;
    if (item.incident_id) j["incident_id"] = item.incident_id;
    if (item.listing_id) j["listing_id"] = item.listing_id;
    if (item.hosts) j["hosts"] = item.hosts;
    items.push_back(std::move(j));
  }
  return {{"database", db},
          {"files", r.files},
          {"bytes", r.bytes},
          {"documents_new", r.documents_new},
          {"documents_unchanged", r.documents_unchanged},
          {"rejected", r.rejected},
          {"incidents_new", r.incidents_new},
          {"listings_new", r.listings_new},
          {"hosts_stored", r.hosts_stored},
          {"items", std::move(items)}};
}

int RunIngest(const IngestArgs& args, const Context& ctx) {
  if (!args.observed.empty()) {
    Result<std::string> day = pipeline::ParseStatsDate(args.observed, false, "--observed");
    if (!day.ok() || args.observed.size() != 10) {
      ctx.Error("--observed: \"" + args.observed + "\" is not a date (expected YYYY-MM-DD)");
      return kExitBadInput;
    }
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/true);
  if (!store) return kExitFailure;

  pipeline::IngestOptions options;
  options.extract_incidents = !args.no_extract;
  options.force_host_list = args.as == "hosts";
  options.observed_on = args.observed;
  options.secret_path = text::SecretPathFor(ctx.db_path);
  const bool progress = ctx.ShowProgress();
  if (progress) {
    options.progress = [](int64_t done, int64_t total) {
      std::fprintf(stderr, "\ringest: %lld/%lld files", static_cast<long long>(done),
                   static_cast<long long>(total));
      std::fflush(stderr);
    };
  }
  Result<pipeline::IngestReport> report = pipeline::Ingest(*store, args.paths, options);
  if (progress) std::fprintf(stderr, "\r\033[K");
  if (!report.ok()) {
    ctx.Error(report.status().message() + " (the current file was rolled back)");
    return ExitCodeFor(report.status());
  }
  const pipeline::IngestReport& r = *report;
  // Matching right away is what makes ingest an early warning (cmd_match.cc).
  std::string match_summary;
  nlohmann::json match_json;
  const bool match_ok = args.no_match || MatchAfterIngest(*store, ctx, &match_summary, &match_json);

  if (ctx.json) {
    nlohmann::json out = ToJson(r, ctx.db_path);
    if (!match_json.is_null()) out["match"] = std::move(match_json);
    ctx.PrintJson(out);
  } else {
    for (const auto& item : r.items) {
      if (item.outcome == pipeline::IngestItem::Outcome::kRejected) {
        std::fprintf(stderr, "rejected: %s: %s\n", item.uri.c_str(), item.reason.c_str());
      } else if (ctx.verbose) {
        std::string line = fmt::format("{:<9} {}", OutcomeName(item.outcome), item.uri);
        if (item.incident_id) line += fmt::format("  (incident #{})", item.incident_id);
        ctx.Detail(line);
      }
    }
    std::printf("%s\n",
                fmt::format("ingested {} file(s), {} bytes: {} new document(s), {} unchanged, "
                            "{} rejected; {} incident(s) extracted",
                            r.files, r.bytes, r.documents_new, r.documents_unchanged, r.rejected,
                            r.incidents_new)
                    .c_str());
    if (r.listings_new > 0 || r.hosts_stored > 0) {
      std::printf("%s\n", fmt::format("{} underground listing(s), {} compromised host(s) stored",
                                      r.listings_new, r.hosts_stored)
                              .c_str());
    }
    if (r.documents_new == 0 && r.documents_unchanged > 0)
      std::printf("nothing new: every document was already in %s\n", ctx.db_path.c_str());
    else
      ctx.Info("database: " + ctx.db_path);
  }
  if (!match_summary.empty() && !ctx.json) std::printf("%s\n", match_summary.c_str());
  if (!match_ok) return kExitFailure;
  return r.rejected > 0 ? kExitBadInput : kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Store files (notices, news, JSON lines dumps) and extract incidents from them.\n"
      "Directories are walked recursively. Formats (text, HTML, JSON lines) and encodings\n"
      "(UTF-8, UTF-16, Shift_JIS/CP932, EUC-JP, ISO-2022-JP) are detected from the content.\n"
      "A document already stored (same bytes) is left alone, so re-running is safe.\n"
      "Rejected files are listed with the reason; the exit code is then 2.");
  cmd->add_option("PATH", args->paths, "files or directories to ingest")->required();
  cmd->add_flag("--no-extract", args->no_extract, "store documents only; extract no incidents");
  cmd->add_flag("--no-match", args->no_match,
                "do not match what was stored against the watchlists afterwards\n"
                "(run `kenchi match` later); matching runs only when an organisation exists");
  cmd->add_option("--as", args->as,
                  "read every file as this kind instead of recognising it: \"hosts\" = a\n"
                  "hacked-server list (IP:PORT USER PASSWORD lines, rdp://IP:PORT|USER|PASS,\n"
                  "or CSV with ip/port/user/password columns); lines that are not entries\n"
                  "are rejected with file:line. Passwords are kept only as keyed hashes\n"
                  "(secret in <db>.secret) and masked previews.")
      ->check(CLI::IsMember({"hosts"}));
  cmd->add_option("--observed", args->observed,
                  "the day the host lists were obtained, YYYY-MM-DD: the first-seen date of\n"
                  "their servers, unless the list dates them itself (a date column, or a\n"
                  "\"# date: YYYY-MM-DD\" line above the entries); default: today");
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunIngest(*args, ctx); }; });
}

}  // namespace kenchi::cli
