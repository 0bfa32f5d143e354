#!/usr/bin/env bash
# Installs dependencies, builds kenchi and its tests, and runs the whole
# test suite with ctest. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
bash scripts/prepare-geo.sh
ctest --test-dir "${KENCHI_BUILD_DIR:-build}" --output-on-failure -j "${KENCHI_JOBS:-$(nproc)}"
