"""Where the plot tests find the scripts and the fixtures; puts plots/ on the import path."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PLOTS = os.path.join(ROOT, "plots")
DRAW_ALL = os.path.join(PLOTS, "draw_all.py")
FIXTURES = os.path.join(HERE, "fixtures")
GRID = os.path.join(FIXTURES, "grid.json")            # figure shapes, with a gap and a failure
CONDITION4 = os.path.join(FIXTURES, "condition4.json")  # known-answer speedups
DISTRIBUTIONS = os.path.join(FIXTURES, "distributions.json")  # known-answer distributions
TRUNCATED = os.path.join(FIXTURES, "truncated.json")    # an interrupted write: invalid JSON
PYTHON = "/usr/bin/python3"  # Debian's, which has matplotlib and numpy

if PLOTS not in sys.path:
    sys.path.insert(0, PLOTS)
