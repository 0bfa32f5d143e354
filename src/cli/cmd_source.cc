// kenchi source add|list|remove: the feeds `kenchi collect` polls.
#include <cmath>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/collect/http.h"

namespace kenchi::cli {
namespace {

struct SourceAddArgs {
  std::string name;
  std::string url;
  std::string kind = "auto";
  double delay_s = -1;  // negative: not given
};

struct SourceRemoveArgs {
  std::string name;
};

// Names are used on command lines and as Document::source: keep them plain.
bool IsPlainName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

nlohmann::json ToJson(const Source& s) {
  auto opt = [](const std::string& v) { return v.empty() ? nlohmann::json() : nlohmann::json(v); };
  return {{"id", s.id},
          {"name", s.name},
          {"kind", s.kind},
          {"url", s.url},
          {"delay_ms", s.delay_ms ? nlohmann::json(*s.delay_ms) : nlohmann::json()},
          {"etag", opt(s.etag)},
          {"last_modified", opt(s.last_modified)},
          {"last_polled_at", opt(s.last_polled_at)},
          {"created_at", s.created_at}};
}

int RunAdd(const SourceAddArgs& args, const Context& ctx) {
  if (!IsPlainName(args.name)) {
    ctx.Error(fmt::format("bad source name \"{}\": use 1-64 letters, digits, '-', '_' or '.'",
                          args.name));
    return kExitBadInput;
  }
  if (!collect::IsFetchableUrl(args.url)) {
    ctx.Error(fmt::format("bad feed URL \"{}\": an absolute http:// or https:// URL is needed",
                          args.url));
    return kExitBadInput;
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/true);
  if (!store) return kExitFailure;
  Source s;
  s.name = args.name;
  s.url = args.url;
  s.kind = args.kind;
  if (args.delay_s >= 0) s.delay_ms = static_cast<int64_t>(std::llround(args.delay_s * 1000));
  Result<int64_t> id = store->AddSource(s);
  if (!id.ok()) {
    ctx.Error(id.status().message());
    return ExitCodeFor(id.status());
  }
  if (ctx.json) {
    s.id = *id;
    ctx.PrintJson(ToJson(s));
  } else {
    std::printf("added source %s (%s): %s\n", s.name.c_str(), s.kind.c_str(), s.url.c_str());
  }
  return kExitOk;
}

int RunList(const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<Source>> sources = store->ListSources();
  if (!sources.ok()) {
    ctx.Error(sources.status().message());
    return ExitCodeFor(sources.status());
  }
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Source& s : *sources) out.push_back(ToJson(s));
    ctx.PrintJson(out);
    return kExitOk;
  }
  if (sources->empty()) {
    ctx.Info("no sources in " + ctx.db_path + " (add one with `kenchi source add NAME URL`)");
    return kExitOk;
  }
  Table table({"NAME", "KIND", "DELAY", "LAST POLLED", "URL"});
  for (const Source& s : *sources) {
    table.AddRow({s.name, s.kind,
                  s.delay_ms ? fmt::format("{:g} s", static_cast<double>(*s.delay_ms) / 1000)
                             : "default",
                  s.last_polled_at.empty() ? "never" : s.last_polled_at, s.url});
  }
  std::fputs(table.Render().c_str(), stdout);
  return kExitOk;
}

int RunRemove(const SourceRemoveArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Status s = store->RemoveSource(args.name);
  if (!s.ok()) {
    ctx.Error(s.message());
    return ExitCodeFor(s);
  }
  if (ctx.json) {
    ctx.PrintJson({{"removed", args.name}});
  } else {
    std::printf("removed source %s (its documents stay)\n", args.name.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddSourceCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "source",
      "Manage the feeds `kenchi collect` polls (RSS 2.0, RSS 1.0/RDF, Atom).");
  cmd->require_subcommand(1);

  auto add_args = std::make_shared<SourceAddArgs>();
  CLI::App* add = cmd->add_subcommand(
      "add",
      "Register a feed. NAME labels it (and the documents it yields); URL is the feed's\n"
      "http:// or https:// address. The feed is first fetched by `kenchi collect`.");
  add->add_option("NAME", add_args->name, "a short name: letters, digits, '-', '_', '.'")
      ->required();
  add->add_option("URL", add_args->url, "the feed's URL (http or https)")->required();
  add->add_option("--kind", add_args->kind,
                  "the feed format to expect: rss (RSS 2.0), rdf (RSS 1.0), atom, or auto\n"
                  "(detect on every poll); a feed of another kind is then reported as failed")
      ->check(CLI::IsMember({"rss", "atom", "rdf", "auto"}))
      ->capture_default_str();
  add->add_option("--delay", add_args->delay_s,
                  "seconds to wait between two requests to one host while collecting this\n"
                  "source (default: collect's --delay)")
      ->check(CLI::Range(0.0, 3600.0));
  add->callback([add_args, &ctx] { ctx.run = [add_args, &ctx] { return RunAdd(*add_args, ctx); }; });

  CLI::App* list = cmd->add_subcommand(
      "list", "List the registered feeds: name, kind, delay, when last polled, URL.");
  list->callback([&ctx] { ctx.run = [&ctx] { return RunList(ctx); }; });

  auto remove_args = std::make_shared<SourceRemoveArgs>();
  CLI::App* remove = cmd->add_subcommand(
      "remove", "Forget a feed and its poll state. Documents collected from it stay stored.");
  remove->add_option("NAME", remove_args->name, "the source's name")->required();
  remove->callback(
      [remove_args, &ctx] { ctx.run = [remove_args, &ctx] { return RunRemove(*remove_args, ctx); }; });
}

}  // namespace kenchi::cli
