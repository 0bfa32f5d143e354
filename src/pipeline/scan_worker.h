// The per-thread part of a dump scan: lines in, counts and matches out.
// Private to src/pipeline (scan.cc and the benchmark's engine runs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kenchi/match/watch_set.h"
#include "kenchi/parse/dump.h"
#include "kenchi/pipeline/scan.h"

namespace kenchi::pipeline::internal {

struct Counters {
  uint64_t lines = 0, records = 0, matched = 0, bad = 0, invalid_utf8 = 0, skipped = 0;
  // Lines the general parser took (ScanWorker::Line): the rest took a fast
  // path. (For tests, which check that lines meant for a fast path take it.)
  uint64_t general = 0;
  void Add(const Counters& o) {
    lines += o.lines, records += o.records, matched += o.matched, bad += o.bad,
        invalid_utf8 += o.invalid_utf8, skipped += o.skipped, general += o.general;
  }
};

// Matches on their way from a worker to the writer. Batches go back and
// forth between the two and are reused: the strings of a used batch keep
// their capacity, so at a steady state a match costs no allocation.
struct FoundBatch {
  std::vector<FoundCredential> items;  // items[0, used) are this batch's matches
  size_t used = 0;
  FoundCredential& Next() {
    if (used == items.size()) items.emplace_back();
    return items[used++];
  }
};

class ScanWorker {
 public:
  // With `keep_matches` false (nobody reads them: `scan --no-store`, the
  // benchmark) a match is only counted, here, so no single thread has to
  // see every match.
  ScanWorker(const match::Matcher& matcher, const parse::DumpLayout& layout,
             const ScanOptions& options, bool keep_matches)
      : matcher_(matcher),
        layout_(layout),
        options_(options),
        keep_matches_(keep_matches) {
    per_entry.assign(matcher.size(), 0);
  }

  // Scans the whole lines of `block` (the last one may lack its '\n' at the
  // end of the stream); `base` is the stream offset of block[0].
  void Block(std::string_view block, uint64_t base);
  // A line longer than the buffer, starting at `offset`, was skipped.
  void TooLong(uint64_t offset, std::string_view head);

  Counters counters;
  std::vector<uint64_t> per_entry;  // matches by watch entry index
  std::vector<BadLineSample> samples;  // at most options.max_bad_samples, earliest first
  FoundBatch found;  // handed to the owner and replaced by a recycled batch

  // For the combolist fast path (scan_combo_loop.inc): the general path for
  // one line, and recording one match.
  void Line(std::string_view line, uint64_t offset);
  // (Inline: with nobody reading matches, a match is two increments.)
  void Found(FoundKind kind, match::EntryIndex hit, uint64_t offset, std::string_view identity,
             std::string_view password, std::string_view domain, std::string_view url) {
    Count(hit);
    if (keep_matches_) Keep(kind, hit, offset, identity, password, domain, url);
  }
  // Whether Found keeps matches; when not, a caller may Count instead and
  // skip working out what Found would be given.
  bool keeps_matches() const { return keep_matches_; }
  void Count(match::EntryIndex hit) {
    ++counters.matched;
    ++per_entry[static_cast<size_t>(hit)];
  }
  // Fetches the counter Found (or Count) will increment for `hit` (a lookup pipeline
  // issues these ahead: with 100k entries the counters outgrow the cache).
  void PrefetchCount(match::EntryIndex hit) const { __builtin_prefetch(&per_entry[static_cast<size_t>(hit)], 1); }
  const match::Matcher& matcher() const { return matcher_; }
  const ScanOptions& options() const { return options_; }

 private:
  void Record(const parse::DumpRecord& rec, uint64_t offset);
  void Keep(FoundKind kind, match::EntryIndex hit, uint64_t offset, std::string_view identity,
            std::string_view password, std::string_view domain, std::string_view url);
  void Bad(uint64_t offset, std::string_view reason, std::string_view line);

  const match::Matcher& matcher_;
  const parse::DumpLayout& layout_;
  const ScanOptions& options_;
  const bool keep_matches_;
  std::string scratch_;
  parse::SqlLineParser sql_;
};

// Combolist blocks: plain lines on a vectorised fast path, the rest through
// ScanWorker::Line. Two builds of the same loop (scan_combo_loop.inc): SSE2,
// which every x86-64 has, and AVX2, chosen at run time when the CPU has it.
void ComboBlock(ScanWorker& worker, std::string_view block, uint64_t base);
void ComboBlockSse2(ScanWorker& worker, std::string_view block, uint64_t base);
void ComboBlockAvx2(ScanWorker& worker, std::string_view block, uint64_t base);

}  // namespace kenchi::pipeline::internal
