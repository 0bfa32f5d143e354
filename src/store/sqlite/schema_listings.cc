// Migration: what listing extraction finds beyond the v1 columns — the kind
// of access sold, what the price pays for, the post's language and first
// line, and where offering, volume and price were read (byte spans of the
// document's text, 0/0 when not recorded).
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view ListingsSchemaSql() {
  return R"sql(
ALTER TABLE listings ADD COLUMN access_kind TEXT NOT NULL DEFAULT 'none'
  CHECK (access_kind IN ('none', 'admin_panel', 'rdp', 'vpn', 'webshell', 'cloud_console', 'ssh',
                         'other'));
ALTER TABLE listings ADD COLUMN price_basis TEXT NOT NULL DEFAULT 'unknown'
  CHECK (price_basis IN ('unknown', 'per_record', 'for_the_lot'));
ALTER TABLE listings ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE listings ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE listings ADD COLUMN offering_begin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listings ADD COLUMN offering_end INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listings ADD COLUMN volume_begin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listings ADD COLUMN volume_end INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listings ADD COLUMN price_begin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE listings ADD COLUMN price_end INTEGER NOT NULL DEFAULT 0;
CREATE INDEX listings_offering ON listings (offering);
CREATE INDEX listings_target_country ON listings (target_country);
)sql";
}

}  // namespace kenchi::sqlite
