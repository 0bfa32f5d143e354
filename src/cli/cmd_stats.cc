// kenchi stats: incidents per disclosure month and type, and records at
// risk per data type and qualifier, over a date range (the counting rules
// and the JSON are documented in kenchi/pipeline/stats.h).
//
// `stats` is a command group: with no nested subcommand it prints the
// incident statistics; other statistics attach as nested subcommands (see
// AddStatsHostsCommand in context.h).
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/pipeline/stats.h"

namespace kenchi::cli {
namespace {

struct StatsArgs {
  std::string from;
  std::string to;
  std::string by = "month";
};

std::string Count(int64_t n) { return n == 0 ? "." : WithThousands(n); }

void PrintByMonth(const pipeline::IncidentStats& stats) {
  // Stacked by type: one column per type that occurs in the range, so the
  // table stays narrow.
  std::vector<size_t> shown;
  for (size_t t = 0; t < pipeline::kIncidentTypeCount; ++t) {
    if (stats.types[t] != 0) shown.push_back(t);
  }
  std::vector<std::string> headers{"MONTH", "INCIDENTS"};
  for (size_t t : shown) headers.emplace_back(ToString(static_cast<IncidentType>(t)));
  Table table(headers);
  bool any_partial = false;
  for (const pipeline::MonthStats& m : stats.months) {
    std::vector<std::string> row{m.month + (m.partial ? " *" : ""), Count(m.incidents)};
    for (size_t t : shown) row.push_back(Count(m.types[t]));
    table.AddRow(std::move(row));
    any_partial = any_partial || m.partial;
  }
  std::vector<std::string> total{"total", Count(stats.incidents)};
  for (size_t t : shown) total.push_back(Count(stats.types[t]));
  table.AddRow(std::move(total));
  std::fputs(table.Render().c_str(), stdout);
  if (any_partial) {
    std::fputs("* partial month: only partly inside the range, or not over yet\n", stdout);
  }
}

void PrintByType(const pipeline::IncidentStats& stats) {
  Table table({"TYPE", "INCIDENTS", "SHARE"});
  for (size_t t = 0; t < pipeline::kIncidentTypeCount; ++t) {
    const int64_t n = stats.types[t];
    const std::string share =
        stats.incidents == 0 ? "-"
                             : fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) /
                                                          static_cast<double>(stats.incidents));
    table.AddRow({std::string(ToString(static_cast<IncidentType>(t))), Count(n), share});
  }
  std::fputs(table.Render().c_str(), stdout);
  std::fputs("an incident of several types counts under each; SHARE is of all incidents\n",
             stdout);
}

void PrintByDataType(const pipeline::IncidentStats& stats) {
  Table table({"DATA TYPE", "TOTAL", "EXACT", "APPROX (約)", "AT MOST (最大)", "AT LEAST (以上)",
               "FIGURES"});
  for (size_t d = 0; d < pipeline::kDataTypeCount; ++d) {
    const auto& q = stats.records[d];
    int64_t total = 0, figures = 0;
    for (const pipeline::FigureSum& s : q) {
      total += s.records;
      figures += s.figures;
    }
    auto cell = [&](Qualifier which) { return Count(q[static_cast<size_t>(which)].records); };
    table.AddRow({std::string(ToString(static_cast<DataType>(d))), Count(total),
                  cell(Qualifier::kExact), cell(Qualifier::kApprox), cell(Qualifier::kUpperBound),
                  cell(Qualifier::kLowerBound), Count(figures)});
  }
  std::fputs(table.Render().c_str(), stdout);
  std::fputs("records at risk summed per qualifier; TOTAL mixes them and is an estimate\n",
             stdout);
}

int RunStats(const StatsArgs& args, const Context& ctx) {
  const std::string today = pipeline::TodayUtc();
  std::string from, to;
  if (!args.from.empty()) {
    Result<std::string> d = pipeline::ParseStatsDate(args.from, false, "--from");
    if (!d.ok()) {
      ctx.Error(d.status().message());
      return kExitBadInput;
    }
    from = *d;
  }
  if (!args.to.empty()) {
    Result<std::string> d = pipeline::ParseStatsDate(args.to, true, "--to");
    if (!d.ok()) {
      ctx.Error(d.status().message());
      return kExitBadInput;
    }
    to = *d;
  }
  if (!from.empty() && !to.empty() && to < from) {
    ctx.Error(fmt::format("the range is empty: --from {} is after --to {}", from, to));
    return kExitBadInput;
  }

  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  if (to.empty()) to = today;
  if (from.empty()) {
    // Default: from the first month with an incident (or this month).
    Result<std::pair<std::string, std::string>> span = store->IncidentDateSpan();
    if (!span.ok()) {
      ctx.Error(span.status().message());
      return ExitCodeFor(span.status());
    }
    const std::string earliest = span->first.empty() ? to : std::min(span->first, to);
    from = earliest.substr(0, 7) + "-01";
  }
  Result<pipeline::IncidentStats> stats = pipeline::ComputeIncidentStats(*store, from, to, today);
  if (!stats.ok()) {
    ctx.Error(stats.status().message());
    return ExitCodeFor(stats.status());
  }
  if (ctx.json) {
    ctx.PrintJson(pipeline::IncidentStatsToJson(*stats));
    return kExitOk;
  }
  std::fputs(fmt::format("{} incident(s) disclosed {} .. {}\n", WithThousands(stats->incidents),
                         stats->from, stats->to)
                 .c_str(),
             stdout);
  if (args.by == "type") {
    PrintByType(*stats);
  } else if (args.by == "data-type") {
    PrintByDataType(*stats);
  } else {
    PrintByMonth(*stats);
  }
  return kExitOk;
}

}  // namespace

void AddStatsCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "stats",
      "Count incidents over a date range: per calendar month of disclosure (stacked by\n"
      "type), per incident type, and records at risk per data type and qualifier.\n"
      "A report of an incident already known (second notice, news) is merged into it and\n"
      "not counted again. Months cut by the range or not over yet are marked partial.\n"
      "--json prints every table at once (format in include/kenchi/pipeline/stats.h).\n"
      "Nested subcommands count other facts (e.g. `kenchi stats hosts`).");
  cmd->add_option("--from", args->from,
                  "first day counted: YYYY-MM-DD, or YYYY-MM for the month's first day\n"
                  "(default: the month of the earliest incident)");
  cmd->add_option("--to", args->to,
                  "last day counted: YYYY-MM-DD, or YYYY-MM for the month's last day\n"
                  "(default: today, UTC)");
  cmd->add_option("--by", args->by,
                  "table to print: month (incidents per month and type), type (incidents\n"
                  "per type), data-type (records at risk per data type and qualifier);\n"
                  "--json always has all three")
      ->capture_default_str()
      ->check(CLI::IsMember({"month", "type", "data-type"}));
  cmd->require_subcommand(0, 1);
  // Nested statistics (stats hosts) attach here; see context.h.
  if (AddStatsHostsCommand) AddStatsHostsCommand(*cmd, ctx);
  if (AddStatsExposuresCommand) AddStatsExposuresCommand(*cmd, ctx);
  cmd->callback([cmd, args, &ctx] {
    // A nested subcommand sets its own action.
    if (!cmd->get_subcommands().empty() || ctx.run) return;
    ctx.run = [args, &ctx] { return RunStats(*args, ctx); };
  });
}

}  // namespace kenchi::cli
