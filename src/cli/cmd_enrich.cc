// kenchi enrich
#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "kenchi/enrich/enrich.h"

namespace kenchi::cli {
namespace {

struct EnrichArgs {
  std::string dataset = enrich::DefaultGeoDatasetPath();
  bool all = false;
};

int RunEnrich(const EnrichArgs& args, const Context& ctx) {
  Result<std::unique_ptr<enrich::GeoDatabase>> geo = enrich::GeoDatabase::Open(args.dataset);
  if (!geo.ok()) {
    ctx.Error(geo.status().message());
    return ExitCodeFor(geo.status());
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<enrich::EnrichReport> report = enrich::EnrichStored(*store, **geo, {args.all});
  if (!report.ok()) {
    ctx.Error(report.status().message());
    return ExitCodeFor(report.status());
  }
  for (const std::string& s : report->skipped) ctx.Info("skipped " + s);
  if (ctx.json) {
    ctx.PrintJson({{"dataset", report->dataset},
                   {"hosts", report->hosts},
                   {"indicators", report->indicators},
                   {"not_found", report->not_found},
                   {"skipped", report->skipped}});
  } else {
    std::printf("enriched %lld compromised host(s) and %lld IP indicator(s) with %s",
                static_cast<long long>(report->hosts), static_cast<long long>(report->indicators),
                report->dataset.c_str());
    std::printf(" (%lld in no range of the dataset)\n", static_cast<long long>(report->not_found));
  }
  return kExitOk;
}

}  // namespace

void AddEnrichCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EnrichArgs>();
  CLI::App* cmd = app.add_subcommand(
      "enrich",
      "Add country, ASN, AS organisation and provider to every stored compromised host and\n"
      "IP indicator, from the IP dataset (see `kenchi geo`), recording the dataset version.\n"
      "Rows already enriched with this version are left alone. Stored values that are not\n"
      "IP addresses are reported on stderr and skipped.");
  cmd->add_option("--dataset", args->dataset,
                  "kenchi IP dataset file (default: $KENCHI_GEO, else var/geo/ip.kgeo)")
      ->capture_default_str();
  cmd->add_flag("--all", args->all, "re-enrich rows already enriched with this dataset version");
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunEnrich(*args, ctx); }; });
}

}  // namespace kenchi::cli
