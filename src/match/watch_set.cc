// Compiling a WatchSet into flat hash tables, and the lookups.
#include "kenchi/match/watch_set.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "kenchi/match/asset_value.h"

namespace kenchi::match {
namespace {

constexpr size_t kMaxDomainBytes = 253;

constexpr bool IsHostByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

Result<std::string> DomainForScan(std::string_view value) {
  // Trimmed as a view, then copied and lowered in one pass: a scan
  // canonicalises every watched domain as it loads the watchlist (100k of
  // them, where a byte-by-byte append cost a tenth of the start-up).
  std::string_view v = value;
  while (!v.empty() && v.back() == '.') v.remove_suffix(1);
  if (!v.empty() && v.front() == '@') v.remove_prefix(1);  // "@example.jp" as an email domain
  std::string out(v);
  bool ok = !out.empty() && out.size() <= kMaxDomainBytes && out.front() != '.';
  char previous = 0;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    ok &= IsHostByte(c) && !(c == '.' && previous == '.');
    previous = c;
  }
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
      kind == WatchKind::kBin ? CanonicalBin(value) : DomainForScan(value);
  if (!canonical.ok()) return canonical.status();
  if (kind != WatchKind::kBin) KENCHI_RETURN_IF_ERROR(CheckNotPublicSuffix(*canonical));
  for (const WatchEntry& e : entries_) {
    if (e.kind == kind && e.value == *canonical) return Status::Ok();
  }
  entries_.push_back({kind, std::move(canonical).value(), organization_id, asset_id});
  return Status::Ok();
}

Status WatchSet::AddAssets(const std::vector<Asset>& assets) {
  // Duplicates are checked through a set here: the linear check in Add()
  // is fine for a command line, not for 100k assets. The set holds views
  // of the entries' own values, which stay where they are: entries_ does
  // not grow past what is reserved here.
  // (Grown geometrically: a caller adding a few assets at a time must not
  // copy every entry on every call.)
  if (const size_t need = entries_.size() + assets.size(); need > entries_.capacity()) {
    entries_.reserve(std::max(need, 2 * entries_.capacity()));
  }
  absl::flat_hash_set<std::pair<WatchKind, std::string_view>> seen;
  seen.reserve(entries_.capacity());
  for (const WatchEntry& e : entries_) seen.emplace(e.kind, e.value);
  for (const Asset& a : assets) {
    WatchKind kind;
    if (a.kind == AssetKind::kDomain) kind = WatchKind::kDomain;
    else if (a.kind == AssetKind::kEmailDomain) kind = WatchKind::kEmailDomain;
    else if (a.kind == AssetKind::kBin) kind = WatchKind::kBin;
    else continue;
    Result<std::string> canonical =
        kind == WatchKind::kBin ? CanonicalBin(a.value) : DomainForScan(a.value);
    if (!canonical.ok()) {
      return canonical.status().WithContext("asset " + std::to_string(a.id));
    }
    if (seen.contains({kind, *canonical})) continue;
    entries_.push_back({kind, std::move(canonical).value(), a.organization_id, a.id});
    seen.emplace(kind, entries_.back().value);
  }
  return Status::Ok();
}

namespace {

// A hash of a short lowercase string, for the domain table: two
// overlapping 8-byte reads cover the usual 4-16 byte domains, so hashing a
// candidate costs a few instructions and no loop. Not a defence against
// chosen collisions (a dump cannot choose the watchlist), and every hit is
// confirmed against the stored value.
__extension__ typedef unsigned __int128 U128;  // GCC and Clang; -Wpedantic otherwise objects

inline uint64_t Mix(uint64_t a, uint64_t b) {
  const U128 m = static_cast<U128>(a ^ 0x9E3779B97F4A7C15ULL) * (b ^ 0xD6E8FEB86659FD93ULL);
  return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
}

inline uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint64_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The prefilter's key of a name (DomainPrefilter::Key): its length and
// first eight bytes, zero-padded. Cheaper than DomainHash, and a name's
// start is what tells domains apart: their ends are a few common suffixes.
// (Loaded whole, not copied byte by byte into a word: the copy went
// through the stack, and loading the word back stalled on the partial
// stores, a third of the general parser's filter tests.)
inline uint64_t FilterKey(const char* p, size_t n) {
  uint64_t head = 0;
  if (n >= 8) {
    head = Load8(p);
  } else if (n >= 4) {
    // Bytes [0, 4) and [n - 4, n), overlapping: the same bytes where they meet.
    head = Load4(p) | Load4(p + n - 4) << (8 * (n - 4));
  } else {
    for (size_t i = 0; i < n; ++i) head |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  }
  return DomainPrefilter::Key(head, n);
}

__attribute__((always_inline)) inline uint64_t DomainHash(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t a, b;
  if (n >= 8) {
    uint64_t h = n;
    size_t i = 0;
    for (; i + 16 < n; i += 8) h = Mix(h ^ Load8(p + i), 0x2545F4914F6CDD1DULL);
    a = Load8(p + i) ^ h;
    b = Load8(p + n - 8);
  } else if (n >= 4) {
    a = Load4(p);
    b = Load4(p + n - 4);
  } else {
    a = n == 0 ? 0 : (static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
                         (static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
                         static_cast<unsigned char>(p[n - 1]);
    b = 0;
  }
  const uint64_t h = Mix(a, b ^ (n * 0x9DDFEA08EB382D69ULL));
  return h | 1;  // 0 marks an empty slot
}

// Baseline x86-64 has no POPCNT instruction and the builtin becomes a
// library call; dots are few, so clearing them one by one is cheaper.
inline int PopCount(uint64_t v) {
  int n = 0;
  for (; v != 0; v &= v - 1) ++n;
  return n;
}

}  // namespace

// Watched domains in an open-addressing table (linear probing, at most
// half full) of cache-line slots. A slot holds the value's 64-bit hash, the
// entries watching it and, for names of up to 47 bytes (nearly all), the
// name itself: a lookup that misses costs one memory access, and one that
// hits is confirmed in the same line, not in entries_ (two more accesses
// that miss the cache once the watchlist is large).
struct Matcher::Tables {
  struct alignas(64) Slot {
    uint64_t hash = 0;  // 0: empty
    EntryIndex email = kNoMatch;
    EntryIndex domain = kNoMatch;
    uint8_t length = 0;  // of `name`; 0 when the name is longer (compared in entries_)
    char name[47] = {};
  };
  static_assert(sizeof(Slot) == 64);
  // Large arrays are asked for in transparent huge pages: a random probe
  // into 16 MiB of 4 KiB pages misses the TLB as well as the cache, and
  // the filter's 256 KiB (100k names) span more pages than the first-level
  // TLB holds, with two probes a line. `huge_from`: the size from which a
  // 2 MiB page is worth its memory.
  struct Free {
    void operator()(void* p) const { std::free(p); }
  };
  static void* AllocateMaybeHuge(size_t bytes, size_t align, size_t huge_from) {
    constexpr size_t kHuge = size_t{2} << 20;
    if (bytes >= huge_from) align = kHuge;
    const size_t rounded = (bytes + align - 1) / align * align;
    void* mem = std::aligned_alloc(align, rounded);
    if (mem == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    if (align == kHuge) madvise(mem, rounded, MADV_HUGEPAGE);  // advice only: fine if refused
#endif
    return mem;
  }
  std::unique_ptr<Slot[], Free> slots;
  size_t capacity = 0;
  void AllocateSlots(size_t n) {
    // + 1: MatchEmailNamesPadded prefetches the slot after a name's, with no mask.
    const size_t bytes = (n + 1) * sizeof(Slot);
    Slot* first = static_cast<Slot*>(AllocateMaybeHuge(bytes, alignof(Slot), size_t{2} << 20));
    for (size_t i = 0; i <= n; ++i) new (first + i) Slot{};
    slots.reset(first);
    capacity = n;
  }
  bool Holds(const Slot& slot, std::string_view domain, const std::vector<WatchEntry>& entries) const {
    if (slot.length != 0) {
      return slot.length == domain.size() && std::memcmp(slot.name, domain.data(), domain.size()) == 0;
    }
    const EntryIndex any = slot.email != kNoMatch ? slot.email : slot.domain;
    return entries[static_cast<size_t>(any)].value == domain;
  }
  uint64_t mask = 0;
  size_t domains = 0;
  // The bits of the DomainPrefilter: two bits of one word per FilterKey,
  // set for every watched domain. Most names of a dump hit no watched one,
  // and one word's test (L1 or L2 sized) turns them away before hashing and
  // probing. Set bits prove nothing; Find decides.
  // (Its shift and bit count live in the Matcher's DomainPrefilter, which
  // the lookups below test through.)
  std::unique_ptr<uint64_t[], Free> filter;
  void AllocateFilter(size_t words) {
    auto* bits = static_cast<uint64_t*>(AllocateMaybeHuge(words * 8, 64, size_t{128} << 10));
    std::fill(bits, bits + words, 0);
    filter.reset(bits);
  }
  absl::flat_hash_map<uint64_t, EntryIndex> bins;
  int min_labels = 1 << 20;
  int max_labels = 0;

  const Slot* Find(std::string_view domain, const std::vector<WatchEntry>& entries) const {
    const uint64_t h = DomainHash(domain);
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots[i];
      if (slot.hash == 0) return nullptr;
      if (slot.hash == h && Holds(slot, domain, entries)) return &slot;
    }
  }

  // Find for a name followed by 8 readable bytes: compared a word at a
  // time against the slot's copy (no word read goes past the slot).
  const Slot* FindPadded(std::string_view domain, const std::vector<WatchEntry>& entries) const {
    return FindPadded(domain, DomainHash(domain), entries);
  }
  __attribute__((always_inline)) const Slot* FindPadded(std::string_view domain, uint64_t h,
                                                       const std::vector<WatchEntry>& entries) const {
    const char* p = domain.data();
    const size_t n = domain.size();
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots[i];
      if (slot.hash == 0) return nullptr;
      if (slot.hash != h) continue;
      if (slot.length == 0) {
        if (Holds(slot, domain, entries)) return &slot;
        continue;
      }
      if (slot.length != n) continue;
      // A word at a time; from 8 bytes on, the last word is the one that
      // ends the name (overlapping the one before: no mask, no branch).
      uint64_t diff;
      if (n < 8) {
        diff = (Load8(p) ^ Load8(slot.name)) & DomainPrefilter::kHeadMasks[n];
      } else {
        diff = Load8(p + n - 8) ^ Load8(slot.name + n - 8);
        for (size_t k = 0; k + 8 < n; k += 8) diff |= Load8(p + k) ^ Load8(slot.name + k);
      }
      if (diff == 0) return &slot;
    }
  }

  Slot& Insert(std::string_view domain, const std::vector<WatchEntry>& entries) {
    const uint64_t h = DomainHash(domain);
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots[i];
      if (slot.hash == 0) {
        slot.hash = h;
        if (domain.size() <= sizeof slot.name) {
          slot.length = static_cast<uint8_t>(domain.size());
          std::memcpy(slot.name, domain.data(), domain.size());
        }
        ++domains;
        return slot;
      }
      if (slot.hash == h && Holds(slot, domain, entries)) return slot;
    }
  }
};

Matcher::Matcher(WatchSet set) : entries_(std::move(set).TakeEntries()), tables_(std::make_unique<Tables>()) {
  Tables& t = *tables_;
  size_t capacity = 16;
  while (capacity < entries_.size() * 2) capacity *= 2;
  t.AllocateSlots(capacity);
  t.mask = capacity - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const WatchEntry& e = entries_[i];
    const auto index = static_cast<EntryIndex>(i);
    if (e.kind == WatchKind::kBin) {
      t.bins.emplace(BinKey(e.value), index);
      continue;
    }
    Tables::Slot& slot = t.Insert(e.value, entries_);
    EntryIndex& target = e.kind == WatchKind::kEmailDomain ? slot.email : slot.domain;
    if (target == kNoMatch) target = index;
    const int labels = 1 + static_cast<int>(std::count(e.value.begin(), e.value.end(), '.'));
    t.min_labels = std::min(t.min_labels, labels);
    t.max_labels = std::max(t.max_labels, labels);
  }
  // 16 bits per domain at least (with two bits each, a false "maybe" for
  // about one name in 70), and up to 64 while the filter fits in 32 KiB
  // (L1; one in 1,000): a false "maybe" costs a lookup that misses, more
  // than the line's parse. Up to 128 domains, one bit each in 4 KiB.
  const uint64_t domains = t.domains;
  const bool small = domains <= 128;
  int bits = small ? 15 : 12;
  while (bits < 40 && ((uint64_t{1} << bits) < domains * 16 ||
                       ((uint64_t{1} << bits) < domains * 64 && bits < 18))) {
    ++bits;
  }
  t.AllocateFilter((size_t{1} << bits) / 64);
  prefilter_.bits = t.filter.get();
  // The key's top `bits` bits pick the word and a bit; with two bits, six
  // more pick the second.
  prefilter_.shift = small ? 64 - bits : 58 - bits;
  prefilter_.two_bits = !small;
  for (const WatchEntry& e : entries_) {
    if (e.kind == WatchKind::kBin) continue;
    const uint64_t key = FilterKey(e.value.data(), e.value.size());
    if (small) {
      DomainPrefilter::Set<false>(t.filter.get(), prefilter_.shift, key);
    } else {
      DomainPrefilter::Set<true>(t.filter.get(), prefilter_.shift, key);
    }
  }
  // With nothing watched, no label count is watched and every name stops
  // at the filter.
  prefilter_.shortcut = t.domains == 0 || t.min_labels >= 2;
  for (int labels = t.min_labels; t.domains > 0 && labels <= std::min(t.max_labels, 31); ++labels) {
    prefilter_.label_counts |= uint32_t{1} << labels;
  }
}

