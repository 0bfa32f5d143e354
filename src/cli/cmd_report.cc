// kenchi report: the monthly security report, written to a file or mailed
// to the subscribers. Argument parsing and output only; the report is
// built in src/report (kenchi/report/*.h).
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/context.h"
#include "kenchi/enrich/geo.h"
#include "kenchi/pipeline/stats.h"
#include "kenchi/report/labels.h"
#include "kenchi/report/mail.h"
#include "kenchi/report/output.h"
#include "kenchi/report/pdf.h"
#include "kenchi/report/render.h"
#include "kenchi/report/report.h"
#include "kenchi/clock.h"

namespace kenchi::cli {
namespace {

struct ReportArgs {
  std::string from, to, period, org, lang = "ja", format, output, geo;
  bool mail = false;
  // SMTP for --mail
  std::string smtp_url, mail_from, mail_from_name = "kenchi", starttls = "require", smtp_user,
      smtp_password_env, auth;
  bool insecure = false;
  int smtp_timeout_ms = 30000;
};

// The format from --format, else from the output file's extension, else HTML.
std::string ChooseFormat(const ReportArgs& a) {
  if (!a.format.empty()) return a.format == "markdown" ? "md" : a.format;
  const size_t dot = a.output.rfind('.');
  if (dot != std::string::npos) {
    const std::string ext = a.output.substr(dot + 1);
    if (ext == "md" || ext == "json" || ext == "pdf" || ext == "html") return ext;
    if (ext == "htm") return "html";
  }
  return "html";
}

report::ReportDatasets Datasets(const ReportArgs& a, const Context& ctx) {
  report::ReportDatasets d;
  d.geo_path = a.geo.empty() ? enrich::DefaultGeoDatasetPath() : a.geo;
  Result<std::unique_ptr<enrich::GeoDatabase>> geo = enrich::GeoDatabase::Open(d.geo_path);
  if (geo.ok()) {
    d.geo = (*geo)->info();
  } else {
    // Not fatal: the report says the hosts could not be located.
    ctx.Detail("no IP dataset for the method section: " + geo.status().message());
  }
  return d;
}

int RunMail(const ReportArgs& a, const report::Period& period, Store& store, const std::string& data_dir,
            const Context& ctx) {
  report::DeliveryOptions o;
  o.smtp.smtp_url = a.smtp_url;
  if (o.smtp.smtp_url.empty()) {
    if (const char* env = std::getenv("KENCHI_SMTP_URL")) o.smtp.smtp_url = env;
  }
  if (o.smtp.smtp_url.rfind("smtp://", 0) != 0 && o.smtp.smtp_url.rfind("smtps://", 0) != 0) {
    ctx.Error("--mail needs --smtp smtp://host[:port] or smtps://host[:port] (or $KENCHI_SMTP_URL)");
    return kExitBadInput;
  }
  if (!alert::IsPlausibleAddress(a.mail_from)) {
    ctx.Error(fmt::format("--mail-from: \"{}\" is not an email address", a.mail_from));
    return kExitBadInput;
  }
  o.smtp.from = a.mail_from;
  o.smtp.from_name = a.mail_from_name;
  o.smtp.starttls = a.starttls == "no" ? alert::StartTls::kNo
                    : a.starttls == "try" ? alert::StartTls::kTry
                                          : alert::StartTls::kRequire;
  o.smtp.verify_tls = !a.insecure;
  o.smtp.username = a.smtp_user;
  o.smtp.auth = a.auth;
  o.smtp.timeout_ms = a.smtp_timeout_ms;
  if (!a.smtp_password_env.empty()) {
    // The password never appears on the command line (ps would show it).
    const char* pw = std::getenv(a.smtp_password_env.c_str());
    if (pw == nullptr) {
      ctx.Error(fmt::format("--smtp-password-env: ${} is not set", a.smtp_password_env));
      return kExitBadInput;
    }
    o.smtp.password = pw;
  }
  o.period = period;
  o.today = pipeline::TodayUtc();
  o.generated_at = NowIsoUtc();
  o.datasets = Datasets(a, ctx);
  o.data_dir = data_dir;
  Result<std::vector<report::DeliveryOutcome>> outcomes = report::DeliverReports(store, o);
  if (!outcomes.ok()) {
    ctx.Error(outcomes.status().message());
    return ExitCodeFor(outcomes.status()) == kExitBadInput ? kExitBadInput : kExitFailure;
  }
  int sent = 0, skipped = 0, failed = 0;
  nlohmann::json items = nlohmann::json::array();
  for (const report::DeliveryOutcome& d : *outcomes) {
    const char* what = d.result == report::DeliveryOutcome::Result::kSent          ? "sent"
                       : d.result == report::DeliveryOutcome::Result::kAlreadySent ? "already_sent"
                                                                                   : "failed";
    (d.result == report::DeliveryOutcome::Result::kSent          ? sent
     : d.result == report::DeliveryOutcome::Result::kAlreadySent ? skipped
                                                                 : failed)++;
    items.push_back({{"subscriber", d.subscriber_id}, {"email", d.email}, {"report", d.report_key},
                     {"result", what}, {"error", d.error}});
    if (!ctx.json) {
      if (d.result == report::DeliveryOutcome::Result::kFailed) {
        ctx.Error(fmt::format("report for {} ({}) not delivered: {}", d.email, d.report_key, d.error));
      } else {
        std::printf("%-13s %s  %s\n", what, d.email.c_str(), d.report_key.c_str());
      }
    }
  }
  if (ctx.json) ctx.PrintJson({{"deliveries", items}, {"sent", sent}, {"already_sent", skipped}, {"failed", failed}});
  ctx.Info(fmt::format("{} sent, {} already sent, {} failed{}", sent, skipped, failed,
                       failed > 0 ? " (they are retried on the next run)" : ""));
  if (outcomes->empty()) ctx.Info("no subscribers: add one with `kenchi subscribers add EMAIL`");
  return failed > 0 ? kExitFailure : kExitOk;
}

int RunReport(const ReportArgs& a, const Context& ctx) {
  Result<report::Period> period = !a.period.empty() ? report::MonthPeriod(a.period)
                                                    : report::RangePeriod(a.from, a.to);
  if (!period.ok()) {
    ctx.Error(period.status().message());
    return kExitBadInput;
  }
  const std::string format = ChooseFormat(a);
  if (!a.mail && format == "pdf" && (a.output.empty() || a.output == "-")) {
    ctx.Error("--format pdf needs an output file: -o FILE.pdf");
    return kExitBadInput;
  }
  const std::string data_dir = report::FindReportData();
  if (data_dir.empty()) {
    ctx.Error("cannot find the report templates (data/report); set KENCHI_REPORT_DATA to that folder");
    return kExitFailure;
  }
  std::unique_ptr<Store> store = ctx.OpenStore(/*create_if_missing=*/false);
  if (!store) return kExitFailure;
  if (a.mail) return RunMail(a, *period, *store, data_dir, ctx);

  report::ReportRequest request;
  request.period = *period;
  request.organization = a.org;
  request.lang = a.lang;
  request.today = pipeline::TodayUtc();
  request.generated_at = NowIsoUtc();
  Result<nlohmann::json> model = report::BuildReportModel(*store, request, Datasets(a, ctx));
  if (!model.ok()) {
    ctx.Error(model.status().message());
    return ExitCodeFor(model.status());
  }
  std::string bytes;
  if (format == "json") {
    bytes = model->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    Result<report::Labels> labels = report::Labels::Load(data_dir, a.lang);
    if (!labels.ok()) {
      ctx.Error(labels.status().message());
      return kExitFailure;
    }
    if (format == "md") {
      bytes = report::RenderMarkdown(*model, *labels);
    } else {
      Result<report::HtmlTemplate> page = report::LoadHtmlTemplate(data_dir);
      if (!page.ok()) {
        ctx.Error(page.status().message());
        return kExitFailure;
      }
      bytes = report::RenderHtml(*model, *labels, *page);
      if (format == "pdf") {
        Result<std::string> pdf = report::HtmlToPdf(bytes);
        if (!pdf.ok()) {
          ctx.Error(pdf.status().message());
          return kExitFailure;  // the engine or the machine failed, not the request
        }
        bytes = std::move(pdf).value();
      }
    }
  }
  if (a.output.empty() || a.output == "-") {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    return kExitOk;
  }
  Status written = report::WriteFileAtomically(a.output, bytes);
  if (!written.ok()) {
    ctx.Error(written.message());
    return kExitFailure;
  }
  if ((*model)["empty"].get<bool>()) ctx.Info("nothing was found for this period; the report says so");
  std::fflush(stdout);
  ctx.Info(fmt::format("{} report ({}, {}..{}{}) written:", format, a.lang, period->from, period->to,
                       a.org.empty() ? "" : ", " + a.org));
  std::printf("%s\n", a.output.c_str());
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "The security report for a period, from the stored data: incidents per month and type,\n"
      "records at risk, compromised hosts by provider and country, the underground market and,\n"
      "with --org, that organisation's own findings. HTML (charts included, no JavaScript),\n"
      "Markdown, JSON (what the others are rendered from) or PDF (headless Chromium).\n"
      "With --mail, sends every subscriber (kenchi subscribers) their report once.\n"
      "See docs/REPORT.md.");
  auto* period = cmd->add_option("--period", args->period, "a calendar month, YYYY-MM");
  auto* from = cmd->add_option("--from", args->from, "first day, YYYY-MM-DD (or YYYY-MM)");
  auto* to = cmd->add_option("--to", args->to, "last day, inclusive, YYYY-MM-DD (or YYYY-MM)");
  period->excludes(from)->excludes(to);
  from->needs(to);
  to->needs(from);
  cmd->add_option("--org", args->org, "add this organisation's findings (a name from `kenchi org list`)");
  cmd->add_option("--lang", args->lang, "language: ja or en")->capture_default_str()->check(CLI::IsMember({"ja", "en"}));
  cmd->add_option("--format", args->format, "html, md, json or pdf (default: from -o's extension, else html)")
      ->check(CLI::IsMember({"html", "md", "markdown", "json", "pdf"}));
  cmd->add_option("-o,--output", args->output, "the file to write (written whole or not at all); - or none: stdout");
  cmd->add_option("--geo", args->geo, "IP dataset named in the method section (default: $KENCHI_GEO or var/geo/ip.kgeo)");
  auto* mail = cmd->add_flag("--mail", args->mail, "send the report to every subscriber instead of writing a file");
  cmd->add_option("--smtp", args->smtp_url, "SMTP server for --mail: smtp://host:port or smtps://host:port ($KENCHI_SMTP_URL)");
  cmd->add_option("--mail-from", args->mail_from, "sender address for --mail");
  cmd->add_option("--mail-from-name", args->mail_from_name, "sender name")->capture_default_str();
  cmd->add_option("--starttls", args->starttls, "for smtp://: no, try or require")
      ->capture_default_str()
      ->check(CLI::IsMember({"no", "try", "require"}));
  cmd->add_option("--smtp-user", args->smtp_user, "SMTP login");
  cmd->add_option("--smtp-password-env", args->smtp_password_env, "environment variable holding the SMTP password");
  cmd->add_option("--auth", args->auth, "SASL mechanism (PLAIN, LOGIN, ...); default: libcurl's choice");
  cmd->add_flag("--insecure", args->insecure, "do not verify the server's TLS certificate");
  cmd->add_option("--smtp-timeout-ms", args->smtp_timeout_ms, "SMTP time limit per message")->capture_default_str();
  // With --mail each subscriber's organisation, language and format decide.
  for (const char* o : {"-o", "--org", "--format", "--lang"}) mail->excludes(cmd->get_option(o));
  cmd->callback([args, &ctx] {
    ctx.run = [args, &ctx] {
      if (args->period.empty() && args->from.empty()) {
        ctx.Error("report: give the period: --period YYYY-MM, or --from DATE --to DATE");
        return static_cast<int>(kExitBadInput);
      }
      return RunReport(*args, ctx);
    };
  });
}

}  // namespace kenchi::cli
