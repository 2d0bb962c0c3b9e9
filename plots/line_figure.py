"""The form shared by the paper's Figures 4, 5 and 6: a value against output width Q (log x), one panel
per filter width S, one line per (backend, pass).

fig4.py, fig5.py and fig6.py only say which shapes and series they want; this module draws them, so the
three figures look alike and treat missing data alike: a point with no trustworthy value is NaN, which
matplotlib leaves as a gap in the line (never a zero), and a FAILED/MISTRUSTED record is a red cross on
the bottom edge of its panel, at its Q, with no value.
"""
import math
import os
from dataclasses import dataclass

from matplotlib.ticker import NullFormatter

import caption
from caption import Skip, plt
from loader import geomean, is_failed, main_thread_count, select, value

PASS_STYLES = {  # line style tells the pass apart, colour the backend
    "FWD_D": dict(linestyle="-", marker="o"),
    "BWD_D": dict(linestyle="--", marker="s"),
    "BWD_W": dict(linestyle=":", marker="^"),
}
PASS_LABELS = {"FWD_D": "forward", "BWD_D": "backward data", "BWD_W": "backward weights"}


@dataclass(frozen=True)
class Series:
    label: str
    dt: str
    backend: str
    color: str
    optional: bool = False  # drawn when present, but its absence alone does not skip the figure


@dataclass(frozen=True)
class LineFigure:
    name: str         # file stem, e.g. "fig4"
    title: str
    C: int
    K: int
    d: int
    metric: str       # record field: "pct_peak" or "gflops"
    ylabel: str
    series: tuple


