// The watched fields of a leak-dump scan, compiled for lookups at dump speed.
//
// A dump line is not free text: its interesting parts are fields (an email
// address's domain, a URL's host, a card number's first digits). Finding
// them is a parse, and matching them is a hash lookup, which stays flat as a
// watchlist grows to 100k entries where multi-pattern text engines slow
// down tenfold (docs/BENCHMARKS.md, /work/shared/docs/MEASUREMENTS.md).
//
// - Email domains and domains match exactly and on every subdomain: a
//   watched example.co.jp matches user@mail.example.co.jp and
//   https://login.example.co.jp/. Comparison is ASCII case-insensitive;
//   internationalised domains are compared in the form they are given
//   (punycode in dumps is usual).
// - An email address is looked up among email domains and domains; a URL
//   host only among domains (a site is a domain, not a mailbox).
// - Card BINs are prefixes of 6 to 8 digits; the longest watched prefix of
//   a card number wins.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"

namespace kenchi::match {

enum class WatchKind : uint8_t { kEmailDomain, kDomain, kBin };

std::string_view ToString(WatchKind kind);

// One watched value and whose it is (0 when given on the command line).
struct WatchEntry {
  WatchKind kind = WatchKind::kDomain;
  std::string value;  // canonical: lowercase, no trailing dot; BIN digits only
  int64_t organization_id = 0;
  int64_t asset_id = 0;
};

// The watched values, before compilation. Adding the same (kind, value)
// twice keeps the first owner: a credential is attributed to one asset.
class WatchSet {
 public:
  // Validates and canonicalises `value`; kInvalidInput naming it when it is
  // not a domain (labels of letters, digits, '-', '_' joined by dots) or not
  // a BIN of 6 to 8 digits.
  Status Add(WatchKind kind, std::string_view value, int64_t organization_id = 0,
             int64_t asset_id = 0);
  // Adds the domain, email-domain and BIN assets of a store's watchlists;
  // other kinds are not fields of a dump and are ignored. An asset whose
  // value is not valid is returned as an error naming it.
  Status AddAssets(const std::vector<Asset>& assets);

  const std::vector<WatchEntry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  // The entries, moved out (the set is left empty): a Matcher built from a
  // set nobody needs afterwards takes them without copying 100k strings.
  std::vector<WatchEntry> TakeEntries() && { return std::move(entries_); }

 private:
  std::vector<WatchEntry> entries_;
};

// Index of a WatchSet entry, or kNoMatch.
using EntryIndex = int32_t;
inline constexpr EntryIndex kNoMatch = -1;

// The first step of an email-domain lookup, small enough to be inlined
// into a scanner's loop: two bits per (length, first eight bytes) of every
// watched domain, in one 64-bit word. It answers for names of one to three labels (nearly all
// of them) with no branch that depends on the name: the candidates are the
// whole name and its parent, and both bits are tested at once. "No" is
// certain; "maybe" is decided by Matcher::MatchEmailDomain.
struct DomainPrefilter {
  const uint64_t* bits = nullptr;
  int shift = 58;  // see WordOf
  // Whether the shortcut applies: every watched name has two labels or
  // more, so a name of up to three has at most two candidates.
  bool shortcut = false;
  uint32_t label_counts = 0;  // bit L set: names of L labels are watched

