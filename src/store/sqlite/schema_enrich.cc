// Migration: IP enrichment columns on compromised hosts and indicators.
//
// Each row records the dataset version it was enriched with, so that
// `kenchi enrich` can find rows enriched with an older dataset and a report
// can say which data its figures came from. NULL enriched_with = never
// enriched.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view IpEnrichmentSchemaSql() {
  return R"sql(
ALTER TABLE compromised_hosts ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE compromised_hosts ADD COLUMN asn INTEGER NOT NULL DEFAULT 0 CHECK (asn >= 0);
ALTER TABLE compromised_hosts ADD COLUMN as_org TEXT NOT NULL DEFAULT '';
ALTER TABLE compromised_hosts ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE compromised_hosts ADD COLUMN enriched_with TEXT;
CREATE INDEX compromised_hosts_first_seen ON compromised_hosts (first_seen);

ALTER TABLE indicators ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN asn INTEGER NOT NULL DEFAULT 0 CHECK (asn >= 0);
ALTER TABLE indicators ADD COLUMN as_org TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN enriched_with TEXT;
)sql";
}

}  // namespace kenchi::sqlite
