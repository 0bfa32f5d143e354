// Migration 11: the sector a listing's target is in (kenchi/model.h,
// Sector), and where the post says it. Listings stored before it read as
// 'unknown': the migration is SQL and does not run the extractor again.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view ListingSectorSql() {
  return R"sql(
ALTER TABLE listings ADD COLUMN sector TEXT NOT NULL DEFAULT 'unknown'
  CHECK (sector IN ('finance', 'crypto', 'retail', 'government', 'healthcare', 'education',
                    'telecom', 'technology', 'manufacturing', 'energy', 'transport',
                    'hospitality', 'gaming', 'media', 'other', 'unknown'));
ALTER TABLE listings ADD COLUMN sector_begin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listings ADD COLUMN sector_end INTEGER NOT NULL DEFAULT 0;
CREATE INDEX listings_sector ON listings (sector);
)sql";
}

}  // namespace kenchi::sqlite
