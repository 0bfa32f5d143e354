#!/usr/bin/env bash
# Renders the security report of the bundled sample data and takes one
# screenshot per language with headless Chromium, for people to look at:
# charts legible, Japanese not garbled, nothing overflowing.
#
#   scripts/render-report.sh [OUTDIR]     (default: docs/images)
#
# Writes OUTDIR/report-ja.png and OUTDIR/report-en.png, and the HTML beside
# them in var/report-sample/. Needs a build (scripts/build.sh) and Debian's
# chromium and fonts-noto-cjk (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/images}
KENCHI=${KENCHI_BUILD_DIR:-build}/kenchi
WORK=var/report-sample
CHROMIUM=${KENCHI_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $CHROMIUM ]]; then
  echo "render-report: headless Chromium is needed: apt-get install chromium fonts-noto-cjk" >&2
  exit 3
fi
if [[ ! -x $KENCHI ]]; then
  echo "render-report: no $KENCHI; run scripts/build.sh first" >&2
  exit 3
fi

# A fresh database of the sample data, so the pictures do not depend on
# what else var/kenchi.db holds.
rm -rf "$WORK"
mkdir -p "$WORK" "$OUT"
DB=$WORK/sample.db
"$KENCHI" --db "$DB" -q ingest --no-match sample-data/notices sample-data/underground >/dev/null
"$KENCHI" --db "$DB" -q watch import sample-data/watchlists/sample.yaml >/dev/null
"$KENCHI" --db "$DB" -q match >/dev/null
"$KENCHI" --db "$DB" -q enrich >/dev/null 2>&1 || true   # no IP dataset: hosts stay unlocated

# The sample's incidents were disclosed April to June 2024; the report for
# the organisation in the sample watchlist shows every section.
for lang in ja en; do
  "$KENCHI" --db "$DB" -q report --from 2024-04-01 --to 2024-07-31 --org kakuu-mart --lang "$lang" \
    -o "$WORK/report-$lang.html" >/dev/null
  # Chromium's screenshot is the window: make it as tall as the page.
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$WORK/profile" --window-size=1000,"${REPORT_PNG_HEIGHT:-7000}" \
    --screenshot="$OUT/report-$lang.png" "file://$PWD/$WORK/report-$lang.html" >/dev/null 2>&1
  echo "$OUT/report-$lang.png"
done
