#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine runs deploy/slurm/emovox-run.sbatch as a 4-task
# array over a small synthesized corpus, then deploy/slurm/emovox-merge.sbatch the way its header
# says; the merged catalog must export byte-identical features to a local single-process run.
#
# Installs slurm-wlm and munge (apt, as root or with sudo) when missing, and skips, saying why, only
# where they cannot be installed. Starts munged, slurmctld and slurmd as root with a generated
# slurm.conf in a temporary folder, and stops exactly those daemons when it ends.
#
#   scripts/test_slurm.sh [path/to/emovox]     (default: .build/debug/emovox)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
emovox=$(realpath "${1:-${EMOVOX_BIN:-.build/debug/emovox}}")
[ -x "$emovox" ] || { echo "test_slurm: no emovox binary at $emovox (build first)" >&2; exit 1; }

skip() { echo "test_slurm: SKIP: $*" >&2; exit 0; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    skip "needs root (or password-less sudo) to install and run munged, slurmctld and slurmd"
  fi
fi
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  echo "test_slurm: installing slurm-wlm and munge" >&2
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null; then
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null ||
      skip "apt-get could not install slurm-wlm and munge"
  fi
fi

started=$(date +%s)
work=$(mktemp -d /tmp/emovox-slurm.XXXXXX)
chmod 755 "$work"
cluster="$work/slurm"
mkdir -p "$cluster/state" "$cluster/spool" "$cluster/munge"

stop_daemons() {
  # Only the daemons this script started, by the pid files it gave them.
  for pidfile in "$cluster/slurmd.pid" "$cluster/slurmctld.pid" "$cluster/munge/munged.pid"; do
    if [ -s "$pidfile" ]; then $sudo kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
}
cleanup() {
  status=$?
  stop_daemons
  if [ $status -ne 0 ]; then
    echo "test_slurm: FAILED; logs:" >&2
    tail -n 20 "$cluster"/*.log "$work"/*.out "$work/emovox.log" 2>/dev/null >&2 || true
  fi
  $sudo rm -rf "$work"
}
trap cleanup EXIT

# -- cluster: munged with its own key and socket, slurmctld and slurmd on free ports.
dd if=/dev/urandom of="$cluster/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$cluster/munge/munge.key"
$sudo munged --force --key-file="$cluster/munge/munge.key" --socket="$cluster/munge/munge.socket" \
  --pid-file="$cluster/munge/munged.pid" --log-file="$cluster/munge/munged.log" --seed-file="$cluster/munge/seed"
host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
cat >"$cluster/slurm.conf" <<CONF
ClusterName=emovoxci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$cluster/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$cluster/state
SlurmdSpoolDir=$cluster/spool
SlurmctldPidFile=$cluster/slurmctld.pid
SlurmdPidFile=$cluster/slurmd.pid
SlurmctldLogFile=$cluster/slurmctld.log
SlurmdLogFile=$cluster/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=30 State=UP
CONF
export SLURM_CONF="$cluster/slurm.conf"
$sudo env SLURM_CONF="$SLURM_CONF" slurmctld -f "$SLURM_CONF"
$sudo env SLURM_CONF="$SLURM_CONF" slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -q idle && break
  sleep 1
done
sinfo -h -o %T | grep -q idle || { echo "test_slurm: the node never became idle" >&2; exit 1; }
echo "test_slurm: cluster up ($(sinfo -h -o '%P %D %T %N'))"

# -- corpus: the demo's synthetic speakers, imported once; the catalog is copied for the local run.
# Each catalog has its own folder, so each has its own cache beside it.
mkdir -p "$work/local" "$work/cluster"
log="$work/emovox.log"
"$emovox" demo --actors 2 --import-only --out "$work/corpus" --db "$work/local/emovox.sqlite" >/dev/null 2>>"$log"
for suffix in "" -wal; do
  if [ -f "$work/local/emovox.sqlite$suffix" ]; then
    cp "$work/local/emovox.sqlite$suffix" "$work/cluster/emovox.sqlite$suffix"
  fi
done
cat >"$work/spec.yaml" <<'SPEC'
name: slurm-ci
steps:
  - decode: {channel: mix}
  - resample: {rate: 16000, converter: soxr_hq}
  - trim: {reference: peak, threshold_db: -40, margin_ms: 50}
  - normalize: {method: loudness, target: -23}
  - features: {sets: [prosody, mfcc]}
SPEC
samples=$("$emovox" stats --db "$work/local/emovox.sqlite" --format json |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["samples"])')
echo "test_slurm: $samples samples"

# -- reference: one local process.
"$emovox" run "$work/spec.yaml" --db "$work/local/emovox.sqlite" --jobs "$(nproc)" >/dev/null 2>>"$log"
"$emovox" features export --set prosody,mfcc,level --out "$work/local.csv" --db "$work/local/emovox.sqlite" 2>>"$log"

# -- the cluster: the array, then the merge step after it, exactly as the deploy files say.
export EMOVOX="$emovox" EMOVOX_DB="$work/cluster/emovox.sqlite" EMOVOX_OUT="$work/shards" EMOVOX_SPEC="$work/spec.yaml"
jobid=$(sbatch --parsable --array=0-3 -D "$work" "$root/deploy/slurm/emovox-run.sbatch")
sbatch --wait --dependency=afterany:"$jobid" -D "$work" "$root/deploy/slurm/emovox-merge.sbatch" >/dev/null ||
  { echo "test_slurm: the merge step failed" >&2; cat "$work"/emovox-merge-*.out >&2; exit 1; }
cat "$work"/emovox-merge-*.out
shards=$(find "$work/shards" -maxdepth 1 -name 'shard-*' | wc -l)
[ "$shards" -eq 4 ] || { echo "test_slurm: expected 4 shard folders, found $shards" >&2; exit 1; }

"$emovox" features export --set prosody,mfcc,level --out "$work/cluster.csv" --db "$work/cluster/emovox.sqlite" \
  2>>"$log"
rows=$(($(wc -l <"$work/local.csv") - 1))
[ "$rows" -eq "$samples" ] || { echo "test_slurm: local run exported $rows of $samples samples" >&2; exit 1; }
cmp "$work/local.csv" "$work/cluster.csv" ||
  { echo "test_slurm: the merged features differ from the local run's" >&2; exit 1; }
# Cache entries: the same names with the same bytes.
entries() { (cd "$1" && find . -type f ! -name '.*' | sort | xargs sha256sum); }
entries "$work/local/emovox-cache" >"$work/local.entries"
entries "$work/cluster/emovox-cache" >"$work/cluster.entries"
[ -s "$work/local.entries" ] || { echo "test_slurm: the local run cached nothing" >&2; exit 1; }
cmp "$work/local.entries" "$work/cluster.entries" ||
  { echo "test_slurm: the merged cache differs from the local run's" >&2; exit 1; }
echo "test_slurm: OK: 4 Slurm array tasks + merge = local run ($rows feature rows and" \
  "$(wc -l <"$work/local.entries") cache entries, byte-identical) in $(($(date +%s) - started)) s"
