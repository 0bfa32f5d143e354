// The report's SVG charts. Geometry is in a fixed 720-unit-wide viewBox;
// the browser scales it to the page.
#include "kenchi/report/svg_chart.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace kenchi::report {
namespace {

// Okabe-Ito's colour-blind-safe palette, then darker and lighter variants
// for the rest of the twelve incident types.
constexpr std::array<const char*, 12> kPalette{"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                               "#CC79A7", "#56B4E9", "#F0E442", "#000000",
                                               "#8C564B", "#7F7F7F", "#17BECF", "#BCBD22"};

// A "nice" axis step (1, 2 or 5 times a power of ten) giving at most five
// gridlines up to `max`.
int64_t NiceStep(int64_t max) {
  if (max <= 5) return 1;
  const double raw = static_cast<double>(max) / 5.0;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw) return static_cast<int64_t>(m * power);
  }
  return static_cast<int64_t>(10 * power);
}

// Width in viewBox units of text at font size `size`: CJK characters are
// about one em, others about 0.6 em. Used to keep labels inside the box.
double TextWidth(std::string_view s, double size) {
  double w = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    w += (len >= 3 ? 1.0 : 0.6) * size;
    i += len;
  }
  return w;
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderStackedBars(const StackedBars& chart) {
  const size_t n = chart.categories.size();
  std::vector<const StackedBars::Series*> drawn;
  for (const auto& s : chart.series) {
    if (std::any_of(s.values.begin(), s.values.end(), [](int64_t v) { return v > 0; })) drawn.push_back(&s);
  }
  int64_t max = 0;
  for (size_t c = 0; c < n; ++c) {
    int64_t total = 0;
    for (const auto* s : drawn) total += c < s->values.size() ? s->values[c] : 0;
    max = std::max(max, total);
  }
  const int64_t step = NiceStep(std::max<int64_t>(max, 1));
  const int64_t top = ((std::max<int64_t>(max, 1) + step - 1) / step) * step;

  // Legend below the plot, as many entries per line as fit.
  const double width = 720, left = 48, right = 12, plot_top = 16, plot_h = 220;
  const double plot_w = width - left - right;
  std::vector<std::pair<std::string, std::string>> legend;  // colour or "hatch", text
  for (size_t i = 0; i < drawn.size(); ++i) {
    const size_t index = static_cast<size_t>(drawn[i] - chart.series.data());
    legend.emplace_back(kPalette[index % kPalette.size()], drawn[i]->name);
  }
  if (!chart.partial_label.empty() && std::find(chart.partial.begin(), chart.partial.end(), true) != chart.partial.end()) {
    legend.emplace_back("hatch", chart.partial_mark + " " + chart.partial_label);
  }
  std::vector<std::vector<size_t>> legend_lines(1);
  double x = left;
  for (size_t i = 0; i < legend.size(); ++i) {
    const double w = 18 + TextWidth(legend[i].second, 12) + 18;
    if (x + w > width - right && !legend_lines.back().empty()) {
      legend_lines.emplace_back();
      x = left;
    }
    legend_lines.back().push_back(i);
    x += w;
  }
  const double axis_y = plot_top + plot_h;
  const double height = axis_y + 30 + 20.0 * static_cast<double>(legend_lines.size()) + 6;

  std::string svg = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" "
      "role=\"img\" aria-label=\"{}\"><title>{}</title>\n",
      width, height, EscapeXml(chart.title), EscapeXml(chart.title));
  svg += "<defs><pattern id=\"partial-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\" fill-opacity=\"0.0\"/>"
         "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2.5\"/></pattern></defs>\n";
  // Gridlines and the axis labels.
  for (int64_t v = 0; v <= top; v += step) {
    const double y = axis_y - plot_h * static_cast<double>(v) / static_cast<double>(top);
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"1\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">{}</text>\n",
                       left, y, width - right, y, v == 0 ? "#888" : "#e3e3e3", left - 6, y + 4, v);
  }
  const double slot = n == 0 ? plot_w : plot_w / static_cast<double>(n);
  const double bar_w = std::min(64.0, slot * 0.62);
  for (size_t c = 0; c < n; ++c) {
    const double cx = left + slot * (static_cast<double>(c) + 0.5);
    double y = axis_y;
    int64_t total = 0;
    const bool partial = c < chart.partial.size() && chart.partial[c];
    for (const auto* s : drawn) {
      const int64_t v = c < s->values.size() ? s->values[c] : 0;
      if (v <= 0) continue;
      const size_t index = static_cast<size_t>(s - chart.series.data());
      const double h = plot_h * static_cast<double>(v) / static_cast<double>(top);
      y -= h;
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
                         "<title>{}: {}</title></rect>\n",
                         cx - bar_w / 2, y, bar_w, h, kPalette[index % kPalette.size()],
                         EscapeXml(s->name), v);
      if (partial) {
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                           "fill=\"url(#partial-hatch)\"/>\n", cx - bar_w / 2, y, bar_w, h);
      }
      total += v;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" font-weight=\"bold\" "
                       "text-anchor=\"middle\" fill=\"#222\">{}</text>\n", cx, y - 4, total);
    const std::string label = chart.categories[c] + (partial ? chart.partial_mark : "");
    // Long month labels on narrow slots would collide: shrink them to fit.
    const double size = std::min(12.0, 12.0 * (slot - 4) / std::max(1.0, TextWidth(label, 12)));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{:.1f}\" text-anchor=\"middle\" "
                       "fill=\"#222\">{}</text>\n", cx, axis_y + 18, size, EscapeXml(label));
  }
  // Legend.
  double ly = axis_y + 38;
  for (const auto& line : legend_lines) {
    double lx = left;
    for (size_t i : line) {
      const auto& [colour, text] = legend[i];
      if (colour == "hatch") {
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"#888\"/>"
                           "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"url(#partial-hatch)\"/>",
                           lx, ly - 10, lx, ly - 10);
      } else {
        svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"{}\"/>", lx,
                           ly - 10, colour);
      }
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"#222\">{}</text>\n", lx + 18,
                         ly, EscapeXml(text));
      lx += 18 + TextWidth(text, 12) + 18;
    }
    ly += 20;
  }
  svg += "</svg>";
  return svg;
}

