// kenchi stats exposures (nested under `kenchi stats`, see context.h)
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/enrich/exposure_stats.h"

namespace kenchi::cli {
namespace {

struct ExposureArgs {
  std::string from, to, org;
  std::string psl = enrich::PublicSuffixList::DefaultPath();
  int top = 20;
};

int RunExposures(const ExposureArgs& args, const Context& ctx) {
  Result<std::unique_ptr<enrich::PublicSuffixList>> psl = enrich::PublicSuffixList::Load(args.psl);
  if (!psl.ok()) {
    ctx.Error(psl.status().message());
    return ExitCodeFor(psl.status());
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  ExposureFilter filter;
  filter.from = args.from;
  filter.to = args.to;
  if (!args.org.empty()) {
    Result<Organization> org = store->GetOrganizationByName(args.org);
    if (!org.ok()) {
      ctx.Error(org.status().message());
      return ExitCodeFor(org.status());
    }
    filter.organization_id = org->id;
  }
  Result<std::vector<DomainExposureCount>> counts = store->CountCredentialExposuresByDomain(filter);
  if (!counts.ok()) {
    ctx.Error(counts.status().message());
    return ExitCodeFor(counts.status());
  }
  enrich::ExposureStats stats = enrich::ComputeExposureStats(*counts, **psl);
  stats.from = args.from;
  stats.to = args.to;
  if (ctx.json) {
    auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : stats.by_registrable) {
      rows.push_back({{"registrable_domain", r.registrable},
                      {"registrable_domain_unicode", r.registrable_unicode},
                      {"exposures", r.exposures},
                      {"sightings", r.sightings},
                      {"share", r.share},
                      {"domains", r.domains}});
    }
    ctx.PrintJson({{"from", opt(stats.from)},
                   {"to", opt(stats.to)},
                   {"organization", opt(args.org)},
                   {"exposures", stats.exposures},
                   {"sightings", stats.sightings},
                   {"by_registrable_domain", rows},
                   {"public_suffix_list", stats.suffix_list}});
    return stats.exposures > 0 ? kExitOk : kExitNoResults;
  }
  std::printf("credential exposures first seen %s to %s%s: %s (seen %s times)\n",
              stats.from.empty() ? "(start)" : stats.from.c_str(),
              stats.to.empty() ? "(now)" : stats.to.c_str(),
              args.org.empty() ? "" : (" for " + args.org).c_str(), WithThousands(stats.exposures).c_str(),
              WithThousands(stats.sightings).c_str());
  if (stats.exposures == 0) return kExitNoResults;
  std::printf("\n");
  Table table({"REGISTRABLE DOMAIN", "EXPOSURES", "SHARE", "HOST NAMES"});
  int64_t rest = 0;
  double rest_share = 0;
  for (size_t i = 0; i < stats.by_registrable.size(); ++i) {
    const auto& r = stats.by_registrable[i];
    if (static_cast<int>(i) >= args.top) {
      rest += r.exposures;
      rest_share += r.share;
      continue;
    }
    std::string name = r.registrable_unicode;
    if (r.registrable_unicode != r.registrable) name += " (" + r.registrable + ")";
    table.AddRow({name, WithThousands(r.exposures), fmt::format("{:.1f}%", r.share * 100),
                  std::to_string(r.domains.size())});
  }
  if (rest > 0) table.AddRow({"(others)", WithThousands(rest), fmt::format("{:.1f}%", rest_share * 100), ""});
  std::fputs(table.Render().c_str(), stdout);
  return kExitOk;
}

}  // namespace

void AddStatsExposuresCommand(CLI::App& stats, Context& ctx) {
  auto args = std::make_shared<ExposureArgs>();
  CLI::App* cmd = stats.add_subcommand(
      "exposures",
      "Credential exposures found by `kenchi scan` (email and stealer-log matches; cards have\n"
      "no domain) first seen in the period, grouped by registrable domain with the Public\n"
      "Suffix List, so mail.example.co.jp and example.co.jp count as example.co.jp. Exit code 1\n"
      "when there are none.");
  cmd->add_option("--from", args->from, "first day, YYYY-MM-DD (default: no lower bound)");
  cmd->add_option("--to", args->to, "last day, YYYY-MM-DD, inclusive (default: no upper bound)");
  cmd->add_option("--org", args->org, "only this organisation's watchlist matches");
  cmd->add_option("--psl", args->psl, "Public Suffix List file (Debian's publicsuffix package)")
      ->capture_default_str();
  cmd->add_option("--top", args->top, "table rows before \"(others)\"")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunExposures(*args, ctx); }; });
}

}  // namespace kenchi::cli
