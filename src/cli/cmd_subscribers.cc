// kenchi subscribers add / list / remove: who receives the report by email.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/alert/mime.h"

namespace kenchi::cli {
namespace {

struct AddArgs {
  std::string email, lang = "ja", org, format = "html";
};

int RunAdd(const AddArgs& a, const Context& ctx) {
  if (!alert::IsPlausibleAddress(a.email)) {
    ctx.Error(fmt::format("\"{}\" is not an email address (expected local@domain)", a.email));
    return kExitBadInput;
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/true);
  if (!store) return kExitFailure;
  Subscriber s;
  s.email = a.email;
  s.lang = a.lang;
  s.attach_pdf = a.format == "pdf";
  if (!a.org.empty()) {
    Result<Organization> org = store->GetOrganizationByName(a.org);
    if (!org.ok()) {
      ctx.Error(org.status().code() == Status::Code::kNotFound
                    ? fmt::format("--org: no organisation named \"{}\" (see `kenchi org list`)", a.org)
                    : org.status().message());
      return ExitCodeFor(org.status());
    }
    s.organization_id = org->id;
  }
  Result<int64_t> id = store->AddSubscriber(s);
  if (!id.ok()) {
    ctx.Error(id.status().message());
    return ExitCodeFor(id.status());
  }
  if (ctx.json) {
    ctx.PrintJson({{"id", *id}, {"email", s.email}, {"lang", s.lang}, {"organization", a.org},
                   {"format", a.format}});
  } else {
    std::printf("subscriber %lld: %s (%s%s%s)\n", static_cast<long long>(*id), s.email.c_str(), s.lang.c_str(),
                a.org.empty() ? "" : ", ", a.org.c_str());
  }
  return kExitOk;
}

int RunList(const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<Subscriber>> subs = store->ListSubscribers();
  if (!subs.ok()) {
    ctx.Error(subs.status().message());
    return ExitCodeFor(subs.status());
  }
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Subscriber& s : *subs) {
      out.push_back({{"id", s.id}, {"email", s.email}, {"lang", s.lang}, {"organization", s.organization_name},
                     {"format", s.attach_pdf ? "pdf" : "html"}, {"created_at", s.created_at}});
    }
    ctx.PrintJson(out);
    return subs->empty() ? kExitNoResults : kExitOk;
  }
  if (subs->empty()) {
    ctx.Info("no subscribers (add one with `kenchi subscribers add EMAIL`)");
    return kExitNoResults;
  }
  Table t({"ID", "EMAIL", "LANG", "ORGANISATION", "FORMAT", "SINCE"});
  for (const Subscriber& s : *subs) {
    t.AddRow({std::to_string(s.id), s.email, s.lang, s.organization_name.empty() ? "-" : s.organization_name,
              s.attach_pdf ? "html+pdf" : "html", s.created_at.substr(0, 10)});
  }
  std::fputs(t.Render().c_str(), stdout);
  return kExitOk;
}

int RunRemove(int64_t id, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Status s = store->RemoveSubscriber(id);
  if (!s.ok()) {
    ctx.Error(s.message());
    return ExitCodeFor(s);
  }
  ctx.Info(fmt::format("subscriber {} removed", id));
  return kExitOk;
}

}  // namespace

void AddSubscribersCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "subscribers", "Who receives the security report by email (sent with `kenchi report --mail`).");
  cmd->require_subcommand(1);

  auto add_args = std::make_shared<AddArgs>();
  CLI::App* add = cmd->add_subcommand("add", "Add a recipient of the report.");
  add->add_option("email", add_args->email, "email address")->required();
  add->add_option("--lang", add_args->lang, "report language: ja or en")
      ->capture_default_str()
      ->check(CLI::IsMember({"ja", "en"}));
  add->add_option("--org", add_args->org, "also report this organisation's own findings (kenchi org list)");
  add->add_option("--format", add_args->format, "html (text + HTML mail) or pdf (the same, PDF attached)")
      ->capture_default_str()
      ->check(CLI::IsMember({"html", "pdf"}));
  add->callback([add_args, &ctx] { ctx.run = [add_args, &ctx] { return RunAdd(*add_args, ctx); }; });

  CLI::App* list = cmd->add_subcommand("list", "List the recipients.");
  list->callback([&ctx] { ctx.run = [&ctx] { return RunList(ctx); }; });

  auto id = std::make_shared<int64_t>(0);
  CLI::App* remove = cmd->add_subcommand("remove", "Remove a recipient (and the record of what it received).");
  remove->add_option("id", *id, "the subscriber's id (kenchi subscribers list)")->required();
  remove->callback([id, &ctx] { ctx.run = [id, &ctx] { return RunRemove(*id, ctx); }; });
}

}  // namespace kenchi::cli
