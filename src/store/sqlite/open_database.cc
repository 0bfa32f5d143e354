#include "store/sqlite/open_database.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statement.h"

namespace kenchi::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInMemory = ":memory:";

// What this call created on disk, so that a failed open can take it back.
class CreatedOnDisk {
 public:
  explicit CreatedOnDisk(fs::path file) : file_(std::move(file)) {}

  // Records the missing ancestors of `dir` (innermost first) before they
  // are created.
  void NoteMissingDirectories(const fs::path& dir) {
    std::error_code ec;
    for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
      if (ec) break;  // cannot tell: better to keep than to delete
      directories_.push_back(p);
      if (p == p.parent_path()) break;
    }
  }
  void NoteFileMissing() { file_missing_ = true; }

  // Removes the database file with its journal side files, then the
  // directories, innermost first. fs::remove refuses a non-empty directory,
  // so something another process put there meanwhile is never deleted.
  void Undo() const {
    std::error_code ec;
    if (file_missing_) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        fs::remove(fs::path(file_.string() + suffix), ec);
      }
    }
    for (const fs::path& dir : directories_) fs::remove(dir, ec);
  }

 private:
  fs::path file_;
  bool file_missing_ = false;
  std::vector<fs::path> directories_;
};

// Runs a PRAGMA that reports its new value and returns that value.
Result<std::string> PragmaValue(sqlite3* db, std::string_view pragma) {
  Result<std::unique_ptr<Statement>> stmt = Statement::Prepare(db, pragma);
  if (!stmt.ok()) return stmt.status();
  Query query(**stmt);
  Result<bool> row = query.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::string();
  return query.Text(0);
}

Status Configure(sqlite3* db, bool in_memory) {
  // A file we may not write is opened read-only by SQLite without a word;
  // kenchi always writes, so say so now rather than at the first insert.
  if (sqlite3_db_readonly(db, "main") == 1) {
    return Status::IoError("the file is read-only");
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  // WAL lets readers (search, reports) run while an ingest writes.
  Result<std::string> mode = PragmaValue(db, "PRAGMA journal_mode = WAL");
  if (!mode.ok()) return mode.status();
  const std::string expected = in_memory ? "memory" : "wal";
  if (*mode != expected) {
    return Status::IoError(fmt::format("cannot switch to WAL mode (journal mode is '{}')", *mode));
  }

  KENCHI_RETURN_IF_ERROR(Exec(db, "PRAGMA foreign_keys = ON"));
  // The pragma is silently ignored by builds without foreign key support;
  // the schema relies on them, so check it took.
  Result<std::string> fk = PragmaValue(db, "PRAGMA foreign_keys");
  if (!fk.ok()) return fk.status();
  if (*fk != "1") return Status::IoError("this SQLite build does not enforce foreign keys");

  // A scan's transaction upserts a row per matching credential into five
  // B-trees at random places; with SQLite's default 2 MiB page cache the
  // pages are spilled to the WAL and read back over and over. The cache is
  // only memory actually used, up to this bound.
  KENCHI_RETURN_IF_ERROR(Exec(db, "PRAGMA cache_size = -262144"));  // KiB: 256 MiB
  // Each upsert inside a long transaction keeps a statement journal (the
  // pages it may have to undo alone). As a temporary file that was one
  // write() per page touched, 97 % of the system calls of a scan; in memory
  // it is a copy.
  KENCHI_RETURN_IF_ERROR(Exec(db, "PRAGMA temp_store = MEMORY"));

  // In WAL mode NORMAL is durable against application crashes and loses at
  // most the last transactions on power loss, without an fsync per commit.
  return Exec(db, "PRAGMA synchronous = NORMAL");
}

}  // namespace

Result<OpenedDatabase> OpenDatabase(const std::string& path,
                                    std::span<const Migration> migrations) {
  auto failure = [&path](std::string_view reason) {
    return Status::IoError(fmt::format("cannot open database {}: {}", path, reason));
  };
  if (path.empty()) return failure("the path is empty");
  const bool in_memory = path == kInMemory;

  const fs::path file(path);
  CreatedOnDisk created(file);
  if (!in_memory) {
    const fs::path parent = file.parent_path();
    if (!parent.empty()) {
      created.NoteMissingDirectories(parent);
      std::error_code ec;
      fs::create_directories(parent, ec);
      if (ec) {
        created.Undo();
        return failure(fmt::format("cannot create directory {}: {}", parent.string(), ec.message()));
      }
    }
    std::error_code ec;
    const fs::file_status st = fs::status(file, ec);
    if (st.type() == fs::file_type::not_found) {
      created.NoteFileMissing();
    } else if (!ec && st.type() != fs::file_type::regular) {
      // A directory, device or socket: SQLite would fail on it only after
      // creating journal files beside it (think /dev/null-journal).
      return failure("not a regular file");
    }
  }

  sqlite3* raw = nullptr;
  // NOMUTEX: a connection is used from one thread at a time (see
  // SqliteStore), so SQLite's own lock around every call is pure cost:
  // loading 100k watched assets took a lock per column read, a fifth of a
  // scan's start-up.
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  Connection db(raw);  // SQLite may hand back a handle even on failure
  if (rc != SQLITE_OK) {
    const std::string reason = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    db.reset();
    created.Undo();
    return failure(reason);
  }

  Status status = Configure(db.get(), in_memory);
  Result<int> version = status.ok() ? ApplyMigrations(db.get(), migrations) : Result<int>(status);
  if (!version.ok()) {
    db.reset();  // close first: the side files go away only once unused
    created.Undo();
    return failure(version.status().message());
  }
  return OpenedDatabase{std::move(db), *version};
}

}  // namespace kenchi::sqlite
