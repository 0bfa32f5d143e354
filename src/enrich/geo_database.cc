// Opening a .kgeo dataset (see geo_format.h) and answering lookups.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "enrich/geo_format.h"
#include "enrich/special_purpose.h"
#include "kenchi/enrich/geo.h"

namespace kenchi::enrich {
namespace {

using kgeo::Header;
using kgeo::Record;
using kgeo::V6Start;

// The mapped file; unmapped on destruction.
class Mapping {
 public:
  Mapping() = default;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (data_ != nullptr) munmap(data_, size_);
  }
  Status Map(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) {
        return Status::NotFound(fmt::format(
            "no IP dataset at {} (run `kenchi geo update --from DIR` first, or pass --dataset)",
            path));
      }
      return Status::IoError(fmt::format("cannot open IP dataset {}: {}", path, std::strerror(errno)));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
      const int err = errno;
      ::close(fd);
      return Status::IoError(fmt::format("cannot stat IP dataset {}: {}", path, std::strerror(err)));
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ < sizeof(Header)) {
      ::close(fd);
      return Status::IoError(fmt::format(
          "IP dataset {} is corrupt: {} bytes is shorter than its header (truncated?)", path, size_));
    }
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    const int err = errno;
    ::close(fd);
    if (p == MAP_FAILED) {
      return Status::IoError(fmt::format("cannot map IP dataset {}: {}", path, std::strerror(err)));
    }
    data_ = static_cast<unsigned char*>(p);
    return Status::Ok();
  }
  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

class KgeoDatabase final : public GeoDatabase {
 public:
  Status Open(const std::string& path);

  const GeoDatasetInfo& info() const override { return info_; }

  GeoHit LookupV4(uint32_t ip) const override {
    if (internal::MaybeSpecialPurposeV4(ip) && !info_.special_purpose_from_tables) {
      if (std::string_view special = SpecialPurposeV4(ip); !special.empty()) return Special(special);
    }
    const uint32_t bucket = ip >> 16;
    const uint32_t* first = v4_starts_ + v4_index_[bucket];
    const uint32_t* last = v4_starts_ + v4_index_[bucket + 1];
    // The containing range is the last one starting at or before `ip`;
    // when the bucket has no start <= ip it is the range before the bucket.
    const uint32_t* it = std::upper_bound(first, last, ip);
    return Hit(v4_recs_[(it - v4_starts_) - 1]);
  }

  GeoHit LookupV6(uint64_t hi, uint64_t lo) const override {
    if (internal::MaybeSpecialPurposeV6(hi) && !info_.special_purpose_from_tables) {
      if (std::string_view special = SpecialPurposeV6(hi, lo); !special.empty()) return Special(special);
    }
    const uint32_t bucket = static_cast<uint32_t>(hi >> 48);
    const V6Start* first = v6_starts_ + v6_index_[bucket];
    const V6Start* last = v6_starts_ + v6_index_[bucket + 1];
    const V6Start* it = std::upper_bound(first, last, V6Start{hi, lo}, [](const V6Start& a, const V6Start& b) {
      return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
    });
    return Hit(v6_recs_[(it - v6_starts_) - 1]);
  }

 private:
  // Every member written once, in order: with `GeoHit hit;` and then the
  // assignments, GCC cleared the whole struct first with `rep stosq`,
  // which took a third of an IPv6 lookup.
  static GeoHit Special(std::string_view name) {
    return GeoHit{.found = false, .special_purpose = name, .country = {}, .asn = 0, .as_org = {},
                  .provider = {}, .provider_known = false};
  }
  GeoHit Hit(uint32_t record_id) const {
    if (record_id == 0) return Special({});
    const Record& r = records_[record_id];
    const std::string_view as_org = strings_ + r.org;
    const bool provider_known = r.provider != 0;
    return GeoHit{.found = true,
                  .special_purpose = {},
                  .country = std::string_view(r.country, r.country[0] == '\0' ? 0 : 2),
                  .asn = r.asn,
                  .as_org = as_org,
                  .provider = provider_known ? std::string_view(strings_ + r.provider) : as_org,
                  .provider_known = provider_known};
  }
  Status Corrupt(const std::string& what) const {
    return Status::IoError(fmt::format("IP dataset {} is corrupt: {} (run `kenchi geo update` again)",
                                       path_, what));
  }
  Status ParseMeta(std::string_view meta);

