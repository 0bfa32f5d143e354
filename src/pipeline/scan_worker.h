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
  void Add(const Counters& o) {
    lines += o.lines, records += o.records, matched += o.matched, bad += o.bad,
        invalid_utf8 += o.invalid_utf8, skipped += o.skipped;
  }
};

class ScanWorker {
 public:
  ScanWorker(const match::Matcher& matcher, const parse::DumpLayout& layout,
             const ScanOptions& options)
      : matcher_(matcher), layout_(layout), options_(options) {}

  // Scans the whole lines of `block` (the last one may lack its '\n' at the
  // end of the stream); `base` is the stream offset of block[0].
  void Block(std::string_view block, uint64_t base);
  // A line longer than the buffer, starting at `offset`, was skipped.
  void TooLong(uint64_t offset, std::string_view head);

  Counters counters;
  std::vector<BadLineSample> samples;  // at most options.max_bad_samples, earliest first
  std::vector<FoundCredential> found;  // drained by the owner

 private:
  // Combolist blocks: plain lines on a fast path (scan_combo_fast.cc),
  // the rest through Line().
  void ComboBlock(std::string_view block, uint64_t base);
  void Line(std::string_view line, uint64_t offset);
  void Record(const parse::DumpRecord& rec, uint64_t offset);
  void Bad(uint64_t offset, std::string_view reason, std::string_view line);
  void Found(FoundKind kind, match::EntryIndex hit, uint64_t offset, std::string_view identity,
             std::string_view password, std::string_view domain, std::string_view url);

  const match::Matcher& matcher_;
  const parse::DumpLayout& layout_;
  const ScanOptions& options_;
  std::string scratch_;
  parse::SqlLineParser sql_;
};

}  // namespace kenchi::pipeline::internal
