// kenchi deliver: send every pending alert to its organisation's sinks.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "cli/table.h"
#include "kenchi/alert/deliver.h"

namespace kenchi::cli {
namespace {

struct DeliverArgs {
  int64_t sink_id = 0;
};

int RunDeliver(const DeliverArgs& args, const Context& ctx) {
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  if (args.sink_id != 0) {
    if (Result<SinkRecord> s = store->GetSink(args.sink_id); !s.ok()) {
      ctx.Error(s.status().message());
      return ExitCodeFor(s.status());
    }
  }
  alert::DeliverOptions options;
  options.only_sink_id = args.sink_id;
  Result<alert::DeliveryReport> report = alert::DeliverPending(*store, options);
  if (!report.ok()) {
    ctx.Error(report.status().message());
    return ExitCodeFor(report.status());
  }
  for (const alert::SinkOutcome& o : report->sinks) {
    if (!o.error.empty()) {
      ctx.Error(fmt::format("sink {} ({} {}): {} alert(s) not delivered: {}", o.sink.id,
                            o.sink.organization_name, o.sink.kind, o.failed, o.error));
    }
  }
  if (ctx.json) {
    nlohmann::json sinks = nlohmann::json::array();
    for (const alert::SinkOutcome& o : report->sinks) {
      sinks.push_back({{"id", o.sink.id},
                       {"organization", o.sink.organization_name},
                       {"kind", o.sink.kind},
                       {"target", o.sink.target},
                       {"sent", o.sent},
                       {"failed", o.failed},
                       {"skipped", o.skipped},
                       {"deferred", o.deferred},
                       {"error", o.error.empty() ? nlohmann::json() : nlohmann::json(o.error)}});
    }
    ctx.PrintJson({{"sent", report->sent},
                   {"failed", report->failed},
                   {"skipped", report->skipped},
                   {"deferred", report->deferred},
                   {"sinks", std::move(sinks)}});
  } else if (!ctx.quiet) {
    // On stderr: stdout belongs to stdout sinks.
    if (report->sinks.empty()) {
      ctx.Info("no sinks configured (add one with `kenchi sink add ORG KIND ...`)");
    } else {
      Table table({"SINK", "ORGANIZATION", "KIND", "TARGET", "SENT", "FAILED", "SKIPPED", "DEFERRED"});
      table.SetMaxWidth(3, 50);
      for (const alert::SinkOutcome& o : report->sinks) {
        table.AddRow({std::to_string(o.sink.id), o.sink.organization_name, o.sink.kind, o.sink.target,
                      std::to_string(o.sent), std::to_string(o.failed), std::to_string(o.skipped),
                      std::to_string(o.deferred)});
      }
      std::fputs(table.Render().c_str(), stderr);
    }
    ctx.Info(fmt::format("{} sent, {} failed, {} skipped (below a sink's minimum severity), "
                         "{} deferred (digest throttle)",
                         report->sent, report->failed, report->skipped, report->deferred));
  }
  return report->failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void AddDeliverCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DeliverArgs>();
  CLI::App* cmd = app.add_subcommand(
      "deliver",
      "Send every pending alert of every organisation to each of its sinks (`kenchi sink`).\n"
      "Pending: status `new`, and not yet delivered to that sink, or its last attempt failed,\n"
      "or its severity rose since it was delivered. A new sighting at the same severity is\n"
      "not sent again. Reports sent / failed / skipped (below the sink's --min-severity) /\n"
      "deferred (an email digest within its throttle) on stderr, or as JSON with --json.\n"
      "Exit 3 if any delivery failed (it is retried on the next run). Run it from one cron\n"
      "job or timer: two at once on one database could send an alert twice.");
  cmd->add_option("--sink", args->sink_id, "deliver to this sink only (see `kenchi sink list`)")
      ->check(CLI::PositiveNumber);
  cmd->callback([args, &ctx] { ctx.run = [args, &ctx] { return RunDeliver(*args, ctx); }; });
}

}  // namespace kenchi::cli