  std::string path_;
  Mapping map_;
  GeoDatasetInfo info_;
  const char* strings_ = nullptr;
  const Record* records_ = nullptr;
  const uint32_t* v4_index_ = nullptr;
  const uint32_t* v4_starts_ = nullptr;
  const uint32_t* v4_recs_ = nullptr;
  const uint32_t* v6_index_ = nullptr;
  const V6Start* v6_starts_ = nullptr;
  const uint32_t* v6_recs_ = nullptr;
};

Status KgeoDatabase::ParseMeta(std::string_view meta) {
  nlohmann::json j = nlohmann::json::parse(meta, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Corrupt("its metadata is not a JSON object");
  auto str = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  info_.name = str("name");
  info_.version = str("version");
  info_.date = str("date");
  info_.license = str("license");
  info_.built_at = str("built_at");
  info_.providers = str("providers");
  info_.special_purpose_from_tables = str("special_purpose") == "tables";
  if (auto it = j.find("sources"); it != j.end() && it->is_array()) {
    for (const auto& s : *it) {
      if (s.is_string()) info_.sources.push_back(s.get<std::string>());
    }
  }
  if (info_.name.empty() || info_.version.empty()) return Corrupt("its metadata lacks name or version");
  return Status::Ok();
}

// Everything is checked before the first lookup, so that lookups can trust
// every index and offset without bounds checks.
Status KgeoDatabase::Open(const std::string& path) {
  path_ = path;
  KENCHI_RETURN_IF_ERROR(map_.Map(path));
  const unsigned char* base = map_.data();
  Header h;
  std::memcpy(&h, base, sizeof(h));
  if (std::memcmp(h.magic, kgeo::kMagic, sizeof(h.magic)) != 0) {
    return Status::IoError(fmt::format("{} is not a kenchi IP dataset (bad magic bytes)", path));
  }
  if (h.format_version != kgeo::kFormatVersion || h.header_bytes != sizeof(Header)) {
    return Status::IoError(fmt::format(
        "IP dataset {} has format version {}, this kenchi reads version {} (run `kenchi geo update`)",
        path, h.format_version, kgeo::kFormatVersion));
  }
  if (h.file_bytes != map_.size()) {
    return Corrupt(fmt::format("the header says {} bytes but the file has {} (truncated?)",
                               h.file_bytes, map_.size()));
  }
  const uint64_t sum = kgeo::Checksum(base + sizeof(Header), map_.size() - sizeof(Header));
  if (sum != h.checksum) return Corrupt("checksum mismatch");

  // Section offsets, each checked against the size before use.
  uint64_t off = kgeo::Align8(sizeof(Header));
  uint64_t expected = off;
  const uint64_t meta_off = expected;
  expected += kgeo::Align8(h.meta_bytes);
  const uint64_t strings_off = expected;
  expected += kgeo::Align8(h.strings_bytes);
  const uint64_t records_off = expected;
  expected += kgeo::Align8(uint64_t{h.records} * sizeof(Record));
  const uint64_t v4_index_off = expected;
  expected += kgeo::Align8(uint64_t{kgeo::kIndexEntries} * 4);
  const uint64_t v4_starts_off = expected;
  expected += kgeo::Align8(uint64_t{h.v4_ranges} * 4);
  const uint64_t v4_recs_off = expected;
  expected += kgeo::Align8(uint64_t{h.v4_ranges} * 4);
  const uint64_t v6_index_off = expected;
  expected += kgeo::Align8(uint64_t{kgeo::kIndexEntries} * 4);
  const uint64_t v6_starts_off = expected;
  expected += kgeo::Align8(uint64_t{h.v6_ranges} * sizeof(V6Start));
  const uint64_t v6_recs_off = expected;
  expected += kgeo::Align8(uint64_t{h.v6_ranges} * 4);
  if (expected != map_.size()) {
    return Corrupt(fmt::format("its sections add up to {} bytes, the file has {}", expected,
                               map_.size()));
  }
  if (h.records == 0 || h.v4_ranges == 0 || h.v6_ranges == 0 || h.strings_bytes == 0) {
    return Corrupt("a section is empty");
  }

  strings_ = reinterpret_cast<const char*>(base + strings_off);
  records_ = reinterpret_cast<const Record*>(base + records_off);
  v4_index_ = reinterpret_cast<const uint32_t*>(base + v4_index_off);
  v4_starts_ = reinterpret_cast<const uint32_t*>(base + v4_starts_off);
  v4_recs_ = reinterpret_cast<const uint32_t*>(base + v4_recs_off);
  v6_index_ = reinterpret_cast<const uint32_t*>(base + v6_index_off);
  v6_starts_ = reinterpret_cast<const V6Start*>(base + v6_starts_off);
  v6_recs_ = reinterpret_cast<const uint32_t*>(base + v6_recs_off);

  if (strings_[0] != '\0' || strings_[h.strings_bytes - 1] != '\0') {
    return Corrupt("the string table is not NUL-delimited");
  }
  if (records_[0].asn != 0 || records_[0].org != 0 || records_[0].provider != 0) {
    return Corrupt("record 0 is not the empty record");
  }
  for (uint32_t i = 0; i < h.records; ++i) {
    if (records_[i].org >= h.strings_bytes || records_[i].provider >= h.strings_bytes) {
      return Corrupt(fmt::format("record {} points outside the string table", i));
    }
  }
  // Starts strictly increasing from 0, record ids in range, and each index
  // entry exactly the first range of its bucket: then every lookup's
  // search window is valid and `it - 1` never precedes the first range.
  if (v4_starts_[0] != 0) return Corrupt("the IPv4 ranges do not start at 0.0.0.0");
  for (uint32_t i = 0; i < h.v4_ranges; ++i) {
    if (i > 0 && v4_starts_[i] <= v4_starts_[i - 1]) {
      return Corrupt(fmt::format("IPv4 range {} is out of order", i));
    }
    if (v4_recs_[i] >= h.records) return Corrupt(fmt::format("IPv4 range {} has a bad record", i));
  }
  {
    uint32_t r = 0;
    for (uint32_t b = 0; b < kgeo::kIndexEntries; ++b) {
      const uint64_t lower = uint64_t{b} << 16;
      while (r < h.v4_ranges && v4_starts_[r] < lower) ++r;
      if (v4_index_[b] != r) return Corrupt(fmt::format("IPv4 index entry {} is wrong", b));
    }
  }
  if (v6_starts_[0].hi != 0 || v6_starts_[0].lo != 0) {
    return Corrupt("the IPv6 ranges do not start at ::");
  }
  for (uint32_t i = 0; i < h.v6_ranges; ++i) {
    const V6Start& s = v6_starts_[i];
    if (i > 0) {
      const V6Start& p = v6_starts_[i - 1];
      if (s.hi < p.hi || (s.hi == p.hi && s.lo <= p.lo)) {
        return Corrupt(fmt::format("IPv6 range {} is out of order", i));
      }
    }
    if (v6_recs_[i] >= h.records) return Corrupt(fmt::format("IPv6 range {} has a bad record", i));
  }
  {
    uint32_t r = 0;
    for (uint32_t b = 0; b < kgeo::kIndexEntries; ++b) {
      while (r < h.v6_ranges && (v6_starts_[r].hi >> 48) < b) ++r;
      if (v6_index_[b] != r) return Corrupt(fmt::format("IPv6 index entry {} is wrong", b));
    }
  }
  KENCHI_RETURN_IF_ERROR(
      ParseMeta(std::string_view(reinterpret_cast<const char*>(base + meta_off), h.meta_bytes)));
  info_.ipv4_ranges = h.v4_ranges;
  info_.ipv6_ranges = h.v6_ranges;
  info_.records = h.records;
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<GeoDatabase>> GeoDatabase::Open(const std::string& path) {
  auto db = std::make_unique<KgeoDatabase>();
  KENCHI_RETURN_IF_ERROR(db->Open(path));
  return std::unique_ptr<GeoDatabase>(std::move(db));
}

Result<GeoHit> GeoDatabase::Lookup(std::string_view text) const {
  Result<IpAddress> ip = ParseIpAddress(text);
  if (!ip.ok()) return ip.status();
  return Lookup(*ip);
}

IpEnrichment GeoDatabase::ToEnrichment(const GeoHit& hit) const {
  IpEnrichment e;
  e.country = std::string(hit.country);
  e.asn = hit.asn;
  e.as_org = std::string(hit.as_org);
  e.provider = std::string(hit.provider);
  e.enriched_with = info().Label();
  return e;
}

std::string DefaultGeoDatasetPath() {
  const char* env = std::getenv("KENCHI_GEO");
  return env != nullptr && *env != '\0' ? env : "var/geo/ip.kgeo";
}

}  // namespace kenchi::enrich
