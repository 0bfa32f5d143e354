#include <gtest/gtest.h>

#include "parse/internal.h"

namespace kenchi::parse::internal {
namespace {

TEST(ParseDateTest, AcceptsDatesAtTheStart) {
  EXPECT_EQ(NormalizeDate("2024-03-15"), "2024-03-15");
  EXPECT_EQ(NormalizeDate("2024-03-15T10:00:00+09:00"), "2024-03-15");
  EXPECT_EQ(NormalizeDate("  2024/3/5 12:00"), "2024-03-05");
  EXPECT_EQ(NormalizeDate("2024.03.15"), "2024-03-15");
  EXPECT_EQ(NormalizeDate("20240315"), "2024-03-15");
  EXPECT_EQ(NormalizeDate("2024年3月15日"), "2024-03-15");
  EXPECT_EQ(NormalizeDate("2024年 3月 5日（金）"), "2024-03-05");
  EXPECT_EQ(NormalizeDate("２０２４年３月１５日"), "2024-03-15");
  EXPECT_EQ(NormalizeDate("２０２４／０３／１５"), "2024-03-15");
  EXPECT_EQ(NormalizeDate("2024-02-29"), "2024-02-29");  // leap year
}

TEST(ParseDateTest, RejectsWhatIsNotADate) {
  EXPECT_EQ(NormalizeDate(""), "");
  EXPECT_EQ(NormalizeDate("令和6年3月15日"), "");  // era years are the extractor's job
  EXPECT_EQ(NormalizeDate("1710460800"), "");      // epoch: unit unknown
  EXPECT_EQ(NormalizeDate("2023-02-29"), "");
  EXPECT_EQ(NormalizeDate("2024-13-01"), "");
  EXPECT_EQ(NormalizeDate("2024-00-10"), "");
  EXPECT_EQ(NormalizeDate("0000-00-00"), "");
  EXPECT_EQ(NormalizeDate("2024-03-151"), "");
  EXPECT_EQ(NormalizeDate("2024-03/15"), "");
  EXPECT_EQ(NormalizeDate("2024年3月"), "");
  EXPECT_EQ(NormalizeDate("昨日"), "");
  EXPECT_EQ(NormalizeDate("March 15, 2024"), "");
}

}  // namespace
}  // namespace kenchi::parse::internal
