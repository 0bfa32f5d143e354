// Report periods: a calendar month or a range of days, and the period
// before it that the headline compares with.
#include <chrono>

#include <fmt/format.h>

#include "kenchi/pipeline/stats.h"
#include "kenchi/report/report.h"

namespace kenchi::report {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

year_month_day ToYmd(const std::string& s) {
  // Only called on dates ParseStatsDate has validated.
  return year_month_day{std::chrono::year{std::stoi(s.substr(0, 4))},
                        std::chrono::month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                        std::chrono::day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
}

std::string Ymd(year_month_day d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

}  // namespace

Result<Period> MonthPeriod(std::string_view month) {
  if (month.size() != 7) {
    return Status::InvalidInput(
        fmt::format("--period: \"{}\" is not a month (expected YYYY-MM, e.g. 2020-11)", month));
  }
  Result<std::string> from = pipeline::ParseStatsDate(month, false, "--period");
  if (!from.ok()) return from.status();
  Result<std::string> to = pipeline::ParseStatsDate(month, true, "--period");
  if (!to.ok()) return to.status();
  return Period{*from, *to, std::string(month)};
}

Result<Period> RangePeriod(std::string_view from, std::string_view to) {
  Result<std::string> f = pipeline::ParseStatsDate(from, false, "--from");
  if (!f.ok()) return f.status();
  Result<std::string> t = pipeline::ParseStatsDate(to, true, "--to");
  if (!t.ok()) return t.status();
  if (*t < *f) {
    return Status::InvalidInput(fmt::format("the period is empty: --from {} is after --to {}", *f, *t));
  }
  Period p{*f, *t, ""};
  // A range that is exactly one calendar month is that month.
  if (p.from.substr(0, 7) == p.to.substr(0, 7) && p.from.substr(8) == "01") {
    Result<Period> month = MonthPeriod(p.from.substr(0, 7));
    if (month.ok() && month->to == p.to) p.month = month->month;
  }
  return p;
}

int64_t DaysIn(const Period& period) {
  return (sys_days{ToYmd(period.to)} - sys_days{ToYmd(period.from)}).count() + 1;
}

Period PreviousPeriod(const Period& period) {
  const sys_days first{ToYmd(period.from)};
  if (!period.month.empty()) {
    const year_month_day before{first - days{1}};
    const year_month_day start{before.year() / before.month() / std::chrono::day{1}};
    return Period{Ymd(start), Ymd(before), Ymd(start).substr(0, 7)};
  }
  const sys_days last{ToYmd(period.to)};
  const days length = last - first + days{1};
  return Period{Ymd(year_month_day{first - length}), Ymd(year_month_day{first - days{1}}), ""};
}

}  // namespace kenchi::report