std::string RenderHorizontalBars(std::string_view title, const std::vector<BarRow>& rows) {
  const double width = 720, row_h = 26;
  double label_w = 60;
  for (const BarRow& r : rows) label_w = std::max(label_w, TextWidth(r.label, 12) + 12);
  label_w = std::min(label_w, 260.0);
  double value_w = 40;
  for (const BarRow& r : rows) value_w = std::max(value_w, TextWidth(r.value_text, 12) + 10);
  const double bar_max = width - label_w - value_w - 8;
  double max = 0;
  for (const BarRow& r : rows) max = std::max(max, r.value);
  const double height = row_h * static_cast<double>(rows.size()) + 8;
  std::string svg = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" "
      "role=\"img\" aria-label=\"{}\"><title>{}</title>\n",
      width, height, EscapeXml(title), EscapeXml(title));
  for (size_t i = 0; i < rows.size(); ++i) {
    const BarRow& r = rows[i];
    const double y = 4 + row_h * static_cast<double>(i);
    const double w = max > 0 ? std::max(1.0, bar_max * r.value / max) : 1.0;
    const double label_size = std::min(12.0, 12.0 * (label_w - 8) / std::max(1.0, TextWidth(r.label, 12)));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{:.1f}\" text-anchor=\"end\" fill=\"#222\">{}</text>"
                       "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"#222\">{}</text>\n",
                       label_w - 6, y + 16, label_size, EscapeXml(r.label), label_w, y + 3, w, row_h - 8,
                       kPalette[0], label_w + w + 6, y + 16, EscapeXml(r.value_text));
  }
  svg += "</svg>";
  return svg;
}

}  // namespace kenchi::report
