// Feed sources: registration and the conditional-GET state of each poll.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {

Result<int64_t> SqliteStore::AddSource(const Source& source) {
  if (source.name.empty()) return Status::InvalidInput("a source needs a non-empty name");
  const std::string where = fmt::format("cannot add source \"{}\"", source.name);
  {
    Result<Query> q = cache_.Get("SELECT url FROM sources WHERE name = ?1");
    if (!q.ok()) return q.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(q->BindAll(source.name));
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (*row) {
      return Status::InvalidInput(fmt::format(
          "a source named \"{}\" already exists ({}); remove it first to change it", source.name,
          q->Text(0)));
    }
  }
  Result<Query> q = cache_.Get(
      "INSERT INTO sources (name, kind, url, delay_ms) VALUES (?1, ?2, ?3, ?4) RETURNING id");
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(source.name, source.kind, source.url, source.delay_ms));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return Status::Internal(where + ": insert returned no id");
  return q->Int64(0);
}

Result<std::vector<Source>> SqliteStore::ListSources() {
  Result<Query> q = cache_.Get(
      "SELECT id, name, kind, COALESCE(url, ''), delay_ms, COALESCE(etag, ''), "
      "COALESCE(last_modified, ''), COALESCE(last_polled_at, ''), created_at "
      "FROM sources ORDER BY name");
  if (!q.ok()) return q.status().WithContext("cannot list sources");
  std::vector<Source> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list sources");
    if (!*row) break;
    Source s;
    s.id = q->Int64(0);
    s.name = q->Text(1);
    s.kind = q->Text(2);
    s.url = q->Text(3);
    if (!q->IsNull(4)) s.delay_ms = q->Int64(4);
    s.etag = q->Text(5);
    s.last_modified = q->Text(6);
    s.last_polled_at = q->Text(7);
    s.created_at = q->Text(8);
    out.push_back(std::move(s));
  }
  return out;
}

Status SqliteStore::RemoveSource(const std::string& name) {
  Result<Query> q = cache_.Get("DELETE FROM sources WHERE name = ?1 RETURNING id");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(name));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot remove source \"{}\"", name));
  if (!*row) return Status::NotFound(fmt::format("no source named \"{}\"", name));
  // Drain the statement so the delete completes before the cache reuses it.
  while (true) {
    Result<bool> more = q->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
  }
  return Status::Ok();
}

Status SqliteStore::RecordSourcePoll(int64_t source_id, const std::string& etag,
                                     const std::string& last_modified,
                                     const std::string& polled_at) {
  auto null_if_empty = [](const std::string& s) -> std::optional<std::string_view> {
    if (s.empty()) return std::nullopt;
    return std::string_view(s);
  };
  Result<Query> q = cache_.Get(
      "UPDATE sources SET etag = ?2, last_modified = ?3, last_polled_at = ?4 WHERE id = ?1 "
      "RETURNING id");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(
      q->BindAll(source_id, null_if_empty(etag), null_if_empty(last_modified), polled_at));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("cannot record the poll of a source");
  if (!*row) return Status::NotFound(fmt::format("no source with id {}", source_id));
  Result<bool> done = q->Step();
  return done.ok() ? Status::Ok() : done.status();
}

Result<bool> SqliteStore::HasDocumentWithUri(const std::string& uri) {
  Result<Query> q = cache_.Get("SELECT 1 FROM documents WHERE uri = ?1 LIMIT 1");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(uri));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("cannot look up a document by uri");
  return *row;
}

}  // namespace kenchi::sqlite
