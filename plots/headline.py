#!/usr/bin/python3
"""Prints the README's headline table from results files, as Markdown: per backend, dt and pass the median and best
% of measured peak, the geometric-mean speedup over the baseline (same shape, same run) and on how many shapes
the baseline is still faster, inside the paper's condition-4 region (S >= 5, Q >= 1000, C > 1, K > 1). Our
backends and the baselines are told apart by their records' role; where there are several baselines, a
shape's baseline time is the fastest of them (speedup.py).

    /usr/bin/python3 plots/headline.py results/*/*.json
"""
import sys
from collections import defaultdict

from loader import BASELINE, OURS, ResultsError, geomean, load, timed_backends, value
from speedup import label

PASSES = ("FWD_D", "BWD_D", "BWD_W")


def shape_key(r):
    return (r["N"], r["C"], r["K"], r["W"], r["S"], r["d"], r["threads"], r["dt"], r["pass"])


def in_condition4(r):
    return r["S"] >= 5 and r["Q"] >= 1000 and r["C"] > 1 and r["K"] > 1


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        results = load(argv)
    except ResultsError as e:
        print(f"headline: {e}", file=sys.stderr)
        return 2
    times = defaultdict(dict)  # shape -> backend -> median ms (geomean over files)
    pcts = defaultdict(list)
    per_backend_times = defaultdict(lambda: defaultdict(list))
    for r in results.records:
        t = value(r, "time_ms.median")
        if t is None:
            continue
        per_backend_times[shape_key(r)][r["backend"]].append(t)
        pct = value(r, "pct_peak")
        if pct is not None:
            pcts[(r["backend"], r["dt"], r["pass"])].append(pct)
    for shape, by_backend in per_backend_times.items():
        for backend, ts in by_backend.items():
            times[shape][backend] = geomean(ts)
    ours, baselines = timed_backends(results.records, OURS), timed_backends(results.records, BASELINE)
    baseline = label(baselines)
    print(f"| backend | dt | pass | % of measured peak: median (best) | speedup over {baseline}, geomean (condition 4) "
          f"| {baseline} faster on | shapes |")
    print("|---|---|---|---|---|---|---|")
    for dt in ("f32", "bf16"):
        for backend in ours + baselines:
            for p in PASSES:
                if (backend, dt, p) not in pcts:
                    continue
                pct = sorted(pcts[(backend, dt, p)])
                ratios = [min(by[b] for b in baselines if b in by) / by[backend] for shape, by in times.items()
                          if shape[7] == dt and shape[8] == p and backend in by and any(b in by for b in baselines)
                          and in_condition4({"S": shape[4], "Q": shape[3] - (shape[4] - 1) * shape[5],
                                             "C": shape[1], "K": shape[2]})]
                speed = f"{geomean(ratios):.2f}×" if ratios and backend in ours else "—"
                losses = f"{sum(x < 1 for x in ratios)}" if ratios and backend in ours else "—"
                print(f"| {backend} | {dt} | {p} | {pct[len(pct) // 2]:.0f} % ({pct[-1]:.0f} %) | {speed} | {losses} | {len(ratios)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
