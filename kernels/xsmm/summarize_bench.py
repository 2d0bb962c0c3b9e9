#!/usr/bin/env python3
"""Prints the median GFLOP/s (wall and per CPU second) of every case in a bench_xsmm JSON file.

    bench_xsmm ... --benchmark_repetitions=5 --benchmark_out=run.json --benchmark_out_format=json
    /usr/bin/python3 summarize_bench.py run.json [peak_gflops]
%peak is the median per-CPU-second rate over the median of the interleaved peak probe.
"""
import json
import statistics
import sys
from collections import defaultdict

data = json.load(open(sys.argv[1]))
runs = defaultdict(list)
labels = {}
for b in data["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b["run_name"] if "run_name" in b else b["name"]
    runs[name].append((b["GFLOPs"], b["GFLOPs_cpu"], b.get("pct_cpu", 0.0)))
    labels[name] = b.get("label", "")
# The same-run peak: median of the interleaved FMA probe (per CPU second), unless given.
peak = float(sys.argv[2]) if len(sys.argv) > 2 else None
for name, rs in runs.items():
    if name.startswith("peak/") and peak is None:
        peak = statistics.median(r[1] for r in rs)
for name, rs in sorted(runs.items()):
    wall = statistics.median(r[0] for r in rs)
    cpu = statistics.median(r[1] for r in rs)
    pct = statistics.median(r[2] for r in rs)
    extra = f" {100 * cpu / peak:5.1f}%peak" if peak else ""
    print(f"{name.replace('/real_time', ''):75s} wall {wall:6.1f}  cpu {cpu:6.1f} GFLOP/s  {pct:5.1f}%{extra}  n={len(rs)}")
