#!/usr/bin/env bash
# Re-runs the committed results on this machine and redraws their figures. Each line is the exact
# command behind a file in results/; run one by hand to reproduce just that file.
#   results/reproduce.sh [default|atacworks|fig4|fig5|fig6|grid_sample ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
./build.sh
bench=build/harness/conv1d-bench
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(default atacworks fig6 fig4 fig5 grid_sample)
for s in "${sets[@]}"; do
  mkdir -p "results/$s"
  case "$s" in
    default)   "$bench" run --sweep sweeps/default.json --out results/default/default.json ;;
    atacworks) "$bench" run --sweep sweeps/atacworks.json --reps 10 --out results/atacworks/atacworks.json ;;
    fig4|fig5|fig6|grid_sample)
               "$bench" run --sweep "sweeps/$s.json" --min-time 0.05 --out "results/$s/$s.json" ;;
    *) echo "reproduce.sh: unknown set '$s'" >&2; exit 2 ;;
  esac
  rm -f "results/$s/$s.jsonl"
  /usr/bin/python3 plots/draw_all.py "results/$s/$s.json" --out "results/$s"
done
