// `kenchi geo update`: CSV range tables + provider table -> one .kgeo file.
//
// The country and ASN tables cut the address space at different points;
// the builder sweeps both at once and emits one range per stretch where
// neither changes, so that a lookup answers everything with one search.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "enrich/geo_format.h"
#include "enrich/geo_tables.h"
#include "kenchi/enrich/geo.h"
#include "kenchi/clock.h"

namespace kenchi::enrich {
namespace {

namespace fs = std::filesystem;
using tables::ParsedTable;
using tables::Row;
using tables::TableKind;
using tables::U128;

Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec) return Status::IoError(fmt::format("cannot read {}: {}", path, ec.message()));
  if (size > max_bytes) {
    return Status::InvalidInput(fmt::format("{} is {} bytes, over the limit of {}", path, size, max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("cannot open {}", path));
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) return Status::IoError(fmt::format("cannot read {}", path));
  return data;
}

bool IsTableName(const std::string& file) {
  if (file.size() < 4 || file.substr(file.size() - 4) != ".csv") return false;
  if (file.find("-num") != std::string::npos) return false;  // numeric twins of the same data
  return file.rfind("asn-ipv", 0) == 0 || file.find("country-ipv") != std::string::npos;
}

// Expands directories (two levels: @ip-location-db/<package>/<file>).
Result<std::vector<std::string>> FindTables(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (!fs::exists(in, ec)) return Status::NotFound(fmt::format("{}: no such file or directory", in));
    if (!fs::is_directory(in, ec)) {
      files.push_back(in);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(in, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it.depth() > 2) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && IsTableName(it->path().filename().string())) {
        found.push_back(it->path().string());
      }
    }
    if (ec) return Status::IoError(fmt::format("cannot list {}: {}", in, ec.message()));
    if (found.empty()) {
      return Status::NotFound(fmt::format(
          "{}: no range tables found (looked for asn-ipv4.csv, asn-ipv6.csv, *country-ipv4.csv, "
          "*country-ipv6.csv up to two levels down)",
          in));
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  if (files.empty()) return Status::InvalidInput("no input tables given (--from)");
  return files;
}

// What a package.json and licence files beside a table say.
struct Provenance {
  std::string package;  // "@ip-location-db/asn"
  std::string version;
  std::string license;
};

Provenance ReadProvenance(const fs::path& table) {
  Provenance p;
  const fs::path dir = table.parent_path();
  std::ifstream in(dir / "package.json");
  if (in) {
    nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (j.is_object()) {
      p.package = j.value("name", "");
      p.version = j.value("version", "");
      p.license = j.value("license", "");
    }
  }
  // Attribution lines from the licence files (their first sentence).
  std::error_code ec;
  std::vector<std::string> notes;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string f = e.path().filename().string();
    if (f.find("LICENSE") == std::string::npos) continue;
    std::ifstream lic(e.path());
    std::string first;
    std::getline(lic, first);
    if (!first.empty()) notes.push_back(first);
  }
  std::sort(notes.begin(), notes.end());
  for (const std::string& n : notes) p.license += (p.license.empty() ? "" : " ") + n;
  return p;
}

// "2.3.2026061719" -> "2026-06-17": ip-location-db versions end in the
// build date and hour.
std::string DateFromVersion(const std::string& version) {
  const size_t dot = version.rfind('.');
  const std::string tail = dot == std::string::npos ? version : version.substr(dot + 1);
  if (tail.size() < 8 || !std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "";
  }
  return tail.substr(0, 4) + "-" + tail.substr(4, 2) + "-" + tail.substr(6, 2);
}

// One family's tables after parsing: sorted, non-overlapping.
struct Span {
  U128 start, end;
  uint32_t value;  // packed country, or ASN entry id + 1
  uint32_t line;
  uint32_t file;
};

struct Family {
  std::vector<Span> country;
  std::vector<Span> asn;
};

