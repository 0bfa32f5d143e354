// Sink configurations and the record of what was delivered where.
//
// A delivery record is keyed by (alert, sink), so recording an attempt is an
// upsert: the engine never needs to know whether the alert was tried before.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

// The columns every sink query reads, in this order (see ReadSink).
constexpr std::string_view kSinkColumns =
    "s.id, s.organization_id, s.kind, s.target, s.settings, s.min_severity, s.created_at, "
    "o.name, o.display_name, "
    "(SELECT max(delivered_at) FROM alert_deliveries d WHERE d.sink_id = s.id), "
    "(SELECT count(*) FROM alert_deliveries d WHERE d.sink_id = s.id AND d.status = 'delivered'), "
    "(SELECT count(*) FROM alert_deliveries d WHERE d.sink_id = s.id AND d.status = 'failed') "
    "FROM sink_configs s JOIN organizations o ON o.id = s.organization_id";

Result<SinkRecord> ReadSink(const Query& q) {
  SinkRecord s;
  s.id = q.Int64(0);
  s.organization_id = q.Int64(1);
  s.kind = q.Text(2);
  s.target = q.Text(3);
  s.settings = q.Text(4);
  std::optional<Severity> severity = ParseSeverity(q.Text(5));
  if (!severity) return Status::IoError(fmt::format("sink {}: unknown severity \"{}\"", s.id, q.Text(5)));
  s.min_severity = *severity;
  s.created_at = q.Text(6);
  s.organization_name = q.Text(7);
  s.organization_display_name = q.Text(8);
  s.last_delivered_at = q.Text(9);
  s.delivered = q.Int64(10);
  s.failing = q.Int64(11);
  return s;
}

}  // namespace

Result<int64_t> SqliteStore::AddSink(const SinkRecord& sink) {
  const std::string where = fmt::format("cannot add {} sink {}", sink.kind, sink.target);
  {
    Result<Query> q = cache_.Get("SELECT 1 FROM organizations WHERE id = ?1");
    if (!q.ok()) return q.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(q->BindAll(sink.organization_id));
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) return Status::NotFound(fmt::format("no organisation with id {}", sink.organization_id));
  }
  Result<Query> insert = cache_.Get(
      "INSERT INTO sink_configs (organization_id, kind, target, settings, min_severity) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (organization_id, kind, target) DO NOTHING "
      "RETURNING id");
  if (!insert.ok()) return insert.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(insert->BindAll(sink.organization_id, sink.kind, sink.target,
                                         sink.settings, ToString(sink.min_severity)));
  Result<bool> row = insert->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) {
    return Status::InvalidInput(
        fmt::format("{}: the organisation already has this sink (see `kenchi sink list`)", where));
  }
  return insert->Int64(0);
}

Result<std::vector<SinkRecord>> SqliteStore::ListSinks() {
  Result<Query> q = cache_.Get(fmt::format("SELECT {} ORDER BY o.name, s.id", kSinkColumns));
  if (!q.ok()) return q.status().WithContext("cannot list sinks");
  std::vector<SinkRecord> sinks;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list sinks");
    if (!*row) break;
    Result<SinkRecord> sink = ReadSink(*q);
    if (!sink.ok()) return sink.status();
    sinks.push_back(std::move(sink).value());
  }
  return sinks;
}

Result<SinkRecord> SqliteStore::GetSink(int64_t id) {
  Result<Query> q = cache_.Get(fmt::format("SELECT {} WHERE s.id = ?1", kSinkColumns));
  if (!q.ok()) return q.status().WithContext("cannot load a sink");
  KENCHI_RETURN_IF_ERROR(q->BindAll(id));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("cannot load a sink");
  if (!*row) return Status::NotFound(fmt::format("no sink with id {}", id));
  return ReadSink(*q);
}

Status SqliteStore::RemoveSink(int64_t id) {
  Result<Query> q = cache_.Get("DELETE FROM sink_configs WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status().WithContext("cannot remove a sink");
  KENCHI_RETURN_IF_ERROR(q->BindAll(id));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot remove sink {}", id));
  if (!*row) return Status::NotFound(fmt::format("no sink with id {}", id));
  return Status::Ok();
}

Result<std::vector<DeliveryRecord>> SqliteStore::ListDeliveries(int64_t sink_id) {
  const std::string where = fmt::format("cannot list the deliveries of sink {}", sink_id);
  Result<Query> q = cache_.Get(
      "SELECT alert_id, status, severity, attempts, last_error, last_attempt_at, delivered_at "
      "FROM alert_deliveries WHERE sink_id = ?1 ORDER BY alert_id");
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(sink_id));
  std::vector<DeliveryRecord> records;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    DeliveryRecord& d = records.emplace_back();
    d.alert_id = q->Int64(0);
    d.sink_id = sink_id;
    d.delivered = q->Text(1) == "delivered";
    std::optional<Severity> severity = ParseSeverity(q->Text(2));
    if (!severity) return Status::IoError(fmt::format("{}: unknown severity \"{}\"", where, q->Text(2)));
    d.severity = *severity;
    d.attempts = q->Int64(3);
    d.last_error = q->Text(4);
    d.last_attempt_at = q->Text(5);
    d.delivered_at = q->Text(6);
  }
  return records;
}

Status SqliteStore::RecordDelivery(const DeliveryRecord& a) {
  // On a failure after an earlier success the old severity and time stay:
  // they still say what the receiver has seen.
  Result<Query> q = cache_.Get(
      "INSERT INTO alert_deliveries (alert_id, sink_id, status, severity, attempts, last_error, "
      "last_attempt_at, delivered_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7) "
      "ON CONFLICT (alert_id, sink_id) DO UPDATE SET "
      "status = excluded.status, attempts = attempts + 1, last_error = excluded.last_error, "
      "last_attempt_at = excluded.last_attempt_at, "
      "severity = CASE WHEN excluded.status = 'delivered' THEN excluded.severity ELSE severity END, "
      "delivered_at = CASE WHEN excluded.status = 'delivered' THEN excluded.delivered_at "
      "ELSE delivered_at END");
  const std::string where =
      fmt::format("cannot record the delivery of alert {} to sink {}", a.alert_id, a.sink_id);
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(
      a.alert_id, a.sink_id, a.delivered ? "delivered" : "failed", ToString(a.severity),
      a.delivered ? std::string() : a.last_error, a.last_attempt_at,
      a.delivered ? NullIfEmpty(a.last_attempt_at) : std::nullopt));
  return q->Run().WithContext(where);
}

}  // namespace kenchi::sqlite
