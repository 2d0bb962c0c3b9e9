#!/usr/bin/env python3
"""Prints the median GFLOP/s (wall and per CPU second) of every case in a bench_xsmm JSON file.

    bench_xsmm ... --benchmark_repetitions=5 --benchmark_out=run.json --benchmark_out_format=json
    /usr/bin/python3 summarize_bench.py run.json
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
# The same-run peak per data type: median of the interleaved probe (per CPU second).
peaks = {}
for name, rs in runs.items():
    if name.startswith("peak/"):
        peaks[name.split("/")[1]] = statistics.median(r[1] for r in rs)
for name, rs in sorted(runs.items()):
    dt = "bf16" if "/bf16/" in name else "f32"
    peak = peaks.get(dt)
    wall = statistics.median(r[0] for r in rs)
    cpu = statistics.median(r[1] for r in rs)
    pct = statistics.median(r[2] for r in rs)
    extra = f" {100 * cpu / peak:5.1f}%peak" if peak else ""
    print(f"{name.replace('/real_time', ''):75s} wall {wall:6.1f}  cpu {cpu:6.1f} GFLOP/s  {pct:5.1f}%{extra}  n={len(rs)}")
