#include "cli/table.h"

#include <algorithm>

#include "kenchi/text/width.h"

namespace kenchi::cli {

void Table::SetMaxWidth(size_t column, int width) {
  if (max_width_.size() <= column) max_width_.resize(column + 1, 0);
  max_width_[column] = width;
}

void Table::AddRow(std::vector<std::string> row) {
  row.resize(headers_.size());
  for (size_t i = 0; i < row.size(); ++i) {
    if (i < max_width_.size() && max_width_[i] > 0)
      row[i] = text::TruncateToWidth(row[i], max_width_[i]);
  }
  rows_.push_back(std::move(row));
}

std::string Table::Render() const {
  std::vector<int> widths(headers_.size(), 0);
  for (size_t i = 0; i < headers_.size(); ++i) widths[i] = text::DisplayWidth(headers_[i]);
  for (const auto& row : rows_)
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], text::DisplayWidth(row[i]));

  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      out += cells[i];
      if (i + 1 < cells.size())
        out.append(static_cast<size_t>(widths[i] - text::DisplayWidth(cells[i]) + 2), ' ');
    }
    out += '\n';
  };
  line(headers_);
  std::vector<std::string> rule;
  for (int w : widths) rule.emplace_back(static_cast<size_t>(w), '-');
  line(rule);
  for (const auto& row : rows_) line(row);
  return out;
}

std::string WithThousands(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0) out += ',';
    out += *it;
    ++count;
  }
  if (n < 0) out += '-';
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace kenchi::cli
