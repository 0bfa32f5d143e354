// Store side of incident merging: candidates for a new report, the
// revision history, and replacing an incident's current state with the
// one folded from all its reports (kenchi/pipeline/merge.h decides and
// folds; this file only reads and writes).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_store.h"

namespace kenchi::sqlite {
namespace {

Status CheckDates(const Incident& incident, std::string_view where) {
  struct NamedDate {
    std::string_view name;
    const std::string& value;
  };
  for (const NamedDate& date : {NamedDate{"published_on", incident.published_on},
                                NamedDate{"occurred_on", incident.occurred_on},
                                NamedDate{"discovered_on", incident.discovered_on}}) {
    if (!IsIsoDateOrEmpty(date.value)) {
      return Status::InvalidInput(
          fmt::format("{}: {} must be YYYY-MM-DD, got \"{}\"", where, date.name, date.value));
    }
  }
  return Status::Ok();
}

std::string TypesJson(const Incident& incident) {
  nlohmann::json types = nlohmann::json::array();
  for (IncidentType t : incident.types) types.push_back(ToString(t));
  return types.dump();
}

std::string RecordsJson(const Incident& incident) {
  nlohmann::json records = nlohmann::json::array();
  for (const RecordCount& r : incident.records) {
    records.push_back({{"data_type", ToString(r.data_type)},
                       {"count", r.count},
                       {"qualifier", ToString(r.qualifier)},
                       {"begin", r.evidence.begin},
                       {"end", r.evidence.end}});
  }
  return records.dump();
}

// Reads the JSON columns back; anything unexpected is a damaged database.
Status ParseRevisionParts(std::string_view types_json, std::string_view records_json,
                          int64_t document_id, Incident& out) {
  nlohmann::json types = nlohmann::json::parse(types_json, nullptr, /*allow_exceptions=*/false);
  nlohmann::json records =
      nlohmann::json::parse(records_json, nullptr, /*allow_exceptions=*/false);
  if (!types.is_array() || !records.is_array()) {
    return Status::IoError("revision types or records are not JSON arrays");
  }
  for (const nlohmann::json& t : types) {
    std::optional<IncidentType> type =
        t.is_string() ? ParseIncidentType(t.get<std::string>()) : std::nullopt;
    if (!type) return Status::IoError(fmt::format("unknown incident type {} in a revision", t.dump()));
    out.types.push_back(*type);
  }
  for (const nlohmann::json& r : records) {
    if (!r.is_object() || !r.contains("data_type") || !r["data_type"].is_string() ||
        !r.contains("qualifier") || !r["qualifier"].is_string() || !r.contains("count") ||
        !r["count"].is_number_integer()) {
      return Status::IoError(fmt::format("malformed record {} in a revision", r.dump()));
    }
    std::optional<DataType> data_type = ParseDataType(r["data_type"].get<std::string>());
    std::optional<Qualifier> qualifier = ParseQualifier(r["qualifier"].get<std::string>());
    if (!data_type || !qualifier) {
      return Status::IoError(fmt::format("unknown data type or qualifier in {}", r.dump()));
    }
    RecordCount rc;
    rc.data_type = *data_type;
    rc.qualifier = *qualifier;
    rc.count = r["count"].get<int64_t>();
    rc.evidence.document_id = document_id;
    rc.evidence.begin = r.value("begin", 0u);
    rc.evidence.end = r.value("end", 0u);
    out.records.push_back(rc);
  }
  return Status::Ok();
}

}  // namespace

Result<Incident> SqliteStore::GetIncident(int64_t id) {
  const std::string where = fmt::format("cannot load incident {}", id);
  Incident in;
  {
    Result<Query> query = cache_.Get(
        "SELECT id, organization, organization_key, published_on, occurred_on, discovered_on, "
        "cause, origin_country, organization_document_id, organization_begin, organization_end "
        "FROM incidents WHERE id = ?1");
    if (!query.ok()) return query.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(query->BindAll(id));
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) return Status::NotFound(fmt::format("no incident with id {}", id));
    in.id = query->Int64(0);
    in.organization = query->Text(1);
    in.organization_key = query->Text(2);
    in.published_on = query->Text(3);
    in.occurred_on = query->Text(4);
    in.discovered_on = query->Text(5);
    in.cause = query->Text(6);
    in.origin_country = query->Text(7);
    in.organization_evidence = Evidence{query->Int64(8), static_cast<uint32_t>(query->Int64(9)),
                                        static_cast<uint32_t>(query->Int64(10))};
  }
  KENCHI_RETURN_IF_ERROR(LoadIncidentParts(in).WithContext(where));
  return in;
}

