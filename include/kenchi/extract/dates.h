// Dates in notices and news: absolute, relative to the publication date,
// and what they are the date of.
//
// Forms read (over NFKC text): 2024年5月28日, 2024/5/28, 2024-05-28,
// 令和6年5月28日 (令和元年, 平成), 12月7日 (the year from the last year named
// before it, else the publication year, stepping back a year when that would
// put it after publication), 同月15日 / 同日 (the previous date's month),
// 先月28日, 今年9月 / 本年9月 / 昨年9月, 2024年9月 (month only), and English
// "November 4, 2024" / "4 November 2024".
//
// Month-only dates keep month precision in `month_only`; as YYYY-MM-DD
// strings (the store's format) they are written as the first of the month.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kenchi::extract {

struct DateMention {
  size_t begin = 0;  // byte span in the searched text
  size_t end = 0;
  int year = 0;
  int month = 0;
  int day = 0;  // 0 when only the month is stated
  bool month_only() const { return day == 0; }
  std::string Iso() const;  // YYYY-MM-DD (day 01 for month-only dates)
};

// Every date in `s`, in text order. `published_on` (YYYY-MM-DD or empty)
// anchors relative forms; without it they are skipped.
std::vector<DateMention> FindDateMentions(std::string_view s, std::string_view published_on);

struct EventDates {
  std::optional<DateMention> occurred;    // when it happened (the start of a period)
  std::optional<DateMention> discovered;  // when the victim found out
};

// Classifies each date by the first event word that follows it in its
// sentence (判明/発覚/検知/確認… = discovered; 発生/改ざん/紛失/侵入/送信… =
// occurred; 公表/発表/お知らせ… = neither), in English also by the words just
// before it; the first date of each kind wins.
EventDates FindEventDates(std::string_view s, std::string_view published_on);

}  // namespace kenchi::extract
