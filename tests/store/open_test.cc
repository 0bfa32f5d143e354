// Opening a database: directories are created, the connection is set up
// as documented, and paths that cannot hold a database fail with kIoError
// naming the path, leaving nothing behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store_test_util.h"
#include "support/run.h"

namespace kenchi::store_test {
namespace {

namespace fs = std::filesystem;
using kenchi::testing::ScratchDir;

void ExpectIoErrorNaming(const Result<std::unique_ptr<Store>>& store, const std::string& path) {
  ASSERT_FALSE(store.ok()) << path << " opened unexpectedly";
  EXPECT_EQ(store.status().code(), Status::Code::kIoError);
  const std::string& message = store.status().message();
  EXPECT_EQ(message.rfind("cannot open database " + path + ": ", 0), 0u) << message;
}

TEST(StoreOpen, CreatesMissingParentDirectories) {
  ScratchDir dir;
  const std::string path = dir.path() + "/a/b/c/kenchi.db";
  auto store = OpenOrFail(path);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(fs::is_regular_file(path));
}

TEST(StoreOpen, UsesWalModeAndEnforcesForeignKeys) {
  ScratchDir dir;
  const std::string path = dir.path() + "/kenchi.db";
  auto store = OpenOrFail(path);
  ASSERT_NE(store, nullptr);
  RawDb raw(path);
  EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "wal");  // persistent, so visible here too

  // Foreign keys are a per-connection setting: check the store's own.
  Incident incident;
  incident.organization = "株式会社サンプル";
  incident.document_ids = {4242};
  Result<int64_t> put = store->PutIncident(incident);
  ASSERT_FALSE(put.ok());
  EXPECT_NE(put.status().message().find("FOREIGN KEY constraint failed"), std::string::npos)
      << put.status().message();
}

TEST(StoreOpen, PathUnderARegularFileIsAnIoError) {
  ScratchDir dir;
  const std::string file = dir.Write("plain", "not a directory");
  for (const std::string& path : {file + "/kenchi.db", file + "/sub/kenchi.db"}) {
    ExpectIoErrorNaming(OpenSqliteStore(path), path);
  }
  EXPECT_EQ(kenchi::testing::ReadFileOrDie(file), "not a directory");
}

TEST(StoreOpen, PathUnderProcIsAnIoError) {
  for (const std::string path : {"/proc/kenchi-store-test.db", "/proc/kenchi-store-test/x.db"}) {
    ExpectIoErrorNaming(OpenSqliteStore(path), path);
  }
}

TEST(StoreOpen, EmptyPathIsAnIoError) {
  auto store = OpenSqliteStore("");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kIoError);
}

TEST(StoreOpen, DirectoryIsAnIoErrorAndNothingIsCreated) {
  ScratchDir dir;
  auto store = OpenSqliteStore(dir.path());
  ExpectIoErrorNaming(store, dir.path());
  EXPECT_NE(store.status().message().find("not a regular file"), std::string::npos);
  for (const char* suffix : {"-journal", "-wal", "-shm"}) {
    EXPECT_FALSE(fs::exists(dir.path() + suffix)) << "created " << dir.path() << suffix;
  }
}

TEST(StoreOpen, FileThatIsNotADatabaseIsAnIoErrorAndIsKept) {
  ScratchDir dir;
  const std::string junk(4096, 'x');
  const std::string path = dir.Write("junk.db", junk);
  auto store = OpenSqliteStore(path);
  ExpectIoErrorNaming(store, path);
  EXPECT_NE(store.status().message().find("not a database"), std::string::npos)
      << store.status().message();
  EXPECT_EQ(kenchi::testing::ReadFileOrDie(path), junk);
}

TEST(StoreOpen, FailedOpenOfANewDatabaseLeavesNothingBehind) {
  ScratchDir dir;
  const std::string path = dir.path() + "/new/sub/kenchi.db";
  const std::vector<sqlite::Migration> broken{{1, "broken", "CREATE TABLE t (x); SELECT nope;"}};
  auto store = sqlite::OpenSqliteStoreWithMigrations(path, broken);
  ExpectIoErrorNaming(store, path);
  EXPECT_FALSE(fs::exists(dir.path() + "/new")) << "created directories were not removed";
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(StoreOpen, InMemoryDatabaseWorks) {
  auto store = OpenOrFail(":memory:");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
  EXPECT_TRUE(store->PutDocument(MakeDocument("memo", "メモリ上の文書")).ok());
  EXPECT_EQ(store->Counts()->documents, 1);
}

TEST(StoreOpen, TwoStoresShareOneFile) {
  ScratchDir dir;
  const std::string path = dir.path() + "/kenchi.db";
  auto writer = OpenOrFail(path);
  auto reader = OpenOrFail(path);
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(reader, nullptr);
  ASSERT_TRUE(writer->Begin().ok());
  ASSERT_TRUE(writer->PutDocument(MakeDocument("shared", "共有される文書")).ok());
  // WAL: the reader is not blocked, and sees only committed data.
  EXPECT_EQ(reader->Counts()->documents, 0);
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(reader->Counts()->documents, 1);
}

}  // namespace
}  // namespace kenchi::store_test