// The published tables are not strictly disjoint: a few single addresses
// or small blocks are listed inside a larger block with another value
// (e.g. a /32 registered to another country). Where ranges overlap, the one
// starting later wins, and at equal starts the shorter one: for nested
// ranges that is the most specific, as in routing. Returns disjoint spans
// sorted by start.
std::vector<Span> Flatten(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.start < b.start || (a.start == b.start && a.end > b.end);
  });
  std::vector<Span> out;
  std::vector<Span> stack;  // enclosing ranges, innermost last
  U128 pos = 0;
  bool exhausted = false;  // a range reached the top of the space
  auto emit = [&](const Span& s, U128 from, U128 to) {
    if (from > to) return;
    if (!out.empty() && out.back().value == s.value && out.back().end + 1 == from) {
      out.back().end = to;
      return;
    }
    out.push_back(Span{from, to, s.value, s.line, s.file});
  };
  // Emits what the stack covers below `limit` (exclusive), or everything.
  auto flush = [&](const U128* limit) {
    while (!stack.empty() && !exhausted) {
      const Span top = stack.back();
      if (limit != nullptr && top.end >= *limit) {
        if (*limit > pos) emit(top, pos, *limit - 1);
        return;
      }
      if (top.end >= pos) {
        emit(top, pos, top.end);
        if (top.end == ~U128{0}) exhausted = true; else pos = top.end + 1;
      }
      stack.pop_back();
    }
  };
  for (const Span& s : spans) {
    flush(&s.start);
    if (exhausted) break;
    pos = s.start;
    stack.push_back(s);
  }
  flush(nullptr);
  return out;
}

// Interned NUL-terminated strings; offset 0 is "".
class StringPool {
 public:
  StringPool() { data_.push_back('\0'); }
  uint32_t Add(std::string_view s) {
    if (s.empty()) return 0;
    auto [it, inserted] = offsets_.try_emplace(std::string(s), static_cast<uint32_t>(data_.size()));
    if (inserted) {
      data_.append(s);
      data_.push_back('\0');
    }
    return it->second;
  }
  const std::string& data() const { return data_; }

 private:
  std::string data_;
  absl::flat_hash_map<std::string, uint32_t> offsets_;
};

struct Output {
  std::vector<kgeo::Record> records;
  absl::flat_hash_map<uint64_t, uint32_t> record_ids;  // (country << 32 | asn entry) -> id
  std::vector<U128> v4_starts, v6_starts;
  std::vector<uint32_t> v4_recs, v6_recs;
};

struct AsnEntry {
  uint32_t asn;
  uint32_t org;
};

// Sweeps the country and ASN spans of one family over [0, top] and emits
// one range per stretch where neither changes (adjacent equal ones merged).
void Sweep(const Family& fam, U128 top, const std::vector<AsnEntry>& asn_entries,
           const absl::flat_hash_map<uint32_t, uint32_t>& providers, Output& out,
           std::vector<U128>& starts, std::vector<uint32_t>& recs) {
  size_t ic = 0, ia = 0;
  U128 cur = 0;
  for (;;) {
    // Value of each table at `cur`, and where it next changes.
    auto at = [&](const std::vector<Span>& spans, size_t& i, uint32_t& value, U128& next, bool& open_end) {
      while (i < spans.size() && spans[i].end < cur) ++i;
      value = 0;
      open_end = false;
      if (i == spans.size()) {
        open_end = true;
      } else if (spans[i].start <= cur) {
        value = spans[i].value;
        if (spans[i].end == top) open_end = true; else next = spans[i].end + 1;
      } else {
        next = spans[i].start;
      }
    };
    uint32_t cv = 0, av = 0;
    U128 cn = 0, an = 0;
    bool c_open = false, a_open = false;
    at(fam.country, ic, cv, cn, c_open);
    at(fam.asn, ia, av, an, a_open);

    const uint64_t key = (uint64_t{cv} << 32) | av;
    uint32_t id = 0;
    if (key != 0) {
      auto [it, inserted] = out.record_ids.try_emplace(key, static_cast<uint32_t>(out.records.size()));
      if (inserted) {
        kgeo::Record r{};
        if (cv != 0) {
          r.country[0] = static_cast<char>(cv >> 8);
          r.country[1] = static_cast<char>(cv & 0xff);
        }
        if (av != 0) {
          r.asn = asn_entries[av - 1].asn;
          r.org = asn_entries[av - 1].org;
          if (auto p = providers.find(r.asn); p != providers.end()) r.provider = p->second;
        }
        out.records.push_back(r);
      }
      id = it->second;
    }
    if (recs.empty() || recs.back() != id) {
      starts.push_back(cur);
      recs.push_back(id);
    }
    if (c_open && a_open) break;
    cur = c_open ? an : a_open ? cn : std::min(cn, an);
  }
}

