// Migration: feed collection.
//
// - sources.delay_ms: the per-host delay `kenchi source add --delay` sets
//   for one source (NULL: collect's default).
// - documents.format accepts 'pdf' (PDF notices whose text poppler
//   extracted). SQLite cannot ALTER a CHECK constraint, and rebuilding
//   `documents` would fire the ON DELETE actions of every table that points
//   at it. Widening an IN list changes no stored row, so this uses SQLite's
//   documented procedure for such changes (lang_altertable.html, "making
//   other kinds of table schema changes"): rewrite the table's SQL in
//   sqlite_schema, inside the migration's transaction. Creating and dropping
//   a scratch table bumps the schema cookie, so every other open connection
//   reloads the schema; writable_schema=RESET reloads ours.
#include "store/sqlite/migrations.h"

namespace kenchi::sqlite {

std::string_view CollectSchemaSql() {
  return R"sql(
ALTER TABLE sources ADD COLUMN delay_ms INTEGER CHECK (delay_ms IS NULL OR delay_ms >= 0);

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'format       TEXT NOT NULL CHECK (format IN (''text'', ''html'', ''jsonl''))',
                          'format       TEXT NOT NULL CHECK (format IN (''text'', ''html'', ''jsonl'', ''pdf''))')
 WHERE type = 'table' AND name = 'documents';
-- Fails the migration (CHECK) if the text above was not found.
CREATE TEMP TABLE kenchi_pdf_format_check (ok INTEGER CHECK (ok = 1));
INSERT INTO kenchi_pdf_format_check
  SELECT instr(sql, '''pdf''') > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'documents';
DROP TABLE kenchi_pdf_format_check;
CREATE TABLE kenchi_schema_cookie_bump (x);
DROP TABLE kenchi_schema_cookie_bump;
PRAGMA writable_schema = RESET;
)sql";
}

}  // namespace kenchi::sqlite
