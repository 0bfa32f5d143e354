// ScanDumpIntoStore: a dump scan whose matches become CredentialExposures.
//
// Privacy: the password of a match is hashed (HMAC-SHA256 with the
// installation secret) and masked here, then wiped from memory; neither the
// password nor the dump's bytes reach the database. Lines that match no
// watchlist leave only counts (scan_runs).
#include <openssl/crypto.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "kenchi/parse/parse.h"
#include "kenchi/pipeline/scan.h"
#include "kenchi/clock.h"

namespace kenchi::pipeline {
Result<ScanStats> ScanDumpIntoStore(Store& store, const std::string& path,
                                    const match::Matcher& matcher, const ScanOptions& options,
                                    const text::KeyedHasher& hasher) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return Status::IoError("cannot open " + path + ": no such file");
  std::error_code ec;
  const std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
  const std::string started = NowIsoUtc();

  Transaction tx(store);
  KENCHI_RETURN_IF_ERROR(tx.status());

  // The dump's document: its provenance only. The bytes are not kept (they
  // hold passwords), so the key is a SHA-256 over path, size and mtime:
  // scanning the same unchanged file again finds the same document.
  Document doc;
  doc.source = "scan";
  doc.uri = path;
  doc.title = std::filesystem::path(path).filename().string();
  doc.content_hash = parse::Sha256Hex("kenchi-scan\n" + absolute + "\n" + std::to_string(st.st_size) +
                                      "\n" + std::to_string(st.st_mtim.tv_sec) + "." +
                                      std::to_string(st.st_mtim.tv_nsec));
  doc.fetched_at = started;
  Result<PutOutcome> put = store.PutDocument(doc);
  if (!put.ok()) return put.status();
  const int64_t document_id = put->document_id;

  // Stored in batches (Store::PutCredentialExposures): one statement per
  // few thousand matches rather than one per match.
  constexpr size_t kBatch = 4096;
  std::vector<CredentialExposure> batch;
  size_t used = 0;
  auto flush = [&]() -> Status {
    batch.resize(used);
    Status s = store.PutCredentialExposures(batch);
    used = 0;
    return s.ok() ? s : s.WithContext(path);
  };
  Result<ScanStats> stats = ScanDump(path, matcher, options, [&](FoundCredential& f) -> Status {
    const match::WatchEntry& w = matcher.entry(f.entry);
    if (used == batch.size()) batch.emplace_back();
    CredentialExposure& e = batch[used++];  // reused: its strings keep their capacity
    e.document_id = document_id;
    e.identity = f.identity;
    e.kind.assign(ToString(f.kind));
    e.domain.assign(f.kind == FoundKind::kCard ? std::string_view() : std::string_view(f.domain));
    e.url = f.url;
    e.matched_on = w.value;
    e.organization_id = w.organization_id;
    e.asset_id = w.asset_id;
    e.password_hash.clear();
    e.password_preview.clear();
    if (!f.password.empty()) {
      e.password_hash = hasher.Hash(f.password);
      // A card number is never previewed, not even masked: its BIN and the
      // masked identity say enough.
      if (f.kind != FoundKind::kCard) e.password_preview = text::MaskSecret(f.password);
    }
    OPENSSL_cleanse(f.password.data(), f.password.size());
    e.first_seen = e.last_seen = started;
    return used == kBatch ? flush() : Status::Ok();
  });
  if (!stats.ok()) return stats.status();
  KENCHI_RETURN_IF_ERROR(flush());

  ScanRun run;
  run.document_id = document_id;
  run.path = path;
  run.file_bytes = static_cast<int64_t>(stats->file_bytes);
  run.file_mtime = IsoUtc(st.st_mtim.tv_sec);
  run.compression = stats->compression;
  run.format = stats->format;
  run.bytes = static_cast<int64_t>(stats->bytes);
  run.lines = static_cast<int64_t>(stats->lines);
  run.records = static_cast<int64_t>(stats->records);
  run.matched = static_cast<int64_t>(stats->matched);
  run.unmatched = static_cast<int64_t>(stats->unmatched());
  run.bad_lines = static_cast<int64_t>(stats->bad_lines);
  run.invalid_utf8_lines = static_cast<int64_t>(stats->invalid_utf8_lines);
  run.matches_by_watch = nlohmann::json(stats->matches_by_watch).dump();
  run.started_at = started;
  run.finished_at = NowIsoUtc();
  Result<int64_t> run_id = store.PutScanRun(run);
  if (!run_id.ok()) return run_id.status().WithContext(path);
  KENCHI_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

}  // namespace kenchi::pipeline
