#!/usr/bin/env bash
# The benchmark command: installs what is missing, builds, runs the default sweep (about 10 minutes
# on the 2-vCPU Sapphire Rapids VM with every baseline; less on AVX2-only nodes, where bf16 is SKIPPED), writes
# results/latest/default.json and draws its figures.
#   ./bench.sh [extra conv1d-bench run options, e.g. --threads 1]
set -euo pipefail
cd "$(dirname "$0")"
./build.sh
mkdir -p results/latest
build/harness/conv1d-bench run --sweep sweeps/default.json --out results/latest/default.json "$@"
rm -f results/latest/default.jsonl  # the streamed copy; the .json is complete
if [ -f plots/draw_all.py ]; then
  /usr/bin/python3 plots/draw_all.py results/latest/default.json --out results/latest
fi
