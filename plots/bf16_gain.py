"""What BF16 buys over FP32 in our own layer, the paper's other claim of section 4.3 ("a 1.6x speedup
compared to the FP32 code"): per pass, the geometric-mean ratio of our FP32 time to our BF16 time, for each
of our BF16 backends separately (today xsmm with AVX512-BF16 and amx), over the shapes that have both.
"Ours" is the records' role; our FP32 time is that of the fastest of ours on the shape (today xsmm, the
only one with FP32). A bar chart with the paper's 1.6x marked; n on each bar is the number of shapes.
"""
import os

import caption
from caption import Skip, plt
from loader import OURS, geomean, select, timed_backends, value
from speedup import label

PASSES = ("FWD_D", "BWD_D", "BWD_W")
COLORS = ("tab:blue", "tab:green", "tab:purple", "tab:brown")  # of our BF16 backends, in registry order
SHAPE_FIELDS = ("N", "C", "K", "W", "Q", "S", "d", "threads")
PAPER_GAIN = 1.6


def gains(records, pass_name, bf16_backend):
    """Our FP32 time / BF16 `bf16_backend` time for each shape that has a trustworthy time for both."""
    def times(dt, backend=None):
        by_shape = {}
        for r in select(records, dt=dt, role=OURS, **{"pass": pass_name}):
            t = value(r, "time_ms.median")
            if t is not None and backend in (None, r["backend"]):
                by_shape.setdefault(tuple(r[f] for f in SHAPE_FIELDS), {}).setdefault(r["backend"], []).append(t)
        return {shape: min(geomean(ts) for ts in by_backend.values()) for shape, by_backend in by_shape.items()}

    fp32, bf16 = times("f32"), times("bf16", bf16_backend)
    return [fp32[shape] / bf16[shape] for shape in sorted(fp32.keys() & bf16.keys())]


def draw(results, out_dir):
    fp32_ours = timed_backends(select(results.records, dt="f32"), OURS)
    bf16_ours = timed_backends(select(results.records, dt="bf16"), OURS)
    table = {(p, b): gains(results.records, p, b) for p in PASSES for b in bf16_ours}
    if not any(table.values()):
        raise Skip("no shape has both an f32 and a bf16 time of our backends")
    figure, ax = plt.subplots(figsize=(9.0, 4.8))
    caption.reserve_margins(figure, top_inches=0.7, footer_inches=1.2)
    width = 0.72 / len(bf16_ours)
    offsets = [width * (i - (len(bf16_ours) - 1) / 2) for i in range(len(bf16_ours))]
    for number, (offset, backend) in enumerate(zip(offsets, bf16_ours)):
        color = COLORS[number % len(COLORS)]
        legend = f"bf16 {backend}"  # given to the first bar drawn only, so the legend has one entry
        for x, pass_name in enumerate(PASSES):
            ratios = table[(pass_name, backend)]
            if not ratios:  # no data: say so rather than draw a bar of zero
                ax.text(x + offset, 0.03, f"no\n{backend}", transform=ax.get_xaxis_transform(),
                        ha="center", va="bottom", fontsize=7, color="0.4")
                continue
            mean = geomean(ratios)
            ax.bar(x + offset, mean - 1, width, bottom=1, color=color, label=legend)
            # A cap at the value, so a ratio of exactly 1x (a bar of no height) is still visible.
            ax.plot([x + offset - width / 2, x + offset + width / 2], [mean, mean], color=color, linewidth=2.5)
            legend = None
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
    figure.suptitle(f"BF16 over FP32 in our layer: {label(fp32_ours)} FP32 time / "
                    f"{' or '.join(bf16_ours)} BF16 time", fontsize=11)
    used = [r for r in results.records
            if r["role"] == OURS and r["backend"] in (fp32_ours if r["dt"] == "f32" else bf16_ours)]
    caption.add_footer(figure, results, used, extra="same shapes (N C K W S d threads) in both types; "
                       "times are medians; above 1× BF16 is faster")
    return [caption.save(figure, os.path.join(out_dir, "bf16_gain.png"))]
