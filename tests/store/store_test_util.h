// Helpers shared by the store tests: a second, plain SQLite connection to
// look at what the store wrote, and builders for test records.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kenchi/model.h"
#include "kenchi/store.h"

namespace kenchi::store_test {

// A plain connection, independent of the store under test, so that tests
// check what is on disk rather than what the store says about itself.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db_);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs `sql`; returns "" on success, else SQLite's message.
  std::string Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return {};
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    return message;
  }

  // The first column of the first row as text ("" for no row or NULL).
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      if (text != nullptr) out = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(stmt);
    return out;
  }

  int64_t Int(const std::string& sql) {
    const std::string text = Text(sql);
    return text.empty() ? 0 : std::stoll(text);
  }

 private:
  sqlite3* db_ = nullptr;
};

// A syntactically valid content hash derived from `seed` (the store only
// needs 64 lowercase hex digits; which hash produced them is not its concern).
inline std::string FakeHash(const std::string& seed) {
  return fmt::format("{:064x}", std::hash<std::string>{}(seed));
}

inline Document MakeDocument(const std::string& title, const std::string& text) {
  Document doc;
  doc.source = "file";
  doc.uri = "/data/" + title + ".txt";
  doc.title = title;
  doc.text = text;
  doc.raw = title + "\n" + text;
  doc.content_hash = FakeHash(doc.raw);
  doc.fetched_at = "2024-05-01T09:00:00Z";
  return doc;
}

inline std::unique_ptr<Store> OpenOrFail(const std::string& path) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  if (!store.ok()) {
    ADD_FAILURE() << store.status().message();
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace kenchi::store_test
