#!/usr/bin/env python3
"""Figures of a bench_training.py run (training.json):

* fig7_training.png — like the paper's Figure 7: time per epoch of each configuration (bars, split into
  the time inside the convolutions and the rest of the step), its speedup over native nn.Conv1d f32 on top;
* training_curves.png — the quality comparison: training loss per step of every configuration, its relative
  difference to native training of the same dtype, and the held-out AUROC of the peak calls.

  /usr/bin/python3 train/plot_training.py train/results/latest/training.json [--out DIR]
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"ours": "#1f77b4", "baseline": "#8c8c8c", "oracle": "#d62728"}
NATIVE_COLOR = "#ff7f0e"


def _load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or "records" not in doc or "context" not in doc:
        raise ValueError(f"{path}: not a bench_training.py result (no context / records)")
    return doc


def _color(rec):
    return NATIVE_COLOR if rec["backend"] == "native" else COLORS.get(rec.get("role"), "#9467bd")


def _subtitle(ctx):
    t = ctx.get("training", {})
    cpu = ctx.get("cpu_model") or "?"
    return (f"{cpu}, {ctx.get('threads')} threads; tracks of {t.get('track_width')} "
            f"(pad {t.get('pad')}), batch {t.get('batch')}; epoch = {t.get('epoch_intervals')} intervals "
            f"= {t.get('steps_per_epoch')} steps x median step time")


def draw_fig7(doc, path):
    recs = [r for r in doc["records"] if r.get("status") == "PASSED" and r.get("epoch_s")]
    recs.sort(key=lambda r: (r["dt"] != "f32", r["backend"] != "native", -r["epoch_s"]))
    skipped = [r for r in doc["records"] if r.get("status") != "PASSED"]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(recs) + 2), 4.8))
    xs = range(len(recs))
    for x, r in zip(xs, recs):
        frac = (r.get("conv_time") or {}).get("fraction")
        total = r["epoch_s"]
        if frac is not None:
            conv = total * min(max(frac, 0.0), 1.0)
            ax.bar(x, conv, color=_color(r), edgecolor="black", linewidth=0.5)
            ax.bar(x, total - conv, bottom=conv, color=_color(r), alpha=0.35, edgecolor="black", linewidth=0.5)
        else:
            ax.bar(x, total, color=_color(r), edgecolor="black", linewidth=0.5)
        sp = r.get("speedup_vs_native_f32")
        ax.text(x, total, f"{sp:.2f}x" if sp else "", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(xs))
    ax.set_xticklabels([r["config"] for r in recs], rotation=35, ha="right", fontsize=8)
    ax.set_ylabel("training time per epoch (s)")
    ax.set_title("AtacWorks training: time per epoch and speedup over nn.Conv1d f32\n" + _subtitle(doc["context"]),
                 fontsize=8)
    from matplotlib.patches import Patch
    handles = [Patch(color=NATIVE_COLOR, label="native nn.Conv1d"), Patch(color=COLORS["ours"], label="ours"),
               Patch(color=COLORS["baseline"], label="oneDNN baselines (conv1d_torch)"),
               Patch(facecolor="white", edgecolor="black", label="solid: in convolutions, light: rest of step")]
    ax.legend(handles=handles, fontsize=7, loc="upper right")
    if skipped:
        ax.text(0.0, -0.32, "not run: " + "; ".join(f"{r['config']} ({r['status']})" for r in skipped)[:300],
                transform=ax.transAxes, fontsize=6, va="top")
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def draw_curves(doc, path):
    recs = [r for r in doc["records"] if r.get("curve") and r["curve"].get("loss")]
    by_name = {r["config"]: r for r in recs}
    palette = plt.get_cmap("tab20")
    color = {r["config"]: (NATIVE_COLOR if r["config"] == "native-f32" else "#000000" if r["config"] == "native-bf16"
                           else palette(i % 20)) for i, r in enumerate(recs)}
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.4))
    ax_loss, ax_diff, ax_auc = axes
    for r in recs:
        loss = r["curve"]["loss"]
        style = "--" if r["dt"] == "bf16" else "-"
        width = 2.4 if r["backend"] == "native" else 1.0
        ax_loss.plot(range(1, len(loss) + 1), loss, style, color=color[r["config"]], linewidth=width,
                     label=r["config"], alpha=0.85)
        ref = by_name.get(f"native-{r['dt']}")
        if ref is not None and ref is not r:
            k = min(len(loss), len(ref["curve"]["loss"]))
            diff = [max(abs(loss[i] - ref["curve"]["loss"][i]) / abs(ref["curve"]["loss"][i]), 1e-9) for i in range(k)]
            ax_diff.semilogy(range(1, k + 1), diff, style, color=color[r["config"]], linewidth=1.0,
                             label=f"{r['config']} vs {ref['config']}")
        evals = [e for e in (r.get("evals") or []) if e.get("auroc") is not None]
        if evals:
            ax_auc.plot([e["step"] for e in evals], [e["auroc"] for e in evals], style, marker="o", markersize=3,
                        color=color[r["config"]], linewidth=width, label=r["config"], alpha=0.85)
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("training loss (AtacWorks: 5e-4 MSE + (1 - r) + BCE)")
    ax_loss.legend(fontsize=6)
    ax_loss.set_title("training loss per step (same seed, data, steps)", fontsize=9)
    tol = (doc["context"].get("training", {}).get("quality_tolerance") or {}).get("val_loss_rel", 0.01)
    ax_diff.axhline(tol, color="red", linewidth=0.8, linestyle=":")
    ax_diff.set_xlabel("step")
    ax_diff.set_ylabel("|loss - native loss| / native loss")
    ax_diff.set_title(f"training loss vs native of the same dtype (red: {tol:g})", fontsize=9)
    if ax_diff.lines[1:]:
        ax_diff.legend(fontsize=6)
    ax_auc.set_xlabel("step")
    ax_auc.set_ylabel("held-out AUROC of peak calls")
    ax_auc.set_title("held-out AUROC during training", fontsize=9)
    if ax_auc.lines:
        ax_auc.legend(fontsize=6)
    else:
        ax_auc.text(0.5, 0.5, "no AUROC: the held-out labels are of one class", ha="center", va="center",
                    transform=ax_auc.transAxes, fontsize=8)
    fig.suptitle("AtacWorks training quality: " + _subtitle(doc["context"]), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def draw(json_path, out_dir=None):
    doc = _load(json_path)
    out_dir = out_dir or os.path.dirname(os.path.abspath(json_path))
    os.makedirs(out_dir, exist_ok=True)
    return [draw_fig7(doc, os.path.join(out_dir, "fig7_training.png")),
            draw_curves(doc, os.path.join(out_dir, "training_curves.png"))]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("json", help="training.json written by bench_training.py")
    p.add_argument("--out", help="directory for the figures (default: the JSON's)")
    args = p.parse_args(argv)
    try:
        for path in draw(args.json, args.out):
            print(f"wrote {path}")
    except (OSError, ValueError, KeyError) as error:
        print(f"plot_training.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
