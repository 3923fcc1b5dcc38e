#!/usr/bin/env bash
# Pipeline throughput on RAVDESS: floor (bare libsndfile decode + resampling, per converter), cold and
# warm pipeline runs (decode, resample, trim, loudness-normalize; jobs 1 and 2) and, for context,
# sox decoding + resampling the same files. Figures are audio-seconds per CPU-second.
#
# Usage: scripts/bench_pipeline.sh [actors]   (default 4 actors × 60 files; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
actors="${1:-4}"
corpus="../shared/corpora/ravdess"
[ -d "$corpus" ] || { echo "no RAVDESS at $corpus" >&2; exit 1; }

echo "== Swift pipeline (release) =="
EMOVOX_BENCH=1 EMOVOX_BENCH_ACTORS="$actors" EMOVOX_BENCH_REPEAT="${EMOVOX_BENCH_REPEAT:-3}" swift test -c release -Xswiftc -enable-testing --filter PipelineBenchmark 2>&1 | grep '^BENCH'

echo "== sox decode + resample to 16 kHz (context) =="
files=()
for a in $(seq 1 "$actors"); do
  while IFS= read -r f; do files+=("$f"); done < <(ls "$corpus/$(printf 'Actor_%02d' "$a")"/*.flac | sort | head -60)
done
audio=$(soxi -D "${files[@]}" | awk '{s+=$1} END {printf "%.1f", s}')
for quality in -m -h -v; do
  TIMEFORMAT="%U %S %R"
  t=$( { time (for f in "${files[@]}"; do sox "$f" -t raw -e float -b 32 /dev/null rate $quality 16000 2>/dev/null; done) ; } 2>&1 )
  read -r user sys real <<<"$t"
  awk -v a="$audio" -v u="$user" -v s="$sys" -v r="$real" -v q="$quality" \
    'BEGIN {printf "sox rate %s: cpu %.2f s wall %.2f s  %.1f audio-s/cpu-s (audio %.1f s, includes process start-up)\n", q, u+s, r, a/(u+s), a}'
done
