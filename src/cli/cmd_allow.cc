// kenchi allow add|list|remove: known noise that must not become an alert.
#include <cstdio>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/match/asset_value.h"

namespace kenchi::cli {
namespace {

struct AllowArgs {
  std::string kind;
  std::string value;
  std::string org;
  std::string reason;
  int64_t id = 0;
};

int Fail(const Context& ctx, const Status& status) {
  ctx.Error(status.message());
  return ExitCodeFor(status);
}

int RunAllowAdd(const AllowArgs& args, const Context& ctx) {
  std::optional<AllowKind> kind = ParseAllowKind(args.kind);
  if (!kind) {
    ctx.Error(fmt::format("unknown kind \"{}\"; expected term, domain or network", args.kind));
    return kExitBadInput;
  }
  AllowEntry entry;
  entry.kind = *kind;
  entry.reason = args.reason;
  entry.value = args.value;
  if (*kind == AllowKind::kDomain) {
    std::optional<std::string> d = match::CanonicalDomain(args.value);
    if (!d) {
      ctx.Error(fmt::format("expected a domain such as gmail.com, got \"{}\"", args.value));
      return kExitBadInput;
    }
    entry.value = *d;
  } else if (*kind == AllowKind::kNetwork) {
    Result<match::IpRange> r = match::ParseIpRange(args.value, /*strict=*/true);
    if (!r.ok()) return Fail(ctx, r.status());
  } else if (args.value.empty()) {
    ctx.Error("an allow-list term must not be empty");
    return kExitBadInput;
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/true);
  if (!store) return kExitFailure;
  if (!args.org.empty()) {
    Result<Organization> org = store->GetOrganizationByName(args.org);
    if (!org.ok()) return Fail(ctx, org.status());
    entry.organization_id = org->id;
  }
  Result<int64_t> id = store->PutAllowEntry(entry);
  if (!id.ok()) return Fail(ctx, id.status());
  if (ctx.json) {
    ctx.PrintJson({{"id", *id},
                   {"organization", args.org.empty() ? nlohmann::json() : nlohmann::json(args.org)},
                   {"kind", ToString(entry.kind)},
                   {"value", entry.value},
                   {"reason", entry.reason}});
  } else {
    std::printf("%s\n", fmt::format("allow-list entry #{}: {} {} ({})", *id, ToString(entry.kind),
                                    entry.value, args.org.empty() ? "global" : args.org)
                            .c_str());
  }
  return kExitOk;
}

int RunAllowList(const AllowArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<Organization>> orgs = store->ListOrganizations();
  if (!orgs.ok()) return Fail(ctx, orgs.status());
  std::map<int64_t, std::string> names{{0, ""}};
  int64_t only = -1;
  for (const Organization& o : *orgs) {
    names[o.id] = o.name;
    if (o.name == args.org) only = o.id;
  }
  if (!args.org.empty() && only < 0) {
    ctx.Error(fmt::format("no organisation named \"{}\"", args.org));
    return kExitBadInput;
  }
  Result<std::vector<AllowEntry>> entries = store->ListAllowEntries();
  if (!entries.ok()) return Fail(ctx, entries.status());
  std::vector<const AllowEntry*> shown;
  for (const AllowEntry& e : *entries) {
    // An organisation's view includes the global entries that apply to it.
    if (only < 0 || e.organization_id == only || e.organization_id == 0) shown.push_back(&e);
  }
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const AllowEntry* e : shown) {
      out.push_back({{"id", e->id},
                     {"organization", e->organization_id == 0 ? nlohmann::json() : nlohmann::json(names[e->organization_id])},
                     {"kind", ToString(e->kind)},
                     {"value", e->value},
                     {"reason", e->reason}});
    }
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (shown.empty()) {
    ctx.Info("the allow-list is empty");
    return kExitOk;
  }
  Table table({"ID", "SCOPE", "KIND", "VALUE", "REASON"});
  table.SetMaxWidth(3, 40);
  table.SetMaxWidth(4, 40);
  for (const AllowEntry* e : shown) {
    table.AddRow({std::to_string(e->id), e->organization_id == 0 ? "global" : names[e->organization_id],
                  std::string(ToString(e->kind)), e->value, e->reason.empty() ? "-" : e->reason});
  }
  std::fputs(table.Render().c_str(), stdout);
  return kExitOk;
}

int RunAllowRemove(const AllowArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Status removed = store->RemoveAllowEntry(args.id);
  if (!removed.ok()) return Fail(ctx, removed);
  if (ctx.json) ctx.PrintJson({{"id", args.id}, {"removed", true}});
  else std::printf("removed allow-list entry #%lld\n", static_cast<long long>(args.id));
  return kExitOk;
}

}  // namespace

void AddAllowCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "allow",
      "Manage allow-lists: known noise that matching drops before it becomes an alert.\n"
      "Entries apply to one organisation (--org) or to all (global). Kinds:\n"
      "  term     a phrase; a name or keyword match inside it is dropped\n"
      "           (\"さくら通り\" stops the brand さくら matching there)\n"
      "  domain   a domain; matches on it or its subdomains are dropped (gmail.com)\n"
      "  network  an IP or CIDR; address matches inside it are dropped");
  cmd->require_subcommand(1);

  auto add_args = std::make_shared<AllowArgs>();
  CLI::App* add = cmd->add_subcommand("add", "Add an allow-list entry (or update its reason).");
  add->add_option("KIND", add_args->kind, "term, domain or network")->required();
  add->add_option("VALUE", add_args->value, "the phrase, domain, IP or CIDR")->required();
  add->add_option("--org", add_args->org, "the organisation it applies to (default: all)");
  add->add_option("--reason", add_args->reason, "why this is noise, for the next person");
  add->callback([add_args, &ctx] { ctx.run = [add_args, &ctx] { return RunAllowAdd(*add_args, ctx); }; });

  auto list_args = std::make_shared<AllowArgs>();
  CLI::App* list = cmd->add_subcommand("list", "List allow-list entries.");
  list->add_option("--org", list_args->org, "only entries that apply to this organisation");
  list->callback([list_args, &ctx] { ctx.run = [list_args, &ctx] { return RunAllowList(*list_args, ctx); }; });

  auto remove_args = std::make_shared<AllowArgs>();
  CLI::App* remove = cmd->add_subcommand("remove", "Remove an allow-list entry by its ID.");
  remove->add_option("ID", remove_args->id, "the entry's ID (see allow list)")->required();
  remove->callback(
      [remove_args, &ctx] { ctx.run = [remove_args, &ctx] { return RunAllowRemove(*remove_args, ctx); }; });
}

}  // namespace kenchi::cli
