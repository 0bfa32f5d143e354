// Store side of `kenchi stats`: incident counts per disclosure month,
// type, and data type and qualifier.
//
// Whole months are read from incident_stats_monthly, the aggregate that
// triggers keep exact on every write (schema_incident_history.cc), so a
// year costs a few hundred rows whatever the number of incidents. A month
// that the range cuts (2024-05-10..2024-05-31) cannot come from a monthly
// total; it is counted from the incidents themselves through the
// published_on index, which touches only that month's incidents.
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <tuple>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

using Dim = IncidentStatsCell::Dimension;

std::optional<std::chrono::year_month_day> ParseDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t i = starts[f]; i < starts[f] + lens[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v[f] = v[f] * 10 + (s[i] - '0');
    }
  }
  std::chrono::year_month_day d{std::chrono::year{v[0]},
                                std::chrono::month{static_cast<unsigned>(v[1])},
                                std::chrono::day{static_cast<unsigned>(v[2])}};
  if (!d.ok()) return std::nullopt;
  return d;
}

std::string MonthOf(std::chrono::year_month ym) {
  return fmt::format("{:04}-{:02}", static_cast<int>(ym.year()),
                     static_cast<unsigned>(ym.month()));
}

std::string DayOf(std::chrono::year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

Dim DimensionFromName(std::string_view name) {
  if (name == "type") return Dim::kType;
  if (name == "records") return Dim::kRecords;
  return Dim::kIncidents;
}

// Cells keyed for merging the aggregate part with the cut months.
using CellKey = std::tuple<std::string, int, std::string, std::string>;

void Accumulate(std::map<CellKey, IncidentStatsCell>& cells, IncidentStatsCell cell) {
  CellKey key{cell.month, static_cast<int>(cell.dimension), cell.key, cell.qualifier};
  auto [it, inserted] = cells.try_emplace(key, cell);
  if (!inserted) {
    it->second.incidents += cell.incidents;
    it->second.total += cell.total;
  }
}

}  // namespace

Result<std::vector<IncidentStatsCell>> SqliteStore::IncidentStatsCells(const std::string& from,
                                                                       const std::string& to) {
  const std::string where = fmt::format("cannot count incidents from {} to {}", from, to);
  const std::optional<std::chrono::year_month_day> first = ParseDay(from);
  const std::optional<std::chrono::year_month_day> last = ParseDay(to);
  if (!first || !last) {
    return Status::InvalidInput(fmt::format("{}: dates must be valid YYYY-MM-DD", where));
  }
  std::map<CellKey, IncidentStatsCell> cells;
  if (*last < *first) return std::vector<IncidentStatsCell>();

  // Split [first, last] into whole months (from the aggregate) and at most
  // two cut months at the edges (from the incidents).
  using namespace std::chrono;
  const year_month first_month{first->year(), first->month()};
  const year_month last_month{last->year(), last->month()};
  const year_month_day last_of_last_month{last->year() / last->month() / std::chrono::last};
  year_month whole_from = first_month, whole_to = last_month;
  std::vector<std::pair<std::string, std::string>> cut_ranges;
  if (first_month == last_month) {
    if (first->day() != day{1} || *last != last_of_last_month) {
      cut_ranges.emplace_back(from, to);
      whole_from = first_month + months{1};  // no whole month
    }
  } else {
    if (first->day() != day{1}) {
      cut_ranges.emplace_back(
          from, DayOf(year_month_day{first->year() / first->month() / std::chrono::last}));
      whole_from = first_month + months{1};
    }
    if (*last != last_of_last_month) {
      cut_ranges.emplace_back(DayOf(year_month_day{last->year() / last->month() / day{1}}), to);
      whole_to = last_month - months{1};
    }
  }

  if (whole_from <= whole_to) {
    Result<Query> q = cache_.Get(
        "SELECT month, dimension, key, qualifier, incidents, total FROM incident_stats_monthly "
        "WHERE month BETWEEN ?1 AND ?2 AND (incidents != 0 OR total != 0)");
    if (!q.ok()) return q.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(q->BindAll(MonthOf(whole_from), MonthOf(whole_to)));
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status().WithContext(where);
      if (!*row) break;
      Accumulate(cells, IncidentStatsCell{q->Text(0), DimensionFromName(q->Text(1)), q->Text(2),
                                          q->Text(3), q->Int64(4), q->Int64(5)});
    }
  }

  // The same three groupings as the aggregate, over a day range; each is a
  // range scan of incidents_published_on plus the children by incident id.
  static constexpr std::string_view kCutQueries[] = {
      "SELECT substr(published_on, 1, 7), 'incidents', '', '', count(*), 0 FROM incidents "
      "WHERE published_on BETWEEN ?1 AND ?2 GROUP BY 1",
      "SELECT substr(i.published_on, 1, 7), 'type', t.type, '', count(*), 0 "
      "FROM incidents AS i JOIN incident_types AS t ON t.incident_id = i.id "
      "WHERE i.published_on BETWEEN ?1 AND ?2 GROUP BY 1, 3",
      "SELECT substr(i.published_on, 1, 7), 'records', r.data_type, r.qualifier, count(*), "
      "sum(r.count) FROM incidents AS i JOIN incident_records AS r ON r.incident_id = i.id "
      "WHERE i.published_on BETWEEN ?1 AND ?2 GROUP BY 1, 3, 4",
  };
  for (const auto& [cut_from, cut_to] : cut_ranges) {
    for (std::string_view sql : kCutQueries) {
      Result<Query> q = cache_.Get(sql);
      if (!q.ok()) return q.status().WithContext(where);
      KENCHI_RETURN_IF_ERROR(q->BindAll(cut_from, cut_to));
      for (;;) {
        Result<bool> row = q->Step();
        if (!row.ok()) return row.status().WithContext(where);
        if (!*row) break;
        Accumulate(cells, IncidentStatsCell{q->Text(0), DimensionFromName(q->Text(1)),
                                            q->Text(2), q->Text(3), q->Int64(4), q->Int64(5)});
      }
    }
  }

  std::vector<IncidentStatsCell> out;
  out.reserve(cells.size());
  for (auto& [key, cell] : cells) out.push_back(std::move(cell));
  return out;
}

Result<std::pair<std::string, std::string>> SqliteStore::IncidentDateSpan() {
  // min() and max() of an indexed column are one index probe each.
  Result<Query> q = cache_.Get(
      "SELECT (SELECT min(published_on) FROM incidents), (SELECT max(published_on) FROM incidents)");
  if (!q.ok()) return q.status().WithContext("cannot read the incident date span");
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("cannot read the incident date span");
  return std::pair<std::string, std::string>(q->Text(0), q->Text(1));
}

}  // namespace kenchi::sqlite
