// Turning the store's statistics cells into the month, type and data-type
// tables of kenchi/pipeline/stats.h.
#include "kenchi/pipeline/stats.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace kenchi::pipeline {
namespace {

using namespace std::chrono;

std::optional<year_month_day> ParseYmd(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t i = starts[f]; i < starts[f] + lens[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v[f] = v[f] * 10 + (s[i] - '0');
    }
  }
  const year_month_day d{year{v[0]}, month{static_cast<unsigned>(v[1])},
                         day{static_cast<unsigned>(v[2])}};
  if (!d.ok()) return std::nullopt;
  return d;
}

std::string Ymd(year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

std::string Ym(year_month ym) {
  return fmt::format("{:04}-{:02}", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
}

}  // namespace

Result<std::string> ParseStatsDate(std::string_view value, bool end_of_period,
                                   std::string_view option) {
  auto bad = [&] {
    return Status::InvalidInput(fmt::format(
        "{}: \"{}\" is not a date (expected YYYY-MM-DD or YYYY-MM, e.g. 2024-05-28 or 2024-05)",
        option, value));
  };
  if (value.size() == 7) {
    std::optional<year_month_day> d = ParseYmd(std::string(value) + "-01");
    if (!d) return bad();
    if (!end_of_period) return Ymd(*d);
    return Ymd(year_month_day{d->year() / d->month() / last});
  }
  std::optional<year_month_day> d = ParseYmd(value);
  if (!d) return bad();
  return Ymd(*d);
}

Result<IncidentStats> BuildIncidentStats(std::span<const IncidentStatsCell> cells,
                                         const std::string& from, const std::string& to,
                                         const std::string& today) {
  const std::optional<year_month_day> first = ParseYmd(from), end = ParseYmd(to);
  const std::optional<year_month_day> now = ParseYmd(today);
  if (!first || !end || !now) {
    return Status::InvalidInput(
        fmt::format("statistics range {}..{} (today {}): dates must be YYYY-MM-DD", from, to,
                    today));
  }
  if (*end < *first) {
    return Status::InvalidInput(
        fmt::format("the range is empty: --from {} is after --to {}", from, to));
  }
  const year_month first_month{first->year(), first->month()};
  const year_month last_month{end->year(), end->month()};
  const int span = (last_month - first_month).count() + 1;
  if (span > kMaxStatsMonths) {
    return Status::InvalidInput(fmt::format(
        "the range {}..{} spans {} months; at most {} are counted at once", from, to, span,
        kMaxStatsMonths));
  }

  IncidentStats stats;
  stats.from = from;
  stats.to = to;
  stats.months.resize(static_cast<size_t>(span));
  for (int i = 0; i < span; ++i) {
    const year_month ym = first_month + months{i};
    MonthStats& m = stats.months[static_cast<size_t>(i)];
    m.month = Ym(ym);
    const year_month_day month_first{ym / day{1}}, month_last{ym / last};
    const year_month_day lo = std::max(month_first, *first);
    const year_month_day hi = std::min(month_last, *end);
    m.from = Ymd(lo);
    m.to = Ymd(hi);
    // Cut by the range, or still running: the month's numbers can grow.
    m.partial = lo != month_first || hi != month_last || *now < month_last;
  }

  for (const IncidentStatsCell& cell : cells) {
    std::optional<year_month_day> d = ParseYmd(cell.month + "-01");
    if (!d) continue;
    const int index = (year_month{d->year(), d->month()} - first_month).count();
    if (index < 0 || index >= span) continue;  // outside the range: not ours to count
    MonthStats& m = stats.months[static_cast<size_t>(index)];
    switch (cell.dimension) {
      case IncidentStatsCell::Dimension::kIncidents:
        m.incidents += cell.incidents;
        stats.incidents += cell.incidents;
        break;
      case IncidentStatsCell::Dimension::kType:
        if (std::optional<IncidentType> t = ParseIncidentType(cell.key)) {
          m.types[static_cast<size_t>(*t)] += cell.incidents;
          stats.types[static_cast<size_t>(*t)] += cell.incidents;
        }
        break;
      case IncidentStatsCell::Dimension::kRecords: {
        std::optional<DataType> dt = ParseDataType(cell.key);
        std::optional<Qualifier> q = ParseQualifier(cell.qualifier);
        if (!dt || !q) break;
        m.records_at_risk[static_cast<size_t>(*dt)] += cell.total;
        FigureSum& sum = stats.records[static_cast<size_t>(*dt)][static_cast<size_t>(*q)];
        sum.records += cell.total;
        sum.figures += cell.incidents;
        break;
      }
    }
  }
  return stats;
}

Result<IncidentStats> ComputeIncidentStats(Store& store, const std::string& from,
                                           const std::string& to, const std::string& today) {
  // Validate before asking the store, so a bad range is a usage error.
  Result<IncidentStats> empty = BuildIncidentStats({}, from, to, today);
  if (!empty.ok()) return empty.status();
  Result<std::vector<IncidentStatsCell>> cells = store.IncidentStatsCells(from, to);
  if (!cells.ok()) return cells.status();
  return BuildIncidentStats(*cells, from, to, today);
}

nlohmann::json IncidentStatsToJson(const IncidentStats& stats) {
  auto types_object = [](const std::array<int64_t, kIncidentTypeCount>& counts) {
    nlohmann::json o = nlohmann::json::object();
    for (size_t i = 0; i < kIncidentTypeCount; ++i) {
      o[std::string(ToString(static_cast<IncidentType>(i)))] = counts[i];
    }
    return o;
  };
  nlohmann::json months = nlohmann::json::array();
  for (const MonthStats& m : stats.months) {
    nlohmann::json records = nlohmann::json::object();
    for (size_t i = 0; i < kDataTypeCount; ++i) {
      records[std::string(ToString(static_cast<DataType>(i)))] = m.records_at_risk[i];
    }
    months.push_back({{"month", m.month},
                      {"from", m.from},
                      {"to", m.to},
                      {"partial", m.partial},
                      {"incidents", m.incidents},
                      {"types", types_object(m.types)},
                      {"records_at_risk", std::move(records)}});
  }
  nlohmann::json types = nlohmann::json::array();
  for (size_t i = 0; i < kIncidentTypeCount; ++i) {
    types.push_back({{"type", ToString(static_cast<IncidentType>(i))},
                     {"incidents", stats.types[i]}});
  }
  nlohmann::json records = nlohmann::json::array();
  for (size_t i = 0; i < kDataTypeCount; ++i) {
    nlohmann::json by_qualifier = nlohmann::json::object();
    int64_t total = 0, figures = 0;
    for (size_t q = 0; q < kQualifierCount; ++q) {
      const FigureSum& sum = stats.records[i][q];
      by_qualifier[std::string(ToString(static_cast<Qualifier>(q)))] = {
          {"records", sum.records}, {"figures", sum.figures}};
      total += sum.records;
      figures += sum.figures;
    }
    records.push_back({{"data_type", ToString(static_cast<DataType>(i))},
                       {"total", total},
                       {"figures", figures},
                       {"by_qualifier", std::move(by_qualifier)}});
  }
  return {{"from", stats.from},
          {"to", stats.to},
          {"incidents", stats.incidents},
          {"months", std::move(months)},
          {"types", std::move(types)},
          {"records_at_risk", std::move(records)}};
}

std::string TodayUtc() {
  const std::time_t t = system_clock::to_time_t(system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace kenchi::pipeline