Matcher::~Matcher() = default;

bool Matcher::watches_domains() const { return tables_->domains > 0; }
bool Matcher::watches_cards() const { return !tables_->bins.empty(); }
bool Matcher::wants_prefetch() const {
  const Tables& t = *tables_;
  return t.capacity * sizeof(Tables::Slot) > (512u << 10);
}

EntryIndex Matcher::MatchDomain(std::string_view domain, bool email) const {
  if (domain.empty() || domain.size() > kMaxDomainBytes) return kNoMatch;
  if (domain.size() <= 64) {
    uint64_t dots = 0;
    for (size_t i = 0; i < domain.size(); ++i) dots |= uint64_t{domain[i] == '.'} << i;
    return MatchDomainWithDots(domain, dots, email);
  }
  const Tables& t = *tables_;
  if (t.domains == 0) return kNoMatch;
  // Long names: label starts, right to left; a domain of at most 253 bytes
  // has fewer than 128 labels.
  uint8_t starts[128];
  int found = 0;
  int labels = 1;
  for (size_t i = domain.size(); i-- > 0;) {
    if (domain[i] != '.') continue;
    if (labels >= t.min_labels && labels <= t.max_labels) starts[found++] = static_cast<uint8_t>(i + 1);
    ++labels;
  }
  if (labels >= t.min_labels && labels <= t.max_labels) starts[found++] = 0;
  // Longest first: the most specific watched entry wins.
  for (int k = found - 1; k >= 0; --k) {
    if (!prefilter_.Test(FilterKey(domain.data() + starts[k], domain.size() - starts[k]))) continue;
    const Tables::Slot* s = t.Find(domain.substr(starts[k]), entries_);
    if (s == nullptr) continue;
    if (email && s->email != kNoMatch) return s->email;
    if (s->domain != kNoMatch) return s->domain;
  }
  return kNoMatch;
}

