// libFuzzer target for the untrusted inputs of the IP enrichment: CSV range
// tables (`kenchi geo update --from`), .kgeo dataset files, addresses and
// domain names (`kenchi geo lookup`, `kenchi geo domain`).
//
// Properties checked on every input:
//   - ParseRangeTable never crashes; on failure the message names the
//     table; on success every row has start <= end;
//   - GeoDatabase::Open of the input as a file never crashes, and a file
//     that opens answers lookups (it was fully validated);
//   - ParseIpAddress of each line never crashes, and what it accepts
//     formats and parses back to the same address;
//   - DomainToAscii never crashes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "enrich/geo_tables.h"
#include "kenchi/enrich/domain.h"
#include "kenchi/enrich/geo.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kenchi::enrich;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  auto table = tables::ParseRangeTable("fuzz.csv", input);
  if (table.ok()) {
    for (const auto& row : table->rows) Check(row.start <= row.end);
  } else {
    Check(table.status().message().rfind("fuzz.csv", 0) == 0);
  }

  static const std::string path = "/tmp/kenchi-geo-fuzz-" + std::to_string(::getpid()) + ".kgeo";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(input.data(), static_cast<std::streamsize>(input.size()));
  }
  auto db = GeoDatabase::Open(path);
  if (db.ok()) {
    (void)(*db)->LookupV4(0x0A000001);
    (void)(*db)->LookupV6(0x20010DB800000000ull, 1);
  }

  size_t pos = 0;
  while (pos <= input.size()) {
    size_t nl = input.find('\n', pos);
    if (nl == std::string_view::npos) nl = input.size();
    const std::string_view line = input.substr(pos, nl - pos);
    auto ip = ParseIpAddress(line);
    if (ip.ok()) {
      auto again = ParseIpAddress(FormatIpAddress(*ip));
      Check(again.ok() && again->v6 == ip->v6 && again->v4 == ip->v4 && again->hi == ip->hi &&
            again->lo == ip->lo);
    }
    (void)DomainToAscii(line);
    pos = nl + 1;
  }
  return 0;
}
