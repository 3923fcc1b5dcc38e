#!/usr/bin/env bash
# Speaker identification and verification on RAVDESS with extractors that never see the evaluated
# speakers: trained on actors 01–12, evaluated on 13–24, and the reverse. Two protocols per direction:
# text-disjoint (enroll statement 01, test statement 02) and emotion-disjoint (enroll neutral + calm,
# test the six other emotions), each scored with PLDA and cosine. Then the cost of identifying one
# ~3-s clip with the extractor loaded: (time of identify on 21 copies − time on 1) / 20, --jobs 1.
#
#   swift build -c release --product emovox && scripts/bench_speakers.sh [RAVDESS_DIR] [OUT_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EMOVOX=${EMOVOX:-$ROOT/.build/release/emovox}
RAVDESS=${1:-$ROOT/../shared/corpora/ravdess}
OUT=${2:-$(mktemp -d)}
JOBS=${JOBS:-2}
EXTRA=${EXTRA:-}
DB=$OUT/ravdess.sqlite
mkdir -p "$OUT"
"$EMOVOX" import ravdess "$RAVDESS" --db "$DB" --json > "$OUT/import.json"

actors() { local list=""; for i in $(seq -f "%02g" "$1" "$2"); do list+="${list:+, }ravdess/$i"; done; echo "$list"; }
FIRST="speaker in ($(actors 1 12))"
SECOND="speaker in ($(actors 13 24))"

now() { date +%s.%N; }
for direction in first second; do
  if [ "$direction" = first ]; then TRAIN=$FIRST; EVAL=$SECOND; else TRAIN=$SECOND; EVAL=$FIRST; fi
  X=$OUT/$direction.extractor
  start=$(now)
  # shellcheck disable=SC2086
  "$EMOVOX" speakers train-extractor --corpus ravdess --where "$TRAIN" --out "$X" --jobs "$JOBS" --db "$DB" \
    --json $EXTRA > "$OUT/$direction-train.json"
  echo "{\"direction\": \"$direction\", \"train_seconds\": $(echo "$(now) - $start" | bc)}"
  for protocol in text emotion; do
    if [ "$protocol" = text ]; then
      ENROLL="statement = 01"; TEST="statement = 02"
    else
      ENROLL="emotion in (neutral, calm)"; TEST="emotion not in (neutral, calm)"
    fi
    for scoring in plda cosine; do
      "$EMOVOX" speakers evaluate --corpus ravdess --where "$EVAL" --enroll "$ENROLL" --test "$TEST" \
        --extractor "$X" --scoring "$scoring" --jobs "$JOBS" --db "$DB" --json > "$OUT/$direction-$protocol-$scoring.json"
      python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps({'direction': sys.argv[2], 'protocol': sys.argv[3], 'scoring': sys.argv[4], 'accuracy': round(r['accuracy'], 4), 'eer': round(r['eer'], 4), 'min_dcf': round(r['min_dcf'], 4), 'targets': r['target_trials'], 'non_targets': r['non_target_trials']}))" \
        "$OUT/$direction-$protocol-$scoring.json" "$direction" "$protocol" "$scoring"
    done
  done
done

# Identification cost: enroll the evaluated actors of the last direction from statement 01, then time
# identify on one ~3-s clip, once and 21 times.
X=$OUT/second.extractor
CLIP=$RAVDESS/Actor_01/03-01-05-01-02-01-01.flac
for i in $(seq -f "%02g" 1 12); do
  "$EMOVOX" speakers enroll "actor$i" "$RAVDESS"/Actor_$i/03-01-0[12]-01-01-0*-$i.flac --extractor "$X" \
    --jobs "$JOBS" --db "$DB" > /dev/null
done
one=$( { /usr/bin/time -f %e "$EMOVOX" speakers identify "$CLIP" --extractor "$X" --jobs 1 --db "$DB" > /dev/null; } 2>&1 )
many=$( { /usr/bin/time -f %e "$EMOVOX" speakers identify $(for _ in $(seq 21); do echo "$CLIP"; done) --extractor "$X" \
  --jobs 1 --db "$DB" > /dev/null; } 2>&1 )
echo "{\"identify_one_seconds\": $one, \"identify_21_seconds\": $many, \"per_clip_ms\": $(echo "($many - $one) * 1000 / 20" | bc -l)}"