// Calls fn(start) for each suffix of `domain` (dots found by the caller)
// that could be watched, by label count: from the longest with at most
// max_labels labels down to min_labels, so the most specific entry comes
// first. Stops when fn returns true.
template <typename Fn>
void Matcher::ForEachCandidate(std::string_view domain, uint64_t dots, Fn fn) const {
  const Tables& t = *tables_;
  if (t.domains == 0 || domain.empty()) return;
  int labels = 1 + PopCount(dots);
  if (labels < t.min_labels) return;
  // Bit i of `dots` is domain[i], so the lowest bit is the leftmost dot.
  uint64_t remaining = dots;
  size_t pos = 0;
  while (labels > t.max_labels) {
    pos = static_cast<size_t>(__builtin_ctzll(remaining)) + 1;
    remaining &= remaining - 1;
    --labels;
  }
  while (true) {
    if (fn(pos)) return;
    if (labels <= t.min_labels || remaining == 0) return;
    pos = static_cast<size_t>(__builtin_ctzll(remaining)) + 1;
    remaining &= remaining - 1;
    --labels;
  }
}

EntryIndex Matcher::MatchDomainWithDots(std::string_view domain, uint64_t dots, bool email) const {
  if (domain.size() > 64) return MatchDomain(domain, email);  // no dots mask that long: found again
  const Tables& t = *tables_;
  EntryIndex hit = kNoMatch;
  ForEachCandidate(domain, dots, [&](size_t pos) {
    // Usually the filter says no: nothing watched is called that.
    if (!prefilter_.Test(FilterKey(domain.data() + pos, domain.size() - pos))) return false;
    const Tables::Slot* s = t.Find(domain.substr(pos), entries_);
    if (s == nullptr) return false;
    hit = email && s->email != kNoMatch ? s->email : s->domain;
    return hit != kNoMatch;
  });
  return hit;
}

