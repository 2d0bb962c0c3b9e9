#!/usr/bin/env bash
# The CI performance gate (see ci/README.md). Needs a built tree (./build.sh).
#   ci/run_gate.sh            run the gate set, compare with ci/baseline.json, re-measure flags once
#   ci/run_gate.sh --refresh  re-record ci/baseline.json on purpose (commit it with a reason)
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${CONV1D_BENCH:-build/harness/conv1d-bench}  # e.g. build-slow/harness/conv1d-bench
work=${CONV1D_GATE_WORK:-build/gate}
mkdir -p "$work"

# Single-threaded, 10 repetitions per backend, repetitions of all backends of a problem interleaved.
measure() {  # sweep, out.json
  local rc=0
  local log="$work/$(basename "${2%.json}").log"
  "$bench" run --sweep "$1" --threads 1 --reps 10 --min-time 0.03 --out "$2" > "$log" 2>&1 || rc=$?
  # exit 1 = some record FAILED verification: the gate reports that as a status change
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { cat "$log" >&2; exit "$rc"; }
}

if [ "${1:-}" = "--refresh" ]; then
  measure ci/gate_set.json ci/baseline.json
  rm -f ci/baseline.jsonl
  echo "run_gate: wrote ci/baseline.json ($(grep -c '"backend"' ci/baseline.json) records); commit it with the reason"
  exit 0
fi

measure ci/gate_set.json "$work/current.json"
rc=0
/usr/bin/python3 ci/gate.py ci/baseline.json "$work/current.json" --flagged-sweep "$work/flagged.json" || rc=$?
if [ "$rc" -eq 3 ]; then
  echo "run_gate: performance flags raised; re-measuring those shapes once before judging"
  measure "$work/flagged.json" "$work/remeasured.json"
  rc=0
  /usr/bin/python3 ci/gate.py ci/baseline.json "$work/remeasured.json" --final || rc=$?
fi
[ "$rc" -eq 0 ] && echo "run_gate: PASSED" || echo "run_gate: FAILED"
exit "$rc"
