#!/usr/bin/env bash
# CI: the cluster path as a user takes it, on a real one-node Slurm of this machine (Debian's slurm-wlm and
# munge, localhost only): sweeps/slurm/run_shards.sbatch submitted as a job array over a sweep, one task
# cancelled mid-run and requeued, another submitted again alone (both must resume from their .jsonl), the
# shards merged, then judged by
# ci/check_slurm.py against a local run of the same sweep, and the grid's summary figures drawn from them.
# The daemons are stopped whatever happens.
#   ci/slurm_check.sh [SWEEP.json [SHARDS]]      (default: sweeps/smoke.json in 4 shards)
# Needs a built build/harness/conv1d-bench (./build.sh) and root (it starts the daemons).
set -euo pipefail
cd "$(dirname "$0")/.."
sweep=${1:-sweeps/smoke.json}
shards=${2:-4}
bench=build/harness/conv1d-bench
# Verified and timed, with one short repetition: enough to draw the grid's summary figures from the merged
# shards, short enough for CI. The cancelled task must still be running when it is cancelled: the check
# below fails if it had finished.
run_options=(--mode CP --reps 1 --min-time 0.01)
threads=$(nproc)
start=$(date +%s)
say() { echo "slurm_check: $*" >&2; }

[ -x "$bench" ] || { say "error: $bench missing: run ./build.sh first"; exit 2; }
[ "$(id -u)" -eq 0 ] || { say "error: must run as root (it starts munged, slurmctld and slurmd)"; exit 2; }
missing=()
for p in slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/conv1d-slurm.XXXXXX)
chmod 700 "$work"
pids=()
cleanup() {
  status=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -n "${job:-}" ]; then scancel "$job" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [ $status -ne 0 ]; then
    for log in "$work"/*.log; do [ -e "$log" ] && { say "--- $log (last lines)"; tail -n 20 "$log" >&2; }; done
  fi
  rm -rf "$work"
  say "daemons stopped ($(($(date +%s) - start)) s in all)"
}
trap cleanup EXIT

# munge, on its own key and socket (nothing of the machine's own configuration is touched).
mkdir -p "$work/munge"
chmod 700 "$work/munge"
mungekey --create --keyfile="$work/munge/munge.key" 2>/dev/null || dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --force --foreground --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/seed" \
  >>"$work/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || { say "error: munged did not start"; exit 1; }

# A one-node cluster of this machine: its name, CPUs and memory as slurmd itself reports them.
node=$(hostname -s)
node_line=$(slurmd -C | head -n 1 | sed -e 's/ UpTime=.*//')
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=conv1dci
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued job waits until its old credential has expired (120 s by default): 10 s keeps CI short.
AuthInfo=socket=$socket,cred_expire=10
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
JobRequeue=1
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
mkdir -p "$work/state" "$work/spool"
slurmctld -D -i -f "$SLURM_CONF" >>"$work/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >>"$work/slurmd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  sinfo -h -o %t 2>/dev/null | grep -q -E '^(idle|mix|alloc)' && break
  sleep 0.2
done
sinfo -h -o %t | grep -q -E '^(idle|mix|alloc)' || { say "error: the node did not come up: $(sinfo 2>&1)"; exit 1; }
say "one-node Slurm up: $node_line"

# The array, as a user submits it (the README's command).
name=$(basename "$sweep" .json)
rm -f "results/shards/$name".*of"$shards".json* results/slurm-conv1d-bench.*.log
job=$(sbatch --parsable --array=1-"$shards" sweeps/slurm/run_shards.sbatch "$sweep" "$threads" "${run_options[@]}")
say "submitted job array $job ($shards tasks of $sweep)"

# Fault path: task 1 (the first to run: one node, exclusive tasks) is cancelled as soon as it has written a
# record, then requeued.
victim=1
jsonl="results/shards/$name.${victim}of${shards}.jsonl"
for _ in $(seq 600); do
  [ -s "$jsonl" ] && break
  sleep 0.1
done
[ -s "$jsonl" ] || { say "error: task $victim wrote no record in 60 s"; exit 1; }
scancel "${job}_${victim}"
for _ in $(seq 100); do
  state=$(scontrol show job "${job}_${victim}" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)
  [ "$state" = CANCELLED ] && break
  sleep 0.1
done
kept=$(wc -l < "$jsonl")
if [ -e "results/shards/$name.${victim}of${shards}.json" ]; then
  say "error: task $victim had finished before it was cancelled: the fault path was not exercised"; exit 1
fi
say "task $victim cancelled ($state) with $kept record(s) in its .jsonl; requeueing it"
scontrol requeue "${job}_${victim}"

# Wait for the whole array (bounded), then merge and judge.
for _ in $(seq 1200); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.5
done
[ -z "$(squeue -h -j "$job")" ] || { say "error: the array did not finish in 10 minutes"; exit 1; }
# A task submitted again alone after the job is gone (its result lost): it must resume, redo nothing.
rm "results/shards/$name.3of${shards}.json"
SHARDS=$shards sbatch --wait --parsable --array=3 sweeps/slurm/run_shards.sbatch "$sweep" "$threads" \
  "${run_options[@]}" >/dev/null
grep -h "conv1d-bench: task\|resum" results/slurm-conv1d-bench.*.log >&2 || true
shard_files=()
for i in $(seq "$shards"); do shard_files+=("results/shards/$name.${i}of${shards}.json"); done
"$bench" merge "${shard_files[@]}" --out "$work/merged.json"
# The local run only verifies: the check compares which records there are and their status.
"$bench" run --sweep "$sweep" --threads "$threads" --mode C --out "$work/local.json" >/dev/null 2>"$work/local.log"
/usr/bin/python3 ci/check_slurm.py "$work/merged.json" "$work/local.json" "${shard_files[@]}"
# The grid's summary figures, drawn from the merged shards as a user would.
/usr/bin/python3 plots/draw_all.py "$work/merged.json" --out "$work/plots" >"$work/plots.log"
for dt in f32 bf16; do
  for metric in speedup pct_peak; do
    [ -s "$work/plots/dist_${metric}_$dt.png" ] || { say "error: dist_${metric}_$dt.png not drawn"; cat "$work/plots.log" >&2; exit 1; }
  done
done
say "summary figures drawn from the merged shards: $(ls "$work/plots" | grep -c dist_) dist_*.png"
