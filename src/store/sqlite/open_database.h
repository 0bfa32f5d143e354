// Opening a SQLite database file for kenchi: create the directory, open,
// configure the connection, migrate, and prove that the file is writable.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <span>
#include <string>

#include "kenchi/status.h"
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

struct CloseConnection {
  // close_v2 rather than close: should a statement outlive the connection
  // by mistake, SQLite defers the close instead of leaking the handle.
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;

struct OpenedDatabase {
  Connection db;
  int schema_version = 0;
};

// Opens `path` (":memory:" for a private in-memory database), creating the
// file and its parent directories when missing; sets WAL mode, foreign
// keys, synchronous=NORMAL and a busy timeout; applies pending migrations.
// Failures are kIoError "cannot open database <path>: <reason>". When the
// open fails, a database file and directories created by this call are
// removed again, so a failed open leaves nothing behind.
Result<OpenedDatabase> OpenDatabase(const std::string& path,
                                    std::span<const Migration> migrations);

}  // namespace kenchi::sqlite
