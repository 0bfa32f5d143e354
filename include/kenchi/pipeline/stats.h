// Incident statistics: how many incidents were disclosed per calendar
// month, of which types, and how many records were put at risk per data
// type and qualifier, over a date range. `kenchi stats` prints them and
// the monthly report draws on IncidentStatsToJson().
//
// Counting rules:
//   - an incident counts in the month of its disclosure date
//     (Incident::published_on: the first report's, after merging);
//     undated incidents are not counted;
//   - an incident with several types counts once under each type, so the
//     per-type numbers add up to more than the incidents;
//   - records at risk are the incidents' current figures (after merging,
//     see kenchi/pipeline/merge.h) summed per data type, kept apart per
//     qualifier: "exact", "approx" (約), "upper_bound" (最大) and
//     "lower_bound" (以上). Their total mixes them and is an estimate;
//   - a month only partly inside the range, or not over yet on `today`,
//     is flagged partial: its numbers are not comparable with full months.
//
// JSON (IncidentStatsToJson), every key always present, zeros included:
// {
//   "from": "2024-01-01", "to": "2024-06-15",      // the range, inclusive
//   "incidents": 42,                                // in the range
//   "months": [ { "month": "2024-06", "from": "2024-06-01", "to": "2024-06-15",
//                 "partial": true, "incidents": 3,
//                 "types": {"unauthorized_access": 2, ... every type},
//                 "records_at_risk": {"personal_info": 18746, ... every data type} }, ... ],
//   "types": [ {"type": "unauthorized_access", "incidents": 30}, ... every type ],
//   "records_at_risk": [ {"data_type": "personal_info", "total": 123456, "figures": 20,
//                         "by_qualifier": {"exact": {"records": 100000, "figures": 12},
//                                          "approx": {...}, "upper_bound": {...},
//                                          "lower_bound": {...}}}, ... every data type ]
// }
// "figures" is how many incident figures were summed (as a rule one per
// incident and data type).
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::pipeline {

inline constexpr size_t kIncidentTypeCount = static_cast<size_t>(IncidentType::kOther) + 1;
inline constexpr size_t kDataTypeCount = static_cast<size_t>(DataType::kOther) + 1;
inline constexpr size_t kQualifierCount = static_cast<size_t>(Qualifier::kLowerBound) + 1;

// The longest range accepted, in months (a typo such as 1024-01 for
// 2024-01 should fail loudly rather than print a thousand years of zeros).
inline constexpr int kMaxStatsMonths = 1200;

struct FigureSum {
  int64_t records = 0;  // sum of the counts
  int64_t figures = 0;  // how many counts were summed
};

struct MonthStats {
  std::string month;  // YYYY-MM
  std::string from;   // the part of the month inside the range, YYYY-MM-DD
  std::string to;
  bool partial = false;
  int64_t incidents = 0;
  std::array<int64_t, kIncidentTypeCount> types{};       // by IncidentType
  std::array<int64_t, kDataTypeCount> records_at_risk{};  // by DataType, all qualifiers
};

struct IncidentStats {
  std::string from;  // YYYY-MM-DD, inclusive
  std::string to;
  int64_t incidents = 0;
  std::vector<MonthStats> months;  // every month of the range, oldest first
  std::array<int64_t, kIncidentTypeCount> types{};
  // [data type][qualifier]
  std::array<std::array<FigureSum, kQualifierCount>, kDataTypeCount> records{};
};

// A --from / --to value: YYYY-MM-DD, or YYYY-MM meaning the month's first
// day (`end_of_period` false) or last day (true). kInvalidInput naming
// `option` and the value otherwise.
Result<std::string> ParseStatsDate(std::string_view value, bool end_of_period,
                                   std::string_view option);

// Builds the statistics of [from, to] from the store's cells; `today`
// (YYYY-MM-DD) decides which months are not over yet. kInvalidInput when
// from > to or the range is longer than kMaxStatsMonths.
Result<IncidentStats> BuildIncidentStats(std::span<const IncidentStatsCell> cells,
                                         const std::string& from, const std::string& to,
                                         const std::string& today);

// Reads the cells for [from, to] from `store` and builds the statistics.
Result<IncidentStats> ComputeIncidentStats(Store& store, const std::string& from,
                                           const std::string& to, const std::string& today);

nlohmann::json IncidentStatsToJson(const IncidentStats& stats);

// Today's date (UTC), YYYY-MM-DD.
std::string TodayUtc();

}  // namespace kenchi::pipeline
