// Charts as inline SVG, drawn by kenchi: the report's HTML needs no
// script, no external file and no chart library to be read, printed or
// mailed. The charts scale with the page (viewBox, width 100%); colours
// are fixed per series and chosen to stay apart for colour-blind readers
// (Okabe-Ito), and every bar's value is also in the table beside it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kenchi::report {

// Text for XML/HTML element content and attribute values.
std::string EscapeXml(std::string_view text);

// Vertical bars, one per category (month), stacked by series (incident
// type). A partial category is drawn hatched and its label marked with
// `partial_mark` (the legend explains it).
struct StackedBars {
  std::string title;  // for screen readers (<title>)
  std::vector<std::string> categories;
  std::vector<bool> partial;  // same length as categories
  struct Series {
    std::string name;
    std::vector<int64_t> values;  // one per category
  };
  std::vector<Series> series;  // only series with a non-zero value are drawn
  std::string partial_label;   // legend entry for hatched bars ("" when none are partial)
  std::string partial_mark = "*";
};
std::string RenderStackedBars(const StackedBars& chart);

// Horizontal bars, one per row, longest first as given, each with its
// label on the left and its value text on the right.
struct BarRow {
  std::string label;
  double value = 0;
  std::string value_text;
};
std::string RenderHorizontalBars(std::string_view title, const std::vector<BarRow>& rows);

}  // namespace kenchi::report
