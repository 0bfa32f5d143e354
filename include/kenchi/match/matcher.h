// Matching stored facts against every organisation's watchlist.
//
// A WatchlistMatcher is compiled once from all assets and allow-list
// entries and then asked about one fact at a time. Inside:
//
// - Names, keywords, people, addresses, cloud account IDs, and the textual
//   form of domains and ASNs are literals in Hyperscan databases (one for
//   case-folded patterns, one for case-sensitive ones), scanned over the
//   folded text (kenchi/match/folded_text.h). Identical folded literals of
//   several organisations are one pattern with several owners, so a
//   watchlist of 100k entries is one database scan per text.
// - Domains and email domains carried by a fact are looked up by walking
//   the name's suffixes ("a.b.example.co.jp", "b.example.co.jp", ...) in a
//   hash table: exact and subdomain matches, no public-suffix list needed.
// - Addresses are compared with sorted ranges (single IPs and CIDRs, IPv4
//   stored IPv4-mapped); ASNs with a hash table; card numbers found in text
//   (13-19 digits passing the Luhn check, or a "BIN 453201" mention) with
//   the watched 6-8 digit BIN prefixes.
//
// Options: whole_word (for Latin letters and digits: no letter or digit may
// touch the match), case_sensitive, exclusions (a match inside one of the
// asset's exclusion phrases is dropped). Allow-list entries, per
// organisation or global, drop name matches inside a `term`, domain matches
// on a `domain` or its subdomains, and address matches inside a `network`.
//
// A matcher is not thread-safe (it owns scratch space); build one per
// thread if needed.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::match {

// Which part of a fact a hit was found in.
enum class HitField { kText, kDomain, kIp, kAsn };

struct WatchHit {
  int64_t organization_id = 0;
  int64_t asset_id = 0;
  AssetKind kind = AssetKind::kKeyword;
  HitField field = HitField::kText;
  // For kText: the matched bytes of the fact's text (source offsets).
  size_t begin = 0;
  size_t end = 0;
  // The matched text as it appears (kText), or the fact's domain, address
  // or "AS<n>" for typed hits.
  std::string matched;
};

struct MatcherStats {
  size_t assets = 0;
  size_t text_patterns = 0;  // distinct folded literals in the Hyperscan databases
  size_t domains = 0;
  size_t ip_ranges = 0;
  size_t asns = 0;
  size_t bins = 0;
};

class WatchlistMatcher {
 public:
  ~WatchlistMatcher();

  // Compiles the matcher. Assets whose value is not valid for their kind
  // (see asset_value.h) are an error naming the asset: the store should
  // never hold one.
  static Result<std::unique_ptr<WatchlistMatcher>> Build(std::span<const Asset> assets,
                                                         std::span<const AllowEntry> allow);

  // Every hit of `fact`, in text order for text hits. `out` is cleared
  // first. Hits dropped by options or allow-lists are not reported.
  Status Match(const MatchableFact& fact, std::vector<WatchHit>& out);

  // Text hits only (names, keywords, textual domains, ASNs, IPs, card BINs).
  Status MatchText(std::string_view text, std::vector<WatchHit>& out);

  // A hash of everything the matcher was built from: two matchers with
  // the same fingerprint find the same hits.
  const std::string& fingerprint() const;
  const MatcherStats& stats() const;

  struct Impl;

 private:
  explicit WatchlistMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The label an asset is shown and grouped under: its label, or its value.
std::string_view AssetGroup(const Asset& asset);

}  // namespace kenchi::match
