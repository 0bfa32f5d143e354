// Building the month, type and data-type tables from statistics cells.
#include "kenchi/pipeline/stats.h"

#include <gtest/gtest.h>

namespace kenchi::pipeline {
namespace {

using Dim = IncidentStatsCell::Dimension;

TEST(StatsDates, AcceptsDaysAndMonths) {
  EXPECT_EQ(*ParseStatsDate("2024-05-28", false, "--from"), "2024-05-28");
  EXPECT_EQ(*ParseStatsDate("2024-05", false, "--from"), "2024-05-01");
  EXPECT_EQ(*ParseStatsDate("2024-02", true, "--to"), "2024-02-29");
  EXPECT_EQ(*ParseStatsDate("2023-02", true, "--to"), "2023-02-28");
}

TEST(StatsDates, RejectsWhatIsNotADateNamingTheOption) {
  for (const char* bad : {"2024-13-01", "2024-02-30", "2024/05/01", "May 2024", "", "2024-5-1",
                          "2024-00", "２０２４-05-01"}) {
    Result<std::string> r = ParseStatsDate(bad, false, "--from");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
    EXPECT_NE(r.status().message().find("--from"), std::string::npos) << r.status().message();
  }
}

TEST(StatsBuild, CountsPerMonthTypeAndDataTypeWithPartialMonths) {
  const std::vector<IncidentStatsCell> cells = {
      {"2024-04", Dim::kIncidents, "", "", 2, 0},
      {"2024-04", Dim::kType, "ransomware", "", 1, 0},
      {"2024-04", Dim::kType, "unauthorized_access", "", 2, 0},
      {"2024-04", Dim::kRecords, "personal_info", "exact", 1, 1000},
      {"2024-04", Dim::kRecords, "personal_info", "approx", 1, 31000},
      {"2024-06", Dim::kIncidents, "", "", 1, 0},
      {"2024-06", Dim::kRecords, "credit_card", "upper_bound", 1, 5892},
      {"2023-01", Dim::kIncidents, "", "", 9, 0},  // outside: ignored
  };
  auto stats = BuildIncidentStats(cells, "2024-04-01", "2024-06-15", "2026-01-01");
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->incidents, 3);
  ASSERT_EQ(stats->months.size(), 3u);
  EXPECT_EQ(stats->months[0].month, "2024-04");
  EXPECT_FALSE(stats->months[0].partial);
  EXPECT_EQ(stats->months[1].incidents, 0);  // a month with nothing is a zero row
  EXPECT_FALSE(stats->months[1].partial);
  EXPECT_TRUE(stats->months[2].partial);  // ends on the 15th
  EXPECT_EQ(stats->months[2].to, "2024-06-15");
  EXPECT_EQ(stats->months[0].types[static_cast<size_t>(IncidentType::kRansomware)], 1);
  EXPECT_EQ(stats->types[static_cast<size_t>(IncidentType::kUnauthorizedAccess)], 2);
  const auto& personal = stats->records[static_cast<size_t>(DataType::kPersonalInfo)];
  EXPECT_EQ(personal[static_cast<size_t>(Qualifier::kExact)].records, 1000);
  EXPECT_EQ(personal[static_cast<size_t>(Qualifier::kApprox)].records, 31000);
  EXPECT_EQ(stats->months[0].records_at_risk[static_cast<size_t>(DataType::kPersonalInfo)], 32000);

  const nlohmann::json j = IncidentStatsToJson(*stats);
  EXPECT_EQ(j["incidents"], 3);
  EXPECT_EQ(j["months"][2]["partial"], true);
  EXPECT_EQ(j["months"][1]["types"].size(), kIncidentTypeCount);
  EXPECT_EQ(j["types"].size(), kIncidentTypeCount);
  ASSERT_EQ(j["records_at_risk"].size(), kDataTypeCount);
  EXPECT_EQ(j["records_at_risk"][0]["data_type"], "personal_info");
  EXPECT_EQ(j["records_at_risk"][0]["total"], 32000);
  EXPECT_EQ(j["records_at_risk"][0]["by_qualifier"]["approx"]["records"], 31000);
  EXPECT_EQ(j["records_at_risk"][1]["by_qualifier"]["upper_bound"]["figures"], 1);
}

TEST(StatsBuild, StartCutAndRunningMonthsArePartial) {
  auto stats = BuildIncidentStats({}, "2024-04-02", "2024-06-30", "2024-06-20");
  ASSERT_TRUE(stats.ok());
  EXPECT_TRUE(stats->months[0].partial);   // starts on the 2nd
  EXPECT_FALSE(stats->months[1].partial);
  EXPECT_TRUE(stats->months[2].partial);   // not over on 2024-06-20
}

TEST(StatsBuild, EmptyRangeIsZerosNotAnError) {
  auto stats = BuildIncidentStats({}, "2030-01-01", "2030-03-31", "2026-01-01");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->incidents, 0);
  EXPECT_EQ(stats->months.size(), 3u);
  const nlohmann::json j = IncidentStatsToJson(*stats);
  for (const auto& m : j["months"]) EXPECT_EQ(m["incidents"], 0);
  for (const auto& r : j["records_at_risk"]) EXPECT_EQ(r["total"], 0);
}

TEST(StatsBuild, RejectsReversedAndHugeRanges) {
  auto reversed = BuildIncidentStats({}, "2024-06-01", "2024-05-01", "2026-01-01");
  ASSERT_FALSE(reversed.ok());
  EXPECT_NE(reversed.status().message().find("after"), std::string::npos);
  auto huge = BuildIncidentStats({}, "1024-01-01", "2024-01-31", "2026-01-01");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("months"), std::string::npos);
}

}  // namespace
}  // namespace kenchi::pipeline
