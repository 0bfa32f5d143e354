#include "store/sqlite/statement.h"

#include <fmt/format.h>

namespace kenchi::sqlite {

Status SqliteError(sqlite3* db, std::string_view what) {
  if (what.empty()) return Status::IoError(sqlite3_errmsg(db));
  return Status::IoError(fmt::format("{}: {}", what, sqlite3_errmsg(db)));
}

Status Exec(sqlite3* db, std::string_view sql) {
  // sqlite3_exec needs a NUL-terminated string.
  const std::string text(sql);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  return Status::IoError(std::move(message));
}

Result<std::unique_ptr<Statement>> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  // PERSISTENT: these statements live as long as the connection, which
  // tells SQLite not to take them from its short-lived lookaside memory.
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(db, fmt::format("cannot prepare \"{}\"", sql));
  }
  if (stmt == nullptr) return Status::Internal(fmt::format("empty SQL statement: \"{}\"", sql));
  return std::unique_ptr<Statement>(new Statement(db, stmt));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_->get());
  sqlite3_clear_bindings(stmt_->get());
}

Status Query::CheckBind(int rc, int index) {
  if (rc == SQLITE_OK) return Status::Ok();
  return SqliteError(stmt_->db(), fmt::format("cannot bind parameter {} of \"{}\"", index,
                                              sqlite3_sql(stmt_->get())));
}

Status Query::Bind(int index, int64_t value) {
  return CheckBind(sqlite3_bind_int64(stmt_->get(), index, value), index);
}

Status Query::Bind(int index, double value) {
  return CheckBind(sqlite3_bind_double(stmt_->get(), index, value), index);
}

Status Query::Bind(int index, std::string_view text) {
  // A null data pointer would bind NULL; an empty string must stay ''.
  const char* data = text.data() != nullptr ? text.data() : "";
  return CheckBind(
      sqlite3_bind_text64(stmt_->get(), index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

Status Query::Bind(int index, std::optional<std::string_view> text) {
  return text ? Bind(index, *text) : BindNull(index);
}

Status Query::Bind(int index, std::optional<int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Status Query::Bind(int index, std::optional<double> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Status Query::BindBlob(int index, std::string_view bytes) {
  if (bytes.empty()) return CheckBind(sqlite3_bind_zeroblob(stmt_->get(), index, 0), index);
  return CheckBind(
      sqlite3_bind_blob64(stmt_->get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
      index);
}

Status Query::BindNull(int index) { return CheckBind(sqlite3_bind_null(stmt_->get(), index), index); }

Result<bool> Query::Step() {
  const int rc = sqlite3_step(stmt_->get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(stmt_->db(), {});
}

Status Query::Run() {
  Result<bool> row = Step();
  if (!row.ok()) return row.status();
  if (*row) return Status::Internal(fmt::format("statement returned a row unexpectedly: \"{}\"",
                                                sqlite3_sql(stmt_->get())));
  return Status::Ok();
}

bool Query::IsNull(int column) const {
  return sqlite3_column_type(stmt_->get(), column) == SQLITE_NULL;
}

int64_t Query::Int64(int column) const { return sqlite3_column_int64(stmt_->get(), column); }

double Query::Double(int column) const { return sqlite3_column_double(stmt_->get(), column); }

std::string Query::Text(int column) const { return std::string(TextView(column)); }

std::string_view Query::TextView(int column) const {
  const auto* text = sqlite3_column_text(stmt_->get(), column);
  if (text == nullptr) return {};
  // Length after the text call: asking in the other order may convert twice.
  const int size = sqlite3_column_bytes(stmt_->get(), column);
  return std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string Query::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_->get(), column);
  if (data == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_->get(), column);
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

Result<Query> StatementCache::Get(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    Result<std::unique_ptr<Statement>> prepared = Statement::Prepare(db_, sql);
    if (!prepared.ok()) return prepared.status();
    it = statements_.emplace(std::string(sql), std::move(prepared).value()).first;
  }
  return Query(*it->second);
}

}  // namespace kenchi::sqlite
