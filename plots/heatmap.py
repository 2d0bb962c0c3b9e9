"""Speedup heat maps of ours over the baseline across the grid (speedup.py: the roles in the records say
which backends are ours and which the baseline): one figure per (dt, pass), one panel per (C, K, d), rows
S and columns Q. Several shapes in one cell (different N or thread counts, several files) are combined by
geometric mean. The colour map diverges at 1x on a log scale, so 2x faster and 2x slower are equally
strong. A cell with no speedup is hatched (never a colour for zero), a cell with a FAILED/MISTRUSTED
record has a red outline. Where several of ours are timed (bf16: xsmm and amx), ours is the fastest on
each shape, and each cell says which won.
"""
import math
import os

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

import caption
import speedup
from caption import Skip, plt
from loader import geomean

PANELS_PER_PAGE = 12
CELL_W, CELL_H = 0.62, 0.36        # inches: enough for "12.3x" at 7 pt
TEXT_MIN_W, TEXT_MIN_H = 0.45, 0.22
PASSES = ("FWD_D", "BWD_D", "BWD_W")


def draw(results, out_dir):
    written = []
    for dt in ("f32", "bf16"):
        for pass_name in PASSES:
            if not speedup.comparable(results.records, dt, pass_name):
                continue
            pairs = speedup.pairs(results.records, dt, pass_name)
            written += _draw_figures(results, out_dir, dt, pass_name, pairs)
    if not written:
        raise Skip("no dt/pass has records of both ours and a baseline (by their role) to compare")
    return written


def cell_matrix(pairs, s_values=None, q_values=None):
    """For the pairs of one panel: (S values, Q values, speedup matrix [S, Q] with NaN where no pair has
    a speedup, failed mask, winner text per cell). Axes default to the S and Q of the pairs."""
    s_values = sorted({p.shape["S"] for p in pairs}) if s_values is None else s_values
    q_values = sorted({p.shape["Q"] for p in pairs}) if q_values is None else q_values
    matrix = np.full((len(s_values), len(q_values)), np.nan)
    failed = np.zeros(matrix.shape, dtype=bool)
    winners = np.full(matrix.shape, "", dtype=object)
    for i, s in enumerate(s_values):
        for j, q in enumerate(q_values):
            cell = [p for p in pairs if p.shape["S"] == s and p.shape["Q"] == q]
            measured = [p for p in cell if not math.isnan(p.speedup)]
            matrix[i, j] = geomean(p.speedup for p in measured)
            failed[i, j] = any(p.failed for p in cell)
            winners[i, j] = "/".join(sorted({p.ours_backend for p in measured}))
    return s_values, q_values, matrix, failed, winners


def _panel_key(pair):
    return pair.shape["C"], pair.shape["K"], pair.shape["d"]


def _draw_figures(results, out_dir, dt, pass_name, pairs):
    # Every panel of a figure gets the same S and Q axes, so cells line up and have one size; a cell a
    # panel lacks is hatched like any other missing one.
    s_values = sorted({p.shape["S"] for p in pairs})
    q_values = sorted({p.shape["Q"] for p in pairs})
    grids = {key: cell_matrix([p for p in pairs if _panel_key(p) == key], s_values, q_values)
             for key in sorted({_panel_key(p) for p in pairs})}
    # A panel with neither a speedup nor a failure (e.g. only oneDNN was run on that shape) would be
    # all hatching; leave it out and say so in the footer instead.
    empty = [key for key, g in grids.items() if np.isnan(g[2]).all() and not g[3].any()]
    panels = [key for key in grids if key not in empty]
    if not panels:
        return []
    finite = [abs(math.log2(v)) for g in grids.values() for v in g[2].flat if not math.isnan(v)]
    # Symmetric limits in log2, at least 0.5x..2x so near-1 data is not painted as extreme, at most 16x.
    limit = min(4.0, max([1.0] + finite)) + 1e-9  # a hair wider, so a tick at the extreme survives
    norm = Normalize(-limit, limit)
    records = [r for r in results.records if r["dt"] == dt and r["pass"] == pass_name
               and r["role"] in (speedup.OURS, speedup.BASELINE)]
    ours = speedup.ours(results.records, dt)
    baseline = speedup.label(speedup.baselines(results.records, dt))
    note = _footer_note(ours, empty)
    pages = [panels[i:i + PANELS_PER_PAGE] for i in range(0, len(panels), PANELS_PER_PAGE)]
    written = []
    for number, page in enumerate(pages, 1):
        suffix, title = (f"_p{number}", f" (page {number} of {len(pages)})") if len(pages) > 1 else ("", "")
        figure = _draw_page(page, grids, norm, len(ours) > 1, baseline)
        figure.suptitle(f"Speedup of ours ({speedup.label(ours)}) over {baseline} — {dt} {pass_name}{title}",
                        fontsize=11)
        caption.add_footer(figure, results, records, extra=note)
        written.append(caption.save(figure, os.path.join(out_dir, f"heatmap_{dt}_{pass_name}{suffix}.png")))
    return written


