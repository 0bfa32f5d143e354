// Compiling a WatchSet into flat hash tables, and the lookups.
#include "kenchi/match/watch_set.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>

namespace kenchi::match {
namespace {

constexpr size_t kMaxDomainBytes = 253;

bool IsHostByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

Result<std::string> CanonicalDomain(std::string_view value) {
  std::string out;
  for (char c : value) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  while (!out.empty() && out.back() == '.') out.pop_back();
  if (!out.empty() && out.front() == '@') out.erase(0, 1);  // "@example.jp" as an email domain
  bool ok = !out.empty() && out.size() <= kMaxDomainBytes && out.front() != '.' &&
            out.find("..") == std::string::npos;
  for (char c : out) ok = ok && IsHostByte(c);
  if (!ok) {
    return Status::InvalidInput("\"" + std::string(value) +
                                "\" is not a domain (letters, digits, '-' and dots, ASCII or "
                                "punycode)");
  }
  return out;
}

Result<std::string> CanonicalBin(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c >= '0' && c <= '9') out.push_back(c);
    else if (c != ' ' && c != '-') out = "x";  // forces the error below
  }
  if (out.size() < 6 || out.size() > 8 || out.find('x') != std::string::npos) {
    return Status::InvalidInput("\"" + std::string(value) + "\" is not a card BIN (6 to 8 digits)");
  }
  return out;
}

uint64_t BinKey(std::string_view digits) {
  uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v * 16 + digits.size();
}

}  // namespace

std::string_view ToString(WatchKind kind) {
  switch (kind) {
    case WatchKind::kEmailDomain: return "email_domain";
    case WatchKind::kDomain: return "domain";
    case WatchKind::kBin: return "bin";
  }
  return "domain";
}

Status WatchSet::Add(WatchKind kind, std::string_view value, int64_t organization_id,
                     int64_t asset_id) {
  Result<std::string> canonical =
      kind == WatchKind::kBin ? CanonicalBin(value) : CanonicalDomain(value);
  if (!canonical.ok()) return canonical.status();
  for (const WatchEntry& e : entries_) {
    if (e.kind == kind && e.value == *canonical) return Status::Ok();
  }
  entries_.push_back({kind, std::move(canonical).value(), organization_id, asset_id});
  return Status::Ok();
}

Status WatchSet::AddAssets(const std::vector<Asset>& assets) {
  // Duplicates are checked through a map here: the linear check in Add()
  // is fine for a command line, not for 100k assets.
  absl::flat_hash_map<std::string, size_t> seen;
  for (const WatchEntry& e : entries_) seen.emplace(std::string(ToString(e.kind)) + ":" + e.value, 0);
  for (const Asset& a : assets) {
    WatchKind kind;
    if (a.kind == AssetKind::kDomain) kind = WatchKind::kDomain;
    else if (a.kind == AssetKind::kEmailDomain) kind = WatchKind::kEmailDomain;
    else if (a.kind == AssetKind::kBin) kind = WatchKind::kBin;
    else continue;
    Result<std::string> canonical =
        kind == WatchKind::kBin ? CanonicalBin(a.value) : CanonicalDomain(a.value);
    if (!canonical.ok()) {
      return canonical.status().WithContext("asset " + std::to_string(a.id));
    }
    if (!seen.emplace(std::string(ToString(kind)) + ":" + *canonical, 0).second) continue;
    entries_.push_back({kind, std::move(canonical).value(), a.organization_id, a.id});
  }
  return Status::Ok();
}

// Per domain key: the email-domain entry and the domain entry watching it.
struct Matcher::Tables {
  struct Slot {
    EntryIndex email = kNoMatch;
    EntryIndex domain = kNoMatch;
  };
  absl::flat_hash_map<std::string_view, Slot> domains;
  absl::flat_hash_map<uint64_t, EntryIndex> bins;
  int min_labels = 1 << 20;
  int max_labels = 0;
};

Matcher::Matcher(const WatchSet& set) : entries_(set.entries()), tables_(std::make_unique<Tables>()) {
  tables_->domains.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const WatchEntry& e = entries_[i];
    const auto index = static_cast<EntryIndex>(i);
    if (e.kind == WatchKind::kBin) {
      tables_->bins.emplace(BinKey(e.value), index);
      continue;
    }
    // Views point into entries_, which never changes after this loop.
    Tables::Slot& slot = tables_->domains[std::string_view(e.value)];
    EntryIndex& target = e.kind == WatchKind::kEmailDomain ? slot.email : slot.domain;
    if (target == kNoMatch) target = index;
    const int labels = 1 + static_cast<int>(std::count(e.value.begin(), e.value.end(), '.'));
    tables_->min_labels = std::min(tables_->min_labels, labels);
    tables_->max_labels = std::max(tables_->max_labels, labels);
  }
}

Matcher::~Matcher() = default;

bool Matcher::watches_domains() const { return !tables_->domains.empty(); }
bool Matcher::watches_cards() const { return !tables_->bins.empty(); }

EntryIndex Matcher::MatchDomain(std::string_view domain, bool email) const {
  const Tables& t = *tables_;
  if (t.domains.empty() || domain.empty()) return kNoMatch;
  int labels = 1;
  for (char c : domain) labels += c == '.';
  size_t pos = 0;
  // Parents with more labels than any watched value cannot match: skip them
  // without hashing.
  while (labels > t.max_labels) {
    const size_t dot = domain.find('.', pos);
    if (dot == std::string_view::npos) return kNoMatch;
    pos = dot + 1;
    --labels;
  }
  while (labels >= t.min_labels) {
    auto it = t.domains.find(domain.substr(pos));
    if (it != t.domains.end()) {
      if (email && it->second.email != kNoMatch) return it->second.email;
      if (it->second.domain != kNoMatch) return it->second.domain;
    }
    const size_t dot = domain.find('.', pos);
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
    --labels;
  }
  return kNoMatch;
}

EntryIndex Matcher::MatchEmailDomain(std::string_view domain) const { return MatchDomain(domain, true); }
EntryIndex Matcher::MatchHost(std::string_view host) const { return MatchDomain(host, false); }

EntryIndex Matcher::MatchCard(std::string_view digits) const {
  const auto& bins = tables_->bins;
  if (bins.empty() || digits.size() < 6) return kNoMatch;
  for (size_t len = std::min<size_t>(8, digits.size()); len >= 6; --len) {
    auto it = bins.find(BinKey(digits.substr(0, len)));
    if (it != bins.end()) return it->second;
  }
  return kNoMatch;
}

size_t LowerHost(std::string_view in, char* out, size_t cap) {
  if (in.size() > cap) return 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    else if (!IsHostByte(c)) return 0;
    out[i] = c;
  }
  return in.size();
}

}  // namespace kenchi::match
