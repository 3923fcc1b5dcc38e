#!/usr/bin/env bash
# Cost at scale (release build): an all-cached re-run of `run default` and a split export over
# catalogs made by scripts/make_big_catalog.sh, for each size given (default 10000 and 1000000).
# Prints wall seconds, peak RSS and samples per second. Needs a few GB of disk per million samples.
set -euo pipefail
cd "$(dirname "$0")/.."
make release >/dev/null
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/emovox
export EMOVOX_PROGRESS=off
work=${BENCH_DIR:-$(mktemp -d)}
for n in "${@:-10000 1000000}"; do
  dir="$work/n$n"
  [ -f "$dir/emovox.sqlite" ] || EMOVOX=$bin scripts/make_big_catalog.sh "$dir" "$n" >/dev/null
  sync
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" run default --db "$dir/emovox.sqlite" --json >"$work/run.json"
  read -r wall rss <"$work/time"
  cached=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cached"])' "$work/run.json")
  printf "run default, all cached, %8d samples: %6.2f s wall, %4d MB peak, %8.0f samples/s (%d cached)\n" \
    "$n" "$wall" $((rss / 1024)) "$(echo "$n / $wall" | bc -l)" "$cached"
  "$bin" split show big --db "$dir/emovox.sqlite" >/dev/null 2>&1 ||
    "$bin" split create big --strategy holdout --db "$dir/emovox.sqlite" >/dev/null
  rm -rf "$dir/export"
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" export big --out "$dir/export" --db "$dir/emovox.sqlite" >/dev/null
  read -r wall rss <"$work/time"
  printf "export (lists) of a %8d-sample split: %6.2f s wall, %4d MB peak\n" "$n" "$wall" $((rss / 1024))
done
