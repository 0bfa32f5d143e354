// Sending the report by email to its subscribers (kenchi subscribers,
// kenchi report --mail).
//
// Each subscriber gets the report for the period in their language, with
// their organisation's section when they have one, as one message:
// multipart/alternative with the Markdown as the text part and the HTML
// as the preferred part (charts included, since they are inline SVG), and
// the PDF attached when the subscriber asked for it. Headers are RFC 2047
// UTF-8, bodies base64, via kenchi/alert/mime.h; SMTP (STARTTLS, AUTH) via
// libcurl, the same code path as alert emails (alert::SendMail).
//
// Once only: a report is identified by ReportKey (period, organisation,
// language). A delivered (subscriber, key) is never sent again; a failed
// one is recorded with its error and sent on the next run.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kenchi/alert/email_sink.h"
#include "kenchi/alert/mime.h"
#include "kenchi/report/labels.h"
#include "kenchi/report/report.h"
#include "kenchi/store.h"

namespace kenchi::report {

// "2020-11-01..2020-11-30|kakuu-mart|ja" ("-" for no organisation).
std::string ReportKey(const Period& period, const std::string& organization, const std::string& lang);

// The message for one recipient: subject "[kenchi] <title> (<period>)",
// text = the Markdown, html = the HTML, the PDF attached when not empty.
// The sender (from_name, from_address) is left for the caller to set.
alert::MailMessage BuildReportMail(const nlohmann::json& model, const Labels& labels,
                                   const std::string& markdown, const std::string& html,
                                   const std::string& pdf, const std::string& to);

struct DeliveryOptions {
  // Server, sender, STARTTLS policy, login and timeout. `to` is not used:
  // each subscriber is a message of its own.
  alert::EmailOptions smtp;
  Period period;
  std::string today;         // YYYY-MM-DD
  std::string generated_at;  // ISO 8601 UTC
  ReportDatasets datasets;
  std::string data_dir;      // labels and templates (FindReportData())
};

struct DeliveryOutcome {
  int64_t subscriber_id = 0;
  std::string email;
  std::string report_key;
  enum class Result { kSent, kAlreadySent, kFailed } result = Result::kFailed;
  std::string error;  // kFailed: why (SMTP refusal, missing PDF engine, ...)
};

// Sends the period's report to every subscriber that has not received it.
// One outcome per subscriber, in subscriber order; a failed subscriber
// does not stop the others. Fails as a whole only when the store does
// (or the labels/templates cannot be read), after recording what was sent.
Result<std::vector<DeliveryOutcome>> DeliverReports(Store& store, const DeliveryOptions& options);

}  // namespace kenchi::report
