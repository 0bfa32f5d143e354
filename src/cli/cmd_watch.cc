// kenchi watch add|list|remove|import: each organisation's watchlist.
#include <cstdio>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/match/asset_value.h"
#include "kenchi/match/watchlist_file.h"

namespace kenchi::cli {
namespace {

struct WatchArgs {
  std::string org;
  std::string kind;
  std::string value;
  std::string label;
  bool case_sensitive = false;
  bool whole_word = false;
  std::vector<std::string> exclude;
  int64_t id = 0;
  std::string file;
  bool replace = false;
};

constexpr const char* kKinds =
    "name, keyword, person, address, domain, email_domain, ip (IPv4 or IPv6), ipv4, ipv6,\n"
    "cidr, asn, bin, cloud_account";

int Fail(const Context& ctx, const Status& status) {
  ctx.Error(status.message());
  return ExitCodeFor(status);
}

std::string OptionsText(const Asset& a) {
  std::string s;
  if (a.options.case_sensitive) s += "case-sensitive";
  if (a.options.whole_word) s += std::string(s.empty() ? "" : ", ") + "whole-word";
  for (const std::string& e : a.options.exclusions) s += std::string(s.empty() ? "" : ", ") + "not \"" + e + "\"";
  return s;
}

nlohmann::json AssetJson(const Asset& a, const std::string& org_name) {
  return {{"id", a.id},
          {"organization", org_name},
          {"kind", ToString(a.kind)},
          {"value", a.value},
          {"label", a.label.empty() ? nlohmann::json() : nlohmann::json(a.label)},
          {"case_sensitive", a.options.case_sensitive},
          {"whole_word", a.options.whole_word},
          {"exclude", a.options.exclusions}};
}

int RunWatchAdd(const WatchArgs& args, const Context& ctx) {
  std::optional<AssetKind> kind = ParseAssetKind(args.kind);
  if (args.kind == "ip") {
    kind = args.value.find(':') != std::string::npos ? AssetKind::kIpv6 : AssetKind::kIpv4;
  }
  if (!kind) {
    ctx.Error(fmt::format("unknown kind \"{}\"; expected one of: {}", args.kind, kKinds));
    return kExitBadInput;
  }
  Result<std::string> value = match::CanonicalAssetValue(*kind, args.value);
  if (!value.ok()) return Fail(ctx, value.status());
  const bool text_kind = *kind == AssetKind::kName || *kind == AssetKind::kKeyword ||
                         *kind == AssetKind::kPerson || *kind == AssetKind::kAddress ||
                         *kind == AssetKind::kCloudAccount;
  if (!text_kind && (args.case_sensitive || args.whole_word || !args.exclude.empty())) {
    ctx.Error(fmt::format("--case-sensitive, --whole-word and --exclude apply to names, keywords, "
                          "people, addresses and cloud accounts, not to a {}",
                          ToString(*kind)));
    return kExitBadInput;
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/true);
  if (!store) return kExitFailure;
  Result<Organization> org = store->GetOrganizationByName(args.org);
  if (!org.ok()) {
    return Fail(ctx, org.status().WithContext(fmt::format("(add it with `kenchi org add {}`)", args.org)));
  }
  Asset asset;
  asset.organization_id = org->id;
  asset.kind = *kind;
  asset.value = *value;
  asset.label = args.label;
  asset.options.case_sensitive = args.case_sensitive;
  asset.options.whole_word = args.whole_word;
  asset.options.exclusions = args.exclude;
  Result<int64_t> id = store->PutAsset(asset);
  if (!id.ok()) return Fail(ctx, id.status());
  asset.id = *id;
  if (ctx.json) {
    ctx.PrintJson(AssetJson(asset, org->name));
  } else {
    std::printf("%s\n", fmt::format("watch entry #{}: {} {} for {}", *id, ToString(*kind), *value, org->name).c_str());
  }
  return kExitOk;
}

int RunWatchList(const WatchArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<Organization>> orgs = store->ListOrganizations();
  if (!orgs.ok()) return Fail(ctx, orgs.status());
  std::map<int64_t, std::string> names;
  int64_t only = 0;
  for (const Organization& o : *orgs) {
    names[o.id] = o.name;
    if (o.name == args.org) only = o.id;
  }
  if (!args.org.empty() && only == 0) {
    ctx.Error(fmt::format("no organisation named \"{}\"", args.org));
    return kExitBadInput;
  }
  Result<std::vector<Asset>> assets = store->ListAssets();
  if (!assets.ok()) return Fail(ctx, assets.status());
  std::vector<const Asset*> shown;
  for (const Asset& a : *assets) {
    if (only == 0 || a.organization_id == only) shown.push_back(&a);
  }
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Asset* a : shown) out.push_back(AssetJson(*a, names[a->organization_id]));
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (shown.empty()) {
    ctx.Info("no watch entries (kenchi watch add ORG KIND VALUE, or kenchi watch import FILE.yaml)");
    return kExitOk;
  }
  Table table({"ID", "ORGANIZATION", "KIND", "VALUE", "VARIANT OF", "OPTIONS"});
  table.SetMaxWidth(3, 40);
  table.SetMaxWidth(5, 40);
  for (const Asset* a : shown) {
    const std::string options = OptionsText(*a);
    table.AddRow({std::to_string(a->id), names[a->organization_id], std::string(ToString(a->kind)), a->value,
                  a->label.empty() || a->label == a->value ? "-" : a->label,
                  options.empty() ? "-" : options});
  }
  std::fputs(table.Render().c_str(), stdout);
  ctx.Info(fmt::format("{} watch entr{}", shown.size(), shown.size() == 1 ? "y" : "ies"));
  return kExitOk;
}

int RunWatchRemove(const WatchArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Status removed = store->RemoveAsset(args.id);
  if (!removed.ok()) return Fail(ctx, removed);
  if (ctx.json) {
    ctx.PrintJson({{"id", args.id}, {"removed", true}});
  } else {
    std::printf("removed watch entry #%lld\n", static_cast<long long>(args.id));
  }
  return kExitOk;
}

int RunWatchImport(const WatchArgs& args, const Context& ctx) {
  // Read and validate everything before touching the database.
  Result<match::WatchlistFile> file = match::LoadWatchlistFile(args.file);
  if (!file.ok()) return Fail(ctx, file.status());
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/true);
  if (!store) return kExitFailure;
  Result<match::WatchlistImportReport> report = match::ImportWatchlist(*store, *file, args.replace);
  if (!report.ok()) return Fail(ctx, report.status().WithContext(args.file + " (nothing was imported)"));
  const match::WatchlistImportReport& r = *report;
  if (ctx.json) {
    ctx.PrintJson({{"file", args.file},
                   {"organizations_new", r.organizations_new},
                   {"organizations_existing", r.organizations_existing},
                   {"assets_new", r.assets_new},
                   {"assets_existing", r.assets_existing},
                   {"assets_removed", r.assets_removed},
                   {"allow_new", r.allow_new},
                   {"allow_existing", r.allow_existing}});
  } else {
    std::printf("%s\n",
                fmt::format("imported {}: {} organisation(s) new, {} existing; {} watch entr(ies) new, "
                            "{} already present{}; {} allow-list entr(ies) new, {} already present",
                            args.file, r.organizations_new, r.organizations_existing, r.assets_new,
                            r.assets_existing,
                            args.replace ? fmt::format(", {} removed", r.assets_removed) : std::string(),
                            r.allow_new, r.allow_existing)
                    .c_str());
  }
  return kExitOk;
}

}  // namespace

void AddWatchCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "watch",
      "Manage each organisation's watchlist: names and brands (with their variants in every\n"
      "script), domains, e-mail domains, IP addresses and CIDR ranges, ASNs, card BINs, cloud\n"
      "account IDs, people, addresses and keywords. `kenchi match` checks everything stored\n"
      "against it. The file format of `watch import` is described in docs/WATCHLIST.md.");
  cmd->require_subcommand(1);

  auto add_args = std::make_shared<WatchArgs>();
  CLI::App* add = cmd->add_subcommand(
      "add",
      "Add one entry (or update the options of an existing one). Values are checked and\n"
      "stored in canonical form: domains lowercase (IDN as xn--), CIDRs without host bits,\n"
      "ASNs as AS64500, BINs as 6-8 digits.");
  add->add_option("ORG", add_args->org, "the organisation's name")->required();
  add->add_option("KIND", add_args->kind, std::string("what the value is: ") + kKinds)->required();
  add->add_option("VALUE", add_args->value, "the value, e.g. みはり通販, example.co.jp, 198.51.100.0/24")
      ->required();
  add->add_flag("--case-sensitive", add_args->case_sensitive,
                "match letter case exactly (default: case- and width-insensitive)");
  add->add_flag("--whole-word", add_args->whole_word,
                "no Latin letter or digit may touch the match (\"Mihari\" not in \"Miharirin\")");
  add->add_option("--exclude", add_args->exclude,
                  "a phrase containing the value that is not a match (repeatable), e.g.\n"
                  "--exclude \"sakura season\" for the name Sakura");
  add->add_option("--variant-of", add_args->label,
                  "group this value under another name of the same brand in alerts");
  add->callback([add_args, &ctx] { ctx.run = [add_args, &ctx] { return RunWatchAdd(*add_args, ctx); }; });

  auto list_args = std::make_shared<WatchArgs>();
  CLI::App* list = cmd->add_subcommand("list", "List watch entries, of one organisation or all.");
  list->add_option("ORG", list_args->org, "only this organisation");
  list->callback([list_args, &ctx] { ctx.run = [list_args, &ctx] { return RunWatchList(*list_args, ctx); }; });

  auto remove_args = std::make_shared<WatchArgs>();
  CLI::App* remove = cmd->add_subcommand(
      "remove", "Remove one watch entry by its ID (see watch list). Its alerts stay.");
  remove->add_option("ID", remove_args->id, "the entry's ID")->required();
  remove->callback(
      [remove_args, &ctx] { ctx.run = [remove_args, &ctx] { return RunWatchRemove(*remove_args, ctx); }; });

  auto import_args = std::make_shared<WatchArgs>();
  CLI::App* import = cmd->add_subcommand(
      "import",
      "Import organisations, watch entries and allow-lists from a YAML file. The whole file\n"
      "is checked first (an error names file:line:column); then everything is stored in one\n"
      "transaction. Importing the same file again changes nothing.");
  import->add_option("FILE", import_args->file, "the watchlist YAML file")->required();
  import->add_flag("--replace", import_args->replace,
                   "also remove watch entries of the file's organisations that the file no\n"
                   "longer lists (the file becomes the whole truth for them)");
  import->callback(
      [import_args, &ctx] { ctx.run = [import_args, &ctx] { return RunWatchImport(*import_args, ctx); }; });
}

}  // namespace kenchi::cli
