// Migration: evidence spans for an incident's cause, attacker origin and
// event dates (the organisation's and each record's spans are in v1).
//
// One row per (incident, fact) rather than eight more columns on
// incidents: the facts are optional, and a later fact (say the victim's
// own statement of a vector) needs only a new CHECK value, not a new
// migration of a wide table.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view IncidentEvidenceSql() {
  return R"sql(
CREATE TABLE incident_evidence (
  incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  fact         TEXT NOT NULL CHECK (fact IN ('cause', 'origin', 'occurred', 'discovered')),
  document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  begin_offset INTEGER NOT NULL CHECK (begin_offset >= 0),
  end_offset   INTEGER NOT NULL CHECK (end_offset >= begin_offset),
  PRIMARY KEY (incident_id, fact)
) WITHOUT ROWID;
)sql";
}

}  // namespace kenchi::sqlite
