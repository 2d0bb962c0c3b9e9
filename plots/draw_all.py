"""Draw every figure the results allow.

    /usr/bin/python3 plots/draw_all.py RESULTS.json [more.json ...] --out DIR

Prints each PNG written and each figure skipped with the reason. Exit code 0 when the files could be
read (even if every figure was skipped: a run without the kernels is still a valid run), 2 with one line
on stderr when a file is missing or not a results file, or DIR cannot be made.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sibling modules, from any cwd

import bf16_gain  # noqa: E402
import condition4  # noqa: E402
import distributions  # noqa: E402
import fig4  # noqa: E402
import fig5  # noqa: E402
import fig6  # noqa: E402
import heatmap  # noqa: E402
from caption import Skip  # noqa: E402
from loader import ResultsError, load  # noqa: E402

FIGURES = (("fig4", fig4), ("fig5", fig5), ("fig6", fig6), ("heatmap", heatmap),
           ("distributions", distributions), ("condition4", condition4), ("bf16_gain", bf16_gain))


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, like the C++ CLI
        print(f"draw_all.py: {message} (usage: draw_all.py RESULTS.json [more.json ...] --out DIR)",
              file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    parser = _Parser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", help="results JSON written by conv1d-bench run --out")
    parser.add_argument("--out", required=True, help="directory for the PNGs (created if missing)")
    args = parser.parse_args(argv)
    try:
        results = load(args.results)
        os.makedirs(args.out, exist_ok=True)
    except ResultsError as error:
        print(f"draw_all.py: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"draw_all.py: cannot create --out {args.out} ({error.strerror})", file=sys.stderr)
        return 2

    print(f"{len(results.records)} records from {len(args.results)} file(s)")
    for name, module in FIGURES:
        try:
            for path in module.draw(results, args.out):
                print(f"wrote {path}")
        except Skip as reason:
            print(f"skipped {name}: {reason}")
        except OSError as error:  # e.g. a full disk or an unwritable file in --out
            print(f"draw_all.py: {name}: cannot write into {args.out} ({error.strerror})", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
