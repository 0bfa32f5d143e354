// The report by email: one message per subscriber, never the same report
// twice, failures retried on the next run.
#include "kenchi/report/mail.h"

#include <ctime>
#include <map>

#include <fmt/format.h>

#include "kenchi/report/pdf.h"
#include "kenchi/report/render.h"
#include "kenchi/clock.h"

namespace kenchi::report {
namespace {

// One rendered report, shared by every subscriber who gets the same one.
struct Rendered {
  nlohmann::json model;
  Labels labels;
  std::string markdown, html;
  std::string pdf;        // rendered on first need
  Status pdf_status;      // why there is no PDF, once tried
  bool pdf_tried = false;
};

}  // namespace

std::string ReportKey(const Period& period, const std::string& organization, const std::string& lang) {
  return fmt::format("{}..{}|{}|{}", period.from, period.to, organization.empty() ? "-" : organization, lang);
}

alert::MailMessage BuildReportMail(const nlohmann::json& model, const Labels& labels,
                                   const std::string& markdown, const std::string& html,
                                   const std::string& pdf, const std::string& to) {
  alert::MailMessage m;
  m.to = {to};
  const std::string period = PeriodText(model, labels);
  m.subject = labels.Format("mail.subject", {{"title", ReportTitle(model, labels)}, {"period", period}});
  m.text = labels.Format("mail.intro", {{"period", period}}) + "\n";
  if (!pdf.empty()) m.text += labels.Get("mail.pdf") + "\n";
  m.text += "\n" + markdown + "\n-- \n" + labels.Get("mail.signature") + "\n";
  m.html = html;
  if (!pdf.empty()) {
    const std::string month = model["period"]["month"].is_string() ? model["period"]["month"].get<std::string>()
                                                                   : model["period"]["from"].get<std::string>() + "_" +
                                                                         model["period"]["to"].get<std::string>();
    m.attachments.push_back({"application/pdf", fmt::format("kenchi-report-{}-{}.pdf", month, labels.lang()), pdf});
  }
  return m;
}

Result<std::vector<DeliveryOutcome>> DeliverReports(Store& store, const DeliveryOptions& o) {
  Result<std::vector<Subscriber>> subscribers = store.ListSubscribers();
  if (!subscribers.ok()) return subscribers.status();
  Result<HtmlTemplate> page = LoadHtmlTemplate(o.data_dir);
  if (!page.ok()) return page.status();

  std::map<std::pair<std::string, std::string>, Rendered> cache;  // (organisation, lang)
  std::vector<DeliveryOutcome> outcomes;
  for (const Subscriber& s : *subscribers) {
    DeliveryOutcome out;
    out.subscriber_id = s.id;
    out.email = s.email;
    out.report_key = ReportKey(o.period, s.organization_name, s.lang);
    Result<std::optional<ReportDelivery>> before = store.GetReportDelivery(s.id, out.report_key);
    if (!before.ok()) return before.status();
    if (*before && (*before)->delivered) {
      out.result = DeliveryOutcome::Result::kAlreadySent;
      outcomes.push_back(std::move(out));
      continue;
    }
    const auto key = std::make_pair(s.organization_name, s.lang);
    auto it = cache.find(key);
    if (it == cache.end()) {
      ReportRequest request;
      request.period = o.period;
      request.organization = s.organization_name;
      request.lang = s.lang;
      request.today = o.today;
      request.generated_at = o.generated_at;
      Result<nlohmann::json> model = BuildReportModel(store, request, o.datasets);
      if (!model.ok()) return model.status();
      Result<Labels> labels = Labels::Load(o.data_dir, s.lang);
      if (!labels.ok()) return labels.status();
      Rendered r{std::move(model).value(), std::move(labels).value(), "", "", "", Status::Ok(), false};
      r.markdown = RenderMarkdown(r.model, r.labels);
      r.html = RenderHtml(r.model, r.labels, *page);
      it = cache.emplace(key, std::move(r)).first;
    }
    Rendered& r = it->second;
    Status sent = Status::Ok();
    if (s.attach_pdf && !r.pdf_tried) {
      r.pdf_tried = true;
      Result<std::string> pdf = HtmlToPdf(r.html);
      if (pdf.ok()) r.pdf = std::move(pdf).value();
      else r.pdf_status = pdf.status();
    }
    if (s.attach_pdf && r.pdf.empty()) {
      // Without its PDF the subscriber would get less than asked for:
      // a failure, retried next run (when the engine may be installed).
      sent = r.pdf_status;
    } else {
      alert::MailMessage message =
          BuildReportMail(r.model, r.labels, r.markdown, r.html, s.attach_pdf ? r.pdf : "", s.email);
      message.from_name = o.smtp.from_name;
      message.from_address = o.smtp.from;
      sent = alert::SendMail(o.smtp, message);
    }
    ReportDelivery record;
    record.subscriber_id = s.id;
    record.report_key = out.report_key;
    record.delivered = sent.ok();
    record.last_error = sent.ok() ? "" : sent.message();
    record.last_attempt_at = NowIsoUtc();
    record.delivered_at = sent.ok() ? record.last_attempt_at : "";
    KENCHI_RETURN_IF_ERROR(store.RecordReportDelivery(record));
    out.result = sent.ok() ? DeliveryOutcome::Result::kSent : DeliveryOutcome::Result::kFailed;
    out.error = record.last_error;
    outcomes.push_back(std::move(out));
  }
  return outcomes;
}

}  // namespace kenchi::report