EntryIndex Matcher::MatchEmailDomainPadded(std::string_view domain, uint64_t dots) const {
  const Tables& t = *tables_;
  EntryIndex hit = kNoMatch;
  ForEachCandidate(domain, dots, [&](size_t pos) {
    const char* p = domain.data() + pos;
    const size_t n = domain.size() - pos;
    if (!prefilter_.Test(DomainPrefilter::KeyPadded(p, n))) return false;
    const Tables::Slot* s = t.FindPadded(std::string_view(p, n), entries_);
    if (s == nullptr) return false;
    hit = s->email != kNoMatch ? s->email : s->domain;
    return hit != kNoMatch;
  });
  return hit;
}

void Matcher::MatchEmailNamesPadded(const std::string_view* names, size_t count, EntryIndex* hits) const {
  const Tables& t = *tables_;
  constexpr size_t kStep = 64;
  uint64_t hashes[kStep];
  for (size_t first = 0; first < count; first += kStep) {
    const size_t n = std::min(kStep, count - first);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t h = DomainHash(names[first + i]);
      hashes[i] = h;
      // The slot and the next: linear probing finds a third of the names
      // one slot further. (The table has one slot more than its mask
      // covers.)
      __builtin_prefetch(&t.slots[h & t.mask]);
      __builtin_prefetch(&t.slots[(h & t.mask) + 1]);
    }
    for (size_t i = 0; i < n; ++i) {
      const Tables::Slot* s = t.FindPadded(names[first + i], hashes[i], entries_);
      hits[first + i] = s == nullptr ? kNoMatch : s->email != kNoMatch ? s->email : s->domain;
    }
  }
}

