#!/usr/bin/env bash
# Builds kenchi's default IP dataset (var/geo/ip.kgeo) from the packages
# scripts/setup-datasets.sh installed, unless it is already newer than them
# and than data/providers.tsv. Run after the build; used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
KENCHI=${KENCHI_BUILD_DIR:-build}/kenchi
SRC=var/datasets/npm/node_modules/@ip-location-db
OUT=${KENCHI_GEO:-var/geo/ip.kgeo}
if [[ ! -f $SRC/asn/package.json ]]; then
  echo "geo: no IP datasets under $SRC (run scripts/setup.sh); skipping" >&2
  exit 0
fi
if [[ -f $OUT && $OUT -nt $SRC/asn/package.json && $OUT -nt $SRC/geo-whois-asn-country/package.json &&
      $OUT -nt data/providers.tsv ]]; then
  echo "geo: $OUT is up to date"
  exit 0
fi
"$KENCHI" --quiet geo update --from "$SRC" --providers data/providers.tsv --dataset "$OUT" >/dev/null
echo "geo: built $OUT"
