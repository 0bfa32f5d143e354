// The watchlist matcher: see kenchi/match/matcher.h for what it does.
#include "kenchi/match/matcher.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>
#include <idn2.h>

#include <algorithm>

#include "kenchi/match/asset_value.h"
#include "kenchi/match/folded_text.h"
#include "kenchi/parse/parse.h"
#include "match/literal_set.h"
#include "match/text_scan.h"

namespace kenchi::match {
namespace {

enum class Boundary { kNone, kWord, kDomain };

// One owner of a pattern or table entry: which asset of which organisation.
struct Ref {
  int64_t organization_id = 0;
  int64_t asset_id = 0;
  AssetKind kind = AssetKind::kKeyword;
  Boundary boundary = Boundary::kNone;
  std::vector<std::string> exclusions;  // folded like the pattern
};

// The literals of one folding, each with its owners.
struct PatternTable {
  Folding folding = Folding::kNfkcCaseFold;
  std::vector<std::string> literals;
  std::vector<std::vector<uint32_t>> owners;  // parallel to literals
  absl::flat_hash_map<std::string, uint32_t> index;
  LiteralSet set;

  void Add(std::string literal, uint32_t ref) {
    auto [it, inserted] = index.try_emplace(literal, static_cast<uint32_t>(literals.size()));
    if (inserted) {
      literals.push_back(std::move(literal));
      owners.emplace_back();
    }
    owners[it->second].push_back(ref);
  }
};

struct RangeEntry {
  IpBytes first{};
  IpBytes last{};
  uint32_t ref = 0;
};

// Sorted ranges with a running maximum of `last`, so that every range
// containing an address is found by scanning back from the binary-search
// position only while the running maximum still reaches the address.
struct RangeTable {
  std::vector<RangeEntry> ranges;
  std::vector<IpBytes> max_last;

  void Finish() {
    std::sort(ranges.begin(), ranges.end(),
              [](const RangeEntry& a, const RangeEntry& b) { return a.first < b.first; });
    max_last.resize(ranges.size());
    for (size_t i = 0; i < ranges.size(); ++i) {
      max_last[i] = i == 0 ? ranges[i].last : std::max(max_last[i - 1], ranges[i].last);
    }
  }

  template <typename F>
  void ForEachContaining(const IpBytes& ip, F&& f) const {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), ip,
                               [](const IpBytes& v, const RangeEntry& r) { return v < r.first; });
    for (size_t i = static_cast<size_t>(it - ranges.begin()); i-- > 0;) {
      if (max_last[i] < ip) break;
      if (ranges[i].last >= ip) f(ranges[i].ref);
    }
  }
};

// Allow-list entries of one organisation (or the global ones, key 0).
struct AllowSet {
  std::vector<std::string> terms_folded;  // case-folded
  std::vector<std::string> terms_nfkc;    // for case-sensitive patterns
  absl::flat_hash_set<std::string> domains;
  RangeTable networks;
};

// Debian's Abseil has its own string_view type for heterogeneous lookup.
absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string_view StripLeadingDot(std::string_view d) {
  while (!d.empty() && d.front() == '.') d.remove_prefix(1);
  return d;
}

// Whether `domain` is `base` or one of its subdomains.
template <typename F>
void ForEachSuffix(std::string_view domain, F&& f) {
  for (;;) {
    f(domain);
    const size_t dot = domain.find('.');
    if (dot == std::string_view::npos) return;
    domain.remove_prefix(dot + 1);
  }
}

// Whether the match [begin, end) of `pattern` in `text` lies inside an
// occurrence of `phrase` (all three in the same folding).
bool InsidePhrase(std::string_view text, size_t begin, size_t end, std::string_view pattern,
                  std::string_view phrase) {
  (void)end;
  for (size_t k = phrase.find(pattern); k != std::string_view::npos; k = phrase.find(pattern, k + 1)) {
    if (begin < k) continue;
    const size_t start = begin - k;
    if (start + phrase.size() <= text.size() && text.compare(start, phrase.size(), phrase) == 0) {
      return true;
    }
  }
  return false;
}

