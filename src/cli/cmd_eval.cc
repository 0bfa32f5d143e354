// kenchi eval extraction GOLD.jsonl
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/extract/eval.h"
#include "kenchi/text/mecab.h"

namespace kenchi::cli {
namespace {

struct EvalArgs {
  std::string gold;
  int max_misses = 200;
};

nlohmann::json ToJson(const extract::EvalReport& r) {
  nlohmann::json fields = nlohmann::json::array();
  for (const extract::FieldScore& f : r.fields) {
    fields.push_back({{"field", f.field},
                      {"tp", f.tp},
                      {"fp", f.fp},
                      {"fn", f.fn},
                      {"precision", f.precision()},
                      {"recall", f.recall()},
                      {"f1", f.f1()}});
  }
  nlohmann::json misses = nlohmann::json::array();
  for (const extract::Miss& m : r.misses) {
    misses.push_back({{"id", m.item_id},
                      {"line", m.line},
                      {"field", m.field},
                      {"expected", m.expected.empty() ? nlohmann::json() : nlohmann::json(m.expected)},
                      {"got", m.got.empty() ? nlohmann::json() : nlohmann::json(m.got)}});
  }
  return {{"items", r.items}, {"fields", std::move(fields)}, {"misses", std::move(misses)}};
}

int RunEvalExtraction(const EvalArgs& args, const Context& ctx) {
  if (Status m = text::MecabStatus(); !m.ok()) {
    ctx.Info("warning: scoring the rules without MeCab: " + m.message());
  }
  Result<std::vector<extract::GoldItem>> gold = extract::LoadGold(args.gold);
  if (!gold.ok()) {
    ctx.Error(gold.status().message());
    return ExitCodeFor(gold.status());
  }
  const extract::EvalReport report = extract::EvaluateExtraction(*gold);
  if (ctx.json) {
    ctx.PrintJson(ToJson(report));
    return kExitOk;
  }
  Table table({"FIELD", "TP", "FP", "FN", "PRECISION", "RECALL", "F1"});
  for (const extract::FieldScore& f : report.fields) {
    table.AddRow({f.field, std::to_string(f.tp), std::to_string(f.fp), std::to_string(f.fn),
                  fmt::format("{:.3f}", f.precision()), fmt::format("{:.3f}", f.recall()),
                  fmt::format("{:.3f}", f.f1())});
  }
  std::fputs(table.Render().c_str(), stdout);
  if (!report.misses.empty()) {
    std::fputs("\nmisses (expected -> extracted):\n", stdout);
    int shown = 0;
    for (const extract::Miss& m : report.misses) {
      if (shown++ == args.max_misses) {
        std::fputs(fmt::format("  ... and {} more (--misses N)\n", report.misses.size() - args.max_misses).c_str(),
                   stdout);
        break;
      }
      std::fputs(fmt::format("  {}:{} {} {}: {} -> {}\n", args.gold, m.line, m.item_id, m.field,
                             m.expected.empty() ? "(nothing)" : m.expected, m.got.empty() ? "(nothing)" : m.got)
                     .c_str(),
                 stdout);
    }
  }
  ctx.Info(fmt::format("{} item(s) scored", report.items));
  return kExitOk;
}

}  // namespace

void AddEvalCommand(CLI::App& app, Context& ctx) {
  CLI::App* eval = app.add_subcommand("eval", "Measure kenchi against hand-labelled gold data.");
  eval->require_subcommand(1);
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = eval->add_subcommand(
      "extraction",
      "Score incident extraction against a gold file (JSON lines; format in docs/EXTRACTION.md).\n"
      "Prints precision, recall and F1 per field (incident decision, organization, types,\n"
      "records, record counts, cause, origin country, dates) and lists every miss as\n"
      "FILE:LINE ID FIELD: expected -> extracted. A malformed gold line is an error naming\n"
      "FILE:LINE (exit 2); nothing is scored then.");
  cmd->add_option("GOLD", args->gold, "gold file: one JSON object per line")->required();
  cmd->add_option("--misses", args->max_misses, "list at most this many misses (table output)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunEvalExtraction(*args, ctx); }; });
}

}  // namespace kenchi::cli
