// libFuzzer target: the leak-dump line and record parsers on arbitrary bytes.
//
// Beyond "does not crash": every field of a record is a view into the line
// (or, for unescaped CSV/SQL strings, no longer than the line), and the
// layout sniffer only names columns it can index. A broken promise aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kenchi/parse/dump.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "scan_line_fuzz: broken promise: %s\n", what);
    std::abort();
  }
}

bool Within(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

void CheckRecord(const kenchi::parse::DumpRecord& r, std::string_view line) {
  for (std::string_view f : {r.identity, r.password, r.url, r.card}) Check(f.size() <= line.size(), "field fits the line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const kenchi::parse::DumpLayout layout = kenchi::parse::SniffDumpLayout(bytes);
  Check(layout.email_column >= -1 && layout.password_column >= -1, "column indexes");

  // Every line through every parser, as a scan would.
  static kenchi::parse::SqlLineParser sql;
  std::string scratch;
  size_t start = 0;
  while (start <= bytes.size()) {
    size_t nl = bytes.find('\n', start);
    if (nl == std::string_view::npos) nl = bytes.size();
    const std::string_view line = bytes.substr(start, nl - start);
    kenchi::parse::DumpRecord r;
    if (kenchi::parse::ParseComboLine(line, r) == kenchi::parse::LineIssue::kNone) {
      Check(!r.identity.empty() || !r.card.empty(), "a combo record has an identity");
      for (std::string_view f : {r.identity, r.password, r.url, r.card}) Check(Within(f, line), "combo views");
    }
    kenchi::parse::DumpLayout csv = layout;
    if (csv.format != kenchi::parse::DumpFormat::kCsv) {
      csv.format = kenchi::parse::DumpFormat::kCsv;
      csv.email_column = 1;
      csv.password_column = 2;
    }
    if (kenchi::parse::ParseCsvLine(line, csv, scratch, r) == kenchi::parse::LineIssue::kNone) CheckRecord(r, line);
    bool insert = false;
    (void)sql.Parse(line, &insert, [&](const kenchi::parse::DumpRecord& rec) { CheckRecord(rec, line); });
    char digits[19];
    Check(kenchi::parse::CardDigits(line, digits) <= 19, "card digits");
    start = nl + 1;
  }
  return 0;
}