std::string Serialize(std::span<const Asset> assets, std::span<const AllowEntry> allow) {
  std::string s;
  for (const Asset& a : assets) {
    s += fmt::format("a|{}|{}|{}|{}|{}|{}|{}|{}\n", a.id, a.organization_id, ToString(a.kind), a.value,
                     a.label, a.options.case_sensitive, a.options.whole_word, a.options.exclusions.size());
    for (const std::string& e : a.options.exclusions) s += fmt::format("x|{}\n", e);
  }
  for (const AllowEntry& e : allow) {
    s += fmt::format("w|{}|{}|{}\n", e.organization_id, ToString(e.kind), e.value);
  }
  return s;
}

}  // namespace

struct WatchlistMatcher::Impl {
  std::vector<Ref> refs;
  PatternTable folded;     // NFKC_Casefold literals, scanned over folded text
  PatternTable sensitive;  // NFKC literals, scanned over NFKC text
  absl::flat_hash_map<std::string, std::vector<uint32_t>> domains;  // domain and email_domain refs
  RangeTable ranges;
  absl::flat_hash_map<int64_t, std::vector<uint32_t>> asns;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> bins;
  size_t min_bin = 8, max_bin = 6;
  absl::flat_hash_map<int64_t, AllowSet> allow;  // 0: global
  std::string fingerprint;
  MatcherStats stats;

  // Scratch, reused between calls.
  FoldedText folded_text;
  FoldedText nfkc_text;
  std::vector<LiteralHit> raw_hits;
  absl::flat_hash_set<int64_t> seen_assets;

  Status AddAsset(const Asset& a);
  bool Allowed(int64_t org, HitField field, std::string_view text, size_t begin, size_t end,
               std::string_view pattern, Folding folding, std::string_view value) const;
  void Report(uint32_t ref_index, HitField field, size_t begin, size_t end, std::string matched,
              std::vector<WatchHit>& out);
  Status ScanPatterns(PatternTable& table, const FoldedText& text, std::vector<WatchHit>& out);
};

Status WatchlistMatcher::Impl::AddAsset(const Asset& a) {
  Result<std::string> canonical = CanonicalAssetValue(a.kind, a.value);
  if (!canonical.ok()) {
    return canonical.status().WithContext(fmt::format("watchlist entry {} ({})", a.id, ToString(a.kind)));
  }
  const uint32_t ref_index = static_cast<uint32_t>(refs.size());
  Ref ref{a.organization_id, a.id, a.kind, Boundary::kNone, {}};
  const Folding folding = a.options.case_sensitive ? Folding::kNfkc : Folding::kNfkcCaseFold;
  switch (a.kind) {
    case AssetKind::kName:
    case AssetKind::kKeyword:
    case AssetKind::kPerson:
    case AssetKind::kAddress:
    case AssetKind::kCloudAccount: {
      // Cloud account IDs are runs of digits or letters: a longer run
      // containing one is a different ID.
      ref.boundary = a.options.whole_word || a.kind == AssetKind::kCloudAccount ? Boundary::kWord
                                                                                : Boundary::kNone;
      for (const std::string& e : a.options.exclusions) ref.exclusions.push_back(FoldPattern(e, folding));
      refs.push_back(std::move(ref));
      (folding == Folding::kNfkc ? sensitive : folded).Add(FoldPattern(*canonical, folding), ref_index);
      break;
    }
    case AssetKind::kDomain:
    case AssetKind::kEmailDomain: {
      ref.boundary = Boundary::kDomain;
      refs.push_back(std::move(ref));
      domains[*canonical].push_back(ref_index);
      folded.Add(*canonical, ref_index);
      // An internationalised name is also written in Unicode in posts.
      if (canonical->find("xn--") != std::string::npos) {
        char* unicode = nullptr;
        if (idn2_to_unicode_8z8z(canonical->c_str(), &unicode, 0) == IDN2_OK && unicode) {
          folded.Add(FoldPattern(unicode, Folding::kNfkcCaseFold), ref_index);
        }
        idn2_free(unicode);
      }
      ++stats.domains;
      break;
    }
    case AssetKind::kIpv4:
    case AssetKind::kIpv6:
    case AssetKind::kCidr: {
      Result<IpRange> r = ParseIpRange(*canonical, /*strict=*/false);
      if (!r.ok()) return r.status();
      refs.push_back(std::move(ref));
      ranges.ranges.push_back(RangeEntry{r->first, r->last, ref_index});
      break;
    }
    case AssetKind::kAsn: {
      const int64_t asn = *ParseAsn(*canonical);
      ref.boundary = Boundary::kWord;
      refs.push_back(std::move(ref));
      asns[asn].push_back(ref_index);
      folded.Add(fmt::format("as{}", asn), ref_index);
      break;
    }
    case AssetKind::kBin: {
      refs.push_back(std::move(ref));
      bins[*canonical].push_back(ref_index);
      min_bin = std::min(min_bin, canonical->size());
      max_bin = std::max(max_bin, canonical->size());
      break;
    }
  }
  return Status::Ok();
}

