// The on-disk layout of a kenchi IP dataset (".kgeo"), shared by the
// builder and the reader. Private to src/enrich.
//
// Little-endian, every section 8-byte aligned, in this order after the
// 64-byte header:
//   meta       JSON object (GeoDatasetInfo), meta_bytes long
//   strings    NUL-terminated UTF-8 strings (AS organisations, provider
//              names), strings_bytes long; offset 0 is the empty string
//   records    records x Record: what an address maps to; record 0 = no data
//   v4 index   65537 x u32: first v4 range whose start >= bucket << 16
//   v4 starts  v4_ranges x u32, strictly increasing, the first is 0
//   v4 recs    v4_ranges x u32 record ids
//   v6 index   65537 x u32: first v6 range whose start's top 16 bits >= bucket
//   v6 starts  v6_ranges x (u64 hi, u64 lo), strictly increasing, first is ::
//   v6 recs    v6_ranges x u32 record ids
// The ranges of a family tile its whole address space: range i covers
// [start[i], start[i+1]) and the last one runs to the top of the space.
// `checksum` is Checksum() over every byte after the header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace kenchi::enrich::kgeo {

inline constexpr char kMagic[8] = {'K', 'E', 'N', 'C', 'H', 'I', 'G', 'E'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint32_t kIndexEntries = 65537;

struct Header {
  char magic[8];
  uint32_t format_version;
  uint32_t header_bytes;  // sizeof(Header)
  uint64_t file_bytes;    // the whole file, for truncation checks
  uint64_t checksum;
  uint32_t meta_bytes;
  uint32_t strings_bytes;
  uint32_t records;
  uint32_t v4_ranges;
  uint32_t v6_ranges;
  uint32_t reserved;
};
static_assert(sizeof(Header) == 56);

struct Record {
  uint32_t asn;
  uint32_t org;       // offset into strings
  uint32_t provider;  // offset into strings; 0 = not classified
  char country[2];    // ISO 3166 alpha-2, or two NULs
  uint16_t reserved;
};
static_assert(sizeof(Record) == 16);

struct V6Start {
  uint64_t hi;
  uint64_t lo;
};
static_assert(sizeof(V6Start) == 16);

inline constexpr size_t Align8(size_t n) { return (n + 7) & ~size_t{7}; }

// A fast 64-bit checksum over 8-byte words (multiply-xorshift mixing, in
// the spirit of xxHash): detects truncation, torn writes and bit flips; it
// is not a defence against deliberate tampering.
inline uint64_t Checksum(const unsigned char* data, size_t size) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = 0x243F6A8885A308D3ull ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = (h ^ (w * kMul)) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  for (; i < size; ++i) h = (h ^ data[i]) * kMul;
  h ^= h >> 29;
  return h;
}

}  // namespace kenchi::enrich::kgeo