def _footer_note(ours, empty):
    note = ("blue: ours faster · hatched: no speedup (a side missing, skipped or failed) · "
            "red outline: a FAILED/MISTRUSTED record · cells: geometric mean over shapes (N, threads)")
    if len(ours) > 1:
        note += f" · cell label: which of {'/'.join(ours)} was faster"
    if empty:
        names = [f"C={c}, K={k}, d={d}" for c, k, d in empty[:6]]
        more = f" and {len(empty) - 6} more" if len(empty) > 6 else ""
        note += "\nnot drawn, no speedup at all: " + "; ".join(names) + more
    return note


def _draw_page(page, grids, norm, name_winners, baseline):
    """The panels of one page and the colour bar; the caller adds title and footer."""
    n_s = max(len(grids[key][0]) for key in page)
    n_q = max(len(grids[key][1]) for key in page)
    columns = min(len(page), max(1, int(16 // (n_q * CELL_W + 1.2))), 4)
    rows = math.ceil(len(page) / columns)
    panel_w, panel_h = n_q * CELL_W + 1.2, n_s * CELL_H + 1.0
    figure, axes = plt.subplots(rows, columns, squeeze=False,
                                figsize=(max(10.0, columns * panel_w + 1.8), rows * panel_h + 2.0))
    figure.subplots_adjust(wspace=0.35, hspace=0.6, right=1 - 1.9 / figure.get_figwidth(),
                           left=0.8 / figure.get_figwidth())
    caption.reserve_margins(figure, top_inches=0.8, footer_inches=1.25)
    cmap = plt.get_cmap("RdBu").copy()
    cmap.set_bad((0, 0, 0, 0))  # missing cells stay clear of colour; _draw_panel hatches them
    image = None
    for ax, key in zip(axes.flat, page):
        image = _draw_panel(ax, key, grids[key], cmap, norm, name_winners)
    for ax in list(axes.flat)[len(page):]:
        ax.set_visible(False)

    colorbar_ax = figure.add_axes([1 - 1.6 / figure.get_figwidth(), 0.3, 0.22 / figure.get_figwidth(), 0.45])
    colorbar = figure.colorbar(image, cax=colorbar_ax)
    ticks = [t for t in range(-4, 5) if norm.vmin <= t <= norm.vmax]
    colorbar.set_ticks(ticks)
    colorbar.set_ticklabels([f"{2.0 ** t:g}×" for t in ticks])
    colorbar.set_label(f"speedup ({baseline} time / ours)")

    return figure


def _draw_panel(ax, key, grid, cmap, norm, name_winners):
    s_values, q_values, matrix, failed, winners = grid
    extent = (-0.5, len(q_values) - 0.5, -0.5, len(s_values) - 0.5)
    logs = np.ma.masked_invalid(np.log2(matrix))
    # pcolormesh, not imshow: vector cells meet the axes frame exactly, with no resampled edge row.
    image = ax.pcolormesh(np.arange(len(q_values) + 1) - 0.5, np.arange(len(s_values) + 1) - 0.5, logs,
                          cmap=cmap, norm=norm, zorder=1)
    figure_w, figure_h = ax.figure.get_size_inches()
    box = ax.get_position()
    cell_w = box.width * figure_w / len(q_values)
    cell_h = box.height * figure_h / len(s_values)
    room = cell_w >= TEXT_MIN_W and cell_h >= TEXT_MIN_H
    for i in range(len(s_values)):
        for j in range(len(q_values)):
            if math.isnan(matrix[i, j]):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor="0.7",
                                       hatch="////", linewidth=0, zorder=2))
            if failed[i, j]:
                ax.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False, edgecolor="red",
                                       linewidth=1.8, zorder=3))
            if not room:
                continue
            if not math.isnan(matrix[i, j]):
                text = _times(matrix[i, j])
                if name_winners:
                    text += "\n" + winners[i, j]
                dark = abs(norm(logs[i, j]) - 0.5) > 0.3
                ax.text(j, i, text, ha="center", va="center", fontsize=7, zorder=4,
                        color="white" if dark else "black", linespacing=0.9)
            elif failed[i, j]:
                ax.text(j, i, "FAIL", ha="center", va="center", fontsize=7, color="red", zorder=4)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xticks(range(len(q_values)))
    ax.set_xticklabels([_short(q) for q in q_values], fontsize=8)
    ax.set_yticks(range(len(s_values)))
    ax.set_yticklabels([str(s) for s in s_values], fontsize=8)
    ax.set_xlabel("Q", fontsize=8, labelpad=1)
    ax.set_ylabel("S", fontsize=8, labelpad=1)
    c, k, d = key
    ax.set_title(f"C={c}, K={k}, d={d}", fontsize=9)
    return image


def _short(q):
    return f"{q // 1000}k" if q >= 1000 and q % 1000 == 0 else str(q)


def _times(ratio):
    digits = 2 if ratio < 10 else 1 if ratio < 100 else 0
    return f"{ratio:.{digits}f}×"
