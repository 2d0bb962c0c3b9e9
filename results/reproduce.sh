#!/usr/bin/env bash
# Re-runs the committed results on this machine and redraws their figures. Each line is the exact
# command behind a file in results/; run one by hand to reproduce just that file.
#   results/reproduce.sh [default|atacworks|fig4|fig5|fig6|grid_sample|baselines ...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
./build.sh
bench=build/harness/conv1d-bench
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(default atacworks fig6 fig4 fig5 grid_sample baselines)
for s in "${sets[@]}"; do
  mkdir -p "results/$s"
  case "$s" in
    default)   "$bench" run --sweep sweeps/default.json --out results/default/default.json ;;
    atacworks) "$bench" run --sweep sweeps/atacworks.json --reps 10 --out results/atacworks/atacworks.json ;;
    fig4|fig5|fig6|grid_sample)
               "$bench" run --sweep "sweeps/$s.json" --min-time 0.05 --out "results/$s/$s.json" ;;
    baselines) "$bench" run -p mb2ic15iw60400oc15ow60000kw51dw7 -p mb2ic15iw60032oc15ow60000kw5dw7 \
                 -p mb2ic64iw10050oc64ow10000kw51dw0 -p mb2ic64iw10004oc64ow10000kw5dw0 -p mb2ic32iw10200oc32ow10000kw51dw3 \
                 --dt f32,bf16 --threads 2 --backend ours,baselines --out results/baselines/baselines.json ;;
    *) echo "reproduce.sh: unknown set '$s'" >&2; exit 2 ;;
  esac
  rm -f "results/$s/$s.jsonl"
  /usr/bin/python3 plots/draw_all.py "results/$s/$s.json" --out "results/$s"
  # ours against each baseline alone and against the fastest of them, per dt and pass (condition 4)
  /usr/bin/python3 plots/verdict.py "results/$s/$s.json" --condition4 > "results/$s/verdict.md"
done