EntryIndex Matcher::MatchEmailDomain(std::string_view domain) const { return MatchDomain(domain, true); }
EntryIndex Matcher::MatchEmailDomain(std::string_view domain, uint64_t dots) const {
  return MatchDomainWithDots(domain, dots, true);
}
EntryIndex Matcher::MatchHost(std::string_view host) const { return MatchDomain(host, false); }
EntryIndex Matcher::MatchHost(std::string_view host, uint64_t dots) const {
  return MatchDomainWithDots(host, dots, false);
}

EntryIndex Matcher::MatchCard(std::string_view digits) const {
  const auto& bins = tables_->bins;
  if (bins.empty() || digits.size() < 6) return kNoMatch;
  for (size_t len = std::min<size_t>(8, digits.size()); len >= 6; --len) {
    auto it = bins.find(BinKey(digits.substr(0, len)));
    if (it != bins.end()) return it->second;
  }
  return kNoMatch;
}

namespace {
// Byte -> lowercase host byte, 0 for a byte no host name holds: one load
// per byte and no branch, since the bytes of a dump are unpredictable.
constexpr std::array<unsigned char, 256> MakeHostLower() {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c >= 'A' && c <= 'Z') t[c] = static_cast<unsigned char>(c + 32);
    else if (IsHostByte(static_cast<char>(c))) t[c] = static_cast<unsigned char>(c);
  }
  return t;
}
constexpr std::array<unsigned char, 256> kHostLower = MakeHostLower();
}  // namespace

