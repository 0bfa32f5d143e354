// Scoring extraction against a gold file (`kenchi eval extraction`).
//
// A gold file is JSON lines, one item per line (blank lines and lines
// starting with '#' are skipped); the format is documented in
// docs/EXTRACTION.md. Each item is a document excerpt and what a careful
// reader extracts from it. Fields are scored as sets of facts per item,
// summed over the file (micro-averaged):
//
//   incident        the is-it-an-incident decision (a positive is "yes")
//   organization    the grouping key of the victim
//   types           each incident type
//   records         each (data type, count, qualifier) triple
//   record_counts   each (data type, count), ignoring the qualifier
//   cause           the cause label
//   origin_country  the ISO alpha-2 code
//   dates           occurred_on / discovered_on, only on items whose gold
//                   states them (a month-only gold date "2024-09" matches
//                   any day of that month)
//
// On an item whose gold says it is not an incident, every fact extracted is
// a false positive.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::extract {

struct GoldRecord {
  DataType data_type = DataType::kOther;
  int64_t count = 0;
  Qualifier qualifier = Qualifier::kExact;
};

struct GoldItem {
  std::string id;
  size_t line = 0;  // 1-based line in the gold file
  Document doc;     // title, text and published_on from the item
  bool incident = false;
  std::string organization;
  std::vector<IncidentType> types;
  std::vector<GoldRecord> records;
  std::string cause;
  std::string origin_country;
  std::string occurred_on;    // YYYY-MM-DD or YYYY-MM; empty when not stated
  std::string discovered_on;
};

// Reads a gold file. A malformed line is an error naming "path:line" and
// what is wrong; nothing is returned then (a half-read gold set would give
// misleading scores).
Result<std::vector<GoldItem>> LoadGold(const std::string& path);

struct FieldScore {
  std::string field;
  int tp = 0;
  int fp = 0;
  int fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / (tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / (tp + fn); }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

// One disagreement: a fact the gold has and the extractor missed
// (`got` empty or different), or a fact extracted that the gold lacks.
struct Miss {
  std::string item_id;
  size_t line = 0;
  std::string field;
  std::string expected;  // empty for a false positive
  std::string got;       // empty for a false negative
};

struct EvalReport {
  size_t items = 0;
  std::vector<FieldScore> fields;  // in the order listed above
  std::vector<Miss> misses;
  const FieldScore* Field(const std::string& name) const;
};

// Runs ExtractIncident on every item and scores it.
EvalReport EvaluateExtraction(const std::vector<GoldItem>& gold);

}  // namespace kenchi::extract
