// kenchi stats hosts (nested under `kenchi stats`, see AddStatsHostsCommand in context.h)
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/enrich/enrich.h"

namespace kenchi::cli {
namespace {

struct StatsArgs {
  std::string from, to, country;
  int top = 20;
};

nlohmann::json RowsJson(const std::vector<enrich::ShareRow>& rows, const char* key) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back({{key, r.key}, {"hosts", r.hosts}, {"share", r.share}});
  return out;
}

void PrintShares(const char* title, const std::vector<enrich::ShareRow>& rows, int top) {
  Table table({title, "HOSTS", "SHARE"});
  int64_t rest = 0;
  double rest_share = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (static_cast<int>(i) < top) {
      table.AddRow({rows[i].key, WithThousands(rows[i].hosts), fmt::format("{:.1f}%", rows[i].share * 100)});
    } else {
      rest += rows[i].hosts;
      rest_share += rows[i].share;
    }
  }
  if (rest > 0) table.AddRow({"(others)", WithThousands(rest), fmt::format("{:.1f}%", rest_share * 100)});
  std::fputs(table.Render().c_str(), stdout);
}

int RunHosts(const StatsArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  HostFilter filter;
  filter.from = args.from;
  filter.to = args.to;
  Result<std::vector<CompromisedHost>> hosts = store->ListCompromisedHosts(filter);
  if (!hosts.ok()) {
    ctx.Error(hosts.status().message());
    return ExitCodeFor(hosts.status());
  }
  enrich::HostStats stats = enrich::ComputeHostStats(*hosts, args.country);
  stats.from = args.from;
  stats.to = args.to;
  if (ctx.json) {
    auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
    ctx.PrintJson({{"from", opt(stats.from)},
                   {"to", opt(stats.to)},
                   {"country", opt(stats.country)},
                   {"hosts", stats.hosts},
                   {"not_enriched", stats.not_enriched},
                   {"by_provider", RowsJson(stats.by_provider, "provider")},
                   {"by_country", RowsJson(stats.by_country, "country")},
                   {"datasets", stats.datasets}});
    return stats.hosts > 0 ? kExitOk : kExitNoResults;
  }
  std::printf("compromised hosts %s%s to %s%s: %s distinct IP addresses\n",
              stats.country.empty() ? "" : ("in " + stats.country + " ").c_str(),
              stats.from.empty() ? "(start)" : stats.from.c_str(), stats.to.empty() ? "(now)" : stats.to.c_str(),
              "", WithThousands(stats.hosts).c_str());
  if (stats.hosts == 0) return kExitNoResults;
  std::printf("\n");
  PrintShares("PROVIDER", stats.by_provider, args.top);
  std::printf("\n");
  PrintShares("COUNTRY", stats.by_country, args.top);
  for (const std::string& d : stats.datasets) std::printf("\nIP data: %s\n", d.c_str());
  if (stats.not_enriched > 0) {
    ctx.Info(fmt::format("{} host(s) are not enriched yet: run `kenchi enrich`", stats.not_enriched));
  }
  return kExitOk;
}

}  // namespace

void AddStatsHostsCommand(CLI::App& stats, Context& ctx) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* hosts = stats.add_subcommand(
      "hosts",
      "Compromised hosts (distinct IP addresses first seen in the period) by hosting provider\n"
      "and by country, with shares. Uses the enrichment stored by `kenchi enrich`; hosts\n"
      "not enriched yet are counted as \"(not enriched)\". Exit code 1 when there are none.");
  hosts->add_option("--from", args->from, "first day, YYYY-MM-DD (default: no lower bound)");
  hosts->add_option("--to", args->to, "last day, YYYY-MM-DD, inclusive (default: no upper bound)");
  hosts->add_option("--country", args->country, "only hosts in this country (ISO 3166 alpha-2, e.g. JP)");
  hosts->add_option("--top", args->top, "table rows per breakdown before \"(others)\"")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  hosts->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunHosts(*args, ctx); }; });
}

}  // namespace kenchi::cli
