#!/usr/bin/env bash
# Speaker normalization and small-corpus settings on RAVDESS (8 classes; release build), side by side
# with the reference (openSMILE eGeMAPSv02 + LightGBM, speaker-normalized the same way) on the same folds.
#   1. import + `run default` (prosody, gemaps, mfcc; level) into WORK (reused when present);
#   2. round-robin speaker 5-fold: `cv` with --normalize none / speaker / speaker median-iqr /
#      speaker --reference-label neutral / auto, and the reference on the same folds, raw and normalized;
#   3. LOSO (24 folds), and `logo` by statement and by gender, with and without normalization;
#   4. small corpus: a 10-speaker subset (actors 01–10), LOSO: the defaults, --preset small and an RBF SVM
#      on the same exported Emovox features, each raw and speaker-normalized.
# STAGES (default "rr loso logo small") picks the parts; LARGE=1 adds `large` (needs `run large` in WORK).
# Needs the reference venv (VENV, default .venv-ref): see ../shared/anchors/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpora/ravdess}
venv=${VENV:-.venv-ref}
work=${WORK:-$(mktemp -d)}
stages=${STAGES:-rr loso logo small}
sets=${SETS:-gemaps,prosody,mfcc,level}
mkdir -p "$work"
params=(--iterations 300 --learning-rate 0.05 --num-leaves 15 --min-data-in-leaf 5 --class-weight balanced --threads 2)
[ -d "$corpus" ] || { echo "bench_normalize: no corpus at $corpus" >&2; exit 1; }
[ -x "$venv/bin/python" ] || { echo "bench_normalize: no venv at $venv" >&2; exit 1; }

# BIN: a release binary to use as it is (e.g. a copy, while the sources change); default: build one.
if [ -z "${BIN:-}" ]; then swift build -c release --product emovox >/dev/null; fi
bin=${BIN:-$PWD/.build/release/emovox}
db=$work/c.sqlite
echo "work folder: $work"
if [ ! -f "$work/run.json" ]; then
  $bin import ravdess "$corpus" --db "$db" --json >"$work/import.json"
  $bin run default --db "$db" --jobs 2 --json >"$work/run.json"
fi
split() {  # NAME ARGS…: (re)create a split
  local name=$1; shift
  $bin split delete "$name" --db "$db" >/dev/null 2>&1 || true
  $bin split create "$name" "$@" --db "$db" --json >"$work/split-$name.json"
}
cv() {  # TITLE SPLIT FEATURES ARGS…: one cross-validation, one result line
  local title=$1 name=$2 features=$3; shift 3
  local out="$work/cv-$(echo "$title" | tr ' /' '__').json"
  /usr/bin/time -f "%e" -o "$work/cv.time" $bin cv --split "$name" --features "$features" "$@" --db "$db" --json \
    >"$out" 2>"$out.log"
  "$venv/bin/python" -c "
import json, sys
r = json.load(open(sys.argv[1]))
print(f\"emovox {sys.argv[2]:<52} UAR {r['uar']:.3f}  macro-F1 {r['macro_f1']:.3f}  normalize {r['normalize']:<7} ({sys.argv[3]} s)\")
" "$out" "$title" "$(cat "$work/cv.time")"
}
folds_csv() {  # SPLIT OUT: path,speaker,label,fold of a split's test sides
  $bin export "$1" --out "$work/lists-$1" --db "$db" >/dev/null
  "$venv/bin/python" scripts/bench_normalize_ref.py folds-csv --export "$work/lists-$1" --out "$2"
}
reference() {  # TITLE ARGS… of bench_normalize_ref.py
  local title=$1; shift
  "$venv/bin/python" scripts/bench_normalize_ref.py "$@" | "$venv/bin/python" -c "
import json, sys
r = json.loads(sys.stdin.read())
print(f\"reference {sys.argv[1]:<49} UAR {r['uar']:.3f}\")
" "$title"
}

for stage in $stages; do
  case $stage in
  rr)
    split rr --strategy kfold --folds 5 --assignment round-robin
    $bin split check rr --db "$db" | tail -1
    cv "rr $sets none" rr "$sets" "${params[@]}" --normalize none
    cv "rr $sets speaker" rr "$sets" "${params[@]}" --normalize speaker
    cv "rr $sets speaker median-iqr" rr "$sets" "${params[@]}" --normalize speaker --normalize-stat median-iqr
    cv "rr $sets speaker ref=neutral" rr "$sets" "${params[@]}" --normalize speaker --reference-label neutral
    cv "rr $sets auto" rr "$sets" "${params[@]}" --normalize auto
    cv "rr gemaps none" rr gemaps "${params[@]}" --normalize none
    cv "rr gemaps speaker" rr gemaps "${params[@]}" --normalize speaker
    if [ "${LARGE:-0}" = 1 ]; then
      cv "rr large speaker (ff 0.3)" rr large "${params[@]}" --feature-fraction 0.3 --normalize speaker
    fi
    folds_csv rr "$work/folds-rr.csv"
    for n in none speaker; do
      reference "rr openSMILE eGeMAPSv02 + LightGBM $n" folds --csv "$work/folds-rr.csv" \
        --cache "$work/egemaps-rr.npz" --normalize "$n"
    done
    ;;
  loso)
    split loso --strategy loso
    cv "loso $sets none" loso "$sets" "${params[@]}" --normalize none
    cv "loso $sets speaker" loso "$sets" "${params[@]}" --normalize speaker
    ;;
  logo)
    for group in statement gender; do
      split "by-$group" --strategy logo --group "$group"
      for n in none speaker; do cv "logo $group $sets $n" "by-$group" "$sets" "${params[@]}" --normalize "$n"; done
    done
    ;;
  small)
    split s10 --strategy loso --where "speaker in (ravdess/01, ravdess/02, ravdess/03, ravdess/04, ravdess/05, ravdess/06, ravdess/07, ravdess/08, ravdess/09, ravdess/10)"
    for n in none speaker; do
      cv "s10 $sets defaults $n" s10 "$sets" "${params[@]}" --normalize "$n"
      cv "s10 $sets preset small $n" s10 "$sets" --preset small --threads 2 --normalize "$n"
      $bin export s10 --features "$sets" --normalize "$n" --out "$work/s10-$n" --db "$db" >/dev/null
      reference "s10 RBF SVM on the same Emovox features $n" export --export "$work/s10-$n" --classifier svm
    done
    ;;
  esac
done
