// kenchi alerts list|show|ack|resolve|false-positive
#include <cstdio>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/alert/alert_json.h"
#include "kenchi/alert/lifecycle.h"

namespace kenchi::cli {
namespace {

struct AlertsArgs {
  std::string org;
  std::string status;
  std::string severity;
  int64_t limit = 0;
  int64_t id = 0;
  std::string note;
  bool allow = false;
  std::string allow_phrase;
  bool global = false;
};

int Fail(const Context& ctx, const Status& status) {
  ctx.Error(status.message());
  return ExitCodeFor(status);
}

Organization OrgOf(const Alert& a, const std::map<int64_t, Organization>& orgs) {
  auto it = orgs.find(a.organization_id);
  if (it != orgs.end()) return it->second;
  return Organization{a.organization_id, a.organization_name, ""};
}

Result<std::map<int64_t, Organization>> Orgs(Store& store) {
  Result<std::vector<Organization>> orgs = store.ListOrganizations();
  if (!orgs.ok()) return orgs.status();
  std::map<int64_t, Organization> out;
  for (Organization& o : *orgs) out[o.id] = std::move(o);
  return out;
}

nlohmann::json ToJson(const Alert& a, const std::map<int64_t, Organization>& orgs) {
  nlohmann::json j = alert::AlertToJson(OrgOf(a, orgs), a);
  j["status_note"] = a.status_note;
  return j;
}

int RunList(const AlertsArgs& args, const Context& ctx) {
  AlertFilter filter;
  if (!args.status.empty()) filter.status = ParseAlertStatus(args.status);
  if (!args.severity.empty()) filter.min_severity = ParseSeverity(args.severity);
  filter.limit = args.limit;
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  if (!args.org.empty()) {
    Result<Organization> org = store->GetOrganizationByName(args.org);
    if (!org.ok()) return Fail(ctx, org.status());
    filter.organization_id = org->id;
  }
  Result<std::map<int64_t, Organization>> orgs = Orgs(*store);
  if (!orgs.ok()) return Fail(ctx, orgs.status());
  Result<std::vector<Alert>> alerts = store->ListAlerts(filter);
  if (!alerts.ok()) return Fail(ctx, alerts.status());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Alert& a : *alerts) out.push_back(ToJson(a, *orgs));
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (alerts->empty()) {
    ctx.Info("no alerts" + std::string(args.status.empty() && args.severity.empty() && args.org.empty()
                                           ? " (kenchi match raises them)"
                                           : " with these filters"));
    return kExitOk;
  }
  Table table({"ID", "SEVERITY", "STATUS", "ORGANIZATION", "TITLE", "SEEN", "LAST SEEN"});
  table.SetMaxWidth(4, 60);
  for (const Alert& a : *alerts) {
    table.AddRow({std::to_string(a.id), std::string(ToString(a.severity)), std::string(ToString(a.status)),
                  a.organization_name, a.title, fmt::format("{}x", a.sightings), a.last_seen});
  }
  std::fputs(table.Render().c_str(), stdout);
  ctx.Info(fmt::format("{} alert(s); details: kenchi alerts show ID", alerts->size()));
  return kExitOk;
}

void PrintAlert(const Alert& a) {
  std::string out;
  out += fmt::format("alert #{}  [{}]  {}\n", a.id, ToString(a.severity), ToString(a.status));
  out += fmt::format("  {}\n", a.title);
  out += fmt::format("  organization  {}\n", a.organization_name);
  if (!a.asset_value.empty()) out += fmt::format("  watch entry   #{} {} {}\n", a.asset_id, ToString(a.asset_kind), a.asset_value);
  out += fmt::format("  matched       {}\n", a.matched);
  out += fmt::format("  evidence      {}\n", a.evidence);
  out += fmt::format("  fact          {} #{}\n", a.fact_kind, a.fact_id);
  if (a.document_id != 0) {
    out += fmt::format("  document      #{} {} (source: {})\n", a.document_id, a.document_uri, a.document_source);
  }
  out += fmt::format("  seen          {} time(s), first {}, last {}\n", a.sightings, a.first_seen, a.last_seen);
  if (!a.status_note.empty()) out += fmt::format("  note          {}\n", a.status_note);
  std::fputs(out.c_str(), stdout);
}

int RunShow(const AlertsArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<Alert> alert = store->GetAlert(args.id);
  if (!alert.ok()) return Fail(ctx, alert.status());
  if (ctx.json) {
    Result<std::map<int64_t, Organization>> orgs = Orgs(*store);
    if (!orgs.ok()) return Fail(ctx, orgs.status());
    ctx.PrintJson(ToJson(*alert, *orgs));
  } else {
    PrintAlert(*alert);
  }
  return kExitOk;
}

int RunAction(const AlertsArgs& args, alert::AlertAction action, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  alert::AllowRequest allow;
  allow.add = args.allow || !args.allow_phrase.empty();
  allow.global = args.global;
  allow.phrase = args.allow_phrase;
  if (args.global && !allow.add) {
    ctx.Error("--global only goes with --allow or --allow-phrase");
    return kExitBadInput;
  }
  Result<alert::ActionOutcome> outcome = alert::ApplyAlertAction(*store, args.id, action, args.note, allow);
  if (!outcome.ok()) return Fail(ctx, outcome.status());
  const Alert& a = outcome->alert;
  if (ctx.json) {
    Result<std::map<int64_t, Organization>> orgs = Orgs(*store);
    if (!orgs.ok()) return Fail(ctx, orgs.status());
    nlohmann::json j = ToJson(a, *orgs);
    j["changed"] = outcome->changed;
    if (outcome->allowed) {
      j["allow_entry"] = {{"id", outcome->allowed->id},
                          {"kind", ToString(outcome->allowed->kind)},
                          {"value", outcome->allowed->value},
                          {"global", outcome->allowed->organization_id == 0}};
    }
    ctx.PrintJson(j);
    return kExitOk;
  }
  std::printf("%s\n", fmt::format("alert #{} is {}{}", a.id, ToString(a.status),
                                  outcome->changed ? "" : " (it already was)")
                          .c_str());
  if (outcome->allowed) {
    std::printf("%s\n",
                fmt::format("allow-list entry #{} added: {} \"{}\" ({}); the next `kenchi match` drops it",
                            outcome->allowed->id, ToString(outcome->allowed->kind), outcome->allowed->value,
                            outcome->allowed->organization_id == 0 ? "global" : a.organization_name)
                    .c_str());
  }
  return kExitOk;
}

CLI::App* AddIdCommand(CLI::App& parent, const std::string& name, const std::string& help,
                       std::shared_ptr<AlertsArgs> args) {
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->add_option("ID", args->id, "the alert's ID (see alerts list)")->required();
  return cmd;
}

}  // namespace

void AddAlertsCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "alerts",
      "Review and act on alerts. Lifecycle: new -> acknowledged -> resolved, or\n"
      "false_positive from any state. Repeating an action is harmless; an unknown ID is\n"
      "exit code 2. A resolved alert seen again by `kenchi match` becomes new again.");
  cmd->require_subcommand(1);

  auto list_args = std::make_shared<AlertsArgs>();
  CLI::App* list = cmd->add_subcommand("list", "List alerts, oldest first.");
  list->add_option("--org", list_args->org, "only this organisation's alerts");
  list->add_option("--status", list_args->status, "only alerts in this status")
      ->check(CLI::IsMember({"new", "acknowledged", "resolved", "false_positive"}));
  list->add_option("--severity", list_args->severity, "only alerts of this severity or higher")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  list->add_option("-n,--limit", list_args->limit, "show at most this many (default: all)")
      ->check(CLI::NonNegativeNumber);
  list->callback([list_args, &ctx] { ctx.run = [list_args, &ctx] { return RunList(*list_args, ctx); }; });

  auto show_args = std::make_shared<AlertsArgs>();
  CLI::App* show = AddIdCommand(*cmd, "show",
                                "Show one alert: evidence with context, the document and its source, "
                                "the watch entry, sightings.",
                                show_args);
  show->callback([show_args, &ctx] { ctx.run = [show_args, &ctx] { return RunShow(*show_args, ctx); }; });

  struct ActionSpec {
    const char* name;
    const char* help;
    alert::AlertAction action;
  };
  for (const ActionSpec& spec :
       {ActionSpec{"ack", "Acknowledge an alert: someone is looking at it.", alert::AlertAction::kAcknowledge},
        ActionSpec{"resolve", "Resolve an alert: it has been dealt with.", alert::AlertAction::kResolve},
        ActionSpec{"false-positive",
                   "Close an alert as a false positive. With --allow, also add an allow-list\n"
                   "entry (the matched term, domain or address) so the same noise stops.",
                   alert::AlertAction::kFalsePositive}}) {
    auto args = std::make_shared<AlertsArgs>();
    CLI::App* sub = AddIdCommand(*cmd, spec.name, spec.help, args);
    sub->add_option("--note", args->note, "a note kept with the status (who, why)");
    if (spec.action == alert::AlertAction::kFalsePositive) {
      sub->add_flag("--allow", args->allow,
                    "add the matched text, domain or address to the organisation's allow-list");
      sub->add_option("--allow-phrase", args->allow_phrase,
                      "allow-list this phrase instead: it must contain the matched text and\n"
                      "stops only matches inside it (\"Kakuu Hotel\" rather than all of Kakuu)");
      sub->add_flag("--global", args->global,
                    "with --allow or --allow-phrase: add the entry to the global allow-list");
    }
    const alert::AlertAction action = spec.action;
    sub->callback([args, action, &ctx] {
      ctx.run = [args, action, &ctx] { return RunAction(*args, action, ctx); };
    });
  }
}

}  // namespace kenchi::cli
