"""What every figure must say about where its numbers come from, and how figures are saved.

A percentage of peak or a GFLOP/s figure means little without the machine, the thread count, the date
and the peak it is judged against, so each figure carries this footer, built from the JSON context of
the files its records came from.
"""
import textwrap

import matplotlib

matplotlib.use("Agg")  # files only; there is no display on the benchmark machines

import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib.ticker import NullFormatter  # noqa: E402

from loader import value  # noqa: E402


def provenance(results, records):
    """One line: CPU model(s), threads, run date(s), source files."""
    contexts = [results.contexts[i] for i in sorted({r["_context"] for r in records})] or results.contexts
    cpus = sorted({str(c.get("cpu_model", "unknown CPU")) for c in contexts})
    threads = sorted({r["threads"] for r in records})
    dates = sorted({str(c.get("date", "unknown date")) for c in contexts})
    date_text = dates[0] if len(dates) == 1 else f"{dates[0]} … {dates[-1]}"
    thread_text = "/".join(str(t) for t in threads) or "?"
    return f"{' + '.join(cpus)} · {thread_text} thread(s) · run {date_text}"


def peak_note(records):
    """Which measured peak(s) the records' pct_peak refers to, e.g. "avx512_fp32 48.3 GFLOP/s"."""
    peaks = {}
    for record in records:
        isa, gflops = record.get("peak_isa"), value(record, "peak_gflops")
        if isa and isa != "none" and gflops is not None:
            peaks.setdefault(isa, []).append(gflops)
    if not peaks:
        return "no measured peak in these records"
    parts = []
    for isa, values in sorted(peaks.items()):
        low, high = min(values), max(values)
        span = f"{low:.1f}" if high - low < 0.05 else f"{low:.1f}–{high:.1f}"
        parts.append(f"{isa} {span} GFLOP/s")
    return "measured peak per ISA, same run and thread count: " + ", ".join(parts)


def add_footer(figure, results, records, extra=""):
    """Write provenance, peak and any figure-specific note under the axes."""
    lines = [provenance(results, records), peak_note(records)]
    if extra:
        lines.append(extra)
    # Wrap to the figure's width (about 17 characters per inch at 7.5 pt) so nothing is cut off.
    width = int(figure.get_figwidth() * 17)
    wrapped = [part for line in "\n".join(lines).splitlines() for part in textwrap.wrap(line, width)]
    figure.text(0.01, 0.005, "\n".join(wrapped), fontsize=7.5, color="0.25", va="bottom", ha="left")


def save(figure, path):
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def reserve_margins(figure, top_inches=0.75, footer_inches=0.62):
    """Leave fixed room (in inches, so it does not depend on the panel count) for title and footer."""
    height = figure.get_figheight()
    figure.subplots_adjust(top=1 - top_inches / height, bottom=footer_inches / height)


class Skip(Exception):
    """A figure the data does not allow; the message says what was missing."""


def speedup_axis(ax, values):
    """A log y axis for ratios, padded around the values and 1x, ticked at powers of two as "2×":
    matplotlib's default 10^0 says nothing to a reader."""
    low, high = min(values + [1.0]) / 1.6, max(values + [1.0]) * 1.6
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    ticks = [2.0 ** e for e in range(-8, 9) if low <= 2.0 ** e <= high]
    ax.set_yticks(ticks)
    ax.set_yticklabels([f"{t:g}×" for t in ticks])
    ax.yaxis.set_minor_formatter(NullFormatter())
