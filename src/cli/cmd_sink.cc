// kenchi sink add / list / remove / test: where each organisation's alerts go.
#include <cstdio>
#include <ctime>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/alert/deliver.h"
#include "kenchi/alert/sink_config.h"

namespace kenchi::cli {
namespace {

using nlohmann::json;

struct SinkAddArgs {
  std::string organization;
  std::string kind;
  std::string min_severity = "low";
  // file
  std::string path;
  // webhook
  std::string url, secret_env, secret_file;
  int timeout_ms = 0, attempts = 0, backoff_ms = -1;
  // email
  std::string smtp_url, from, from_name, starttls, username, password_env, password_file, auth, mode;
  std::vector<std::string> to;
  bool no_verify_tls = false;
  int throttle_minutes = -1;
};

// The settings object from the options given; options left unset are
// left out, so the defaults stay documented in one place (sink_config.h).
json SettingsFrom(const SinkAddArgs& a) {
  json s = json::object();
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) s[key] = v;
  };
  put("path", a.path);
  put("url", a.url);
  put("secret_env", a.secret_env);
  put("secret_file", a.secret_file);
  if (a.timeout_ms > 0) s["timeout_ms"] = a.timeout_ms;
  if (a.attempts > 0) s["attempts"] = a.attempts;
  if (a.backoff_ms >= 0) s["backoff_ms"] = a.backoff_ms;
  put("smtp_url", a.smtp_url);
  put("from", a.from);
  put("from_name", a.from_name);
  if (!a.to.empty()) s["to"] = a.to;
  put("starttls", a.starttls);
  if (a.no_verify_tls) s["verify_tls"] = false;
  put("username", a.username);
  put("password_env", a.password_env);
  put("password_file", a.password_file);
  put("auth", a.auth);
  put("mode", a.mode);
  if (a.throttle_minutes >= 0) s["throttle_minutes"] = a.throttle_minutes;
  return s;
}

std::string TargetOf(const std::string& kind, const json& s) {
  if (kind == "file") return s.value("path", "");
  if (kind == "stdout") return "-";
  if (kind == "webhook") return s.value("url", "");
  std::string to;
  for (const json& a : s.value("to", json::array())) to += (to.empty() ? "" : ",") + a.get<std::string>();
  return s.value("smtp_url", "") + " -> " + to;
}