bool WatchlistMatcher::Impl::Allowed(int64_t org, HitField field, std::string_view text, size_t begin,
                                     size_t end, std::string_view pattern, Folding folding,
                                     std::string_view value) const {
  for (int64_t key : {org, int64_t{0}}) {
    auto it = allow.find(key);
    if (it == allow.end()) continue;
    const AllowSet& set = it->second;
    if (field == HitField::kText && !pattern.empty()) {
      const auto& terms = folding == Folding::kNfkc ? set.terms_nfkc : set.terms_folded;
      for (const std::string& term : terms) {
        if (InsidePhrase(text, begin, end, pattern, term)) return true;
      }
    }
    if (!set.domains.empty() && !value.empty() && value.find('.') != std::string_view::npos) {
      bool hit = false;
      ForEachSuffix(StripLeadingDot(value), [&](std::string_view suffix) {
        hit = hit || set.domains.contains(AbslView(suffix));
      });
      if (hit) return true;
    }
    if (!set.networks.ranges.empty() && field == HitField::kIp) {
      if (std::optional<IpBytes> ip = ParseIp(value)) {
        bool hit = false;
        set.networks.ForEachContaining(*ip, [&](uint32_t) { hit = true; });
        if (hit) return true;
      }
    }
  }
  return false;
}

void WatchlistMatcher::Impl::Report(uint32_t ref_index, HitField field, size_t begin, size_t end,
                                    std::string matched, std::vector<WatchHit>& out) {
  const Ref& ref = refs[ref_index];
  if (!seen_assets.insert(ref.asset_id).second) return;  // one hit per asset and fact
  out.push_back(WatchHit{ref.organization_id, ref.asset_id, ref.kind, field, begin, end,
                         std::move(matched)});
}

Status WatchlistMatcher::Impl::ScanPatterns(PatternTable& table, const FoldedText& text,
                                            std::vector<WatchHit>& out) {
  if (table.set.empty()) return Status::Ok();
  raw_hits.clear();
  KENCHI_RETURN_IF_ERROR(table.set.Scan(text.text(), raw_hits));
  const std::string_view t = text.text();
  for (const LiteralHit& h : raw_hits) {
    const std::string& literal = table.literals[h.id];
    const size_t end = h.end;
    const size_t begin = end - literal.size();
    for (uint32_t ref_index : table.owners[h.id]) {
      const Ref& ref = refs[ref_index];
      if (seen_assets.contains(ref.asset_id)) continue;
      size_t host_begin = begin;
      if (ref.boundary == Boundary::kWord && !AtWordBoundaries(t, begin, end)) continue;
      if (ref.boundary == Boundary::kDomain && !AtDomainBoundaries(t, begin, end, &host_begin)) continue;
      bool excluded = false;
      for (const std::string& phrase : ref.exclusions) {
        if (InsidePhrase(t, begin, end, literal, phrase)) excluded = true;
      }
      if (excluded) continue;
      const std::string_view domain_value =
          ref.boundary == Boundary::kDomain ? t.substr(host_begin, end - host_begin) : std::string_view();
      if (Allowed(ref.organization_id, HitField::kText, t, begin, end, literal, table.folding,
                  domain_value)) {
        continue;
      }
      // A domain found in text is reported as the whole host name it ends.
      const auto [src_begin, src_end] = text.SourceSpan(host_begin, end);
      Report(ref_index, HitField::kText, src_begin, src_end,
             std::string(text.source().substr(src_begin, src_end - src_begin)), out);
    }
  }
  return Status::Ok();
}

