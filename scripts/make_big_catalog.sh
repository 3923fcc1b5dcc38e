#!/usr/bin/env bash
# A large catalog that `run default` has genuinely processed, for the cost benchmarks at a million
# clips: N samples, each with a file of its own (distinct bytes and checksum: no duplicate groups)
# that decodes to one synthetic 0.3 s clip, its last-step cache entry and its feature rows. The clip
# is processed once; see `emovox benchmark-catalog --help`.
#   scripts/make_big_catalog.sh DIR N [SPEAKERS]   → DIR/emovox.sqlite, DIR/emovox-cache/, DIR/corpus/
# (scripts/make_big_catalog.py fills rows without files or features, for stats and split benchmarks.)
set -euo pipefail
dir=${1:?usage: make_big_catalog.sh DIR N [SPEAKERS]}
samples=${2:?usage: make_big_catalog.sh DIR N [SPEAKERS]}
speakers=${3:-1000}
bin=${EMOVOX:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/emovox}
mkdir -p "$dir"
EMOVOX_PROGRESS=off "$bin" benchmark-catalog --samples "$samples" --speakers "$speakers" \
  --corpus "$dir/corpus" --db "$dir/emovox.sqlite"
