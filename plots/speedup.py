"""Ours against oneDNN, shape by shape: the pairing behind the heat map and the condition-4 summary.

A shape is one problem at one thread count (N C K W Q S d threads). Its speedup is oneDNN's median time
over ours, both from the same dt and pass; the backends of a shape run back to back, so this ratio is
meaningful even on a noisy machine where absolute times are not. "Ours" is xsmm for f32; for bf16 it is
the faster of xsmm and amx on that shape (the pair records which), since either is what a user of the
layer would pick. Several records of one backend on one shape (e.g. several files) are combined by
geometric mean of their median times.
"""
import math
from dataclasses import dataclass

from loader import geomean, is_failed, select, value

OURS = {"f32": ("xsmm",), "bf16": ("xsmm", "amx")}
BASELINE = "onednn"
SHAPE_FIELDS = ("N", "C", "K", "W", "Q", "S", "d", "threads")


@dataclass(frozen=True)
class Pair:
    shape: dict           # SHAPE_FIELDS -> value
    speedup: float        # oneDNN time / our time; NaN when either side has no trustworthy time
    ours_backend: str     # which of OURS[dt] was faster; "" when there is no speedup
    failed: bool          # some record of the shape (either side) FAILED or was MISTRUSTED


def ours_label(dt):
    backends = OURS[dt]
    return backends[0] if len(backends) == 1 else "best of " + "/".join(backends)


def pairs(records, dt, pass_name):
    """One Pair per shape that has a record of ours or of oneDNN for this dt and pass."""
    relevant = select(records, dt=dt, backend=OURS[dt] + (BASELINE,), **{"pass": pass_name})
    by_shape = {}
    for record in relevant:
        by_shape.setdefault(tuple(record[f] for f in SHAPE_FIELDS), []).append(record)
    result = []
    for key, group in sorted(by_shape.items()):
        baseline = _median_time(group, BASELINE)
        ours = {b: _median_time(group, b) for b in OURS[dt]}
        ours = {b: t for b, t in ours.items() if not math.isnan(t)}
        if ours and not math.isnan(baseline):
            best = min(ours, key=ours.get)
            speedup = baseline / ours[best]
        else:
            best, speedup = "", math.nan
        result.append(Pair(dict(zip(SHAPE_FIELDS, key)), speedup, best, any(is_failed(r) for r in group)))
    return result


def _median_time(group, backend):
    times = (value(r, "time_ms.median") for r in group if r["backend"] == backend)
    return geomean(t for t in times if t is not None)


def comparable(records, dt, pass_name):
    """True when the records hold both sides of the comparison for this dt and pass."""
    mine = select(records, dt=dt, **{"pass": pass_name})
    return any(r["backend"] in OURS[dt] for r in mine) and any(r["backend"] == BASELINE for r in mine)
