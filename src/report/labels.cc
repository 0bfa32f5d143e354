// Loading the report's labels and writing numbers and dates the way each
// language does.
#include "kenchi/report/labels.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kenchi::report {
namespace fs = std::filesystem;

Result<Labels> Labels::Load(const std::string& dir, const std::string& lang) {
  const std::string path = dir + "/labels." + lang + ".json";
  Result<std::string> text = ReadReportFile(dir, "labels." + lang + ".json");
  if (!text.ok()) return text.status();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidInput(fmt::format("{}: not a JSON object of labels", path));
  }
  Labels labels;
  labels.lang_ = lang;
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) {
      return Status::InvalidInput(fmt::format("{}: label \"{}\" is not a string", path, key));
    }
    labels.labels_.emplace(key, value.get<std::string>());
  }
  return labels;
}

std::string Labels::Get(std::string_view key) const {
  auto it = labels_.find(key);
  return it == labels_.end() ? "[" + std::string(key) + "]" : it->second;
}

std::string Labels::Format(std::string_view key,
                           const std::vector<std::pair<std::string, std::string>>& values) const {
  std::string text = Get(key);
  for (const auto& [name, value] : values) {
    const std::string mark = "{" + name + "}";
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size())) {
      text.replace(at, mark.size(), value);
    }
  }
  return text;
}

std::string WithCommas(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Labels::Number(int64_t n) const {
  if (lang_ != "ja" || (n < 10000 && n > -10000)) return WithCommas(n);
  const bool negative = n < 0;
  uint64_t v = negative ? static_cast<uint64_t>(-n) : static_cast<uint64_t>(n);
  // Groups of four digits: 億 (10^8) and 万 (10^4), each group with commas
  // inside ("2,806万"), zero groups left out ("1億20万").
  const uint64_t oku = v / 100000000, man = (v / 10000) % 10000, rest = v % 10000;
  std::string out = negative ? "-" : "";
  if (oku > 0) out += WithCommas(static_cast<int64_t>(oku)) + "億";
  if (man > 0) out += WithCommas(static_cast<int64_t>(man)) + "万";
  if (rest > 0) out += WithCommas(static_cast<int64_t>(rest));
  return out;
}

std::string Labels::Records(int64_t n) const { return Format("unit.records", {{"n", Number(n)}}); }

std::string Labels::QualifiedRecords(int64_t n, std::string_view qualifier) const {
  return Format("qualified." + std::string(qualifier), {{"n", Records(n)}});
}

std::string Labels::Percent(double share) { return fmt::format("{:.1f}%", share * 100); }

std::string Labels::Month(std::string_view ym) const {
  if (ym.size() < 7) return std::string(ym);
  const int month = std::atoi(std::string(ym.substr(5, 2)).c_str());
  return Format("format.month", {{"year", std::string(ym.substr(0, 4))},
                                 {"month", Get("month." + std::to_string(month))}});
}

std::string Labels::Date(std::string_view ymd) const {
  if (ymd.size() < 10) return std::string(ymd);
  const int month = std::atoi(std::string(ymd.substr(5, 2)).c_str());
  const int day = std::atoi(std::string(ymd.substr(8, 2)).c_str());
  return Format("format.date", {{"year", std::string(ymd.substr(0, 4))},
                                {"month", Get("month." + std::to_string(month))},
                                {"m", std::to_string(month)},
                                {"day", std::to_string(day)}});
}

std::string FindReportData() {
  std::error_code ec;
  auto has_labels = [&](const fs::path& dir) { return fs::exists(dir / "labels.en.json", ec); };
  if (const char* env = std::getenv("KENCHI_REPORT_DATA"); env != nullptr && *env != '\0') {
    return env;  // used as given: a wrong value should fail loudly, not fall back
  }
  if (has_labels("data/report")) return "data/report";
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path candidate = exe.parent_path().parent_path() / "data" / "report";
    if (has_labels(candidate)) return candidate.string();
  }
  return "";
}

Result<std::string> ReadReportFile(const std::string& dir, const std::string& name) {
  const std::string path = (dir.empty() ? std::string(".") : dir) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(fmt::format(
        "cannot read the report template {} (set KENCHI_REPORT_DATA to the data/report folder)", path));
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace kenchi::report
