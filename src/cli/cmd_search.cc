// kenchi search TEXT
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace kenchi::cli {
namespace {

struct SearchArgs {
  std::string query;
  int limit = 20;
};

int RunSearch(const SearchArgs& args, const Context& ctx) {
  if (args.query.empty()) {
    ctx.Error("search: the search text is empty");
    return kExitBadInput;
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  Result<std::vector<SearchHit>> hits = store->Search(args.query, args.limit);
  if (!hits.ok()) {
    ctx.Error(hits.status().message());
    return ExitCodeFor(hits.status());
  }
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const SearchHit& h : *hits)
      out.push_back({{"document_id", h.document_id},
                     {"uri", h.uri},
                     {"title", h.title},
                     {"snippet", h.snippet}});
    ctx.PrintJson(out);
  } else {
    for (const SearchHit& h : *hits) {
      std::printf("#%lld  %s\n", static_cast<long long>(h.document_id), h.uri.c_str());
      if (!h.title.empty()) std::printf("    %s\n", h.title.c_str());
      std::printf("    %s\n\n", h.snippet.c_str());
    }
    ctx.Info(std::to_string(hits->size()) + " document(s) match \"" + args.query + "\"");
  }
  return hits->empty() ? kExitNoResults : kExitOk;
}

}  // namespace

void AddSearchCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "search",
      "Find stored documents containing TEXT (full text, any script: Japanese and Chinese\n"
      "work without word breaks). The text is matched literally, not as a query language.\n"
      "Exit code 1 when nothing matches.");
  cmd->add_option("TEXT", args->query, "text to look for")->required();
  cmd->add_option("-n,--limit", args->limit, "show at most this many documents")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunSearch(*args, ctx); }; });
}

}  // namespace kenchi::cli
