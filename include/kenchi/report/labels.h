// The words of the report, kept out of the code: every heading, sentence
// and name the renderers print comes from data/report/labels.<lang>.json,
// so wording can be edited and translated without a rebuild. Both
// languages hold the same keys (a test keeps them in step).
//
// A label may hold placeholders, "{name}", filled by Format(). Enum names
// are labelled under a prefix: "type.<incident type>", "data_type.<...>",
// "offering.<...>", "severity.<...>", "price_basis.<...>", "action.<...>",
// "month.<1-12>".
//
// Where the files are: FindReportData() looks, in order, at
// $KENCHI_REPORT_DATA, data/report under the working directory, and
// data/report of the source tree the binary was built in (build/kenchi ->
// ../data/report), the way `kenchi geo update` finds data/providers.tsv.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kenchi/status.h"

namespace kenchi::report {

class Labels {
 public:
  // Reads `dir`/labels.<lang>.json: a flat JSON object of strings.
  // kNotFound naming the file when it is missing, kInvalidInput naming it
  // when it is not such an object.
  static Result<Labels> Load(const std::string& dir, const std::string& lang);

  const std::string& lang() const { return lang_; }
  // The label, or "[key]" when the file lacks it: visible in the output
  // rather than silently blank.
  std::string Get(std::string_view key) const;
  // The label with each "{name}" replaced by its value.
  std::string Format(std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& values) const;
  const std::map<std::string, std::string, std::less<>>& all() const { return labels_; }

  // Numbers as this language writes them. Japanese groups large counts by
  // 万 and 億 the way Japanese readers expect (28,060,000 -> "2,806万",
  // 12,034,567 -> "1,203万4,567"); English uses plain digits with commas.
  std::string Number(int64_t n) const;
  // A count of records with its unit: "2,806万件" / "28,060,000 records".
  std::string Records(int64_t n) const;
  // A record count with its qualifier (exact, approx, upper_bound, lower_bound).
  std::string QualifiedRecords(int64_t n, std::string_view qualifier) const;
  // A share as a percentage with one decimal: "25.0%".
  static std::string Percent(double share);
  // "2020年11月" / "Nov 2020" for "2020-11".
  std::string Month(std::string_view yyyy_mm) const;
  // "2020年12月9日" / "9 Dec 2020" for "2020-12-09".
  std::string Date(std::string_view yyyy_mm_dd) const;

 private:
  std::string lang_;
  std::map<std::string, std::string, std::less<>> labels_;
};

// 12,345,678 -> "12,345,678" (no unit, any language).
std::string WithCommas(int64_t n);

// The directory holding labels.*.json, report.html and report.css; "" when
// none was found.
std::string FindReportData();

// Reads a file of the report data directory (the HTML skeleton, the CSS).
// kNotFound naming the file.
Result<std::string> ReadReportFile(const std::string& dir, const std::string& name);

}  // namespace kenchi::report
