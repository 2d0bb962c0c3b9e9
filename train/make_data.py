#!/usr/bin/env python3
"""Write seeded ATAC-seq-like training tracks in AtacWorks's HDF5 layout (datasets input, label_reg,
label_cla; float32 (intervals, width + 2*pad); see atacworks/data.py).

  /usr/bin/python3 train/make_data.py --intervals 64 --width 5000 --pad 500 --seed 0 --out train/data/train.h5
  /usr/bin/python3 train/make_data.py --intervals 32000 --width 50000 --pad 5000 --out train.h5   # paper's size
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--intervals", type=int, default=64, help="rows (genomic intervals)")
    p.add_argument("--width", type=int, default=5000, help="interval width, bases (paper: 50000)")
    p.add_argument("--pad", type=int, default=500, help="flanking bases each side (paper / AtacWorks: 5000)")
    p.add_argument("--seed", type=int, default=0, help="interval i depends only on (seed, i)")
    p.add_argument("--out", required=True, help="the .h5 file to write")
    p.add_argument("--peak-rate", type=float, default=1.0 / 5000, help="peaks per base")
    p.add_argument("--subsample", type=float, default=1.0 / 16,
                   help="noisy/clean depth (AtacWorks's example: 5M of 80M reads)")
    args = p.parse_args(argv)
    from atacworks import data
    params = data.TrackParams(peak_rate=args.peak_rate, subsample=args.subsample)
    t = time.perf_counter()
    try:
        path = data.write_h5(args.out, args.intervals, args.width, args.pad, args.seed, params)
    except ValueError as error:
        print(f"make_data.py: {error}", file=sys.stderr)
        return 2
    print(f"wrote {path}: {args.intervals} x {args.width + 2 * args.pad} (width {args.width} + 2 x {args.pad}), "
          f"seed {args.seed}, {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
