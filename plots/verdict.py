#!/usr/bin/python3
"""Prints, per dt and pass, how our best backend compares with each baseline alone and with the best
baseline of each shape: geometric-mean speedup (baseline time / ours, same shape, same run), on how many
shapes the baseline is faster, and the worst shape. Markdown, for notes and the README.

    /usr/bin/python3 plots/verdict.py results/default/default.json [--condition4]
"""
import argparse
import math
import sys

from headline import PASSES, in_condition4
from loader import ResultsError, geomean, load
from speedup import baselines, pairs

BEST = "best baseline"


def descriptor(shape):
    """The benchdnn descriptor of a pair's shape, e.g. mb2ic15iw60400oc15ow60000kw51dw7 (t2 threads)."""
    return (f'mb{shape["N"]}ic{shape["C"]}iw{shape["W"]}oc{shape["K"]}ow{shape["Q"]}kw{shape["S"]}dw{shape["d"] - 1}'
            f' (t{shape["threads"]})')


def rows(records, condition4=False):
    """(dt, pass, against, shapes, baseline_faster_on, geomean, worst speedup, worst shape) per comparison."""
    out = []
    for dt in ("f32", "bf16"):
        names = baselines(records, dt)
        for pass_name in PASSES:
            for against in names + ([BEST] if len(names) > 1 else []):
                compared = [p for p in pairs(records, dt, pass_name, None if against == BEST else against)
                            if not math.isnan(p.speedup) and (not condition4 or in_condition4(p.shape))]
                if not compared:
                    continue
                worst = min(compared, key=lambda p: p.speedup)
                out.append((dt, pass_name, against, len(compared), sum(p.speedup < 1 for p in compared),
                            geomean([p.speedup for p in compared]), worst.speedup, descriptor(worst.shape)))
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+")
    ap.add_argument("--condition4", action="store_true", help="only the paper's condition-4 shapes")
    args = ap.parse_args(argv)
    try:
        records = load(args.results).records
    except ResultsError as e:
        print(f"verdict: {e}", file=sys.stderr)
        return 2
    table = rows(records, args.condition4)
    if not table:
        print("verdict: no shape has both a record of ours and one of a baseline", file=sys.stderr)
        return 2
    print("| dt | pass | ours against | shapes | baseline faster on | speedup, geomean | worst | worst shape |")
    print("|---|---|---|---|---|---|---|---|")
    for dt, pass_name, against, n, losses, gm, worst, shape in table:
        print(f"| {dt} | {pass_name} | {against} | {n} | {losses} | {gm:.2f}× | {worst:.2f}× | {shape} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
