// kenchi geo update | info | lookup | domain
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/enrich/domain.h"
#include "kenchi/enrich/geo.h"

namespace kenchi::cli {
namespace {

namespace fs = std::filesystem;
using enrich::GeoDatabase;
using enrich::GeoDatasetInfo;
using enrich::GeoHit;

struct GeoArgs {
  std::string dataset = enrich::DefaultGeoDatasetPath();
  // update
  std::vector<std::string> from;
  std::string providers;
  bool no_providers = false;
  bool keep_special_purpose = false;
  std::string name, version, license;
  // lookup / domain
  std::vector<std::string> items;
  std::string psl = enrich::PublicSuffixList::DefaultPath();
};

// data/providers.tsv of the working directory, else of the source tree the
// binary was built in (build/kenchi -> ../data).
std::string FindProviders() {
  std::error_code ec;
  if (fs::exists("data/providers.tsv", ec)) return "data/providers.tsv";
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path candidate = exe.parent_path().parent_path() / "data" / "providers.tsv";
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  return "";
}

nlohmann::json InfoJson(const GeoDatasetInfo& info, const std::string& path) {
  return {{"path", path},
          {"name", info.name},
          {"version", info.version},
          {"date", info.date},
          {"license", info.license},
          {"built_at", info.built_at},
          {"providers", info.providers},
          {"sources", info.sources},
          {"ipv4_ranges", info.ipv4_ranges},
          {"ipv6_ranges", info.ipv6_ranges},
          {"records", info.records},
          {"special_purpose", info.special_purpose_from_tables ? "from the tables" : "special-purpose"},
          {"label", info.Label()}};
}

void PrintInfo(const GeoDatasetInfo& info, const std::string& path) {
  std::printf("dataset:   %s\n", path.c_str());
  std::printf("name:      %s\n", info.name.c_str());
  std::printf("version:   %s\n", info.version.c_str());
  std::printf("date:      %s\n", info.date.empty() ? "-" : info.date.c_str());
  std::printf("licence:   %s\n", info.license.c_str());
  std::printf("built at:  %s\n", info.built_at.c_str());
  std::printf("providers: %s\n", info.providers.c_str());
  std::printf("ranges:    %s IPv4, %s IPv6 (%s distinct answers)\n",
              WithThousands(info.ipv4_ranges).c_str(), WithThousands(info.ipv6_ranges).c_str(),
              WithThousands(info.records).c_str());
  std::printf("special:   %s\n", info.special_purpose_from_tables
                                       ? "special-purpose addresses answered from the tables (--keep-special-purpose)"
                                       : "special-purpose addresses (private-use, documentation...) have no country");
  for (const std::string& s : info.sources) std::printf("source:    %s\n", s.c_str());
}

int RunUpdate(const GeoArgs& args, const Context& ctx) {
  enrich::GeoBuildOptions options;
  options.inputs = args.from;
  if (!args.no_providers) {
    options.providers_path = args.providers.empty() ? FindProviders() : args.providers;
    if (options.providers_path.empty()) {
      ctx.Error("cannot find data/providers.tsv; pass --providers FILE or --no-providers");
      return kExitBadInput;
    }
  }
  options.name = args.name;
  options.version = args.version;
  options.license = args.license;
  options.keep_special_purpose = args.keep_special_purpose;
  ctx.Info("building " + args.dataset + " ...");
  Result<GeoDatasetInfo> info = enrich::BuildGeoDataset(options, args.dataset);
  if (!info.ok()) {
    ctx.Error(info.status().message());
    std::error_code ec;
    if (fs::exists(args.dataset, ec)) ctx.Info("the previous dataset " + args.dataset + " is unchanged");
    return ExitCodeFor(info.status());
  }
  if (ctx.json) {
    ctx.PrintJson(InfoJson(*info, args.dataset));
  } else {
    PrintInfo(*info, args.dataset);
  }
  return kExitOk;
}

std::unique_ptr<GeoDatabase> OpenGeo(const GeoArgs& args, const Context& ctx, int& code) {
  Result<std::unique_ptr<GeoDatabase>> geo = GeoDatabase::Open(args.dataset);
  if (!geo.ok()) {
    ctx.Error(geo.status().message());
    code = ExitCodeFor(geo.status());
    return nullptr;
  }
  return std::move(geo).value();
}

int RunInfo(const GeoArgs& args, const Context& ctx) {
  int code = kExitOk;
  auto geo = OpenGeo(args, ctx, code);
  if (!geo) return code;
  if (ctx.json) {
    ctx.PrintJson(InfoJson(geo->info(), args.dataset));
  } else {
    PrintInfo(geo->info(), args.dataset);
  }
  return kExitOk;
}

int RunLookup(const GeoArgs& args, const Context& ctx) {
  int code = kExitOk;
  auto geo = OpenGeo(args, ctx, code);
  if (!geo) return code;
  std::vector<std::string> inputs = args.items;
  const bool from_stdin = inputs.empty();
  if (from_stdin) {
    std::string line;
    while (std::getline(std::cin, line)) inputs.push_back(line);
  }
  Table table({"IP", "COUNTRY", "ASN", "AS ORGANISATION", "PROVIDER"});
  table.SetMaxWidth(3, 40);
  nlohmann::json out = nlohmann::json::array();
  int bad = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string& text = inputs[i];
    if (from_stdin && text.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<enrich::IpAddress> ip = enrich::ParseIpAddress(text);
    if (!ip.ok()) {
      ++bad;
      const std::string where = from_stdin ? "stdin line " + std::to_string(i + 1) : "argument " + std::to_string(i + 1);
      ctx.Error(where + ": " + ip.status().message());
      if (ctx.json) out.push_back({{"input", text}, {"error", ip.status().message()}});
      continue;
    }
    const GeoHit hit = geo->Lookup(*ip);
    const std::string canonical = enrich::FormatIpAddress(*ip);
    if (ctx.json) {
      out.push_back({{"ip", canonical},
                     {"found", hit.found},
                     {"country", hit.country.empty() ? nlohmann::json() : nlohmann::json(hit.country)},
                     {"asn", hit.asn == 0 ? nlohmann::json() : nlohmann::json(hit.asn)},
                     {"as_org", hit.as_org.empty() ? nlohmann::json() : nlohmann::json(hit.as_org)},
                     {"provider", hit.provider.empty() ? nlohmann::json() : nlohmann::json(hit.provider)},
                     {"provider_known", hit.provider_known},
                     {"special_purpose",
                      hit.special_purpose.empty() ? nlohmann::json() : nlohmann::json(hit.special_purpose)}});
    } else {
      auto dash = [](std::string_view s) { return s.empty() ? std::string("-") : std::string(s); };
      const std::string provider =
          hit.special_purpose.empty() ? dash(hit.provider) : "special-purpose: " + std::string(hit.special_purpose);
      table.AddRow({canonical, dash(hit.country), hit.asn == 0 ? "-" : "AS" + std::to_string(hit.asn),
                    dash(hit.as_org), provider});
    }
  }
  if (ctx.json) {
    ctx.PrintJson(out);
  } else if (!table.empty()) {
    std::fputs(table.Render().c_str(), stdout);
  }
  ctx.Info("dataset: " + geo->info().Label() + " (" + geo->info().license + ")");
  return bad > 0 ? kExitBadInput : kExitOk;
}

int RunDomain(const GeoArgs& args, const Context& ctx) {
  Result<std::unique_ptr<enrich::PublicSuffixList>> psl = enrich::PublicSuffixList::Load(args.psl);
  if (!psl.ok()) {
    ctx.Error(psl.status().message());
    return ExitCodeFor(psl.status());
  }
  std::vector<std::string> inputs = args.items;
  const bool from_stdin = inputs.empty();
  if (from_stdin) {
    std::string line;
    while (std::getline(std::cin, line)) inputs.push_back(line);
  }
  Table table({"DOMAIN", "REGISTRABLE", "UNICODE", "PUBLIC SUFFIX"});
  nlohmann::json out = nlohmann::json::array();
  int bad = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (from_stdin && inputs[i].find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<enrich::DomainInfo> d = (*psl)->Analyze(inputs[i]);
    if (!d.ok()) {
      ++bad;
      const std::string where = from_stdin ? "stdin line " + std::to_string(i + 1) : "argument " + std::to_string(i + 1);
      ctx.Error(where + ": " + d.status().message());
      if (ctx.json) out.push_back({{"input", inputs[i]}, {"error", d.status().message()}});
      continue;
    }
    if (ctx.json) {
      out.push_back({{"domain", d->ascii},
                     {"unicode", d->unicode},
                     {"registrable", d->registrable.empty() ? nlohmann::json() : nlohmann::json(d->registrable)},
                     {"registrable_unicode",
                      d->registrable.empty() ? nlohmann::json() : nlohmann::json(d->registrable_unicode)},
                     {"is_public_suffix", d->is_public_suffix}});
    } else {
      table.AddRow({d->ascii, d->registrable.empty() ? "-" : d->registrable,
                    d->registrable.empty() ? d->unicode : d->registrable_unicode,
                    d->is_public_suffix ? "yes" : "no"});
    }
  }
  if (ctx.json) {
    ctx.PrintJson(out);
  } else if (!table.empty()) {
    std::fputs(table.Render().c_str(), stdout);
  }
  ctx.Detail("public suffix list: " + (*psl)->source());
  return bad > 0 ? kExitBadInput : kExitOk;
}

void AddDatasetOption(CLI::App* cmd, GeoArgs& args) {
  cmd->add_option("--dataset", args.dataset,
                  "kenchi IP dataset file (default: $KENCHI_GEO, else var/geo/ip.kgeo)")
      ->capture_default_str();
}

}  // namespace

void AddGeoCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<GeoArgs>();
  CLI::App* geo = app.add_subcommand(
      "geo",
      "IP addresses -> country, ASN, AS organisation and hosting provider, from the\n"
      "ip-location-db datasets (npm: @ip-location-db/asn, CC-BY-4.0; geo-whois-asn-country,\n"
      "CC0); domain names -> registrable domain (Public Suffix List).");
  geo->require_subcommand(1);

