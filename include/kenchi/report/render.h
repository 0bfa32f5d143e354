// Rendering the report model (kenchi/report/report.h) for people.
//
// Both renderers read only the model JSON and the labels: everything they
// print is either a figure from the model or a label from
// data/report/labels.<lang>.json. The HTML is one self-contained file:
// the skeleton data/report/report.html with the stylesheet
// data/report/report.css inlined and the charts as inline SVG, so it opens
// offline, prints (print CSS, A4), mails, and needs no JavaScript.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kenchi/report/labels.h"
#include "kenchi/status.h"

namespace kenchi::report {

// The files the HTML is made from.
struct HtmlTemplate {
  // The page with the placeholders {{lang}}, {{title}}, {{version}},
  // {{style}} and {{body}}.
  std::string skeleton;
  std::string css;
};

// Reads report.html and report.css from the report data directory.
// kNotFound naming the missing file; kInvalidInput when the skeleton lacks
// the {{body}} or {{style}} placeholder.
Result<HtmlTemplate> LoadHtmlTemplate(const std::string& dir);

// The report as one HTML document (UTF-8).
std::string RenderHtml(const nlohmann::json& model, const Labels& labels, const HtmlTemplate& page);

// The report as Markdown (GitHub-flavoured tables), the same sections and
// figures without the charts. It is also the plain-text part of the mail.
std::string RenderMarkdown(const nlohmann::json& model, const Labels& labels);

// The report's title ("セキュリティレポート" / "Security report for X") and its
// period as words ("2020年11月", "1 Sep 2020 to 9 Dec 2020").
std::string ReportTitle(const nlohmann::json& model, const Labels& labels);
std::string PeriodText(const nlohmann::json& model, const Labels& labels);

}  // namespace kenchi::report
