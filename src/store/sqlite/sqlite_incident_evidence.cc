// Evidence spans of an incident's cause, origin and dates
// (table incident_evidence, schema_incident_evidence.cc).
#include <fmt/format.h>

#include <array>
#include <string_view>
#include <utility>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

// The facts with a span, by their name in the table.
std::array<std::pair<std::string_view, Evidence Incident::*>, 4> Facts() {
  return {{{"cause", &Incident::cause_evidence},
           {"origin", &Incident::origin_evidence},
           {"occurred", &Incident::occurred_evidence},
           {"discovered", &Incident::discovered_evidence}}};
}

}  // namespace

// A fact without a span (document 0, empty range) writes no row; a merge
// that restates a fact replaces its span.
Status SqliteStore::InsertIncidentEvidence(int64_t incident_id, const Incident& incident) {
  for (const auto& [name, member] : Facts()) {
    const Evidence& ev = incident.*member;
    if (ev.document_id == 0 || ev.end <= ev.begin) continue;
    Result<Query> q = cache_.Get(
        "INSERT INTO incident_evidence (incident_id, fact, document_id, begin_offset, end_offset) "
        "VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (incident_id, fact) DO UPDATE SET document_id = excluded.document_id, "
        "begin_offset = excluded.begin_offset, end_offset = excluded.end_offset");
    if (!q.ok()) return q.status();
    KENCHI_RETURN_IF_ERROR(q->BindAll(incident_id, name, ev.document_id, static_cast<int64_t>(ev.begin),
                                      static_cast<int64_t>(ev.end)));
    KENCHI_RETURN_IF_ERROR(q->Run().WithContext(fmt::format("evidence of the {}", name)));
  }
  return Status::Ok();
}

Status SqliteStore::LoadIncidentEvidence(Incident& incident) {
  Result<Query> q = cache_.Get(
      "SELECT fact, document_id, begin_offset, end_offset FROM incident_evidence WHERE incident_id = ?1");
  if (!q.ok()) return q.status();
  KENCHI_RETURN_IF_ERROR(q->BindAll(incident.id));
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const std::string fact = q->Text(0);
    for (const auto& [name, member] : Facts()) {
      if (fact != name) continue;
      incident.*member = Evidence{q->Int64(1), static_cast<uint32_t>(q->Int64(2)), static_cast<uint32_t>(q->Int64(3))};
    }
  }
  return Status::Ok();
}

}  // namespace kenchi::sqlite
