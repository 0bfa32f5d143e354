#!/usr/bin/env bash
# Installs everything kenchi needs to build, test and run, from Debian 12's packages.
# Idempotent: packages already present are left alone, so a second run is quick.
# Needs root (or sudo) for apt-get.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # store
  libsqlite3-dev sqlite3
  # text: encodings, normalisation, Japanese morphology
  libicu-dev libmecab-dev mecab mecab-ipadic-utf8 mecab-utils
  # formats and compression
  libzstd-dev libisal-dev libarchive-dev libxml2-dev nlohmann-json3-dev libsimdjson-dev libyaml-cpp-dev
  # hashing (content hashes, keyed password hashes)
  libssl-dev
  # command line and formatting
  libcli11-dev libfmt-dev
  # network (collection, webhooks, mail)
  libcurl4-openssl-dev
  # matching and enrichment
  libhyperscan-dev libre2-dev libabsl-dev libpsl-dev libidn2-dev publicsuffix libmaxminddb-dev
  # test peers: loopback HTTP and SMTP servers started by the tests
  python3 python3-aiosmtpd
  # the real compressors, to make test archives
  gzip xz-utils bzip2 zstd zip
  # PDF text
  libpoppler-cpp-dev
  # the report: PDF and screenshots by headless Chromium, Japanese fonts for it
  chromium fonts-noto-cjk
  # IP datasets come from the npm registry (scripts/setup-datasets.sh); npm ships
  # with nodejs where nodejs comes from NodeSource, else it is Debian's `npm`
  nodejs
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  bash "$(dirname "$0")/setup-datasets.sh"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
bash "$(dirname "$0")/setup-datasets.sh"
