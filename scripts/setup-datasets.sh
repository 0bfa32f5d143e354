#!/usr/bin/env bash
# Installs the public IP datasets kenchi enriches with, from the npm registry,
# into var/datasets/npm (gitignored). Called by scripts/setup.sh.
# Idempotent: packages already at the pinned version are left alone, so a
# second run does not touch the network.
#
#   @ip-location-db/asn                     IP -> ASN + AS organisation
#                                           (RouteViews, RIRs, DB-IP; CC-BY-4.0)
#   @ip-location-db/geo-whois-asn-country   IP -> country (CC0; NRO data CC-BY-4.0)
#   @ip-location-db/geo-whois-asn-country-mmdb   the same in MMDB form, for the
#                                           libmaxminddb comparison in bench/
#
# To move to newer data: raise VERSION, run this, then
#   build/kenchi geo update --from var/datasets/npm/node_modules/@ip-location-db
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=2.3.2026061719
PACKAGES=(asn geo-whois-asn-country geo-whois-asn-country-mmdb)
PREFIX=var/datasets/npm

wanted=()
for p in "${PACKAGES[@]}"; do
  manifest="$PREFIX/node_modules/@ip-location-db/$p/package.json"
  if ! [[ -f $manifest ]] || ! grep -q "\"version\": \"$VERSION\"" "$manifest"; then
    wanted+=("@ip-location-db/$p@$VERSION")
  fi
done

if ((${#wanted[@]} == 0)); then
  echo "setup: IP datasets already installed ($VERSION, $PREFIX)"
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "setup: installing Debian's npm"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -q --no-install-recommends npm
fi
mkdir -p "$PREFIX"
echo "setup: installing ${wanted[*]} into $PREFIX"
# Pinned, so that every checkout enriches with the same data.
npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --loglevel=error "${wanted[@]}" >/dev/null
echo "setup: IP datasets installed"
