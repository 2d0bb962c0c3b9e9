"""The paper's claim (section 4.3, equation 4): ours beats oneDNN (the baseline; roles as in speedup.py) whenever
    S >= 5  and  Q >= 1000  and  C > 1  and  K > 1.
This module checks it on the results: per dt and pass, inside and outside that region, how many shapes
have a speedup, the share where ours wins (speedup > 1) and the geometric-mean speedup. It prints a
table, writes it to condition4.txt and draws it as condition4.png (win share and geometric mean side by
side). Shapes without a speedup on both sides (skipped, failed, unmeasured) are not counted; failed
shapes are reported in their own column.
"""
import math
import os
from dataclasses import dataclass

import caption
import speedup
from caption import Skip, plt
from loader import geomean

PASSES = ("FWD_D", "BWD_D", "BWD_W")
REGIONS = ("inside", "outside")


def in_region(shape):
    """Equation 4 of the paper."""
    return shape["S"] >= 5 and shape["Q"] >= 1000 and shape["C"] > 1 and shape["K"] > 1


@dataclass(frozen=True)
class Row:
    dt: str
    pass_name: str
    region: str        # "inside" or "outside" condition 4
    shapes: int        # shapes with a speedup
    wins: int          # of those, where ours is faster
    geomean: float     # geometric-mean speedup; NaN when shapes == 0
    failed: int        # shapes with a FAILED/MISTRUSTED record, not counted above

    @property
    def win_share(self):
        return self.wins / self.shapes if self.shapes else math.nan


def summarize(records):
    """Rows for every dt/pass that has both ours and a baseline, inside then outside."""
    rows = []
    for dt in ("f32", "bf16"):
        for pass_name in PASSES:
            if not speedup.comparable(records, dt, pass_name):
                continue
            pairs = speedup.pairs(records, dt, pass_name)
            for region in REGIONS:
                mine = [p for p in pairs if in_region(p.shape) == (region == "inside")]
                measured = [p.speedup for p in mine if not math.isnan(p.speedup)]
                rows.append(Row(dt, pass_name, region, len(measured), sum(s > 1 for s in measured),
                                geomean(measured), sum(p.failed for p in mine)))
    return rows


def who(records, rows, per_shape=""):
    """For the dts of the rows: which backends are ours, e.g. "ours = xsmm for f32, best of xsmm/amx for bf16"
    (`per_shape` follows a "best of"), and the baseline, e.g. "oneDNN"."""
    dts = [dt for dt in ("f32", "bf16") if any(r.dt == dt for r in rows)]
    mine = [(speedup.ours(records, dt), dt) for dt in dts]
    ours = ", ".join(f"{speedup.label(o)}{per_shape if len(o) > 1 else ''} for {dt}" for o, dt in mine)
    baselines = []
    for dt in dts:
        baselines += [b for b in speedup.baselines(records, dt) if b not in baselines]
    return f"ours = {ours}", speedup.label(baselines)


def table(rows, records):
    ours, baseline = who(records, rows)
    lines = [f"condition 4 (S>=5, Q>=1000, C>1, K>1): ours vs {baseline} ({ours})",
             f"{'dt':<5} {'pass':<6} {'region':<8} {'shapes':>6} {'ours wins':>10} {'geomean':>8} {'failed':>6}"]
    for row in rows:
        share = f"{100 * row.win_share:.0f}%" if row.shapes else "-"
        mean = f"{row.geomean:.2f}x" if row.shapes else "-"
        lines.append(f"{row.dt:<5} {row.pass_name:<6} {row.region:<8} {row.shapes:>6} "
                     f"{share:>10} {mean:>8} {row.failed:>6}")
    return "\n".join(lines)


def draw(results, out_dir):
    rows = summarize(results.records)
    if not rows:
        raise Skip("no dt/pass has records of both ours and a baseline (by their role) to compare")
    text = table(rows, results.records)
    print(text)
    text_path = os.path.join(out_dir, "condition4.txt")
    with open(text_path, "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    used = [r for r in results.records if r["role"] in (speedup.OURS, speedup.BASELINE)]
    return [_draw_bars(results, used, rows, os.path.join(out_dir, "condition4.png")), text_path]


def _draw_bars(results, records, rows, path):
    groups = sorted({(r.dt, r.pass_name) for r in rows}, key=lambda g: (g[0] != "f32", PASSES.index(g[1])))
    figure, (share_ax, mean_ax) = plt.subplots(1, 2, figsize=(max(9.0, 1.8 * len(groups) + 4), 5.0))
    caption.reserve_margins(figure, top_inches=0.75, footer_inches=1.3)
    width = 0.38
    colors = {"inside": "tab:blue", "outside": "0.6"}
    for offset, region in ((-width / 2, "inside"), (width / 2, "outside")):
        mine = {(r.dt, r.pass_name): r for r in rows if r.region == region}
        for x, group in enumerate(groups):
            row = mine[group]
            label = f"{region} condition 4" if x == 0 else None
            if row.shapes == 0:  # no data: say so instead of drawing a zero-height bar
                for ax in (share_ax, mean_ax):
                    ax.text(x + offset, 0.02, "no\ndata", transform=ax.get_xaxis_transform(),
                            ha="center", va="bottom", fontsize=7, color="0.4")
                continue
            share_ax.bar(x + offset, 100 * row.win_share, width, color=colors[region], label=label)
            share_ax.text(x + offset, 100 * row.win_share, f"{100 * row.win_share:.0f}%\nn={row.shapes}",
                          ha="center", va="bottom", fontsize=7)
            # Bars start at 1x (no speedup) and go up or down on a log axis.
            mean_ax.bar(x + offset, row.geomean - 1, width, bottom=1, color=colors[region], label=label)
            mean_ax.text(x + offset, row.geomean, f"{row.geomean:.2f}×",
                         ha="center", va="bottom" if row.geomean >= 1 else "top", fontsize=7)
    labels = [f"{dt}\n{pass_name}" for dt, pass_name in groups]
    for ax in (share_ax, mean_ax):
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels(labels, fontsize=8)
        ax.set_xlim(-0.7, len(groups) - 0.3)
    share_ax.set_ylim(0, 115)
    share_ax.set_ylabel("shapes where ours is faster (%)")
    share_ax.axhline(50, color="0.5", linewidth=0.8, linestyle=":")
    share_ax.legend(fontsize=8, loc="upper left")
    mean_ax.axhline(1, color="black", linewidth=0.8)
    ours, baseline = who(results.records, rows, per_shape=" per shape")
    mean_ax.set_ylabel(f"geometric-mean speedup over {baseline}")
    caption.speedup_axis(mean_ax, [r.geomean for r in rows if r.shapes])
    figure.suptitle("Condition 4 of the paper (S ≥ 5, Q ≥ 1000, C > 1, K > 1): "
                    f"does ours beat {baseline} inside it?", fontsize=11)
    failed = sum(r.failed for r in rows)
    caption.add_footer(figure, results, records,
                       extra=(f"{ours} · n = shapes with a "
                              f"speedup · {failed} shape(s) with FAILED/MISTRUSTED records not counted"))
    return caption.save(figure, path)