  // The length goes into the top byte, which names under 8 bytes leave
  // empty (a shift, where a multiply would lengthen the loop's chain).
  static uint64_t Key(uint64_t head, size_t n) {
    return (head ^ (static_cast<uint64_t>(n) << 56)) * 0x9E3779B97F4A7C15ULL;
  }
  // The key of the n bytes at p, when 8 bytes at p are readable.
  static uint64_t KeyPadded(const char* p, size_t n) {
    uint64_t head;
    __builtin_memcpy(&head, p, 8);
    // The first min(n, 8) bytes, with no branch (a scanner's loop computes
    // two keys a line): a mask from a table. A shift needs a test for 64
    // bits, which compilers made a branch that names of 7 and 9 bytes
    // mispredict. (No #if on the instruction set here: this inline
    // function is also compiled into the AVX2 build, and its definitions
    // must not differ.)
    return Key(head & kHeadMasks[n < 8 ? n : 8], n);
  }
  static constexpr uint64_t kHeadMasks[9] = {0,
                                             0xFF,
                                             0xFFFF,
                                             0xFF'FFFF,
                                             0xFFFF'FFFF,
                                             0xFF'FFFF'FFFF,
                                             0xFFFF'FFFF'FFFF,
                                             0xFF'FFFF'FFFF'FFFF,
                                             ~uint64_t{0}};
  // A key's word, and its bits there. `shift` takes the key's top bits:
  // the highest of them pick the word, and the next one or two groups of
  // six the bits in it. Two bits, because one bit per name let a frequent
  // name of a dump (a big provider, or a parent such as co.jp) through
  // whenever its bit happened to be set: with 1,000 watched domains a
  // fifth of a test dump's lines went on to a lookup that missed. Small
  // watchlists (two_bits false) keep one bit in a filter of 256 bits or
  // more per name, where that is rare and the second test costs more than
  // it saves. One shift, not one per group: a scanner's loop keeps it in a
  // register.
  bool two_bits = true;
  template <bool kTwoBits>
  static size_t WordOf(uint64_t key, int shift) {
    return static_cast<size_t>((key >> shift) >> (kTwoBits ? 12 : 6));
  }
  template <bool kTwoBits>
  static uint64_t BitsOf(uint64_t key, int shift) {
    const uint64_t top = key >> shift;
    uint64_t bits = uint64_t{1} << ((kTwoBits ? top >> 6 : top) & 63);
    if constexpr (kTwoBits) bits |= uint64_t{1} << (top & 63);
    return bits;
  }
  // Sets a key's bits (building the filter), and tests them.
  template <bool kTwoBits>
  static void Set(uint64_t* bits, int shift, uint64_t key) {
    bits[WordOf<kTwoBits>(key, shift)] |= BitsOf<kTwoBits>(key, shift);
  }
  // (The test shifts each bit down to bit 0 rather than build the mask
  // Set builds: two instructions a bit fewer, and a scanner tests twice
  // a line.)
  template <bool kTwoBits>
  static unsigned Test(const uint64_t* bits, int shift, uint64_t key) {
    const uint64_t top = key >> shift;
    const uint64_t word = bits[WordOf<kTwoBits>(key, shift)];
    uint64_t found = word >> ((kTwoBits ? top >> 6 : top) & 63);
    if constexpr (kTwoBits) found &= word >> (top & 63);
    return static_cast<unsigned>(found & 1);
  }
  unsigned Test(uint64_t key) const { return two_bits ? Test<true>(bits, shift, key) : Test<false>(bits, shift, key); }
  // Which names a lookup of `domain` must try, as bits: kWhole (the name
  // itself), kParent (the name after its first label; tried after the
  // whole), or kUndecided for names this shortcut does not cover (four
  // labels or more), which Matcher::MatchEmailDomain decides. 0: neither
  // can be watched. `domain` holds n < 64 bytes, bit i of `dots` is set when
  // domain[i] is a dot, and the n + 8 bytes from `domain` are readable.
  // (A scanner's loop calls the form for its two_bits, chosen once.)
  static constexpr unsigned kParent = 1, kWhole = 2, kUndecided = 4;
  template <bool kTwoBits>
  unsigned ProbesPadded(const char* domain, size_t n, uint64_t dots) const {
    const uint64_t rest = dots & (dots - 1);  // dots after the first
    if (!shortcut || (rest & (rest - 1)) != 0) return kUndecided;  // not for this shortcut
    return ProbesCounted<kTwoBits>(domain, n, dots, (dots != 0) + (rest != 0));
  }
  // ProbesPadded for a caller that has checked `shortcut` once and counted
  // the name's dots, `dot_count`, and found at most two (a scanner's loop,
  // which counts them with an instruction the baseline build lacks). The
  // empty name (n 0) is never a probe: no name of zero or one label is
  // watched where the shortcut applies.
  template <bool kTwoBits>
  unsigned ProbesCounted(const char* domain, size_t n, uint64_t dots, unsigned dot_count) const {
    // The parent starts after the first dot; with none, it is the empty
    // name at n, and it is not tried: there is no name of zero labels.
    const size_t parent = static_cast<size_t>(__builtin_ctzll((dots << 1) | (uint64_t{1} << n)));
    // Bit 0: names of the parent's label count are watched; bit 1: of the
    // whole name's. The same order as kParent and kWhole.
    const unsigned watched_counts = label_counts >> dot_count;
    const unsigned tests = Test<kTwoBits>(bits, shift, KeyPadded(domain + parent, n - parent)) |
                           Test<kTwoBits>(bits, shift, KeyPadded(domain, n)) << 1;
    return tests & watched_counts & (kParent | kWhole);
  }
  unsigned ProbesPadded(const char* domain, size_t n, uint64_t dots) const {
    return two_bits ? ProbesPadded<true>(domain, n, dots) : ProbesPadded<false>(domain, n, dots);
  }
  bool MayMatchPadded(const char* domain, size_t n, uint64_t dots) const {
    return ProbesPadded(domain, n, dots) != 0;
  }
};

// Immutable after construction and safe to share between threads.
class Matcher {
 public:
  // Pass std::move(set) when the set is not needed afterwards: its entries
  // are then moved, not copied.
  explicit Matcher(WatchSet set);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // `domain` must already be lowercase ASCII (the scanner lowercases while
  // parsing). Tries the whole domain, then each parent down to the shortest
  // watched label count.
  EntryIndex MatchEmailDomain(std::string_view domain) const;
  // The same for a domain whose dots the caller has already found (bit i
  // set when domain[i] == '.'), as the scanner's vector classification
  // does: no byte loop at all. (A mask holds 64: for a longer domain the
  // dots are ignored and found again.)
  EntryIndex MatchEmailDomain(std::string_view domain, uint64_t dots) const;
  // The same again when the 8 bytes after `domain` are readable too (a
  // scanner's window): names are read a word at a time, with no copy and no
  // call.
  EntryIndex MatchEmailDomainPadded(std::string_view domain, uint64_t dots) const;
  // Names exactly, as email domains, padded as above: what a scanner looks
  // up for each name DomainPrefilter::ProbesPadded names (the whole name,
  // its parent), with no filter test and no label counting again. The
  // table slots of the whole batch are fetched first, so that their cache
  // misses overlap, then all are looked up; hits[i] is names[i]'s entry or
  // kNoMatch. One call a batch, with the hashing, probing and comparing
  // inlined in its loops.
  void MatchEmailNamesPadded(const std::string_view* names, size_t count, EntryIndex* hits) const;
  // Empty (matches nothing) when no domain is watched.
  const DomainPrefilter& prefilter() const { return prefilter_; }
  // Whether the table is larger than a core's L2 cache (then a scanner
  // prefetches the counters of its hits too).
  bool wants_prefetch() const;
  EntryIndex MatchHost(std::string_view host) const;
  // The same for a host whose dots the caller has found (LowerHost finds
  // them while lowering; a host longer than 64 bytes as MatchEmailDomain's).
  EntryIndex MatchHost(std::string_view host, uint64_t dots) const;
  // `digits`: the card number's digits only.
  EntryIndex MatchCard(std::string_view digits) const;

  bool watches_domains() const;
  bool watches_cards() const;
  const WatchEntry& entry(EntryIndex i) const { return entries_[static_cast<size_t>(i)]; }
  size_t size() const { return entries_.size(); }

 private:
  struct Tables;
  EntryIndex MatchDomain(std::string_view domain, bool email) const;
  EntryIndex MatchDomainWithDots(std::string_view domain, uint64_t dots, bool email) const;
  template <typename Fn>
  void ForEachCandidate(std::string_view domain, uint64_t dots, Fn fn) const;
  std::vector<WatchEntry> entries_;
  std::unique_ptr<Tables> tables_;
  DomainPrefilter prefilter_;
};

// Lowercases ASCII letters of `in` into `out` (capacity `cap`); returns the
// length, or 0 when `in` is longer than `cap` or holds a byte that cannot be
// in a host name (so it cannot match).
size_t LowerHost(std::string_view in, char* out, size_t cap);
// The same, and for a name of at most 64 bytes its dots as well (bit i set
// when out[i] is '.'; 0 for a longer name), for the lookups that take them.
// With `cap` of 64 or more, out[n, 64) may be written too.
size_t LowerHost(std::string_view in, char* out, size_t cap, uint64_t* dots);

}  // namespace kenchi::match
