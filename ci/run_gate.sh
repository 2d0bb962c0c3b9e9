#!/usr/bin/env bash
# The CI performance gate (see ci/README.md). Needs a built tree (./build.sh).
#   ci/run_gate.sh            build the code ci/baseline.json was recorded with, run it and this build
#                             back to back on the gate set, compare, re-measure flags once; then count the
#                             instructions of our kernels on both sides under callgrind (ci/count_work.py)
#                             and fail on a record that does 10 % more work
#   ci/run_gate.sh --refresh  re-record ci/baseline.json on purpose (commit the code first, then the baseline)
# Env: CONV1D_BENCH (the binary under test), CONV1D_GATE_WORK (scratch dir), CONV1D_CMAKE_ARGS,
#      CONV1D_PORTABLE_BUILD (the portable build the work is counted in; default build-portable, which
#      ci/isa_isolation.sh makes), CONV1D_GATE_SKIP_TIMING=1 (judge only the work).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${CONV1D_BENCH:-build/harness/conv1d-bench}  # e.g. build-slow/harness/conv1d-bench
work=${CONV1D_GATE_WORK:-build/gate}
mkdir -p "$work"
skip_timing=${CONV1D_GATE_SKIP_TIMING:-0}
[ "$skip_timing" = 1 ] || [ -x "$bench" ] || { echo "run_gate: error: no binary at $bench; run ./build.sh first" >&2; exit 2; }

# Single-threaded, 10 repetitions per backend, repetitions of all backends of a problem interleaved.
measure() {  # binary, sweep, out.json
  local rc=0
  local log="$work/$(basename "${3%.json}").log"
  "$1" run --sweep "$2" --threads 1 --reps 10 --min-time 0.03 --out "$3" > "$log" 2>&1 || rc=$?
  rm -f "${3%.json}.jsonl"
  # exit 1 = some record FAILED verification: the gate reports that as a status change
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { cat "$log" >&2; exit "$rc"; }
}

# The work: one execute() of each of our kernels on ci/work_set.json's small shapes, instructions counted by
# callgrind (ci/README.md, "Work"). valgrind 3.19 runs no AVX-512, so the counting tool is built portably
# (-DCONV1D_NATIVE=OFF), added to the build by ci/work_count/inject.cmake, from this tree's source both for
# this tree and for the baseline's code, so both sides are counted the same way.
inject="$PWD/ci/work_count/inject.cmake"
count_tool() {  # source dir, build dir: builds <build>/ci_work_count/conv1d-count-work
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DCONV1D_NATIVE=OFF "-DCMAKE_PROJECT_conv1d_bench_INCLUDE=$inject" >/dev/null
  cmake --build "$2" -j "$(nproc)" --target conv1d-count-work >/dev/null
}
ensure_valgrind() {
  command -v valgrind >/dev/null && [ -f /usr/include/valgrind/callgrind.h ] && return 0
  echo "run_gate: installing valgrind (to count instructions)" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "run_gate: error: valgrind is missing and not root; install it with apt-get install -y valgrind" >&2
    exit 2
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq valgrind >/dev/null
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
src="$work/baseline-$base_commit/src"
checkout_baseline() {  # a checkout of the baseline's code, so its build knows its commit
  [ -d "$src" ] && return 0
  git worktree prune
  git worktree add --detach --force "$src" "$base_commit" >/dev/null 2>&1
}
portable=${CONV1D_PORTABLE_BUILD:-build-portable}
base_bench=""
work_base_tool=""  # the counting tool of the baseline side ("": the work is not compared)
if ! git rev-parse -q --verify "$base_commit^{commit}" >/dev/null 2>&1; then
  echo "run_gate: warning: baseline code $recorded is not in this clone's history (shallow clone?);" \
       "comparing with the numbers recorded in ci/baseline.json, which only holds on a machine like the one that recorded them;" \
       "the work is not compared (its baseline must be counted from that code)" >&2
  base_json=ci/baseline.json
  base_bench=""
else
  code_unchanged=false
  git diff --quiet "$base_commit" HEAD -- "${code_paths[@]}" && git diff --quiet HEAD -- "${code_paths[@]}" && code_unchanged=true
  if $code_unchanged && [ "$bench" = build/harness/conv1d-bench ]; then
    echo "run_gate: kernel and harness code unchanged since the baseline's $base_commit: both sides run this build"
    base_bench=$bench
  elif [ "$skip_timing" != 1 ]; then
    bld="$work/baseline-$base_commit/build"
    if [ ! -x "$bld/harness/conv1d-bench" ]; then
      echo "run_gate: building the baseline's code ($base_commit) in $bld"
      rm -rf "$src"
      checkout_baseline
      # The same oneDNN plugins as the build under test (build.sh fetched them), so both sides have the
      # same baselines beside ours.
      prefixes=$(sed -n 's/^CONV1D_ONEDNN_PREFIXES:STRING=//p' "$(dirname "$(dirname "$bench")")/CMakeCache.txt" 2>/dev/null || true)
      # shellcheck disable=SC2086
      cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Release "-DCONV1D_ONEDNN_PREFIXES=$prefixes" ${CONV1D_CMAKE_ARGS:-} >/dev/null
      cmake --build "$bld" -j "$(nproc)" --target conv1d-bench >/dev/null
    fi
    base_bench="$bld/harness/conv1d-bench"
  fi
  if $code_unchanged; then
    work_base_tool="$portable/ci_work_count/conv1d-count-work"  # the same code: counted twice, by this build
  else
    work_base_tool="$work/baseline-$base_commit/build-portable/ci_work_count/conv1d-count-work"
  fi
  base_json="$work/baseline.json"
fi

rc=0
if [ "$skip_timing" != 1 ]; then
  if [ -n "$base_bench" ]; then measure "$base_bench" ci/gate_set.json "$base_json"; fi
  measure "$bench" ci/gate_set.json "$work/current.json"
fi

# The work, counted on both sides, is judged in the first call of gate.py beside the times: a count needs no
# second look, a work increase fails at once.
work_args=()
if [ -n "$work_base_tool" ]; then
  start=$SECONDS
  ensure_valgrind
  [ -f "$portable/CMakeCache.txt" ] || echo "run_gate: no portable build at $portable (ci/isa_isolation.sh makes one): building it"
  count_tool . "$portable"
  if [ "$work_base_tool" != "$portable/ci_work_count/conv1d-count-work" ]; then
    # kept for the next run; rebuilt only as far as the tool (this tree's) changed
    [ -x "$work_base_tool" ] || echo "run_gate: building the baseline's code ($base_commit) portably to count its work"
    checkout_baseline
    count_tool "$src" "$work/baseline-$base_commit/build-portable"
  fi
  /usr/bin/python3 ci/count_work.py --tool "$work_base_tool" --out "$work/work_baseline.json"
  /usr/bin/python3 ci/count_work.py --tool "$portable/ci_work_count/conv1d-count-work" --out "$work/work_current.json"
  echo "run_gate: work counted in $((SECONDS - start)) s (building included)"
  work_args=(--work "$work/work_baseline.json" "$work/work_current.json")
fi

if [ "$skip_timing" = 1 ]; then
  if [ ${#work_args[@]} -eq 0 ]; then echo "run_gate: nothing to judge" >&2; exit 2; fi
  /usr/bin/python3 ci/gate.py "${work_args[@]}" || rc=$?
else
  /usr/bin/python3 ci/gate.py "$base_json" "$work/current.json" --flagged-sweep "$work/flagged.json" "${work_args[@]}" || rc=$?
fi
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