size_t LowerHost(std::string_view in, char* out, size_t cap) {
  if (in.size() > cap) return 0;
  unsigned char bad = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const unsigned char c = kHostLower[static_cast<unsigned char>(in[i])];
    out[i] = static_cast<char>(c);
    bad |= static_cast<unsigned char>(c == 0);
  }
  return bad ? 0 : in.size();
}

size_t LowerHost(std::string_view in, char* out, size_t cap, uint64_t* dots) {
  *dots = 0;
  if (in.size() > 64) return LowerHost(in, out, cap);
  if (in.size() > cap) return 0;
  const size_t n = in.size();
#if defined(__SSE2__)
  if (cap >= 64) {
    // 16 bytes at a time (the general parser lowers two names a line:
    // byte by byte that was a fifth of a stealer-log line's work), from a
    // zeroed copy so that no read passes the name; out takes whole 16-byte
    // stores, its bytes past n unspecified.
    alignas(16) char name[64] = {};
    std::memcpy(name, in.data(), n);
    const __m128i a_minus = _mm_set1_epi8('A' - 1), z_plus = _mm_set1_epi8('Z' + 1);
    const __m128i a_lower = _mm_set1_epi8('a' - 1), z_lower = _mm_set1_epi8('z' + 1);
    const __m128i zero_minus = _mm_set1_epi8('0' - 1), nine_plus = _mm_set1_epi8('9' + 1);
    const __m128i dash = _mm_set1_epi8('-'), dot = _mm_set1_epi8('.'), underscore = _mm_set1_epi8('_');
    const __m128i case_bit = _mm_set1_epi8(0x20);
    uint64_t bad = 0, found = 0;
    for (size_t i = 0; i < n; i += 16) {
      const __m128i v = _mm_load_si128(reinterpret_cast<const __m128i*>(name + i));
      // Signed compares: bytes >= 0x80 are negative, inside no range.
      const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, a_minus), _mm_cmplt_epi8(v, z_plus));
      const __m128i c = _mm_add_epi8(v, _mm_and_si128(upper, case_bit));
      const __m128i is_dot = _mm_cmpeq_epi8(c, dot);
      const __m128i host = _mm_or_si128(
          _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(c, a_lower), _mm_cmplt_epi8(c, z_lower)),
                       _mm_and_si128(_mm_cmpgt_epi8(c, zero_minus), _mm_cmplt_epi8(c, nine_plus))),
          _mm_or_si128(is_dot, _mm_or_si128(_mm_cmpeq_epi8(c, dash), _mm_cmpeq_epi8(c, underscore))));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), c);
      bad |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(host)) ^ 0xFFFFu) << i;
      found |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(is_dot))) << i;
    }
    // Only the name's own bytes count (the copy's zeros past it are not host bytes).
    const uint64_t mine = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    if ((bad & mine) != 0) return 0;
    *dots = found & mine;
    return n;
  }
#endif
  if (LowerHost(in, out, cap) == 0) return 0;
  uint64_t found = 0;
  for (size_t i = 0; i < n; ++i) found |= uint64_t{out[i] == '.'} << i;
  *dots = found;
  return n;
}

}  // namespace kenchi::match