  CLI::App* update = geo->add_subcommand(
      "update",
      "Build the IP dataset from CSV range tables (start,end,CC and start,end,ASN,org) and\n"
      "the provider table, replacing the old dataset only if everything parses. Example:\n"
      "  kenchi geo update --from var/datasets/npm/node_modules/@ip-location-db");
  update->add_option("--from", args->from,
                     "table files, or directories holding asn-ipv4.csv, asn-ipv6.csv,\n"
                     "*country-ipv4.csv, *country-ipv6.csv (searched two levels deep)")
      ->required()
      ->check(CLI::ExistingPath);
  update->add_option("--providers", args->providers,
                     "provider table ASN<TAB>provider<TAB>provenance (default: data/providers.tsv\n"
                     "in the working directory or the source tree)");
  update->add_flag("--no-providers", args->no_providers,
                   "build without provider classification (AS organisation names only)");
  update->add_flag("--keep-special-purpose", args->keep_special_purpose,
                   "answer for special-purpose addresses (private-use 10/8, documentation\n"
                   "192.0.2.0/24, 2001:db8::/32, loopback...) from the tables like any other: for a\n"
                   "table of your own network's private ranges. By default they get no country,\n"
                   "ASN or provider, whatever the tables say (the RIRs' statistics place\n"
                   "198.51.100.0/24 and 203.0.113.0/24 in AU), and are counted as special-purpose");
  update->add_option("--name", args->name, "dataset name (default: from the packages' package.json)");
  update->add_option("--dataset-version", args->version,
                     "dataset version (default: the package version, else a content checksum)");
  update->add_option("--license", args->license, "licence text (default: from the packages)");
  AddDatasetOption(update, *args);
  update->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunUpdate(*args, ctx); }; });

  CLI::App* info = geo->add_subcommand(
      "info", "Show the IP dataset in use: name, version, date, licence, sources and size.");
  AddDatasetOption(info, *args);
  info->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunInfo(*args, ctx); }; });

  CLI::App* lookup = geo->add_subcommand(
      "lookup",
      "Look up IP addresses (arguments, or one per line on stdin): country, ASN, AS\n"
      "organisation and provider. A malformed address is reported on stderr with its\n"
      "position and the others are still answered; the exit code is then 2.");
  lookup->add_option("ip", args->items, "IPv4 or IPv6 addresses (none: read stdin)");
  AddDatasetOption(lookup, *args);
  lookup->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunLookup(*args, ctx); }; });

  CLI::App* domain = geo->add_subcommand(
      "domain",
      "Registrable domain of each name (arguments, or one per line on stdin), with IDN\n"
      "in both forms: mail.shop.example.co.jp -> example.co.jp, 例え.jp <-> xn--r8jz45g.jp.");
  domain->add_option("name", args->items, "domain names (none: read stdin)");
  domain->add_option("--psl", args->psl,
                     "Public Suffix List file, .dafsa or .dat (default: $KENCHI_PSL, else the\n"
                     "Debian publicsuffix package's list)")
      ->capture_default_str();
  domain->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunDomain(*args, ctx); }; });
}

}  // namespace kenchi::cli
