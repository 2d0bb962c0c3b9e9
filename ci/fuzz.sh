#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers of outside input (fuzz/README.md): builds the libFuzzer targets of
# fuzz/ with clang-14 under ASan + UBSan into build-fuzz/, then runs each for FUZZ_SECONDS on a scratch copy of
# its seed corpus and its regression inputs, from the repository's root. Fails (exit 1) on any crash,
# sanitizer report, leak, timeout (an input taking over FUZZ_TIMEOUT s: a hang) or out-of-memory, naming the
# input that reproduces it; prints each target's number of executions.
#   ci/fuzz.sh                       every target, 60 s each
#   FUZZ_SECONDS=600 ci/fuzz.sh sweep results    some targets, longer
# Env: FUZZ_SECONDS (60), FUZZ_TIMEOUT (10), FUZZ_RSS_MB (2048), FUZZ_WORK (scratch dir, build-fuzz/work).
# The Python target (gate: ci/gate.py's reader) needs atheris from PyPI, installed into build-fuzz/deps/; where
# PyPI cannot be reached it is skipped with a warning.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
timeout=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
work=${FUZZ_WORK:-build-fuzz/work}
atheris_version=3.0.0
atheris_dir=build-fuzz/deps/atheris-$atheris_version

packages=(cmake make clang-14 libclang-rt-14-dev libomp-14-dev libbenchmark-dev nlohmann-json3-dev libcli11-dev
          python3-pip python3-scipy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz.sh: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "fuzz.sh: error: missing packages (${missing[*]}) and not root; install them with apt-get as root" >&2
    exit 2
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

start=$(date +%s)
cmake -S . -B build-fuzz -DCONV1D_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_descriptor fuzz_sweep fuzz_results fuzz_cli >/dev/null
echo "fuzz.sh: built build-fuzz/ in $(( $(date +%s) - start )) s" >&2

if [ ! -e "$atheris_dir/atheris/__init__.py" ]; then
  rm -rf "$atheris_dir.partial"
  if /usr/bin/python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
       --target "$atheris_dir.partial" "atheris==$atheris_version" >&2; then
    rm -rf "$atheris_dir" && mv "$atheris_dir.partial" "$atheris_dir"
  else
    rm -rf "$atheris_dir.partial"
    echo "fuzz.sh: warning: atheris could not be installed from PyPI: the gate target is skipped" >&2
  fi
fi

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(descriptor sweep results cli gate)
declare -A max_len=([descriptor]=512 [sweep]=4096 [results]=8192 [cli]=1024 [gate]=8192)
failed=()
summary=()
for target in "${targets[@]}"; do
  [ -n "${max_len[$target]:-}" ] || { echo "fuzz.sh: error: no fuzz target '$target'" >&2; exit 2; }
  if [ "$target" = gate ]; then
    [ -e "$atheris_dir/atheris/__init__.py" ] || { summary+=("gate: skipped (no atheris)"); continue; }
    fuzzer=(env PYTHONPATH="$atheris_dir" /usr/bin/python3 fuzz/gate.py)
  else
    fuzzer=(build-fuzz/fuzz/fuzz_$target)
  fi
  dir="$work/$target"
  rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/tmp"
  cp fuzz/corpus/"$target"/* "$dir/corpus/"
  cp fuzz/regressions/"$target"/* "$dir/corpus/" 2>/dev/null || true
  echo "fuzz.sh: $target: ${seconds} s on $(ls "$dir/corpus" | wc -l) seed inputs" >&2
  rc=0
  TMPDIR="$PWD/$dir/tmp" "${fuzzer[@]}" "$dir/corpus" -max_total_time="$seconds" -timeout="$timeout" \
    -rss_limit_mb="$rss_mb" -max_len="${max_len[$target]}" -print_final_stats=1 \
    -artifact_prefix="$PWD/$dir/artifacts/" < /dev/null > "$dir/log" 2>&1 || rc=$?
  runs=$(grep -o 'Done [0-9]* runs' "$dir/log" | tail -1 | grep -o '[0-9]*' || true)
  artifacts=$(cd "$dir/artifacts" && ls crash-* leak-* timeout-* oom-* 2>/dev/null || true)
  if [ "$rc" -ne 0 ] || [ -n "$artifacts" ]; then
    failed+=("$target")
    grep -E 'ERROR|runtime error|property violated|Uncaught|SUMMARY' "$dir/log" | head -5 >&2 || true
    for a in $artifacts; do
      echo "fuzz.sh: $target FAILED: reproduce with: ${fuzzer[*]} $dir/artifacts/$a" >&2
    done
    [ -n "$artifacts" ] || echo "fuzz.sh: $target FAILED (exit $rc): see $dir/log" >&2
    summary+=("$target: FAILED after ${runs:-?} executions (log: $dir/log)")
  else
    summary+=("$target: ${runs:-?} executions in ${seconds} s, no crash")
  fi
done
for line in "${summary[@]}"; do echo "fuzz.sh: $line"; done
echo "fuzz.sh: total $(( $(date +%s) - start )) s"
[ ${#failed[@]} -eq 0 ] || { echo "fuzz.sh: error: ${failed[*]} failed" >&2; exit 1; }
