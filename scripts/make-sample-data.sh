#!/usr/bin/env bash
# Regenerates the non-UTF-8 files in sample-data/notices/ from their UTF-8
# masters in sample-data/src/.
#
# The masters are what people edit (any editor, readable diffs); the encoded
# copies are what `kenchi ingest` reads, so they must stay byte-for-byte what
# this script produces. Run it after changing a master and commit both.
#
# Usage: scripts/make-sample-data.sh        (from anywhere)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/sample-data/src"
out="$root/sample-data/notices"

# master file name | iconv target encoding | line endings (lf|crlf)
#
# CP932 rather than plain SHIFT_JIS: it is what Windows and most Japanese
# sites actually emit (NEC/IBM extensions, ～ as U+FF5E). The Shift_JIS text
# notice uses CRLF line endings, as files saved on Windows do.
files=(
  "mihari-tsuhan-notice-2024-05-28.txt|CP932|crlf"
  "kakuu-pay-notice-2024-04-05.html|CP932|lf"
  "kakuuno-city-notice-2024-06-10.txt|EUC-JP|lf"
  "column-leak-response.txt|CP932|lf"
)

command -v iconv >/dev/null || { echo "make-sample-data: iconv not found" >&2; exit 1; }
mkdir -p "$out"

for entry in "${files[@]}"; do
  IFS='|' read -r name encoding eol <<<"$entry"
  in="$src/$name"
  [[ -f "$in" ]] || { echo "make-sample-data: missing master $in" >&2; exit 1; }
  tmp="$(mktemp "$out/.${name}.XXXXXX")"
  # Convert line endings first (on UTF-8, where "\n" is unambiguous), then
  # the encoding; iconv fails loudly on a character the target lacks.
  if [[ "$eol" == crlf ]]; then
    sed 's/$/\r/' "$in" | iconv -f UTF-8 -t "$encoding" >"$tmp" || { rm -f "$tmp"; exit 1; }
  else
    iconv -f UTF-8 -t "$encoding" "$in" >"$tmp" || { rm -f "$tmp"; exit 1; }
  fi
  chmod 0644 "$tmp"
  mv "$tmp" "$out/$name"
  echo "make-sample-data: $name -> $encoding ($eol)"
done
