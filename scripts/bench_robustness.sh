#!/usr/bin/env bash
# Noise robustness on RAVDESS (8 classes; release build; issue 18):
#   1. import RAVDESS and `emovox corrupt` it (NOISES at SNRS dB, seed 1) as corpora rn-<noise>-<snr>db;
#   2. `run` each of SPECS (default, denoise, enhance) over every corpus and export SETS per corpus;
#   3. round-robin speaker 5-fold with the bundled trainer: train clean / test clean and noisy, and with
#      MATCHED=1 also train noisy / test noisy (same condition); pooled out-of-fold UAR per cell.
# WORK is reused when present (import, corruption, runs and exports are skipped or resumed).
# Reduced grids: NOISES="white pink babble" SNRS=5,10 SPECS="default enhance" MATCHED=0.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpora/ravdess}
venv=${VENV:-.venv-ref}
work=${WORK:-$(mktemp -d)}
noises=${NOISES:-white pink babble}
snrs=${SNRS:-0,5,10,20}
specs=${SPECS:-default denoise enhance}
sets=${SETS:-prosody,gemaps,mfcc}
jobs=${JOBS:-2}
params=(--iterations 300 --learning-rate 0.05 --num-leaves 15 --min-data-in-leaf 5 --class-weight balanced
  --threads "$jobs" --normalize none)
[ -d "$corpus" ] || { echo "bench_robustness: no corpus at $corpus" >&2; exit 1; }
[ -x "$venv/bin/python" ] || { echo "bench_robustness: no venv at $venv" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then swift build -c release --product emovox >/dev/null; fi
bin=${BIN:-$PWD/.build/release/emovox}
db=$work/c.sqlite
mkdir -p "$work"
echo "work folder: $work"
[ -f "$work/import.json" ] || $bin import ravdess "$corpus" --db "$db" --json >"$work/import.json"
# shellcheck disable=SC2086  # NOISES is a list
[ -f "$work/corrupt.json" ] || $bin corrupt --corpus ravdess --noise $noises --snr "$snrs" --seed 1 \
  --out "$work/noisy" --as-corpus rn --jobs "$jobs" --db "$db" --json >"$work/corrupt.json"
corpora=$("$venv/bin/python" -c "import json,sys; print(' '.join(c['corpus'] for c in json.load(open(sys.argv[1]))['conditions']))" "$work/corrupt.json")
for spec in $specs; do
  $bin run "$spec" --db "$db" --jobs "$jobs" --json >"$work/run-$spec.json"
  mkdir -p "$work/features/$spec"
  for c in ravdess $corpora; do
    [ -f "$work/features/$spec/$c.csv" ] || $bin features export --set "$sets" --spec "$spec" --corpus "$c" \
      --out "$work/features/$spec/$c.csv" --db "$db" >/dev/null
  done
done
matched=()
[ "${MATCHED:-1}" = 1 ] && matched=(--matched)
# shellcheck disable=SC2086  # SPECS is a list
"$venv/bin/python" scripts/bench_robustness.py --bin "$bin" --work "$work" --specs $specs \
  --conditions "$work/corrupt.json" --params "${params[*]}" "${matched[@]}"