// The settings a person needs to see, secrets shown only by where they come from.
std::string Summary(const SinkRecord& r) {
  json s = json::parse(r.settings, nullptr, false);
  if (!s.is_object()) return "?";
  std::vector<std::string> parts;
  if (s.contains("secret_env")) parts.push_back("signed, secret from $" + s["secret_env"].get<std::string>());
  if (s.contains("secret_file")) parts.push_back("signed, secret from " + s["secret_file"].get<std::string>());
  if (r.kind == "webhook" && !s.contains("secret_env") && !s.contains("secret_file")) parts.push_back("unsigned");
  if (r.kind == "email") {
    parts.push_back(s.value("mode", "immediate"));
    if (s.value("throttle_minutes", 0) > 0) parts.push_back(fmt::format("every {} min at most", s["throttle_minutes"].get<int>()));
    parts.push_back("starttls " + s.value("starttls", "require"));
    if (s.contains("username")) parts.push_back("auth as " + s["username"].get<std::string>());
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "-" : out;
}

json ToJson(const SinkRecord& r) {
  json settings = json::parse(r.settings, nullptr, false);
  return {{"id", r.id},
          {"organization", r.organization_name},
          {"kind", r.kind},
          {"target", r.target},
          {"min_severity", ToString(r.min_severity)},
          {"settings", settings},  // names of secret sources only, never secrets
          {"created_at", r.created_at},
          {"delivered", r.delivered},
          {"failing", r.failing},
          {"last_delivered_at", r.last_delivered_at.empty() ? json() : json(r.last_delivered_at)}};
}

int RunAdd(const SinkAddArgs& a, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<Organization> org = store->GetOrganizationByName(a.organization);
  if (!org.ok()) {
    ctx.Error(org.status().message() + " (see `kenchi org list`)");
    return ExitCodeFor(org.status());
  }
  SinkRecord r;
  r.organization_id = org->id;
  r.kind = a.kind;
  const json settings = SettingsFrom(a);
  r.settings = settings.dump();
  r.target = TargetOf(a.kind, settings);
  r.min_severity = *ParseSeverity(a.min_severity);
  if (Status valid = alert::ValidateSinkRecord(r); !valid.ok()) {
    ctx.Error(valid.message());
    return kExitBadInput;
  }
  Result<int64_t> id = store->AddSink(r);
  if (!id.ok()) {
    ctx.Error(id.status().message());
    return ExitCodeFor(id.status());
  }
  if (ctx.json) {
    ctx.PrintJson({{"id", *id}, {"organization", org->name}, {"kind", r.kind}, {"target", r.target}});
  } else {
    std::printf("%lld\n", static_cast<long long>(*id));
    ctx.Info(fmt::format("added {} sink {} for {}: {} (try it: kenchi sink test {})", r.kind, *id,
                         org->name, r.target, *id));
  }
  return kExitOk;
}

int RunList(const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<SinkRecord>> sinks = store->ListSinks();
  if (!sinks.ok()) {
    ctx.Error(sinks.status().message());
    return ExitCodeFor(sinks.status());
  }
  if (ctx.json) {
    json out = json::array();
    for (const SinkRecord& r : *sinks) out.push_back(ToJson(r));
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (sinks->empty()) {
    ctx.Info("no sinks (add one with `kenchi sink add ORG KIND ...`)");
    return kExitOk;
  }
  Table table({"ID", "ORGANIZATION", "KIND", "TARGET", "MIN", "SETTINGS", "SENT", "FAILING", "LAST SENT"});
  table.SetMaxWidth(3, 50);
  for (const SinkRecord& r : *sinks) {
    table.AddRow({std::to_string(r.id), r.organization_name, r.kind, r.target,
                  std::string(ToString(r.min_severity)), Summary(r), std::to_string(r.delivered),
                  std::to_string(r.failing), r.last_delivered_at.empty() ? "-" : r.last_delivered_at});
  }
  std::fputs(table.Render().c_str(), stdout);
  return kExitOk;
}

int RunRemove(int64_t id, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  if (Status s = store->RemoveSink(id); !s.ok()) {
    ctx.Error(s.message());
    return ExitCodeFor(s);
  }
  ctx.Info(fmt::format("removed sink {} and its delivery records", id));
  return kExitOk;
}

int RunTest(int64_t id, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<SinkRecord> sink = store->GetSink(id);
  if (!sink.ok()) {
    ctx.Error(sink.status().message());
    return ExitCodeFor(sink.status());
  }
  Result<std::unique_ptr<alert::Sink>> made = alert::MakeSink(*sink);
  if (!made.ok()) {
    ctx.Error(made.status().message());
    return kExitFailure;
  }
  // A made-up alert, marked as such everywhere a person or a parser looks.
  Alert test;
  test.organization_id = sink->organization_id;
  test.fact_kind = "test";
  test.severity = Severity::kLow;
  test.dedup_key = "kenchi-sink-test";
  test.title = fmt::format("kenchi test alert (テスト通知) for sink {}", id);
  test.evidence = "This is a test message from `kenchi sink test`; there is no finding behind it.";
  test.first_seen = test.last_seen = alert::IsoUtc(static_cast<int64_t>(std::time(nullptr)));
  const Organization org{sink->organization_id, sink->organization_name,
                         sink->organization_display_name};
  std::vector<Alert> one{test};
  const Status status = (*made)->Deliver(org, one).front();
  if (ctx.json) {
    ctx.PrintJson({{"id", id},
                   {"destination", (*made)->Describe()},
                   {"ok", status.ok()},
                   {"error", status.ok() ? json() : json(status.message())}});
  }
  if (!status.ok()) {
    ctx.Error(status.message());
    return kExitFailure;
  }
  ctx.Info("sent a test alert to " + (*made)->Describe());
  return kExitOk;
}

}  // namespace

void AddSinkCommand(CLI::App& app, Context& ctx) {
  CLI::App* sink = app.add_subcommand(
      "sink",
      "Where each organisation's alerts are delivered: a JSON lines file, stdout, a webhook,\n"
      "email. `kenchi deliver` sends pending alerts to them. Secrets (webhook signing key,\n"
      "SMTP password) are never stored: give the environment variable or file to read them from.");
  sink->require_subcommand(1);

  auto add_args = std::make_shared<SinkAddArgs>();
  CLI::App* add = sink->add_subcommand("add", "Add a sink for an organisation; prints its id.");
  add->add_option("ORG", add_args->organization, "organisation name (see `kenchi org list`)")->required();
  add->add_option("KIND", add_args->kind, "file, stdout, webhook or email")
      ->required()
      ->check(CLI::IsMember({"file", "stdout", "webhook", "email"}));
  add->add_option("--min-severity", add_args->min_severity,
                  "send only alerts of this severity or higher (low, medium, high, critical)")
      ->capture_default_str()
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  add->add_option("--path", add_args->path, "file: the JSON lines file to append to (created if missing)");
  add->add_option("--url", add_args->url, "webhook: http:// or https:// URL to POST each alert to");
  add->add_option("--secret-env", add_args->secret_env,
                  "webhook: environment variable holding the signing secret (X-Kenchi-Signature)");
  add->add_option("--secret-file", add_args->secret_file,
                  "webhook: file whose first line is the signing secret");
  add->add_option("--timeout-ms", add_args->timeout_ms,
                  "webhook, email: give up on one attempt after this long (default 10000 / 30000)")
      ->check(CLI::Range(100, 600000));
  add->add_option("--attempts", add_args->attempts,
                  "webhook: tries in all on 5xx, 408, 429 or a connection error (default 4)")
      ->check(CLI::Range(1, 20));
  add->add_option("--backoff-ms", add_args->backoff_ms,
                  "webhook: wait before the 2nd try, doubling each time (default 1000)")
      ->check(CLI::Range(0, 600000));
  add->add_option("--smtp-url", add_args->smtp_url,
                  "email: smtp://host[:port] (STARTTLS) or smtps://host[:port] (TLS)");
  add->add_option("--from", add_args->from, "email: sender address");
  add->add_option("--from-name", add_args->from_name, "email: sender display name (UTF-8; default kenchi)");
  add->add_option("--to", add_args->to, "email: recipient address (repeat for several)");
  add->add_option("--starttls", add_args->starttls,
                  "email, smtp:// only: require (default: fail without TLS), try, or no")
      ->check(CLI::IsMember({"no", "try", "require"}));
  add->add_flag("--no-verify-tls", add_args->no_verify_tls,
                "email: accept any TLS certificate (test servers only)");
  add->add_option("--username", add_args->username, "email: SMTP AUTH user name");
  add->add_option("--password-env", add_args->password_env,
                  "email: environment variable holding the SMTP password");
  add->add_option("--password-file", add_args->password_file,
                  "email: file whose first line is the SMTP password");
  add->add_option("--auth", add_args->auth, "email: SASL mechanism, e.g. PLAIN or LOGIN (default: negotiated)");
  add->add_option("--mode", add_args->mode,
                  "email: immediate (one message per alert, default) or digest (one per run)")
      ->check(CLI::IsMember({"immediate", "digest"}));
  add->add_option("--throttle-minutes", add_args->throttle_minutes,
                  "email digest: send at most one digest per this many minutes; alerts wait")
      ->check(CLI::Range(0, 7 * 24 * 60));
  add->callback([add_args, &ctx] { ctx.run = [add_args, &ctx] { return RunAdd(*add_args, ctx); }; });

  CLI::App* list = sink->add_subcommand(
      "list", "List sinks: target, minimum severity, settings (secrets shown only by their source),\n"
              "alerts delivered, alerts whose last attempt failed, last delivery.");
  list->callback([&ctx] { ctx.run = [&ctx] { return RunList(ctx); }; });

  auto remove_id = std::make_shared<int64_t>(0);
  CLI::App* remove = sink->add_subcommand("remove", "Remove a sink and its delivery records.");
  remove->add_option("ID", *remove_id, "sink id (see `kenchi sink list`)")->required();
  remove->callback([remove_id, &ctx] { ctx.run = [remove_id, &ctx] { return RunRemove(*remove_id, ctx); }; });

  auto test_id = std::make_shared<int64_t>(0);
  CLI::App* test = sink->add_subcommand(
      "test", "Send a made-up test alert to a sink now (nothing is recorded); exit 3 if it fails.");
  test->add_option("ID", *test_id, "sink id (see `kenchi sink list`)")->required();
  test->callback([test_id, &ctx] { ctx.run = [test_id, &ctx] { return RunTest(*test_id, ctx); }; });
}

}  // namespace kenchi::cli
