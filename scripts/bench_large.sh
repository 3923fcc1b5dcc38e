#!/usr/bin/env bash
# The `large` feature set and the trainer at its width, on RAVDESS (release build), side by side with
# LightGBM in one run:
#   1. Emovox: import, `run Pipelines/large.yaml` (default preprocessing + prosody, gemaps, mfcc, large),
#      the reference's round-robin speaker 5-fold split, `cv` on `large` alone.
#   2. The same `large` CSV per fold into LightGBM and `emovox train` with matching parameters and
#      2 threads (scripts/bench_same_csv.py): pooled UAR and training time of both.
# Parameters: the reference's (300 rounds, learning rate 0.05, 15 leaves, 5 per leaf, balanced) with
# FEATURE_FRACTION (default 0.3) of the features per tree in both trainers.
# Needs the reference venv (VENV, default .venv-ref): see ../shared/anchors/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpora/ravdess}
venv=${VENV:-.venv-ref}
work=${WORK:-$(mktemp -d)}
ff=${FEATURE_FRACTION:-0.3}
mkdir -p "$work"
[ -d "$corpus" ] || { echo "bench_large: no corpus at $corpus" >&2; exit 1; }
[ -x "$venv/bin/python" ] || { echo "bench_large: no venv at $venv (see ../shared/anchors/README.md)" >&2; exit 1; }

swift build -c release --product emovox >/dev/null
bin=$PWD/.build/release/emovox
db=$work/c.sqlite
echo "work folder: $work"
$bin import ravdess "$corpus" --db "$db" --json >"$work/import.json"
/usr/bin/time -f "run large (2 jobs): %e s wall, %U+%S s cpu" $bin run large --db "$db" --jobs 2 --json >"$work/run.json"
# A re-run in the same WORK folder replaces the split rather than failing on its name.
$bin split delete rr --db "$db" >/dev/null 2>&1 || true
$bin split create rr --strategy kfold --folds 5 --assignment round-robin --db "$db" --json >"$work/split.json"
/usr/bin/time -f "cv large: %e s wall, %U+%S s cpu" $bin cv --split rr --features large --iterations 300 \
  --learning-rate 0.05 --num-leaves 15 --min-data-in-leaf 5 --class-weight balanced --feature-fraction "$ff" \
  --threads 2 --db "$db" --json >"$work/cv-large.json"
"$venv/bin/python" -c "
import json, sys
r = json.load(open(sys.argv[1]))
print(f\"emovox large (feature fraction $ff): UAR {r['uar']:.3f}  accuracy {r['accuracy']:.3f}  macro-F1 {r['macro_f1']:.3f}\")
" "$work/cv-large.json"
$bin export rr --features large --format csv --out "$work/rr-large" --db "$db" >/dev/null
"$venv/bin/python" scripts/bench_same_csv.py "$work/rr-large" "$bin" --feature-fraction "$ff"
