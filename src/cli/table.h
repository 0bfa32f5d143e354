// A plain-text table for terminals that pads by display width, so Japanese
// and Chinese cells line up.
#pragma once

#include <string>
#include <vector>

namespace kenchi::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // Columns wider than this are cut with "…" (0 = never cut).
  void SetMaxWidth(size_t column, int width);
  void AddRow(std::vector<std::string> row);
  // Renders header, a rule, and the rows.
  std::string Render() const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> headers_;
  std::vector<int> max_width_;
  std::vector<std::vector<std::string>> rows_;
};

// 20076016 -> "20,076,016".
std::string WithThousands(long long n);

}  // namespace kenchi::cli
