"""Ours against the baseline, shape by shape: the pairing behind the heat map and the condition-4 summary.

A shape is one problem at one thread count (N C K W Q S d threads). Its speedup is the baseline's median
time over ours, both from the same dt and pass; the backends of a shape run back to back, so this ratio is
meaningful even on a noisy machine where absolute times are not. Which backends are ours and which are
baselines is their records' role. "Ours" is the fastest backend of role "ours" on that shape (today xsmm
for f32; the faster of xsmm and amx for bf16; the pair records which), "the baseline" the fastest of role
"baseline" (today only oneDNN): either is what a user of the layer would pick. Several records of one
backend on one shape (e.g. several files) are combined by geometric mean of their median times. The pair
also carries the % of measured peak of the fastest of ours (distributions.py draws it), which needs no
baseline: a shape where only ours was timed has it and no speedup.
"""
import math
from dataclasses import dataclass

from loader import BASELINE, OURS, geomean, is_failed, select, timed_backends, value

SHAPE_FIELDS = ("N", "C", "K", "W", "Q", "S", "d", "threads")
# How a backend's JSON key is written in a figure; any other is written as it is.
DISPLAY_NAMES = {"onednn": "oneDNN"}


@dataclass(frozen=True)
class Pair:
    shape: dict           # SHAPE_FIELDS -> value
    speedup: float        # baseline time / our time; NaN when either side has no trustworthy time
    ours_backend: str     # which of ours was faster; "" when there is no speedup
    failed: bool          # some record of the shape (either side) FAILED or was MISTRUSTED
    ours_pct_peak: float = math.nan  # pct_peak of the fastest of ours (geomean over its records); NaN if none


def ours(records, dt):
    """Our backends timed in this dt."""
    return timed_backends(select(records, dt=dt), OURS)


def baselines(records, dt):
    """The baselines timed in this dt."""
    return timed_backends(select(records, dt=dt), BASELINE)


def label(backends):
    """"xsmm", or "best of xsmm/amx" when the faster of several is taken on each shape."""
    names = [DISPLAY_NAMES.get(b, b) for b in backends]
    return names[0] if len(names) == 1 else "best of " + "/".join(names)


def pairs(records, dt, pass_name, baseline=None):
    """One Pair per shape that has a record of ours or of a baseline for this dt and pass. The baseline side
    is the fastest record of role "baseline", or only the backend named `baseline` when one is given."""
    relevant = select(records, dt=dt, role=(OURS, BASELINE), **{"pass": pass_name})
    by_shape = {}
    for record in relevant:
        by_shape.setdefault(tuple(record[f] for f in SHAPE_FIELDS), []).append(record)
    result = []
    for key, group in sorted(by_shape.items()):
        theirs = {b: t for b, t in _fastest(group, BASELINE).items() if baseline in (None, b)}
        mine = _fastest(group, OURS)
        fastest = min(mine, key=mine.get) if mine else ""
        if mine and theirs:
            best, speedup = fastest, min(theirs.values()) / mine[fastest]
        else:
            best, speedup = "", math.nan
        result.append(Pair(dict(zip(SHAPE_FIELDS, key)), speedup, best, any(is_failed(r) for r in group),
                           _pct_peak(group, fastest)))
    return result


def _pct_peak(group, backend):
    """pct_peak of our `backend` on the shape (geometric mean over its records); NaN when it has none."""
    pcts = [value(r, "pct_peak") for r in group if r["role"] == OURS and r["backend"] == backend]
    return geomean(p for p in pcts if p is not None)


def _fastest(group, role):
    """backend -> median time (geometric mean over its records) for the backends of `role` timed in group."""
    times = {}
    for r in group:
        t = value(r, "time_ms.median")
        if r["role"] == role and t is not None:
            times.setdefault(r["backend"], []).append(t)
    return {backend: geomean(ts) for backend, ts in times.items()}


def comparable(records, dt, pass_name):
    """True when the records hold both sides of the comparison for this dt and pass."""
    mine = select(records, dt=dt, **{"pass": pass_name})
    return any(r["role"] == OURS for r in mine) and any(r["role"] == BASELINE for r in mine)