WatchlistMatcher::WatchlistMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WatchlistMatcher::~WatchlistMatcher() = default;

Result<std::unique_ptr<WatchlistMatcher>> WatchlistMatcher::Build(std::span<const Asset> assets,
                                                                  std::span<const AllowEntry> allow) {
  auto impl = std::make_unique<Impl>();
  impl->folded.folding = Folding::kNfkcCaseFold;
  impl->sensitive.folding = Folding::kNfkc;
  impl->refs.reserve(assets.size());
  for (const Asset& a : assets) KENCHI_RETURN_IF_ERROR(impl->AddAsset(a));
  impl->ranges.Finish();
  for (const AllowEntry& e : allow) {
    AllowSet& set = impl->allow[e.organization_id];
    switch (e.kind) {
      case AllowKind::kTerm:
        set.terms_folded.push_back(FoldPattern(e.value, Folding::kNfkcCaseFold));
        set.terms_nfkc.push_back(FoldPattern(e.value, Folding::kNfkc));
        break;
      case AllowKind::kDomain: {
        std::optional<std::string> d = CanonicalDomain(e.value);
        if (!d) return Status::InvalidInput(fmt::format("allow-list entry {}: \"{}\" is not a domain", e.id, e.value));
        set.domains.insert(*d);
        break;
      }
      case AllowKind::kNetwork: {
        Result<IpRange> r = ParseIpRange(e.value, /*strict=*/false);
        if (!r.ok()) return r.status().WithContext(fmt::format("allow-list entry {}", e.id));
        set.networks.ranges.push_back(RangeEntry{r->first, r->last, 0});
        break;
      }
    }
  }
  for (auto& [org, set] : impl->allow) set.networks.Finish();

  for (PatternTable* table : {&impl->folded, &impl->sensitive}) {
    Result<LiteralSet> set = LiteralSet::Compile(table->literals);
    if (!set.ok()) return set.status();
    table->set = std::move(set).value();
    table->index.clear();  // only needed while building
  }
  impl->stats.assets = assets.size();
  impl->stats.text_patterns = impl->folded.literals.size() + impl->sensitive.literals.size();
  impl->stats.ip_ranges = impl->ranges.ranges.size();
  impl->stats.asns = impl->asns.size();
  impl->stats.bins = impl->bins.size();
  impl->fingerprint = parse::Sha256Hex(Serialize(assets, allow));
  return std::unique_ptr<WatchlistMatcher>(new WatchlistMatcher(std::move(impl)));
}

