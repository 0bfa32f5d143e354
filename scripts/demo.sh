#!/usr/bin/env bash
# kenchi's main job on its embedded default, from nothing:
# installs dependencies, builds, ingests the bundled sample data into
# ./var/kenchi.db (SQLite), and shows what was extracted.
# Safe to run again: documents already stored are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
echo "build: ok (build/kenchi)"
bash scripts/prepare-geo.sh

KENCHI=build/kenchi
DB=var/kenchi.db
echo
echo "== kenchi ingest sample-data/notices"
"$KENCHI" --db "$DB" ingest sample-data/notices
echo
echo "== kenchi ingest sample-data/underground"
"$KENCHI" --db "$DB" ingest sample-data/underground
echo
echo "== kenchi listings"
"$KENCHI" --db "$DB" listings
echo
echo "== kenchi incidents"
"$KENCHI" --db "$DB" incidents
echo
echo "== kenchi search 不正アクセス"
"$KENCHI" --db "$DB" search -n 3 不正アクセス || true
echo
echo "== kenchi report (the sample's incidents: April to July 2024)"
"$KENCHI" --db "$DB" -q watch import sample-data/watchlists/sample.yaml >/dev/null
"$KENCHI" --db "$DB" -q match >/dev/null
"$KENCHI" --db "$DB" -q enrich >/dev/null 2>&1 || true
REPORT=var/report-2024-04-07.html
"$KENCHI" --db "$DB" -q report --from 2024-04-01 --to 2024-07-31 --org kakuu-mart --lang ja -o "$REPORT" >/dev/null
echo "report: $REPORT (open it in a browser; --lang en, --format md|json|pdf for the others)"
echo
echo "Results are in $DB. Try:"
echo "  $KENCHI --db $DB incidents --json"
echo "  $KENCHI --db $DB search 個人情報"
echo "  $KENCHI --db $DB status"