Result<std::vector<IncidentCandidate>> SqliteStore::FindIncidentCandidates(
    const std::string& organization_key, const std::string& from, const std::string& to) {
  const std::string where =
      fmt::format("cannot look for incidents of \"{}\" to merge with", organization_key);
  if (from.empty() || to.empty() || !IsIsoDateOrEmpty(from) || !IsIsoDateOrEmpty(to)) {
    return Status::InvalidInput(
        fmt::format("{}: the window must be two YYYY-MM-DD dates, got \"{}\" and \"{}\"", where,
                    from, to));
  }
  std::vector<IncidentCandidate> candidates;
  if (organization_key.empty()) return candidates;  // nothing to group by
  {
    // The organisation key index narrows to a handful of rows; their
    // revisions come by the incident_id side of the revision UNIQUE key.
    Result<Query> query = cache_.Get(
        "SELECT i.id, min(coalesce(r.reported_on, i.published_on)) AS first, "
        "max(coalesce(r.reported_on, i.published_on)) AS last "
        "FROM incidents AS i LEFT JOIN incident_revisions AS r ON r.incident_id = i.id "
        "WHERE i.organization_key = ?1 GROUP BY i.id "
        "HAVING last >= ?2 AND first <= ?3 ORDER BY i.id");
    if (!query.ok()) return query.status().WithContext(where);
    KENCHI_RETURN_IF_ERROR(query->BindAll(organization_key, from, to));
    for (;;) {
      Result<bool> row = query->Step();
      if (!row.ok()) return row.status().WithContext(where);
      if (!*row) break;
      IncidentCandidate& c = candidates.emplace_back();
      c.incident.id = query->Int64(0);
      c.first_reported_on = query->Text(1);
      c.last_reported_on = query->Text(2);
    }
  }
  for (IncidentCandidate& c : candidates) {
    Result<Incident> full = GetIncident(c.incident.id);
    if (!full.ok()) return full.status().WithContext(where);
    c.incident = std::move(full).value();
  }
  return candidates;
}

Result<std::vector<IncidentRevision>> SqliteStore::ListIncidentRevisions(int64_t incident_id) {
  const std::string where = fmt::format("cannot load the history of incident {}", incident_id);
  Result<Query> query = cache_.Get(
      "SELECT r.id, r.document_id, r.reported_on, r.organization, r.occurred_on, "
      "r.discovered_on, r.cause, r.origin_country, r.types, r.records, r.recorded_at, d.uri, "
      "d.title FROM incident_revisions AS r LEFT JOIN documents AS d ON d.id = r.document_id "
      "WHERE r.incident_id = ?1 ORDER BY r.reported_on NULLS FIRST, r.document_id, r.id");
  if (!query.ok()) return query.status().WithContext(where);
  KENCHI_RETURN_IF_ERROR(query->BindAll(incident_id));
  std::vector<IncidentRevision> revisions;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) break;
    IncidentRevision& rev = revisions.emplace_back();
    rev.id = query->Int64(0);
    rev.incident_id = incident_id;
    rev.document_id = query->Int64(1);
    rev.reported_on = query->Text(2);
    rev.reported.published_on = rev.reported_on;
    rev.reported.organization = query->Text(3);
    rev.reported.occurred_on = query->Text(4);
    rev.reported.discovered_on = query->Text(5);
    rev.reported.cause = query->Text(6);
    rev.reported.origin_country = query->Text(7);
    if (rev.document_id != 0) rev.reported.document_ids.push_back(rev.document_id);
    KENCHI_RETURN_IF_ERROR(
        ParseRevisionParts(query->Text(8), query->Text(9), rev.document_id, rev.reported)
            .WithContext(fmt::format("{}: revision {}", where, rev.id)));
    rev.recorded_at = query->Text(10);
    rev.uri = query->Text(11);
    rev.title = query->Text(12);
  }
  return revisions;
}

