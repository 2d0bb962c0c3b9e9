#!/usr/bin/python3
"""Draws sweeps/grid_sample.json: a stratified random sample of the paper's full grid (section 4.3).

Strata are the (S, d) pairs of the grid (9 x 5 = 45). In each stratum, for each data type, one (C, K, Q)
is drawn uniformly from the grid's 8 x 8 x 6 values, with a fixed seed, so the file is reproducible:
45 strata x 2 dt = 90 shapes, x 3 passes = 270 problems. Every S and d appears equally often; C, K and
Q are spread at random. Rerun this script to regenerate the file; change SEED for another sample."""
import json
import os
import random

SEED = 20261122
Q = [1000, 2000, 5000, 10000, 20000, 60000]
CK = [1, 4, 8, 10, 15, 16, 32, 64]
S = [1, 5, 9, 15, 21, 25, 31, 49, 51]
D = [1, 2, 4, 8, 16]
BACKENDS = {"f32": ["xsmm", "direct", "baselines"], "bf16": ["ours", "baselines"]}


def main():
    rng = random.Random(SEED)
    sets = []
    for dt in ("f32", "bf16"):
        problems = []
        for s in S:
            for d in D:
                c, k, q = rng.choice(CK), rng.choice(CK), rng.choice(Q)
                problems.append(f"mb2ic{c}iw{q + (s - 1) * d}oc{k}ow{q}kw{s}dw{d - 1}")
        sets.append({"comment": f"{len(problems)} strata (S, d), one random (C, K, Q) each", "problems": problems,
                     "dt": [dt], "backend": BACKENDS[dt]})
    doc = {"description": __doc__.strip().replace("\n", " "), "sets": sets}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "grid_sample.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