template <typename T>
void Append(std::string& buf, const T* data, size_t n) {
  buf.append(reinterpret_cast<const char*>(data), n * sizeof(T));
  buf.resize(kgeo::Align8(buf.size()), '\0');
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<ProviderEntry>> LoadProviderTable(const std::string& path) {
  Result<std::string> data = ReadFile(path, 16 << 20);
  if (!data.ok()) return data.status();
  std::vector<ProviderEntry> out;
  absl::flat_hash_map<uint32_t, int> seen;
  std::istringstream in(*data);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      return Status::InvalidInput(
          fmt::format("{}:{}: expected ASN<TAB>provider<TAB>provenance", path, line_no));
    }
    ProviderEntry e;
    const std::string asn = line.substr(0, t1);
    if (asn.rfind("AS", 0) == 0 ? asn.size() < 3 : asn.empty()) {
      return Status::InvalidInput(fmt::format("{}:{}: empty ASN", path, line_no));
    }
    uint64_t v = 0;
    for (char c : std::string_view(asn).substr(asn.rfind("AS", 0) == 0 ? 2 : 0)) {
      if (c < '0' || c > '9' || v > 0xFFFFFFFFull) {
        return Status::InvalidInput(fmt::format("{}:{}: bad ASN \"{}\"", path, line_no, asn));
      }
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (v == 0 || v > 0xFFFFFFFFull) return Status::InvalidInput(fmt::format("{}:{}: bad ASN \"{}\"", path, line_no, asn));
    e.asn = static_cast<uint32_t>(v);
    e.provider = line.substr(t1 + 1, t2 - t1 - 1);
    e.note = line.substr(t2 + 1);
    if (e.provider.empty() || e.note.empty()) {
      return Status::InvalidInput(fmt::format(
          "{}:{}: provider and provenance must both be given for AS{}", path, line_no, e.asn));
    }
    if (auto [it, inserted] = seen.try_emplace(e.asn, line_no); !inserted) {
      return Status::InvalidInput(fmt::format("{}:{}: AS{} is already listed on line {}", path,
                                              line_no, e.asn, it->second));
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<GeoDatasetInfo> BuildGeoDataset(const GeoBuildOptions& options, const std::string& out_path) {
  Result<std::vector<std::string>> files = FindTables(options.inputs);
  if (!files.ok()) return files.status();

  StringPool strings;
  std::vector<AsnEntry> asn_entries;
  absl::flat_hash_map<uint64_t, uint32_t> asn_entry_ids;
  Family v4, v6;
  std::vector<std::string> sources;
  std::map<std::string, Provenance> packages;  // by package name, for the licence text
  std::string content_sum;

  for (uint32_t f = 0; f < files->size(); ++f) {
    const std::string& file = (*files)[f];
    Result<std::string> data = ReadFile(file, options.max_file_bytes);
    if (!data.ok()) return data.status();
    Result<ParsedTable> table = tables::ParseRangeTable(file, *data);
    if (!table.ok()) return table.status();
    size_t n4 = 0, n6 = 0;
    for (Row& row : table->rows) {
      Span s{row.start, row.end, 0, row.line, f};
      if (table->kind == TableKind::kCountry) {
        s.value = row.country;
      } else {
        const uint32_t org = strings.Add(row.org);
        const uint64_t key = (uint64_t{row.asn} << 32) | org;
        auto [it, inserted] = asn_entry_ids.try_emplace(key, static_cast<uint32_t>(asn_entries.size() + 1));
        if (inserted) asn_entries.push_back({row.asn, org});
        s.value = it->second;
      }
      Family& fam = row.v6 ? v6 : v4;
      (table->kind == TableKind::kCountry ? fam.country : fam.asn).push_back(s);
      (row.v6 ? n6 : n4)++;
    }
    Provenance p = ReadProvenance(file);
    sources.push_back(fmt::format("{}: {} table, {} IPv4 + {} IPv6 ranges{}", file,
                                  table->kind == TableKind::kCountry ? "country" : "ASN", n4, n6,
                                  p.package.empty() ? "" : " (" + p.package + " " + p.version + ")"));
    const std::string key = p.package.empty() ? file : p.package;
    if (p.package.empty()) {
      p.package = fs::path(file).filename().string();
      p.version = fmt::format("{:016x}", kgeo::Checksum(reinterpret_cast<const unsigned char*>(data->data()), data->size()));
    }
    packages[key] = p;
  }
  for (std::vector<Span>* spans : {&v4.country, &v4.asn, &v6.country, &v6.asn}) *spans = Flatten(std::move(*spans));

  // Providers: ASN -> string offset.
  absl::flat_hash_map<uint32_t, uint32_t> providers;
  std::string providers_note = "none";
  if (!options.providers_path.empty()) {
    Result<std::vector<ProviderEntry>> table = LoadProviderTable(options.providers_path);
    if (!table.ok()) return table.status();
    for (const ProviderEntry& e : *table) providers[e.asn] = strings.Add(e.provider);
    providers_note = fmt::format("{} ({} ASNs)", options.providers_path, table->size());
  }

  Output out;
  out.records.push_back(kgeo::Record{});  // record 0: no data
  Sweep(v4, U128{0xFFFFFFFFu}, asn_entries, providers, out, out.v4_starts, out.v4_recs);
  Sweep(v6, ~U128{0}, asn_entries, providers, out, out.v6_starts, out.v6_recs);

  // Metadata.
  GeoDatasetInfo info;
  std::string names, versions, licenses;
  for (const auto& [key, p] : packages) {
    std::string short_name = p.package;
    if (short_name.rfind("@ip-location-db/", 0) == 0) short_name = short_name.substr(16);
    names += (names.empty() ? "" : "+") + short_name;
    if (versions.find(p.version) == std::string::npos) versions += (versions.empty() ? "" : "+") + p.version;
    licenses += fmt::format("{}{}: {}", licenses.empty() ? "" : "; ", p.package,
                            p.license.empty() ? "licence not stated" : p.license);
  }
  const bool all_ipdb = std::all_of(packages.begin(), packages.end(), [](const auto& kv) {
    return kv.second.package.rfind("@ip-location-db/", 0) == 0;
  });
  info.name = !options.name.empty() ? options.name : (all_ipdb ? "ip-location-db " : "") + names;
  info.version = !options.version.empty() ? options.version : versions;
  info.date = DateFromVersion(info.version);
  info.license = !options.license.empty() ? options.license : licenses;
  info.built_at = NowIsoUtc();
  info.providers = providers_note;
  info.sources = sources;
  info.special_purpose_from_tables = options.keep_special_purpose;
  nlohmann::json meta = {{"name", info.name},       {"version", info.version},
                         {"date", info.date},       {"license", info.license},
                         {"built_at", info.built_at}, {"providers", info.providers},
                         {"sources", info.sources}};
  // Absent in datasets built before the key existed: special-purpose then.
  if (options.keep_special_purpose) meta["special_purpose"] = "tables";
  const std::string meta_text = meta.dump();

  // Serialise.
  std::vector<uint32_t> v4_starts(out.v4_starts.size());
  for (size_t i = 0; i < v4_starts.size(); ++i) v4_starts[i] = static_cast<uint32_t>(out.v4_starts[i]);
  std::vector<kgeo::V6Start> v6_starts(out.v6_starts.size());
  for (size_t i = 0; i < v6_starts.size(); ++i) {
    v6_starts[i] = {static_cast<uint64_t>(out.v6_starts[i] >> 64), static_cast<uint64_t>(out.v6_starts[i])};
  }
  std::vector<uint32_t> v4_index(kgeo::kIndexEntries), v6_index(kgeo::kIndexEntries);
  for (uint32_t b = 0; b < kgeo::kIndexEntries; ++b) {
    v4_index[b] = static_cast<uint32_t>(std::lower_bound(v4_starts.begin(), v4_starts.end(), uint64_t{b} << 16,
                                                         [](uint32_t s, uint64_t v) { return s < v; }) -
                                        v4_starts.begin());
    v6_index[b] = static_cast<uint32_t>(
        std::lower_bound(v6_starts.begin(), v6_starts.end(), b,
                         [](const kgeo::V6Start& s, uint32_t v) { return (s.hi >> 48) < v; }) -
        v6_starts.begin());
  }
  std::string body;
  Append(body, meta_text.data(), meta_text.size());
  Append(body, strings.data().data(), strings.data().size());
  Append(body, out.records.data(), out.records.size());
  Append(body, v4_index.data(), v4_index.size());
  Append(body, v4_starts.data(), v4_starts.size());
  Append(body, out.v4_recs.data(), out.v4_recs.size());
  Append(body, v6_index.data(), v6_index.size());
  Append(body, v6_starts.data(), v6_starts.size());
  Append(body, out.v6_recs.data(), out.v6_recs.size());

  kgeo::Header h{};
  std::memcpy(h.magic, kgeo::kMagic, sizeof(h.magic));
  h.format_version = kgeo::kFormatVersion;
  h.header_bytes = sizeof(kgeo::Header);
  h.file_bytes = sizeof(kgeo::Header) + body.size();
  h.checksum = kgeo::Checksum(reinterpret_cast<const unsigned char*>(body.data()), body.size());
  h.meta_bytes = static_cast<uint32_t>(meta_text.size());
  h.strings_bytes = static_cast<uint32_t>(strings.data().size());
  h.records = static_cast<uint32_t>(out.records.size());
  h.v4_ranges = static_cast<uint32_t>(v4_starts.size());
  h.v6_ranges = static_cast<uint32_t>(v6_starts.size());

  // Temp file beside the target, fsync, validate by opening, then rename:
  // readers see the old file or the new one, never a partial one.
  std::error_code ec;
  const fs::path target(out_path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec) return Status::IoError(fmt::format("cannot create the directory of {}: {}", out_path, ec.message()));
  const std::string tmp = fmt::format("{}.tmp.{}", out_path, ::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(fmt::format("cannot create {}: {}", tmp, std::strerror(errno)));
  std::string header(reinterpret_cast<const char*>(&h), sizeof(h));
  Status s = WriteAll(fd, header, tmp);
  if (s.ok()) s = WriteAll(fd, body, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = Status::IoError(fmt::format("cannot sync {}: {}", tmp, std::strerror(errno)));
  ::close(fd);
  if (s.ok()) {
    Result<std::unique_ptr<GeoDatabase>> check = GeoDatabase::Open(tmp);
    if (!check.ok()) s = check.status().WithContext("the dataset just built does not verify");
  }
  if (s.ok() && ::rename(tmp.c_str(), out_path.c_str()) != 0) {
    s = Status::IoError(fmt::format("cannot rename {} to {}: {}", tmp, out_path, std::strerror(errno)));
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  info.ipv4_ranges = h.v4_ranges;
  info.ipv6_ranges = h.v6_ranges;
  info.records = h.records;
  return info;
}

}  // namespace kenchi::enrich
