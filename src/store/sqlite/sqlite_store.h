// Private entry points of the SQLite store, for the store itself and its
// tests. Everything else goes through OpenSqliteStore() in kenchi/store.h.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "kenchi/store.h"
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

// How long a connection waits for another writer's lock before giving up
// with SQLITE_BUSY: long enough for a concurrent ingest to commit a batch,
// short enough that a stuck process is reported rather than waited on.
inline constexpr int kBusyTimeoutMs = 5000;

// OpenSqliteStore() with an explicit migration list, so that tests can
// exercise upgrades (the build's list plus one more) and refusals (a
// database from a "newer" list opened with the build's list).
// The path ":memory:" opens a private in-memory database.
Result<std::unique_ptr<Store>> OpenSqliteStoreWithMigrations(
    const std::string& path, std::span<const Migration> migrations);

}  // namespace kenchi::sqlite
