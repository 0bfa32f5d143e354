// kenchi org add|list|remove: the organisations kenchi watches for.
#include <cstdio>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"

namespace kenchi::cli {
namespace {

struct OrgArgs {
  std::string name;
  std::string display_name;
};

int Fail(const Context& ctx, const Status& status) {
  ctx.Error(status.message());
  return ExitCodeFor(status);
}

int RunOrgAdd(const OrgArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/true);
  if (!store) return kExitFailure;
  Result<Organization> existing = store->GetOrganizationByName(args.name);
  const bool is_new = !existing.ok();
  if (!existing.ok() && existing.status().code() != Status::Code::kNotFound) {
    return Fail(ctx, existing.status());
  }
  Organization org{0, args.name, args.display_name};
  if (!is_new && args.display_name.empty()) org.display_name = existing->display_name;
  Result<int64_t> id = store->PutOrganization(org);
  if (!id.ok()) return Fail(ctx, id.status());
  if (ctx.json) {
    ctx.PrintJson({{"id", *id}, {"name", org.name}, {"display_name", org.display_name}, {"new", is_new}});
  } else {
    std::printf("%s\n", fmt::format("{} organisation {} (#{})", is_new ? "added" : "updated", org.name, *id).c_str());
  }
  return kExitOk;
}

int RunOrgList(const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<Organization>> orgs = store->ListOrganizations();
  if (!orgs.ok()) return Fail(ctx, orgs.status());
  Result<std::vector<Asset>> assets = store->ListAssets();
  if (!assets.ok()) return Fail(ctx, assets.status());
  std::map<int64_t, int64_t> counts;
  for (const Asset& a : *assets) ++counts[a.organization_id];
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Organization& o : *orgs) {
      out.push_back({{"id", o.id}, {"name", o.name}, {"display_name", o.display_name},
                     {"assets", counts[o.id]}});
    }
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (orgs->empty()) {
    ctx.Info("no organisations yet (kenchi org add NAME, or kenchi watch import FILE.yaml)");
    return kExitOk;
  }
  Table table({"ID", "NAME", "DISPLAY NAME", "WATCH ENTRIES"});
  for (const Organization& o : *orgs) {
    table.AddRow({std::to_string(o.id), o.name, o.display_name.empty() ? "-" : o.display_name,
                  std::to_string(counts[o.id])});
  }
  std::fputs(table.Render().c_str(), stdout);
  return kExitOk;
}

int RunOrgRemove(const OrgArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<Organization> org = store->GetOrganizationByName(args.name);
  if (!org.ok()) return Fail(ctx, org.status());
  Status removed = store->RemoveOrganization(org->id);
  if (!removed.ok()) return Fail(ctx, removed);
  if (ctx.json) {
    ctx.PrintJson({{"id", org->id}, {"name", org->name}, {"removed", true}});
  } else {
    std::printf("%s\n",
                fmt::format("removed organisation {} with its watch entries, allow-list and alerts",
                            org->name)
                    .c_str());
  }
  return kExitOk;
}

}  // namespace

void AddOrgCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "org",
      "Manage the organisations kenchi watches for. Each has a watchlist (kenchi watch),\n"
      "an allow-list (kenchi allow) and alerts (kenchi alerts).");
  cmd->require_subcommand(1);

  auto add_args = std::make_shared<OrgArgs>();
  CLI::App* add = cmd->add_subcommand(
      "add", "Add an organisation, or change its display name when it exists.");
  add->add_option("NAME", add_args->name,
                  "short unique name used on the command line and in watchlist files\n"
                  "(e.g. mihari-tsuhan)")
      ->required();
  add->add_option("--display-name", add_args->display_name,
                  "the name shown in alerts and reports (e.g. 株式会社みはり通販)");
  add->callback([add_args, &ctx] { ctx.run = [add_args, &ctx] { return RunOrgAdd(*add_args, ctx); }; });

  CLI::App* list = cmd->add_subcommand("list", "List the organisations and how many watch entries each has.");
  list->callback([&ctx] { ctx.run = [&ctx] { return RunOrgList(ctx); }; });

  auto remove_args = std::make_shared<OrgArgs>();
  CLI::App* remove = cmd->add_subcommand(
      "remove", "Remove an organisation together with its watchlist, allow-list and alerts.");
  remove->add_option("NAME", remove_args->name, "the organisation's name")->required();
  remove->callback(
      [remove_args, &ctx] { ctx.run = [remove_args, &ctx] { return RunOrgRemove(*remove_args, ctx); }; });
}

}  // namespace kenchi::cli
