#include "kenchi/extract/dates.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kenchi::extract {
namespace {

std::vector<std::string> Isos(const std::string& text, const std::string& published = "2024-06-10") {
  std::vector<std::string> out;
  for (const DateMention& d : FindDateMentions(text, published)) out.push_back(d.Iso());
  return out;
}

TEST(DateMentions, AbsoluteForms) {
  EXPECT_EQ(Isos("2020年12月7日に発生"), std::vector<std::string>{"2020-12-07"});
  EXPECT_EQ(Isos("令和6年5月28日"), std::vector<std::string>{"2024-05-28"});
  EXPECT_EQ(Isos("令和元年5月1日"), std::vector<std::string>{"2019-05-01"});
  EXPECT_EQ(Isos("平成31年4月1日"), std::vector<std::string>{"2019-04-01"});
  EXPECT_EQ(Isos("2024/5/28 と 2024-05-29"), (std::vector<std::string>{"2024-05-28", "2024-05-29"}));
  EXPECT_EQ(Isos("On November 4, 2024 we discovered"), std::vector<std::string>{"2024-11-04"});
  EXPECT_EQ(Isos("on 3 August 2024"), std::vector<std::string>{"2024-08-03"});
}

TEST(DateMentions, YearFromContext) {
  // The year of the last stated date carries over.
  EXPECT_EQ(Isos("2020年11月30日に公表し、12月7日に判明した"),
            (std::vector<std::string>{"2020-11-30", "2020-12-07"}));
  // Without one, the publication year; a day after publication is last year.
  EXPECT_EQ(Isos("5月20日に判明", "2024-06-10"), std::vector<std::string>{"2024-05-20"});
  EXPECT_EQ(Isos("12月7日に判明", "2024-06-10"), std::vector<std::string>{"2023-12-07"});
}

TEST(DateMentions, RelativeForms) {
  EXPECT_EQ(Isos("先月28日に公表", "2024-07-05"), std::vector<std::string>{"2024-06-28"});
  EXPECT_EQ(Isos("先月28日", "2024-01-05"), std::vector<std::string>{"2023-12-28"});
  EXPECT_EQ(Isos("2024年9月12日に調査を開始し、同月15日に確認"),
            (std::vector<std::string>{"2024-09-12", "2024-09-15"}));
  const auto month = FindDateMentions("今年9月、侵入された", "2024-11-05");
  ASSERT_EQ(month.size(), 1u);
  EXPECT_TRUE(month[0].month_only());
  EXPECT_EQ(month[0].Iso(), "2024-09-01");
  EXPECT_EQ(Isos("昨年9月", "2024-11-05"), std::vector<std::string>{"2023-09-01"});
  // Relative forms need an anchor.
  EXPECT_TRUE(Isos("先月28日", "").empty());
}

TEST(DateMentions, NotDates) {
  EXPECT_TRUE(Isos("2024年2月30日").empty());
  EXPECT_TRUE(Isos("13,434 件").empty());
  EXPECT_TRUE(Isos("12345 と 1234567").empty());
  EXPECT_TRUE(Isos("9月").empty());  // a bare month is too vague
  EXPECT_TRUE(Isos("May be affected").empty());
}

TEST(DateEvents, DiscoveredOccurredAndNeither) {
  const std::string t =
      "2024年2月9日に公表した件について。2024年9月12日に外部からの指摘を受けて調査を開始し、"
      "同月15日に不正アクセスの事実を確認しました。";
  const EventDates ev = FindEventDates(t, "2024-09-20");
  ASSERT_TRUE(ev.discovered);
  EXPECT_EQ(ev.discovered->Iso(), "2024-09-15");
  EXPECT_FALSE(ev.occurred);

  const EventDates lost = FindEventDates("当社社員が、2024年10月2日、電車内でノートパソコンを紛失しました。", "");
  ASSERT_TRUE(lost.occurred);
  EXPECT_EQ(lost.occurred->Iso(), "2024-10-02");

  const EventDates period =
      FindEventDates("閲覧可能となっていた期間は令和6年8月1日から同月9日までです。", "2024-08-16");
  ASSERT_TRUE(period.occurred);
  EXPECT_EQ(period.occurred->Iso(), "2024-08-01");

  const EventDates en = FindEventDates("The laptop was stolen from a vehicle on August 3, 2024.", "");
  ASSERT_TRUE(en.occurred);
  EXPECT_EQ(en.occurred->Iso(), "2024-08-03");
}

}  // namespace
}  // namespace kenchi::extract