Status SqliteStore::AddIncidentRevision(const IncidentRevision& revision) {
  const std::string where =
      fmt::format("cannot record a report of incident {}", revision.incident_id);
  if (!IsIsoDateOrEmpty(revision.reported_on)) {
    return Status::InvalidInput(fmt::format("{}: reported_on must be YYYY-MM-DD, got \"{}\"",
                                            where, revision.reported_on));
  }
  KENCHI_RETURN_IF_ERROR(CheckDates(revision.reported, where));
  Result<Query> insert = cache_.Get(
      "INSERT INTO incident_revisions (incident_id, document_id, reported_on, organization, "
      "occurred_on, discovered_on, cause, origin_country, types, records) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (incident_id, document_id) DO NOTHING");
  if (!insert.ok()) return insert.status().WithContext(where);
  const Incident& r = revision.reported;
  KENCHI_RETURN_IF_ERROR(insert->BindAll(
      revision.incident_id, NullIfZeroId(revision.document_id), NullIfEmpty(revision.reported_on),
      r.organization, NullIfEmpty(r.occurred_on), NullIfEmpty(r.discovered_on), r.cause,
      NullIfEmpty(r.origin_country), TypesJson(r), RecordsJson(r)));
  return insert->Run().WithContext(where);
}

Status SqliteStore::MergeIncident(int64_t incident_id, const Incident& merged,
                                  const IncidentRevision& revision) {
  const std::string where = fmt::format("cannot merge a report into incident {}", incident_id);
  if (merged.organization.empty()) {
    return Status::InvalidInput(where + ": the organization is empty");
  }
  KENCHI_RETURN_IF_ERROR(CheckDates(merged, where));
  if (revision.incident_id != incident_id) {
    return Status::Internal(fmt::format("{}: the revision belongs to incident {}", where,
                                        revision.incident_id));
  }
  return Atomically([&]() -> Status {
    Result<Query> update = cache_.Get(
        "UPDATE incidents SET organization = ?2, published_on = ?3, occurred_on = ?4, "
        "discovered_on = ?5, cause = ?6, origin_country = ?7, organization_document_id = ?8, "
        "organization_begin = ?9, organization_end = ?10, "
        "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 RETURNING id");
    if (!update.ok()) return update.status().WithContext(where);
    const Evidence& ev = merged.organization_evidence;
    KENCHI_RETURN_IF_ERROR(update->BindAll(
        incident_id, merged.organization, NullIfEmpty(merged.published_on),
        NullIfEmpty(merged.occurred_on), NullIfEmpty(merged.discovered_on), merged.cause,
        NullIfEmpty(merged.origin_country), NullIfZeroId(ev.document_id),
        static_cast<int64_t>(ev.begin), static_cast<int64_t>(ev.end)));
    Result<bool> row = update->Step();
    if (!row.ok()) return row.status().WithContext(where);
    if (!*row) return Status::NotFound(fmt::format("no incident with id {}", incident_id));
    // Drain the RETURNING statement so the update is complete before the
    // child rows change.
    while (true) {
      Result<bool> more = update->Step();
      if (!more.ok()) return more.status().WithContext(where);
      if (!*more) break;
    }
    KENCHI_RETURN_IF_ERROR(AddIncidentRevision(revision));
    // Types and records are replaced whole: the fold already decided what
    // the current figures are. The statistics triggers follow the deletes
    // and inserts.
    for (std::string_view sql : {"DELETE FROM incident_types WHERE incident_id = ?1",
                                 "DELETE FROM incident_records WHERE incident_id = ?1"}) {
      Result<Query> del = cache_.Get(sql);
      if (!del.ok()) return del.status().WithContext(where);
      KENCHI_RETURN_IF_ERROR(del->BindAll(incident_id));
      KENCHI_RETURN_IF_ERROR(del->Run().WithContext(where));
    }
    return InsertIncidentParts(incident_id, merged).WithContext(where);
  });
}

}  // namespace kenchi::sqlite
