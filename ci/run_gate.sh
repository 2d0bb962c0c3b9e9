#!/usr/bin/env bash
# The CI performance gate (see ci/README.md). Needs a built tree (./build.sh).
#   ci/run_gate.sh            build the code ci/baseline.json was recorded with, run it and this build
#                             back to back on the gate set, compare, re-measure flags once
#   ci/run_gate.sh --refresh  re-record ci/baseline.json on purpose (commit the code first, then the baseline)
# Env: CONV1D_BENCH (the binary under test), CONV1D_GATE_WORK (scratch dir), CONV1D_CMAKE_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${CONV1D_BENCH:-build/harness/conv1d-bench}  # e.g. build-slow/harness/conv1d-bench
work=${CONV1D_GATE_WORK:-build/gate}
mkdir -p "$work"
[ -x "$bench" ] || { echo "run_gate: error: no binary at $bench; run ./build.sh first" >&2; exit 2; }

# Single-threaded, 10 repetitions per backend, repetitions of all backends of a problem interleaved.
measure() {  # binary, sweep, out.json
  local rc=0
  local log="$work/$(basename "${3%.json}").log"
  "$1" run --sweep "$2" --threads 1 --reps 10 --min-time 0.03 --out "$3" > "$log" 2>&1 || rc=$?
  rm -f "${3%.json}.jsonl"
  # exit 1 = some record FAILED verification: the gate reports that as a status change
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { cat "$log" >&2; exit "$rc"; }
}

recorded_commit() {  # the code ci/baseline.json was measured with, as its binary reported it
  /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["context"]["git_commit"])' ci/baseline.json
}

if [ "${1:-}" = "--refresh" ]; then
  measure "$bench" ci/gate_set.json ci/baseline.json
  commit=$(recorded_commit)
  case "$commit" in
    *-dirty|unknown) echo "run_gate: warning: the binary was built from '$commit', not a commit; the gate" \
                          "builds the baseline side from a commit, so commit the code, rebuild and refresh again" >&2 ;;
  esac
  echo "run_gate: wrote ci/baseline.json ($(grep -c '"backend"' ci/baseline.json) records, code $commit); commit it with the reason"
  exit 0
fi

# The baseline side: the code recorded in ci/baseline.json, built here and run in this same job, so that
# both sides see the same machine (another host's baseline numbers moved xsmm-bf16 by 50 % in CI).
recorded=$(recorded_commit)
base_commit=${recorded%-dirty}
code_paths=(CMakeLists.txt cmake include kernels baselines harness)
if ! git rev-parse -q --verify "$base_commit^{commit}" >/dev/null 2>&1; then
  echo "run_gate: warning: baseline code $recorded is not in this clone's history (shallow clone?);" \
       "comparing with the numbers recorded in ci/baseline.json, which only holds on a machine like the one that recorded them" >&2
  base_json=ci/baseline.json
  base_bench=""
else
  if git diff --quiet "$base_commit" HEAD -- "${code_paths[@]}" && [ "$bench" = build/harness/conv1d-bench ] &&
     git diff --quiet HEAD -- "${code_paths[@]}"; then
    echo "run_gate: kernel and harness code unchanged since the baseline's $base_commit: both sides run this build"
    base_bench=$bench
  else
    src="$work/baseline-$base_commit/src"
    bld="$work/baseline-$base_commit/build"
    if [ ! -x "$bld/harness/conv1d-bench" ]; then
      echo "run_gate: building the baseline's code ($base_commit) in $bld"
      rm -rf "$src" && git worktree prune
      git worktree add --detach --force "$src" "$base_commit" >/dev/null 2>&1  # a checkout, so it knows its commit
      # The same oneDNN plugins as the build under test (build.sh fetched them), so both sides have the
      # same baselines beside ours.
      prefixes=$(sed -n 's/^CONV1D_ONEDNN_PREFIXES:STRING=//p' "$(dirname "$(dirname "$bench")")/CMakeCache.txt" 2>/dev/null || true)
      # shellcheck disable=SC2086
      cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Release "-DCONV1D_ONEDNN_PREFIXES=$prefixes" ${CONV1D_CMAKE_ARGS:-} >/dev/null
      cmake --build "$bld" -j "$(nproc)" --target conv1d-bench >/dev/null
    fi
    base_bench="$bld/harness/conv1d-bench"
  fi
  base_json="$work/baseline.json"
  measure "$base_bench" ci/gate_set.json "$base_json"
fi

measure "$bench" ci/gate_set.json "$work/current.json"
rc=0
/usr/bin/python3 ci/gate.py "$base_json" "$work/current.json" --flagged-sweep "$work/flagged.json" || rc=$?
if [ "$rc" -eq 3 ]; then
  echo "run_gate: performance flags raised; re-measuring those shapes once (both sides) before judging"
  measure "$bench" "$work/flagged.json" "$work/remeasured.json"
  if [ -n "$base_bench" ]; then
    measure "$base_bench" "$work/flagged.json" "$work/baseline_remeasured.json"
    base_json="$work/baseline_remeasured.json"
  fi
  rc=0
  /usr/bin/python3 ci/gate.py "$base_json" "$work/remeasured.json" --final || rc=$?
fi
[ "$rc" -eq 0 ] && echo "run_gate: PASSED" || echo "run_gate: FAILED"
exit "$rc"