Status WatchlistMatcher::MatchText(std::string_view text, std::vector<WatchHit>& out) {
  out.clear();
  impl_->seen_assets.clear();
  Impl& m = *impl_;
  if (text.empty()) return Status::Ok();
  m.folded_text.Assign(text, Folding::kNfkcCaseFold);
  KENCHI_RETURN_IF_ERROR(m.ScanPatterns(m.folded, m.folded_text, out));
  if (!m.sensitive.set.empty()) {
    m.nfkc_text.Assign(text, Folding::kNfkc);
    KENCHI_RETURN_IF_ERROR(m.ScanPatterns(m.sensitive, m.nfkc_text, out));
  }
  const std::string_view t = m.folded_text.text();
  if (!m.ranges.ranges.empty()) {
    FindIpLiterals(t, [&](size_t b, size_t e, const IpBytes& ip) {
      m.ranges.ForEachContaining(ip, [&](uint32_t ref_index) {
        const Ref& ref = m.refs[ref_index];
        const std::string_view value = t.substr(b, e - b);
        if (m.Allowed(ref.organization_id, HitField::kIp, t, b, e, {}, Folding::kNfkcCaseFold, value)) {
          return;
        }
        const auto [sb, se] = m.folded_text.SourceSpan(b, e);
        m.Report(ref_index, HitField::kText, sb, se, std::string(text.substr(sb, se - sb)), out);
      });
    });
  }
  if (!m.bins.empty()) {
    FindCardNumbers(t, [&](size_t b, size_t e, std::string_view digits) {
      for (size_t len = m.min_bin; len <= m.max_bin && len <= digits.size(); ++len) {
        auto it = m.bins.find(AbslView(digits.substr(0, len)));
        if (it == m.bins.end()) continue;
        for (uint32_t ref_index : it->second) {
          const auto [sb, se] = m.folded_text.SourceSpan(b, e);
          m.Report(ref_index, HitField::kText, sb, se, std::string(text.substr(sb, se - sb)), out);
        }
      }
    });
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const WatchHit& a, const WatchHit& b) { return a.begin < b.begin; });
  return Status::Ok();
}

Status WatchlistMatcher::Match(const MatchableFact& fact, std::vector<WatchHit>& out) {
  KENCHI_RETURN_IF_ERROR(MatchText(fact.text, out));
  Impl& m = *impl_;
  if (!fact.domain.empty() && !m.domains.empty()) {
    // Only credentials and e-mail indicators carry an e-mail domain; host
    // names (URLs, domain indicators) are not matched by email_domain assets.
    const bool is_email = fact.kind == "credential_exposure" || fact.detail == "email";
    std::optional<std::string> domain = CanonicalDomain(fact.domain);
    if (domain) {
      ForEachSuffix(std::string_view(*domain), [&](std::string_view suffix) {
        auto it = m.domains.find(AbslView(suffix));
        if (it == m.domains.end()) return;
        for (uint32_t ref_index : it->second) {
          const Ref& ref = m.refs[ref_index];
          if (ref.kind == AssetKind::kEmailDomain && !is_email) continue;
          if (m.Allowed(ref.organization_id, HitField::kDomain, {}, 0, 0, {}, Folding::kNfkcCaseFold,
                        *domain)) {
            continue;
          }
          m.Report(ref_index, HitField::kDomain, 0, 0, *domain, out);
        }
      });
    }
  }
  if (!fact.ip.empty() && !m.ranges.ranges.empty()) {
    if (std::optional<IpBytes> ip = ParseIp(fact.ip)) {
      m.ranges.ForEachContaining(*ip, [&](uint32_t ref_index) {
        const Ref& ref = m.refs[ref_index];
        if (m.Allowed(ref.organization_id, HitField::kIp, {}, 0, 0, {}, Folding::kNfkcCaseFold, fact.ip)) {
          return;
        }
        m.Report(ref_index, HitField::kIp, 0, 0, fact.ip, out);
      });
    }
  }
  if (fact.asn > 0) {
    if (auto it = m.asns.find(fact.asn); it != m.asns.end()) {
      for (uint32_t ref_index : it->second) {
        const Ref& ref = m.refs[ref_index];
        // An address allowed as a known network is not reported by its ASN either.
        if (!fact.ip.empty() &&
            m.Allowed(ref.organization_id, HitField::kIp, {}, 0, 0, {}, Folding::kNfkcCaseFold, fact.ip)) {
          continue;
        }
        // The address is what was seen (and what an allow-list entry can name).
        m.Report(ref_index, HitField::kAsn, 0, 0,
                 fact.ip.empty() ? fmt::format("AS{}", fact.asn) : fact.ip, out);
      }
    }
  }
  return Status::Ok();
}

const std::string& WatchlistMatcher::fingerprint() const { return impl_->fingerprint; }
const MatcherStats& WatchlistMatcher::stats() const { return impl_->stats; }

std::string_view AssetGroup(const Asset& asset) {
  return asset.label.empty() ? std::string_view(asset.value) : std::string_view(asset.label);
}

}  // namespace kenchi::match
