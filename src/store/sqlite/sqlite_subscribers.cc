// Report subscribers, the record of report deliveries, and the per-source
// document counts the report's method section shows.
#include <fmt/format.h>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

constexpr std::string_view kSubscriberColumns =
    "s.id, s.email, s.lang, COALESCE(s.organization_id, 0), s.attach_pdf, s.created_at, "
    "COALESCE(o.name, '') FROM subscribers s LEFT JOIN organizations o ON o.id = s.organization_id";

}  // namespace

Result<int64_t> SqliteStore::AddSubscriber(const Subscriber& sub) {
  const std::string where = fmt::format("cannot add subscriber {}", sub.email);
  if (sub.organization_id != 0) {
    Result<Query> q = cache_.Get("SELECT 1 FROM organizations WHERE id = ?1");
    if (!q.ok()) return q.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(q->BindAll(sub.organization_id));
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) return Status::NotFound(fmt::format("no organisation with id {}", sub.organization_id));
  }
  Result<Query> insert = cache_.Get(
      "INSERT INTO subscribers (email, lang, organization_id, attach_pdf) "
      "VALUES (?1, ?2, NULLIF(?3, 0), ?4) "
      "ON CONFLICT (lower(email), COALESCE(organization_id, 0)) DO NOTHING RETURNING id");
  if (!insert.ok()) return insert.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(insert->BindAll(sub.email, sub.lang, sub.organization_id,
                                         static_cast<int64_t>(sub.attach_pdf ? 1 : 0)));
  Result<bool> row = insert->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) {
    return Status::InvalidInput(fmt::format(
        "{}: this address already receives that report (see `kenchi subscribers list`)", where));
  }
  return insert->Int64(0);
}

Result<std::vector<Subscriber>> SqliteStore::ListSubscribers() {
  Result<Query> q = cache_.Get(fmt::format("SELECT {} ORDER BY lower(s.email), s.id", kSubscriberColumns));
  if (!q.ok()) return q.status().WithContext("cannot list subscribers");
  std::vector<Subscriber> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("cannot list subscribers");
    if (!*row) break;
    Subscriber& s = out.emplace_back();
    s.id = q->Int64(0);
    s.email = q->Text(1);
    s.lang = q->Text(2);
    s.organization_id = q->Int64(3);
    s.attach_pdf = q->Int64(4) != 0;
    s.created_at = q->Text(5);
    s.organization_name = q->Text(6);
  }
  return out;
}

Status SqliteStore::RemoveSubscriber(int64_t id) {
  Result<Query> q = cache_.Get("DELETE FROM subscribers WHERE id = ?1 RETURNING id");
  if (!q.ok()) return q.status().WithContext("cannot remove a subscriber");
  KENCHI_RETURN_IF_ERROR(q->BindAll(id));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(fmt::format("cannot remove subscriber {}", id));
  if (!*row) return Status::NotFound(fmt::format("no subscriber with id {}", id));
  return Status::Ok();
}

Result<std::optional<ReportDelivery>> SqliteStore::GetReportDelivery(int64_t subscriber_id,
                                                                     const std::string& report_key) {
  const std::string where = fmt::format("cannot read the deliveries of subscriber {}", subscriber_id);
  Result<Query> q = cache_.Get(
      "SELECT status, attempts, last_error, last_attempt_at, COALESCE(delivered_at, '') "
      "FROM report_deliveries WHERE subscriber_id = ?1 AND report_key = ?2");
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(subscriber_id, report_key));
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(where);
  if (!*row) return std::optional<ReportDelivery>();
  ReportDelivery d;
  d.subscriber_id = subscriber_id;
  d.report_key = report_key;
  d.delivered = q->Text(0) == "delivered";
  d.attempts = q->Int64(1);
  d.last_error = q->Text(2);
  d.last_attempt_at = q->Text(3);
  d.delivered_at = q->Text(4);
  return std::optional<ReportDelivery>(std::move(d));
}

Status SqliteStore::RecordReportDelivery(const ReportDelivery& a) {
  // A failure after a success cannot happen (a delivered report is never
  // sent again), but if it did the old delivered_at would still be true.
  Result<Query> q = cache_.Get(
      "INSERT INTO report_deliveries (subscriber_id, report_key, status, attempts, last_error, "
      "last_attempt_at, delivered_at) VALUES (?1, ?2, ?3, 1, ?4, ?5, NULLIF(?6, '')) "
      "ON CONFLICT (subscriber_id, report_key) DO UPDATE SET "
      "status = excluded.status, attempts = attempts + 1, last_error = excluded.last_error, "
      "last_attempt_at = excluded.last_attempt_at, "
      "delivered_at = COALESCE(excluded.delivered_at, delivered_at)");
  const std::string where = fmt::format("cannot record the report delivery to subscriber {}", a.subscriber_id);
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(a.subscriber_id, a.report_key,
                                    std::string(a.delivered ? "delivered" : "failed"), a.last_error,
                                    a.last_attempt_at, a.delivered ? a.delivered_at : std::string()));
  Status s = q->Run();
  return s.ok() ? s : s.WithContext(where);
}

Result<std::vector<SourceDocumentCount>> SqliteStore::CountDocumentsBySource(const std::string& from,
                                                                           const std::string& to) {
  const std::string where = "cannot count documents by source";
  Result<Query> q = cache_.Get(
      "SELECT source, count(*) FROM documents "
      "WHERE COALESCE(NULLIF(published_on, ''), substr(fetched_at, 1, 10)) BETWEEN ?1 AND ?2 "
      "GROUP BY source ORDER BY count(*) DESC, source");
  if (!q.ok()) return q.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(q->BindAll(from, to));
  std::vector<SourceDocumentCount> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    out.push_back({q->Text(0), q->Int64(1)});
  }
  return out;
}

}  // namespace kenchi::sqlite
