"""Distributions over any subset of the grid: how ours does against the fastest baseline, and what share of
the measured peak it reaches, along each parameter of the paper's grid.

The heat maps need a dense grid (every S x Q of a (C, K, d)); a sampled or sliced grid leaves them mostly
hatched. These figures read well for any subset: one figure per (metric, dt), one panel per parameter
(S, d, C, K, Q, pass), x = the parameter's values as categories, y = the metric, one box (or, with few
shapes, the shapes themselves and their median) per value, with n under it. Every panel shows the same
shapes, all passes pooled, grouped by its parameter; the pass panel separates the passes.

Ours, the baseline and the speedup are those of speedup.py (by role; on each shape the fastest of ours
and the fastest baseline): the speedup is the baseline's median time over ours, the % of peak that of the
fastest of ours (so a shape where only ours ran has a % of peak and no speedup). A shape is one problem
(N C K W Q S d) at one thread count in one pass. FAILED/MISTRUSTED and SKIPPED records give no value; a
parameter value none of whose shapes has one is left out of its panel and named in the footer.
"""
import math
import os

import numpy as np

import caption
import speedup
from caption import Skip, plt

PASSES = ("FWD_D", "BWD_D", "BWD_W")
PARAMETERS = ("S", "d", "C", "K", "Q", "pass")
METRICS = ("speedup", "pct_peak")
MIN_SHAPES = 2      # a distribution of one shape says nothing a table would not
BOX_MIN = 8         # fewer values than this at one parameter value: the points and their median, no box
POINTS_MAX = 250    # more than this: the box alone (dots would be a smear)
PASS_COLORS = {"FWD_D": "tab:blue", "BWD_D": "tab:orange", "BWD_W": "tab:green"}


def shapes(records, dt):
    """(pass, speedup.Pair) for every shape of this dt with a record of ours or of a baseline, all passes."""
    return [(pass_name, pair) for pass_name in PASSES for pair in speedup.pairs(records, dt, pass_name)]


def metric_of(pair, metric):
    return pair.speedup if metric == "speedup" else pair.ours_pct_peak


def parameter_of(pass_name, pair, parameter):
    return pass_name if parameter == "pass" else pair.shape[parameter]


def grouped(found, metric, parameter):
    """{parameter value: [(metric value, pass)] of the shapes with a value}, in axis order (numbers
    ascending, passes as PASSES); a value whose shapes have none maps to [] (left out when drawn)."""
    keys = {parameter_of(p, pair, parameter) for p, pair in found}
    order = sorted(keys, key=PASSES.index) if parameter == "pass" else sorted(keys)
    groups = {key: [] for key in order}
    for pass_name, pair in found:
        v = metric_of(pair, metric)
        if not math.isnan(v):
            groups[parameter_of(pass_name, pair, parameter)].append((v, pass_name))
    return groups


def values_by(records, dt, metric, parameter):
    """{parameter value: sorted metric values} for this dt, all passes pooled: what one panel draws."""
    return {key: sorted(v for v, _ in vs) for key, vs in grouped(shapes(records, dt), metric, parameter).items()}


def summary(values, metric):
    """The figure's one-line verdict, e.g. "ours faster on 3 of 4 shapes · median 3.00× · geometric mean
    2.38×" or "4 shapes · median 35% of peak · middle half 20–50%"."""
    values = sorted(values)
    n, median = len(values), float(np.median(values))
    if metric == "speedup":
        mean = math.exp(sum(math.log(v) for v in values) / n)
        return (f"ours faster on {sum(v > 1 for v in values)} of {n} shapes · median {median:.2f}× · "
                f"geometric mean {mean:.2f}×")
    low, high = np.percentile(values, [25, 75])
    return f"{n} shapes · median {median:.0f}% of peak · middle half {low:.0f}–{high:.0f}%"


def draw(results, out_dir):
    written, counts = [], []
    for dt in ("f32", "bf16"):
        found = shapes(results.records, dt)
        if not found:
            continue
        for metric in METRICS:
            n = sum(not math.isnan(metric_of(pair, metric)) for _, pair in found)
            if n >= MIN_SHAPES:
                written.append(_draw_figure(results, out_dir, dt, metric, found))
            else:
                counts.append(f"{dt}: {n} with a {'speedup' if metric == 'speedup' else '% of peak of ours'}")
    if not written:
        raise Skip(f"a distribution needs at least {MIN_SHAPES} shapes with a value of ours "
                   f"({'; '.join(counts) if counts else 'no shape has a record of ours or a baseline'})")
    return written


