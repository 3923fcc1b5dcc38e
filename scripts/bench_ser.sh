#!/usr/bin/env bash
# Speech-emotion benchmark on RAVDESS (release build), side by side with the reference in one run:
#   1. Emovox: import, `run default` (16 kHz, trim, loudness, prosody + gemaps + mfcc), a round-robin
#      speaker 5-fold split, `cv` with LightGBM-matching parameters, for several feature sets.
#   2. Reference (../shared/anchors/reference_ser.py): openSMILE eGeMAPSv02 + LightGBM on the SAME folds.
#   3. Same feature CSV into both trainers (Emovox gemaps features, per fold): LightGBM vs `emovox train`.
# Needs the reference venv (VENV, default .venv-ref): opensmile librosa lightgbm scikit-learn soundfile pandas.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpora/ravdess}
venv=${VENV:-.venv-ref}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
params=(--iterations 300 --learning-rate 0.05 --num-leaves 15 --min-data-in-leaf 5 --class-weight balanced --threads 2)
[ -d "$corpus" ] || { echo "bench_ser: no corpus at $corpus" >&2; exit 1; }
[ -x "$venv/bin/python" ] || { echo "bench_ser: no venv at $venv (see ../shared/anchors/README.md)" >&2; exit 1; }

swift build -c release --product emovox >/dev/null
bin=$PWD/.build/release/emovox
db=$work/c.sqlite
echo "work folder: $work"

$bin import ravdess "$corpus" --db "$db" --json >"$work/import.json"
/usr/bin/time -f "%e s wall, %U+%S s cpu" -o "$work/run.time" $bin run default --db "$db" --jobs 2 --json >"$work/run.json"
echo "pipeline (default spec, 2 jobs): $(cat "$work/run.time")"
# A re-run in the same WORK folder replaces the split rather than failing on its name.
$bin split delete rr --db "$db" >/dev/null 2>&1 || true
$bin split create rr --strategy kfold --folds 5 --assignment round-robin --db "$db" --json >"$work/split.json"

for sets in gemaps gemaps,level gemaps,prosody,level gemaps,prosody,mfcc,level; do
  /usr/bin/time -f "%e" -o "$work/cv.time" $bin cv --split rr --features "$sets" "${params[@]}" --db "$db" --json >"$work/cv-$sets.json"
  "$venv/bin/python" - "$work/cv-$sets.json" "$sets" "$(cat "$work/cv.time")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"emovox {sys.argv[2]:<28} UAR {r['uar']:.3f}  accuracy {r['accuracy']:.3f}  macro-F1 {r['macro_f1']:.3f}  ({sys.argv[3]} s)")
PY
done

# The same folds for the reference: path,speaker,label,fold from the split's export.
$bin export rr --out "$work/rr" --db "$db" >/dev/null
"$venv/bin/python" scripts/bench_normalize_ref.py folds-csv --export "$work/rr" --out "$work/folds.csv"
"$venv/bin/python" ../shared/anchors/reference_ser.py --corpus csv --csv "$work/folds.csv" --root / \
  --features egemaps --classifier lightgbm --cache "$work/egemaps.npz" >"$work/reference.json"
"$venv/bin/python" - "$work/reference.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"reference openSMILE eGeMAPSv02 + LightGBM   UAR {r['uar']:.3f}  accuracy {r['accuracy']:.3f}  macro-F1 {r['macro_f1']:.3f}"
      f"  (extraction {r['extraction']}, train+predict {r['train_and_predict_wall_s']} s)")
PY

# Same CSV into both trainers: Emovox gemaps features per fold.
$bin export rr --features gemaps --format csv --out "$work/rr-gemaps" --db "$db" >/dev/null
"$venv/bin/python" scripts/bench_same_csv.py "$work/rr-gemaps" "$bin"
