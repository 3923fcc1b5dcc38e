#!/usr/bin/env bash
# Import benchmark (release build): `emovox import` over RAVDESS beside the floor of the same work
# done by sha256sum + soxi over the same files, in one run; then `emovox stats` over a generated
# catalog of 1,000,000 samples. Prints a small report; numbers are wall seconds and CPU seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/ravdess}
[ -d "$corpus" ] || { echo "bench_import: no corpus at $corpus" >&2; exit 1; }
command -v soxi >/dev/null || { echo "bench_import: soxi (Debian sox) is needed" >&2; exit 1; }

swift build -c release --product emovox >/dev/null
bin=.build/release/emovox
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

files=$(find "$corpus" -type f \( -iname '*.wav' -o -iname '*.flac' \) | wc -l)
sync
# Warm the page cache once so both sides read from memory.
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null

measure() { # label, command...: prints "label wall cpu"
  local label=$1; shift
  local t0 t1 c0 c1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  t1=$(date +%s.%N)
  read -r u s <"$work/time"
  printf "%-28s %8.2f s wall %8.2f s cpu %9.1f files/s\n" "$label" "$(echo "$t1 - $t0" | bc)" "$(echo "$u + $s" | bc)" \
    "$(echo "$files / ($t1 - $t0)" | bc -l)"
}

echo "files: $files in $corpus ($(nproc) cores)"
measure "emovox import (cold)" $bin import ravdess "$corpus" --db "$work/a.sqlite" --json
measure "emovox import (re-import)" $bin import ravdess "$corpus" --db "$work/a.sqlite" --json
measure "emovox import --jobs 1" $bin import ravdess "$corpus" --db "$work/b.sqlite" --jobs 1 --json
measure "floor: sha256sum + soxi" bash -c "find '$corpus' -type f \\( -iname '*.wav' -o -iname '*.flac' \\) -print0 | xargs -0 -P $(nproc) -n 64 sh -c 'sha256sum \"\$@\" >/dev/null; soxi \"\$@\" >/dev/null' _"
measure "floor --jobs 1" bash -c "find '$corpus' -type f \\( -iname '*.wav' -o -iname '*.flac' \\) -print0 | xargs -0 -n 64 sh -c 'sha256sum \"\$@\" >/dev/null; soxi \"\$@\" >/dev/null' _"

echo
echo "stats over a generated catalog of 1,000,000 samples / 10,000 speakers:"
$bin stats --db "$work/big.sqlite" --json >/dev/null
python3 scripts/make_big_catalog.py "$work/big.sqlite" 1000000 10000
for by in gender "gender,language,accent,corpus"; do
  t0=$(date +%s%N)
  $bin stats --db "$work/big.sqlite" --by "$by" --json >/dev/null
  t1=$(date +%s%N)
  echo "  stats --by $by: $(( (t1 - t0) / 1000000 )) ms"
done
