// Schema migrations: a fresh database is fully migrated, re-opening applies
// nothing, an older database is upgraded, a newer one is refused, and a
// failing migration leaves the database at the version before it.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

using kenchi::sqlite::KenchiMigrations;
using kenchi::sqlite::Migration;
using kenchi::sqlite::OpenSqliteStoreWithMigrations;
using kenchi::testing::ScratchDir;

// This build's migrations followed by `extra`, numbered after them.
std::vector<Migration> WithExtra(std::string_view name, std::string_view sql) {
  std::vector<Migration> list(KenchiMigrations().begin(), KenchiMigrations().end());
  list.push_back(Migration{static_cast<int>(list.size()) + 1, name, sql});
  return list;
}

class StoreMigrations : public ::testing::Test {
 protected:
  ScratchDir dir_;
  std::string db_path_ = dir_.path() + "/kenchi.db";
};

TEST_F(StoreMigrations, FreshDatabaseIsAtTheLatestVersion) {
  auto store = OpenOrFail(db_path_);
  ASSERT_NE(store, nullptr);
  EXPECT_GE(LatestSchemaVersion(), 1);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());

  RawDb raw(db_path_);
  EXPECT_EQ(raw.Int("SELECT max(version) FROM schema_migrations"), LatestSchemaVersion());
  EXPECT_EQ(raw.Int("SELECT count(*) FROM schema_migrations"), LatestSchemaVersion());
  EXPECT_EQ(raw.Text("SELECT name FROM schema_migrations WHERE version = 1"), "initial schema");
  EXPECT_FALSE(raw.Text("SELECT applied_at FROM schema_migrations WHERE version = 1").empty());
}

TEST_F(StoreMigrations, ReopeningAppliesNothing) {
  // Migration 1 uses plain CREATE TABLE: running it twice would fail, so a
  // successful second open is itself evidence that nothing re-ran.
  { ASSERT_NE(OpenOrFail(db_path_), nullptr); }
  std::string applied_before;
  {
    RawDb raw(db_path_);
    applied_before = raw.Text("SELECT group_concat(version || applied_at) FROM schema_migrations");
  }
  auto again = OpenOrFail(db_path_);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->SchemaVersion(), LatestSchemaVersion());
  RawDb raw(db_path_);
  EXPECT_EQ(raw.Text("SELECT group_concat(version || applied_at) FROM schema_migrations"),
            applied_before);
}

TEST_F(StoreMigrations, OlderDatabaseIsUpgradedAndKeepsItsData) {
  {
    auto store = OpenOrFail(db_path_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->PutDocument(MakeDocument("before", "移行前の文書")).ok());
  }
  const auto list = WithExtra("add notes",
                              "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
                              "ALTER TABLE documents ADD COLUMN note TEXT;");
  auto upgraded = OpenSqliteStoreWithMigrations(db_path_, list);
  ASSERT_TRUE(upgraded.ok()) << upgraded.status().message();
  EXPECT_EQ((*upgraded)->SchemaVersion(), LatestSchemaVersion() + 1);
  EXPECT_EQ((*upgraded)->Counts()->documents, 1);

  RawDb raw(db_path_);
  EXPECT_EQ(raw.Int("SELECT max(version) FROM schema_migrations"), LatestSchemaVersion() + 1);
  EXPECT_EQ(raw.Text("SELECT name FROM schema_migrations ORDER BY version DESC LIMIT 1"),
            "add notes");
  EXPECT_EQ(raw.Exec("INSERT INTO notes (body) VALUES ('x')"), "");
  EXPECT_EQ(raw.Int("SELECT count(*) FROM pragma_table_info('documents') WHERE name = 'note'"), 1);
}

TEST_F(StoreMigrations, NewerDatabaseIsRefused) {
  const auto list = WithExtra("from the future", "CREATE TABLE future (x);");
  {
    auto newer = OpenSqliteStoreWithMigrations(db_path_, list);
    ASSERT_TRUE(newer.ok()) << newer.status().message();
  }
  auto store = OpenSqliteStore(db_path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kIoError);
  const std::string& message = store.status().message();
  EXPECT_NE(message.find(db_path_), std::string::npos) << message;
  EXPECT_NE(message.find("newer"), std::string::npos) << message;
  EXPECT_NE(message.find(std::to_string(LatestSchemaVersion() + 1)), std::string::npos) << message;
  // Refusing must not delete or alter the newer database.
  EXPECT_TRUE(std::filesystem::exists(db_path_));
  RawDb raw(db_path_);
  EXPECT_EQ(raw.Int("SELECT max(version) FROM schema_migrations"), LatestSchemaVersion() + 1);
}

TEST_F(StoreMigrations, FailingMigrationLeavesThePreviousVersion) {
  { ASSERT_NE(OpenOrFail(db_path_), nullptr); }
  // The first statement succeeds, the second fails: the transaction must
  // take the first one back too.
  const auto list = WithExtra("broken", "CREATE TABLE half (x); INSERT INTO missing VALUES (1);");
  auto store = OpenSqliteStoreWithMigrations(db_path_, list);
  ASSERT_FALSE(store.ok());
  const std::string& message = store.status().message();
  EXPECT_NE(message.find("migration " + std::to_string(LatestSchemaVersion() + 1) + " (broken)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("no such table: missing"), std::string::npos) << message;

  RawDb raw(db_path_);
  EXPECT_EQ(raw.Int("SELECT max(version) FROM schema_migrations"), LatestSchemaVersion());
  EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_master WHERE name = 'half'"), 0);
  // And the build's own list still opens it.
  EXPECT_NE(OpenOrFail(db_path_), nullptr);
}

TEST_F(StoreMigrations, MigrationListWithAGapIsRejected) {
  const std::vector<Migration> list{{1, "one", "CREATE TABLE one (x);"},
                                    {3, "three", "CREATE TABLE three (x);"}};
  auto store = OpenSqliteStoreWithMigrations(db_path_, list);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("out of order"), std::string::npos)
      << store.status().message();
}

}  // namespace
}  // namespace kenchi::store_test