def draw(spec, results, out_dir):
    """Draw `spec` into out_dir/<name>.png; return [path] or raise Skip saying what is missing."""
    records = _records_for(spec, results)
    threads = main_thread_count(records)
    ignored = len(records)
    records = [r for r in records if r["threads"] == threads]
    ignored -= len(records)
    if not any(value(r, spec.metric) is not None for r in records):
        raise Skip(f"{_shape_text(spec)} records exist, but none has a drawable {spec.metric} "
                   "(all failed, skipped or unmeasured)")

    s_values = sorted({r["S"] for r in records})
    columns = min(3, len(s_values))
    rows = math.ceil(len(s_values) / columns)
    labels = _legend_entries(spec, records)
    width = max(9.0, 4.3 * columns)
    legend_columns = min(len(labels), int(width // 2.2))
    legend_rows = math.ceil(len(labels) / legend_columns)
    figure, axes = plt.subplots(rows, columns, figsize=(width, 3.1 * rows + 1.5 + 0.22 * legend_rows),
                                squeeze=False, sharey=True)
    for ax, s in zip(axes.flat, s_values):
        _draw_panel(ax, spec, [r for r in records if r["S"] == s], s)
    # Shared y from zero to the largest value: set once, after all panels, or the first panel's
    # autoscale would clip the others.
    highest = max(v for v in (value(r, spec.metric) for r in records) if v is not None)
    axes[0, 0].set_ylim(0, highest * 1.08)
    for index, ax in enumerate(axes.flat):
        if index >= len(s_values):
            ax.set_visible(False)
        elif index + columns >= len(s_values):  # nothing drawn below this panel
            ax.set_xlabel("output width Q")
    for ax in axes[:, 0]:
        ax.set_ylabel(spec.ylabel)

    figure.suptitle(spec.title, fontsize=11)
    caption.reserve_margins(figure, top_inches=0.85 + 0.22 * legend_rows, footer_inches=1.15)
    legend_top = 1 - 0.45 / figure.get_figheight()
    figure.legend(*zip(*labels), loc="upper center", bbox_to_anchor=(0.5, legend_top), ncol=legend_columns,
                  fontsize=8, frameon=False)
    caption.add_footer(figure, results, records, extra=_notes(records, threads, ignored))
    return [caption.save(figure, os.path.join(out_dir, spec.name + ".png"))]


def _records_for(spec, results):
    shape = select(results.records, C=spec.C, K=spec.K, d=spec.d)
    wanted = [r for r in shape if any(r["dt"] == s.dt and r["backend"] == s.backend for s in spec.series)]
    required = [s for s in spec.series if not s.optional]
    if not any(r["dt"] == s.dt and r["backend"] == s.backend for r in wanted for s in required):
        dts = "/".join(sorted({s.dt for s in required}))
        backends = "/".join(s.backend for s in required)
        raise Skip(f"no {dts} records of {backends} with {_shape_text(spec)}")
    return wanted


def _shape_text(spec):
    return f"C={spec.C}, K={spec.K}, d={spec.d}" if spec.C != spec.K else f"C=K={spec.C}, d={spec.d}"


def _draw_panel(ax, spec, records, s):
    q_values = sorted({r["Q"] for r in records})
    for series in spec.series:
        for pass_name, style in PASS_STYLES.items():
            mine = select(records, dt=series.dt, backend=series.backend, **{"pass": pass_name})
            if not mine:
                continue
            ax.plot(q_values, line_points(mine, spec.metric, q_values), color=series.color, markersize=4, linewidth=1.4, **style)
    failed = sorted({r["Q"] for r in records if is_failed(r)})
    if failed:
        # x in data coordinates, y on the panel's bottom edge: a mark, not a value.
        ax.plot(failed, [0.04] * len(failed), "x", color="red", markersize=9, markeredgewidth=2,
                transform=ax.get_xaxis_transform(), clip_on=False)
    ax.set_xscale("log")
    # The measured widths themselves as ticks ("5k", not 10^3..10^4): they are what a reader looks up.
    ax.set_xticks(q_values)
    ax.set_xticklabels([_short(q) for q in q_values], fontsize=8)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_title(f"S = {s}", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)


def line_points(records, metric, q_values):
    """y for each Q: geometric mean of the drawable values there, NaN (a gap) where there are none."""
    return [geomean(v for v in (value(r, metric) for r in select(records, Q=q)) if v is not None)
            for q in q_values]


def _legend_entries(spec, records):
    """(handle, label) for each series, pass and marker actually present."""
    present = {(r["dt"], r["backend"]) for r in records}
    handles, labels = [], []
    for series in spec.series:
        if (series.dt, series.backend) in present:
            handles.append(plt.Line2D([], [], color=series.color, linewidth=3))
            labels.append(series.label)
    for pass_name, style in PASS_STYLES.items():
        if any(r["pass"] == pass_name for r in records):
            handles.append(plt.Line2D([], [], color="0.3", **style))
            labels.append(PASS_LABELS[pass_name])
    if any(is_failed(r) for r in records):
        handles.append(plt.Line2D([], [], color="red", marker="x", linestyle="", markeredgewidth=2))
        labels.append("FAILED/MISTRUSTED (no value)")
    return list(zip(handles, labels))


def _notes(records, threads, ignored):
    notes = ["gaps: no PASSED/NOT_VERIFIED value at that Q"]
    n_values = sorted({r["N"] for r in records})
    if len(n_values) > 1:
        notes.append(f"N = {', '.join(map(str, n_values))} (geometric mean per point)")
    else:
        notes.append(f"N = {n_values[0]}")
    if ignored:
        notes.append(f"{ignored} record(s) at other thread counts not shown (threads = {threads} drawn)")
    return " · ".join(notes)


def _short(q):
    return f"{q / 1000:g}k" if q >= 1000 else str(q)


def fp32_efficiency(name, C, K, d, title):
    """Figures 4 and 5 differ only in the shape: FP32 efficiency of ours (xsmm, the paper's method; direct, our
    own kernels) against oneDNN (Debian's 2.6.3; 3.2 and PyTorch when the results have them)."""
    return LineFigure(name=name, C=C, K=K, d=d, metric="pct_peak", ylabel="% of measured peak", title=title,
                      series=(Series("ours (xsmm, paper's method)", "f32", "xsmm", "tab:blue"),
                              Series("ours (direct)", "f32", "direct", "tab:green", optional=True),
                              Series("oneDNN 2.6", "f32", "onednn", "tab:orange"),
                              Series("oneDNN 3.2", "f32", "onednn-3.2", "tab:red", optional=True),
                              Series("PyTorch", "f32", "pytorch", "0.6", optional=True)))
