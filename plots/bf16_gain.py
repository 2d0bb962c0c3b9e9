"""What BF16 buys over FP32 in our own layer, the paper's other claim of section 4.3 ("a 1.6x speedup
compared to the FP32 code"): per pass, the geometric-mean ratio of our FP32 time (xsmm) to our BF16 time,
for xsmm (AVX512-BF16) and amx separately, over the shapes that have both. A bar chart with the paper's
1.6x marked; n on each bar is the number of shapes.
"""
import os

import caption
from caption import Skip, plt
from loader import geomean, select, value

PASSES = ("FWD_D", "BWD_D", "BWD_W")
BF16_BACKENDS = (("xsmm", "tab:blue"), ("amx", "tab:green"))
SHAPE_FIELDS = ("N", "C", "K", "W", "Q", "S", "d", "threads")
PAPER_GAIN = 1.6


def gains(records, pass_name, bf16_backend):
    """FP32 xsmm time / BF16 `bf16_backend` time for each shape that has a trustworthy time for both."""
    def times(dt, backend):
        by_shape = {}
        for r in select(records, dt=dt, backend=backend, **{"pass": pass_name}):
            t = value(r, "time_ms.median")
            if t is not None:
                by_shape.setdefault(tuple(r[f] for f in SHAPE_FIELDS), []).append(t)
        return {shape: geomean(ts) for shape, ts in by_shape.items()}

    fp32, bf16 = times("f32", "xsmm"), times("bf16", bf16_backend)
    return [fp32[shape] / bf16[shape] for shape in sorted(fp32.keys() & bf16.keys())]


def draw(results, out_dir):
    table = {(p, b): gains(results.records, p, b) for p in PASSES for b, _ in BF16_BACKENDS}
    if not any(table.values()):
        raise Skip("no shape has both an f32 xsmm and a bf16 xsmm/amx time")
    figure, ax = plt.subplots(figsize=(9.0, 4.8))
    caption.reserve_margins(figure, top_inches=0.7, footer_inches=1.2)
    width = 0.36
    for offset, (backend, color) in zip((-width / 2, width / 2), BF16_BACKENDS):
        label = f"bf16 {backend}"  # given to the first bar drawn only, so the legend has one entry
        for x, pass_name in enumerate(PASSES):
            ratios = table[(pass_name, backend)]
            if not ratios:  # no data: say so rather than draw a bar of zero
                ax.text(x + offset, 0.03, f"no\n{backend}", transform=ax.get_xaxis_transform(),
                        ha="center", va="bottom", fontsize=7, color="0.4")
                continue
            mean = geomean(ratios)
            ax.bar(x + offset, mean - 1, width, bottom=1, color=color, label=label)
            # A cap at the value, so a ratio of exactly 1x (a bar of no height) is still visible.
            ax.plot([x + offset - width / 2, x + offset + width / 2], [mean, mean], color=color, linewidth=2.5)
            label = None
            ax.text(x + offset, mean, f"{mean:.2f}×\nn={len(ratios)}", ha="center",
                    va="bottom" if mean >= 1 else "top", fontsize=7)
    ax.axhline(1, color="black", linewidth=0.8)
    ax.axhline(PAPER_GAIN, color="tab:red", linewidth=1, linestyle="--", label=f"paper: {PAPER_GAIN}×")
    ax.set_xticks(range(len(PASSES)))
    ax.set_xticklabels(PASSES)
    ax.set_xlim(-0.7, len(PASSES) - 0.3)
    caption.speedup_axis(ax, [geomean(v) for v in table.values() if v] + [PAPER_GAIN])
    ax.set_ylabel("FP32 time / BF16 time (geometric mean)")
    ax.legend(fontsize=8, loc="upper left")
    figure.suptitle("BF16 over FP32 in our layer: xsmm FP32 time / xsmm or amx BF16 time", fontsize=11)
    used = [r for r in results.records if (r["dt"], r["backend"]) in {("f32", "xsmm"), ("bf16", "xsmm"),
                                                                     ("bf16", "amx")}]
    caption.add_footer(figure, results, used, extra="same shapes (N C K W S d threads) in both types; "
                       "times are medians; above 1× BF16 is faster")
    return [caption.save(figure, os.path.join(out_dir, "bf16_gain.png"))]
