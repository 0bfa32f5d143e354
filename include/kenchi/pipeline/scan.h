// Scanning leak dumps for watched credentials: `kenchi scan FILE...`.
//
// ScanDump streams one file through fixed-size buffers, so memory does not
// grow with the dump: a plain file is cut into 32 MiB chunks that the
// worker threads take in file order, each owning the lines that start in
// it (read with pread a fraction of L2 at a time, or through mappings with
// map_files); a compressed file is decompressed by one reader thread and
// its blocks of whole lines are scanned by the workers. Lines longer than
// the cap are counted as bad and skipped, as are lines with control bytes
// (binary data) and lines that are not records; lines that are not valid
// UTF-8 are counted and still parsed (the fields that matter are ASCII).
//
// Matching credentials are handed to `on_found` on the calling thread (so
// it may write to a store); everything else is only counted. A password
// reaches `on_found` in plaintext, in memory: the callee hashes and masks
// it (ScanDumpIntoStore does) and must never write it anywhere.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kenchi/match/watch_set.h"
#include "kenchi/status.h"
#include "kenchi/store.h"
#include "kenchi/text/keyed_hash.h"

namespace kenchi::pipeline {

struct ScanOptions {
  int threads = 0;                     // worker threads; 0: one per core
  size_t buffer_bytes = 4u << 20;      // per worker (and per block in flight)
  size_t max_line_bytes = 1u << 20;    // longer lines are bad and skipped
  size_t max_bad_samples = 5;          // bad lines shown with their place
  // Plain combolist lines take a vectorised fast path (scan_combo_loop.inc)
  // with the same results as the general parser; false forces the general
  // parser everywhere, which the tests use to compare the two.
  bool fast_path = true;
  // Plain files are read with pread into the buffers, a fraction of L2 at
  // a time, as compressed streams are; true reads them through read-only
  // mappings instead, eight buffers at a time (no copy: faster when the
  // file's page cache is in large folios, much slower when it is in 4 KiB
  // pages, as after the file was written; docs/BENCHMARKS.md). Same
  // results; the tests run both.
  bool map_files = false;
};

struct BadLineSample {
  uint64_t line = 0;    // 1-based line number; 0 when unknown (compressed input)
  uint64_t offset = 0;  // byte offset of the line in the (decompressed) stream
  std::string reason;
  std::string excerpt;  // first bytes, printable ASCII only ('.' for the rest)
};

enum class FoundKind : uint8_t { kEmail, kUrl, kCard };
std::string_view ToString(FoundKind kind);

struct FoundCredential {
  FoundKind kind = FoundKind::kEmail;
  match::EntryIndex entry = match::kNoMatch;  // the watch entry that matched
  std::string identity;  // email or user name; for cards "411111******1111"
  std::string password;  // plaintext, in memory only; empty for cards
  std::string domain;    // the matched email domain or URL host (lowercase), or the BIN
  std::string url;       // stealer-log URL, when there is one
  uint64_t offset = 0;   // byte offset of the line in the (decompressed) stream
};

struct ScanStats {
  std::string path;
  std::string compression;  // "none", "gzip", "xz", "zstd", "zip", "7z", "bzip2"
  std::string format;       // "combolist", "csv", "sql"
  uint64_t file_bytes = 0;  // size on disk
  uint64_t bytes = 0;       // bytes scanned (decompressed)
  uint64_t lines = 0;
  uint64_t records = 0;     // credentials parsed (an SQL line may hold many)
  uint64_t matched = 0;
  uint64_t bad_lines = 0;
  uint64_t invalid_utf8_lines = 0;  // counted, still parsed
  uint64_t skipped_lines = 0;       // blank lines, headers, SQL other than INSERT
  std::vector<BadLineSample> bad_samples;  // the first ones, by offset
  std::map<std::string, uint64_t> matches_by_watch;  // watched value -> matches
  double seconds = 0;
  uint64_t unmatched() const { return records - matched; }
};

using FoundFn = std::function<Status(FoundCredential&)>;

// Scans one file. Fails with kInvalidInput naming the file (and the offset)
// when it is empty, binary, a directory or a broken archive; kIoError when
// it cannot be read. `on_found` failing stops the scan with its status.
Result<ScanStats> ScanDump(const std::string& path, const match::Matcher& matcher,
                           const ScanOptions& options, const FoundFn& on_found);

// ScanDump, storing what matched: in one transaction per file, a document
// for the dump (source "scan", its path; the bytes are not kept, they hold
// passwords), one CredentialExposure per match (upserted on identity and
// keyed password hash; never the password itself), and a scan_runs row
// with the counts. A failure rolls the whole file back.
Result<ScanStats> ScanDumpIntoStore(Store& store, const std::string& path,
                                    const match::Matcher& matcher, const ScanOptions& options,
                                    const text::KeyedHasher& hasher);

}  // namespace kenchi::pipeline