def _draw_figure(results, out_dir, dt, metric, found):
    panels = {parameter: grouped(found, metric, parameter) for parameter in PARAMETERS}
    values = [metric_of(pair, metric) for _, pair in found if not math.isnan(metric_of(pair, metric))]
    figure, axes = plt.subplots(2, 3, figsize=(15.0, 9.8), sharey=True)
    caption.reserve_margins(figure, top_inches=1.0, footer_inches=1.35)
    figure.subplots_adjust(left=0.06, right=0.99, wspace=0.06, hspace=0.42)
    for ax, parameter in zip(axes.flat, PARAMETERS):
        _draw_panel(ax, parameter, panels[parameter], metric)
    if metric == "speedup":
        caption.speedup_axis(axes[0, 0], values)
        for row in axes:
            row[0].set_ylabel("speedup (fastest baseline's time / ours)")
    else:
        axes[0, 0].set_ylim(0, max(105.0, max(values) * 1.08))
        for row in axes:
            row[0].set_ylabel("% of measured peak")
    ours = speedup.label(speedup.ours(results.records, dt))
    per_shape = " per shape" if len(speedup.ours(results.records, dt)) > 1 else ""
    if metric == "speedup":
        baseline = speedup.label(speedup.baselines(results.records, dt))
        title = f"Speedup of ours ({ours}{per_shape}) over the fastest baseline ({baseline}) — {dt}, all passes"
        roles = (speedup.OURS, speedup.BASELINE)
    else:
        title = f"% of measured peak of ours ({ours}{per_shape}: the fastest) — {dt}, all passes"
        roles = (speedup.OURS,)
    figure.suptitle(f"{title}\n{summary(values, metric)}", fontsize=11)
    handles = [plt.Line2D([], [], linestyle="", marker="o", color=c, label=p) for p, c in PASS_COLORS.items()
               if any(p == pass_name for pass_name, _ in found)]
    figure.legend(handles=handles, loc="upper right", fontsize=7.5, title="dots: pass", title_fontsize=7.5,
                  bbox_to_anchor=(0.995, 0.995), borderpad=0.3, labelspacing=0.2, handletextpad=0.2)
    records = [r for r in results.records if r["dt"] == dt and r["role"] in roles]
    caption.add_footer(figure, results, records, extra=footer_note(found, metric))
    return caption.save(figure, os.path.join(out_dir, f"dist_{metric}_{dt}.png"))


def _draw_panel(ax, parameter, groups, metric):
    drawn = [(key, vs) for key, vs in groups.items() if vs]
    rng = np.random.default_rng(0)  # the same jitter on every run, so regenerated files do not churn
    for x, (_, vs) in enumerate(drawn):
        ys = [v for v, _ in vs]
        if len(vs) >= BOX_MIN:
            ax.boxplot([ys], positions=[x], widths=0.6, whis=(5, 95), showfliers=False, zorder=2,
                       patch_artist=True, boxprops=dict(facecolor="0.92", edgecolor="0.3"),
                       medianprops=dict(color="black", linewidth=1.8), whiskerprops=dict(color="0.3"),
                       capprops=dict(color="0.3"))
        else:
            median = float(np.median(ys))
            ax.plot([x - 0.3, x + 0.3], [median, median], color="black", linewidth=1.8, zorder=3)
        if len(vs) <= POINTS_MAX:
            few = len(vs) < BOX_MIN  # then the dots are the data: larger, edged to stand out on the median bar
            ax.scatter(x + rng.uniform(-0.2, 0.2, len(vs)), ys, s=22 if few else 9, zorder=4, alpha=0.85,
                       linewidths=0.5 if few else 0, edgecolors="white",
                       c=[PASS_COLORS.get(p, "0.4") for _, p in vs])
        if metric == "speedup":
            wins = sum(y > 1 for y in ys)
            ax.text(x, 0.985, f"{round(100 * wins / len(ys))}%", transform=ax.get_xaxis_transform(),
                    ha="center", va="top", fontsize=7, color="tab:blue" if 2 * wins > len(ys) else "tab:red")
    if metric == "speedup":
        ax.axhline(1, color="black", linewidth=0.8, zorder=1)
    else:
        ax.axhline(100, color="0.5", linewidth=0.8, linestyle=":", zorder=1)
    ax.set_xticks(range(len(drawn)))
    ax.set_xticklabels([f"{_label(parameter, key)}\nn={len(vs)}" for key, vs in drawn], fontsize=8)
    ax.set_xlim(-0.6, len(drawn) - 0.4)
    ax.set_xlabel(parameter if parameter != "pass" else "pass (the others: all passes pooled)", fontsize=9)
    ax.grid(axis="y", color="0.9", linewidth=0.6, zorder=0)
    ax.tick_params(axis="y", labelsize=8)


def _label(parameter, key):
    if parameter == "Q" and key >= 1000 and key % 1000 == 0:
        return f"{key // 1000}k"
    return str(key)


def footer_note(found, metric):
    """What the figure's footer says besides provenance: how to read it, what was not counted and why."""
    panels = {parameter: grouped(found, metric, parameter) for parameter in PARAMETERS}
    missing = [pair for _, pair in found if math.isnan(metric_of(pair, metric))]
    failed = sum(pair.failed for pair in missing)
    note = ("a shape = one problem (N C K W Q S d) at one thread count in one pass; every panel shows all of "
            "them, grouped by its parameter · box: quartiles and median, whiskers 5th–95th percentile "
            f"(from {BOX_MIN} shapes; fewer: the shapes and a median bar) · n = shapes with a value")
    if metric == "speedup":
        note += " · % at the top: share of the value's shapes where ours is faster (blue: more than half)"
    else:
        note += " · each shape's % is of the peak of the ISA its fastest kernel uses"
    note += (f"\nnot counted: {len(missing)} shape(s) without a value"
             f"{' (a side skipped, unimplemented or not run)' if metric == 'speedup' else ''}, "
             f"{failed} of them with a FAILED/MISTRUSTED record")
    left_out = [f"{parameter}={key}" for parameter, groups in panels.items() for key, vs in groups.items()
                if not vs]
    if left_out:
        more = f" and {len(left_out) - 10} more" if len(left_out) > 10 else ""
        note += " · left out, no value: " + ", ".join(left_out[:10]) + more
    n_values = sorted({pair.shape["N"] for _, pair in found})
    note += f" · N = {'/'.join(str(n) for n in n_values)}"
    return note
