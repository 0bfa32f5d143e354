#include "enrich/geo_tables.h"

#include <fmt/format.h>

#include "kenchi/enrich/geo.h"

namespace kenchi::enrich::tables {
namespace {

constexpr size_t kMaxLine = 4096;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Splits off the next comma-separated field (unquoted).
std::string_view NextField(std::string_view& rest, bool& had_comma) {
  const size_t comma = rest.find(',');
  had_comma = comma != std::string_view::npos;
  std::string_view field = rest.substr(0, comma);
  rest = had_comma ? rest.substr(comma + 1) : std::string_view();
  return field;
}

// The last field of an ASN row: plain text, or RFC 4180 quoted with ""
// standing for one quote.
Status Unquote(std::string_view field, std::string& out) {
  out.clear();
  if (field.empty() || field.front() != '"') {
    if (field.find('"') != std::string_view::npos) return Status::InvalidInput("stray quote in the organisation");
    out.assign(field);
    return Status::Ok();
  }
  if (field.size() < 2 || field.back() != '"') return Status::InvalidInput("unterminated quoted organisation");
  for (size_t i = 1; i + 1 < field.size(); ++i) {
    if (field[i] == '"') {
      if (i + 2 < field.size() && field[i + 1] == '"') {
        out.push_back('"');
        ++i;
        continue;
      }
      return Status::InvalidInput("stray quote in the organisation");
    }
    out.push_back(field[i]);
  }
  return Status::Ok();
}

Status ParseAddress(std::string_view text, bool& v6, U128& value) {
  Result<IpAddress> ip = ParseIpAddress(text);
  if (!ip.ok()) return ip.status();
  // An IPv4-mapped IPv6 text in a table is still IPv6 space; the parser
  // folds it to IPv4, which is wrong here.
  const bool colon = text.find(':') != std::string_view::npos;
  v6 = colon;
  if (!colon) {
    value = ip->v4;
  } else if (ip->v6) {
    value = (U128{ip->hi} << 64) | ip->lo;
  } else {
    value = (U128{0xffff} << 32) | ip->v4;
  }
  return Status::Ok();
}

Status ParseRow(std::string_view line, TableKind& kind, Row& row) {
  std::string_view rest = line;
  bool comma = false;
  const std::string_view start = NextField(rest, comma);
  if (!comma) return Status::InvalidInput("expected start,end,... (no comma)");
  const std::string_view end = NextField(rest, comma);
  if (!comma) return Status::InvalidInput("expected a third column");
  bool v6_end = false;
  KENCHI_RETURN_IF_ERROR(ParseAddress(start, row.v6, row.start).WithContext("start address"));
  KENCHI_RETURN_IF_ERROR(ParseAddress(end, v6_end, row.end).WithContext("end address"));
  if (row.v6 != v6_end) return Status::InvalidInput("start and end are of different families");
  if (row.start > row.end) return Status::InvalidInput("the range starts after it ends");

  const std::string_view third = NextField(rest, comma);
  const TableKind this_kind = comma ? TableKind::kAsn : TableKind::kCountry;
  if (kind == TableKind::kUnknown) kind = this_kind;
  if (kind != this_kind) {
    return Status::InvalidInput(kind == TableKind::kCountry
                                    ? "a 4-column row in a country table (start,end,CC)"
                                    : "a 3-column row in an ASN table (start,end,ASN,organisation)");
  }
  if (kind == TableKind::kCountry) {
    if (third.size() != 2 || !IsUpper(third[0]) || !IsUpper(third[1])) {
      return Status::InvalidInput(fmt::format("country must be two capital letters, got \"{}\"", third));
    }
    row.country = PackCountry(third[0], third[1]);
    return Status::Ok();
  }
  if (third.empty() || third.size() > 10) return Status::InvalidInput(fmt::format("bad ASN \"{}\"", third));
  uint64_t asn = 0;
  for (char c : third) {
    if (c < '0' || c > '9') return Status::InvalidInput(fmt::format("bad ASN \"{}\"", third));
    asn = asn * 10 + static_cast<uint64_t>(c - '0');
  }
  if (asn > 0xFFFFFFFFull) return Status::InvalidInput(fmt::format("ASN {} out of range", asn));
  row.asn = static_cast<uint32_t>(asn);
  return Unquote(rest, row.org);
}

}  // namespace

Result<ParsedTable> ParseRangeTable(std::string_view name, std::string_view content) {
  ParsedTable table;
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    const bool last = nl == std::string_view::npos;
    if (last) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxLine) {
      return Status::InvalidInput(
          fmt::format("{}:{}: line longer than {} bytes", name, line_no, kMaxLine));
    }
    if (line.empty()) continue;
    if (line.find('\0') != std::string_view::npos) {
      return Status::InvalidInput(fmt::format("{}:{}: NUL byte (not a CSV table)", name, line_no));
    }
    Row row;
    row.line = line_no;
    Status s = ParseRow(line, table.kind, row);
    if (!s.ok()) {
      return Status::InvalidInput(fmt::format("{}:{}: {}{}", name, line_no, s.message(),
                                              last ? " (the file may be truncated)" : ""));
    }
    table.rows.push_back(std::move(row));
  }
  if (table.rows.empty()) return Status::InvalidInput(fmt::format("{}: no ranges (empty table)", name));
  return table;
}

}  // namespace kenchi::enrich::tables
