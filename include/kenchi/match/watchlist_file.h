// Watchlist files: organisations, their assets and allow-lists in YAML
// (`kenchi watch import FILE.yaml`). The format is documented with an
// example in docs/WATCHLIST.md; sample-data/watchlists/ holds one.
//
// Reading is strict: an unknown key (a typo such as `domian:`), a value of
// the wrong shape, or a value that is not valid for its kind is an error
// naming file:line:column and what was expected; nothing is imported then.
// Importing is one transaction and idempotent: organisations and assets are
// upserted by their natural keys, so importing the same file twice changes
// nothing the second time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kenchi/model.h"
#include "kenchi/status.h"
#include "kenchi/store.h"

namespace kenchi::match {

// Watchlist files larger than this are refused (a watchlist of 100k
// entries is a few MiB).
inline constexpr size_t kMaxWatchlistFileBytes = 64u << 20;

struct WatchlistAsset {
  Asset asset;        // organization_id unset; value canonical
  std::string where;  // "file:line:column" of the value, for messages
};

struct WatchlistAllow {
  AllowEntry entry;  // organization_id unset; value canonical
  std::string where;
};

struct WatchlistOrganization {
  Organization organization;
  std::vector<WatchlistAsset> assets;
  std::vector<WatchlistAllow> allow;
  std::string where;
};

struct WatchlistFile {
  std::vector<WatchlistOrganization> organizations;
  std::vector<WatchlistAllow> global_allow;
};

// Parses and validates watchlist YAML; `name` is used in messages.
Result<WatchlistFile> ParseWatchlist(std::string_view yaml, const std::string& name);

// Reads and parses a file (kIoError when it cannot be read, kInvalidInput
// when it is larger than kMaxWatchlistFileBytes or not a valid watchlist).
Result<WatchlistFile> LoadWatchlistFile(const std::string& path);

struct WatchlistImportReport {
  int64_t organizations_new = 0;
  int64_t organizations_existing = 0;
  int64_t assets_new = 0;
  int64_t assets_existing = 0;   // already there (options or label may have been updated)
  int64_t assets_removed = 0;    // with `replace`
  int64_t allow_new = 0;
  int64_t allow_existing = 0;
};

// Stores everything in `file` in one transaction. With `replace`, assets
// of the file's organisations that the file no longer lists are removed
// (the file is then the whole truth for those organisations); without it,
// importing only adds and updates.
Result<WatchlistImportReport> ImportWatchlist(Store& store, const WatchlistFile& file, bool replace);

}  // namespace kenchi::match
