// Parsing the CSV range tables of the ip-location-db packages. Private to
// src/enrich; exposed for the builder, the tests and the fuzz target.
//
// Two shapes are understood, told apart by the number of columns:
//   start,end,CC              country table (geo-whois-asn-country)
//   start,end,ASN,AS org      ASN table (asn); the organisation may be
//                             quoted CSV ("Cloudflare, Inc.")
// Addresses are textual IPv4 or IPv6; a table may mix both families.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/status.h"

namespace kenchi::enrich::tables {

// __extension__: GCC and Clang have 128-bit integers; -Wpedantic would flag them.
__extension__ typedef unsigned __int128 U128;

enum class TableKind { kUnknown, kCountry, kAsn };

struct Row {
  bool v6 = false;
  U128 start = 0;  // IPv4 in the low 32 bits
  U128 end = 0;
  uint32_t line = 0;
  uint16_t country = 0;  // two ASCII letters packed, country tables
  uint32_t asn = 0;      // ASN tables
  std::string org;       // ASN tables, unquoted
};

struct ParsedTable {
  TableKind kind = TableKind::kUnknown;
  std::vector<Row> rows;
};

// Parses one table. `name` is used in messages ("FILE:LINE: ..."). Lines
// longer than 4096 bytes, a start after its end, mixed shapes and
// malformed fields are errors; blank lines are skipped.
Result<ParsedTable> ParseRangeTable(std::string_view name, std::string_view content);

inline uint16_t PackCountry(char a, char b) {
  return static_cast<uint16_t>((static_cast<unsigned char>(a) << 8) | static_cast<unsigned char>(b));
}

}  // namespace kenchi::enrich::tables
