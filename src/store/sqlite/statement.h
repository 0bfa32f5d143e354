// A thin, owning wrapper over sqlite3_stmt and a cache of them.
//
// The store prepares each SQL text once per connection and reuses it: the
// cache hands out a `Query`, a borrowed view of a cached statement that
// binds, steps and reads columns, and resets the statement when it goes out
// of scope. Resetting on scope exit matters in WAL mode: a statement that is
// left mid-result keeps its read snapshot open, which blocks checkpoints and
// can make a later write transaction fail with SQLITE_BUSY_SNAPSHOT.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kenchi/status.h"

namespace kenchi::sqlite {

// The last error of `db` as a Status: "<what>: <sqlite message>".
// Constraint violations and misuse are the caller's data or our bug, but
// they all come back from the database, so they travel as kIoError unless
// a caller knows better.
Status SqliteError(sqlite3* db, std::string_view what);

// Runs one or more SQL statements that return no rows we need.
Status Exec(sqlite3* db, std::string_view sql);

// Marks a value to be bound as a BLOB rather than TEXT in Query::BindAll.
struct BlobRef {
  std::string_view bytes;
};

// Owns one prepared statement; finalizes it on destruction.
class Statement {
 public:
  static Result<std::unique_ptr<Statement>> Prepare(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return stmt_; }
  sqlite3* db() const { return db_; }

 private:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// A borrowed use of a prepared statement. Parameter indexes start at 1 and
// column indexes at 0, as in the SQLite C API. On destruction the statement
// is reset and its bindings cleared, so the next user starts clean.
class Query {
 public:
  explicit Query(Statement& stmt) : stmt_(&stmt) {}
  ~Query();
  Query(Query&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Status Bind(int index, int64_t value);
  Status Bind(int index, double value);
  // Binds text; an empty view binds '' (not NULL).
  Status Bind(int index, std::string_view text);
  // Binds NULL for nullopt.
  Status Bind(int index, std::optional<std::string_view> text);
  Status Bind(int index, std::optional<int64_t> value);
  Status Bind(int index, std::optional<double> value);
  Status BindBlob(int index, std::string_view bytes);
  Status BindNull(int index);

  // Binds every argument in order, starting at parameter 1.
  template <typename... Args>
  Status BindAll(const Args&... args) {
    int index = 0;
    Status status;
    // Stops binding at the first failure; the fold keeps the order.
    ((status = status.ok() ? BindOne(++index, args) : status), ...);
    return status;
  }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Steps once and expects no row back (INSERT/UPDATE/DELETE without RETURNING).
  Status Run();

  bool IsNull(int column) const;
  int64_t Int64(int column) const;
  double Double(int column) const;
  // Text of a column; NULL reads as "".
  std::string Text(int column) const;
  // The same without a copy: valid until the next Step, Reset or another
  // read of the column as a different type.
  std::string_view TextView(int column) const;
  // Bytes of a BLOB (or TEXT) column; NULL reads as "".
  std::string Blob(int column) const;

 private:
  Status BindOne(int index, int64_t v) { return Bind(index, v); }
  Status BindOne(int index, int v) { return Bind(index, static_cast<int64_t>(v)); }
  Status BindOne(int index, double v) { return Bind(index, v); }
  Status BindOne(int index, std::string_view v) { return Bind(index, v); }
  Status BindOne(int index, const std::string& v) { return Bind(index, std::string_view(v)); }
  Status BindOne(int index, const char* v) { return Bind(index, std::string_view(v)); }
  Status BindOne(int index, std::optional<std::string_view> v) { return Bind(index, v); }
  Status BindOne(int index, std::optional<int64_t> v) { return Bind(index, v); }
  Status BindOne(int index, std::optional<double> v) { return Bind(index, v); }
  Status BindOne(int index, std::nullptr_t) { return BindNull(index); }
  Status BindOne(int index, BlobRef v) { return BindBlob(index, v.bytes); }

  Status CheckBind(int rc, int index);

  Statement* stmt_;
};

// Prepared statements of one connection, keyed by their SQL text.
// Statements are finalized when the cache is cleared or destroyed, which
// must happen before the connection is closed.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}

  // A ready-to-bind use of the statement for `sql`, preparing it on first use.
  Result<Query> Get(std::string_view sql);
  void Clear() { statements_.clear(); }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// NULL for an empty string: optional fields of the model are empty strings,
// the database keeps them as NULL so that "unknown" sorts and tests as such.
inline std::optional<std::string_view> NullIfEmpty(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return s;
}

// NULL for id 0: a reference the model leaves unset (no organisation, no
// document) is NULL in the database, as its foreign key requires.
inline std::optional<int64_t> NullIfZeroId(int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

// A date column's value: "YYYY-MM-DD" or empty (unknown).
inline bool IsIsoDateOrEmpty(std::string_view s) {
  if (s.empty()) return true;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace kenchi::sqlite
