#!/usr/bin/env python3
"""End-to-end training benchmark of the AtacWorks network (the paper's §4.4, Table 1, Figure 7).

  /usr/bin/python3 train/bench_training.py                 # defaults: a few minutes on 2 cores
  /usr/bin/python3 train/bench_training.py --paper-size    # tracks of 60000 (50000 + 2 x 5000), batch 54

Configurations: native nn.Conv1d f32 and bf16, then every conv1d_torch backend this CPU runs, f32 and bf16
(conv1d_torch.backends(dtype)). Each is one model (same initial weights) + Adam, fed the same batches in
the same order. Every configuration first runs --warmup steps; then --rounds rounds, each giving every
configuration --steps-per-round steps in turn (the order rotated every round), so a slow minute of a
shared machine hits all of them alike; each timed step is one sample. Then --profile-steps steps per
configuration under torch.profiler (not timed) say where the step time goes, and every model is evaluated
on the held-out set: the curves and final AUROC / loss are the quality comparison (same seed, data, steps).

Writes OUT/training.json ({"context", "records"}; fields in train/README.md) and, unless --no-plot,
OUT/fig7_training.png and OUT/training_curves.png (plot_training.py).
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULTS = {"width": 5000, "pad": 500, "batch": 2, "warmup": 2, "rounds": 5, "steps_per_round": 2,
            "profile_steps": 1, "intervals": 32, "val_intervals": 16, "epoch_intervals": 32000,
            "quality_steps": 60, "eval_every": 20}
# The paper (§4.2, §4.4): 32000 training segments of 50000 bases padded by 5000 each side (60000), batch 54
# for its optimized layer (64 for oneDNN; one batch for all here). Fewer timed steps: a step is minutes on
# a small machine (see README).
PAPER = {"width": 50000, "pad": 5000, "batch": 54, "warmup": 1, "rounds": 3, "steps_per_round": 1,
         "profile_steps": 1, "intervals": 108, "val_intervals": 54, "epoch_intervals": 32000,
         "quality_steps": 0, "eval_every": 0}


# verification of a configuration's first step against native of its dtype: (loss relative difference,
# weight-gradient relative L2 difference). f32: summation order only; bf16: one rounding to 8 bits of
# mantissa per layer, differently placed in different kernels.
VERIFY_TOL = {"f32": (1e-4, 1e-3), "bf16": (1e-2, 1e-1)}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(HERE, "results", "latest"), help="output directory")
    p.add_argument("--paper-size", action="store_true",
                   help="the paper's size: width 50000 + pad 5000 (tracks of 60000), batch 54 "
                        f"(all of {PAPER}); options given explicitly still win")
    p.add_argument("--width", type=int, help=f"interval width, bases (default {DEFAULTS['width']})")
    p.add_argument("--pad", type=int, help=f"flanking bases each side (default {DEFAULTS['pad']})")
    p.add_argument("--batch", type=int, help=f"batch size (default {DEFAULTS['batch']})")
    p.add_argument("--warmup", type=int, help=f"untimed steps per configuration first (default {DEFAULTS['warmup']})")
    p.add_argument("--rounds", type=int, help=f"interleaved rounds (default {DEFAULTS['rounds']})")
    p.add_argument("--steps-per-round", type=int,
                   help=f"timed steps per configuration per round (default {DEFAULTS['steps_per_round']})")
    p.add_argument("--profile-steps", type=int,
                   help=f"steps per configuration under torch.profiler, untimed (default {DEFAULTS['profile_steps']})")
    p.add_argument("--intervals", type=int, help=f"generated training intervals (default {DEFAULTS['intervals']})")
    p.add_argument("--val-intervals", type=int,
                   help=f"generated held-out intervals (default {DEFAULTS['val_intervals']})")
    p.add_argument("--epoch-intervals", type=int,
                   help="intervals in one epoch: time per epoch = median step time x ceil(this / batch) "
                        f"(default {DEFAULTS['epoch_intervals']}, the paper's training set)")
    p.add_argument("--quality-steps", type=int,
                   help="train every configuration (untimed, after the timing) until it has made this many steps "
                        f"in all, for the quality comparison (default {DEFAULTS['quality_steps']}; "
                        "0: compare after the timed steps only)")
    p.add_argument("--eval-every", type=int,
                   help=f"held-out evaluation every N steps of the quality run (default {DEFAULTS['eval_every']}; "
                        "0: at the end only)")
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 = every CPU allowed")
    p.add_argument("--no-pin", action="store_true", help="do not bind the process to the first --threads CPUs")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--channels", type=int, default=15, help="filters of the residual blocks (paper bf16: 16)")
    p.add_argument("--configs",
                   help="comma-separated subset: names (direct-bf16) or impls (direct); native f32 and bf16 always run "
                        "(the references of verification and speedups)")
    p.add_argument("--bf16-cast", default="autocast", choices=("autocast", "explicit"))
    p.add_argument("--train-h5", nargs="*", help="AtacWorks-layout training files instead of generated ones")
    p.add_argument("--val-h5", nargs="*", help="AtacWorks-layout held-out files")
    p.add_argument("--data-dir", default=os.path.join(HERE, "data"), help="where generated files go")
    p.add_argument("--loss-tol", type=float, default=0.01, help="quality: relative held-out loss difference")
    p.add_argument("--auroc-tol", type=float, default=0.01, help="quality: absolute AUROC difference")
    p.add_argument("--no-peaks", action="store_true", help="do not measure the ISA peaks for the context")
    p.add_argument("--no-plot", action="store_true")
    args = p.parse_args(argv)
    base = PAPER if args.paper_size else DEFAULTS
    args.given = sorted(k for k in base if getattr(args, k) is not None)
    for key, value in base.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def median_ms(values):
    return statistics.median(values) * 1e3 if values else None


def summary_ms(values):
    if not values:
        return None
    ms = [v * 1e3 for v in values]
    return {"min": min(ms), "median": statistics.median(ms), "max": max(ms), "samples": ms}


class Config:
    def __init__(self, impl, dt):
        self.impl, self.dt = impl, dt
        self.name = f"{impl}-{dt}"
        self.trainer = None
        self.status, self.reason = "PASSED", ""
        self.steps_done = 0
        self.timed = []          # per timed step: the trainer's record
        self.curve = []          # every step: losses
        self.conv = {"fwd": 0.0, "bwd_data": 0.0, "bwd_weight": 0.0, "total": 0.0, "plans": 0}
        self.profile = None
        self.verification = None
        self.eval = None
        self.evals = []          # (step, metrics) during the quality run

    @property
    def active(self):
        return self.status == "PASSED"


def wanted_names(args):
    return [w.strip() for w in args.configs.split(",") if w.strip()] if args.configs else None


def list_configs(args, ext):
    """native f32 and bf16, then every backend of conv1d_torch in both types; those this CPU cannot run are
    SKIPPED with the suite's reason. --configs keeps the named ones (config names such as direct-bf16, or
    impls such as direct) and native f32 and bf16, the references of verification and speedups; an unknown
    name is an error."""
    configs = [Config("native", "f32"), Config("native", "bf16")]
    for dt in ("f32", "bf16"):
        for name in ext.backend_names():
            c = Config(name, dt)
            reason = ext.why_not(name, dt)
            if reason:
                c.status, c.reason = "SKIPPED", reason
            configs.append(c)
    wanted = wanted_names(args)
    if wanted:
        unknown = [w for w in wanted if not any(w in (c.name, c.impl) for c in configs)]
        if unknown:
            raise SystemExit(f"bench_training.py: error: --configs {','.join(unknown)}: no such configuration; "
                             f"known: {', '.join(c.name for c in configs)}")
        configs = [c for c in configs if c.impl == "native" or c.name in wanted or c.impl in wanted]
    return configs


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, HERE)
    from atacworks.training import pin_env
    pin_env(args.threads)
    import torch
    from atacworks import context as ctxmod
    from atacworks import data, ext, model, training

    threads = training.setup_threads(args.threads, pin=not args.no_pin)
    t_start = time.perf_counter()
    load_start = os.getloadavg()

    # ---- data -------------------------------------------------------------------------------------
    if args.train_h5:
        train_files, val_files = args.train_h5, args.val_h5 or []
        pad = args.pad if "pad" in args.given else data.file_pad(train_files[0])
        if pad is None:
            sys.exit("bench_training.py: the training file does not declare its padding; give --pad")
        generated = False
    else:
        pad = args.pad
        train_files = [data.ensure_data(args.data_dir, "train", args.intervals, args.width, pad, args.seed)]
        val_files = [data.ensure_data(args.data_dir, "val", args.val_intervals, args.width, pad,
                                      args.seed + 1000003)]
        generated = True
    train_set = data.AtacH5Dataset(train_files)
    val_set = data.AtacH5Dataset(val_files) if val_files else None
    total_steps = max(args.warmup + args.rounds * args.steps_per_round + args.profile_steps, args.quality_steps)
    plan = training.batch_plan(len(train_set), args.batch, total_steps, args.seed)
    batches, data_s = {}, []
    for idx in plan:  # preloaded: reading the h5 file is not part of a step's time (measured apart)
        key = tuple(idx)
        if key not in batches:
            t = time.perf_counter()
            batches[key] = train_set.batch(idx)
            data_s.append(time.perf_counter() - t)
    val_batches = training.eval_batches(val_set, args.batch) if val_set is not None else None
    track = train_set.length
    print(f"bench_training: {threads} threads, batch {args.batch}, tracks of {track} ({track - 2 * pad} + 2 x {pad}), "
          f"{args.warmup} warm-up + {args.rounds} x {args.steps_per_round} timed steps per configuration", flush=True)

    # ---- configurations ----------------------------------------------------------------------------
    configs = list_configs(args, ext)
    model_kwargs = {"channels": args.channels, "channels_cla": args.channels}
    reference = model.build_model("native", seed=args.seed, **model_kwargs)
    for c in configs:
        if not c.active:
            continue
        try:
            c.trainer = training.Trainer(c.impl, c.dt, lr=args.lr, pad=pad, reference=reference,
                                         bf16_cast=args.bf16_cast, **model_kwargs)
        except Exception as error:
            c.status, c.reason = "FAILED", f"building the model raised {type(error).__name__}: {error}"

    # verification first, as the suite does before timing: one forward + backward on the first batch from
    # the same weights; the loss and the weight gradient must match native of the same dtype. What the CPU
    # cannot run was SKIPPED above (why_not); one that raises or computes something else is FAILED, not timed.
    first = batches[tuple(plan[0])]
    native_pass = {}
    for c in sorted(configs, key=lambda c: c.impl != "native"):
        if not c.active:
            continue
        try:
            loss, grad = c.trainer.check_pass(first)
        except Exception as error:
            c.status, c.reason = "FAILED", f"raised {type(error).__name__}: {error}"
            continue
        if c.impl == "native":
            native_pass[c.dt] = (c.name, loss, grad)
        ref_name, ref_loss, ref_grad = native_pass.get(c.dt) or native_pass["f32"]
        loss_tol, grad_tol = VERIFY_TOL[c.dt]
        loss_rel = abs(loss - ref_loss) / abs(ref_loss) if ref_loss else float("inf")
        grad_rel = float((grad - ref_grad).norm() / ref_grad.norm()) if float(ref_grad.norm()) > 0 else float("inf")
        c.verification = {"reference": ref_name, "loss": loss, "reference_loss": ref_loss,
                          "loss_rel_diff": loss_rel, "grad_rel_l2_diff": grad_rel,
                          "tolerance": {"loss_rel": loss_tol, "grad_rel_l2": grad_tol}}
        if not (math.isfinite(loss) and loss_rel <= loss_tol and grad_rel <= grad_tol):
            c.status = "FAILED"
            c.reason = (f"first step differs from {ref_name}: loss {loss:.6g} vs {ref_loss:.6g} (rel {loss_rel:.2e}, "
                        f"tolerance {loss_tol:g}), weight gradient rel L2 {grad_rel:.2e} (tolerance {grad_tol:g})")
    for c in configs:
        if not c.active:
            print(f"  {c.name:18s} {c.status}: {c.reason}", flush=True)

    def run(c, n, timed):
        for _ in range(n):
            if not c.active:
                return
            batch = batches[tuple(plan[c.steps_done])]
            try:
                rec = c.trainer.step(batch)
            except Exception as error:
                c.status = "FAILED"
                c.reason = f"step {c.steps_done} raised {type(error).__name__}: {error}"
                print(f"  {c.name}: {c.reason}", flush=True)
                return
            c.steps_done += 1
            c.curve.append({k: rec[k] for k in ("total", "mse", "pearson_loss", "bce")})
            if not math.isfinite(rec["total"]):
                c.status, c.reason = "FAILED", f"loss {rec['total']} at step {c.steps_done - 1}"
                return
            if timed:
                c.timed.append(rec)

    # warm-up (first steps: plans, JIT, caches), round-robin too
    for c in configs:
        was_active = c.active
        run(c, args.warmup, timed=False)
        if c.active and c.curve:
            v = c.verification or {}
            print(f"  warm-up {c.name:18s} last step loss {c.curve[-1]['total']:.5f}; first step vs "
                  f"{v.get('reference')}: loss rel {v.get('loss_rel_diff', 0):.1e}, grad rel "
                  f"{v.get('grad_rel_l2_diff', 0):.1e}", flush=True)
        elif was_active:
            print(f"  {c.name:18s} {c.status}: {c.reason}", flush=True)

    # timed rounds, interleaved
    active = [c for c in configs if c.active]
    for r in range(args.rounds):
        order = active[r % len(active):] + active[:r % len(active)] if active else []
        for c in order:
            if c.impl != "native":
                ext.reset_conv_stats()
            run(c, args.steps_per_round, timed=True)
            if c.impl != "native" and c.active:
                stats = ext.conv_stats() or {}
                for k in c.conv:
                    c.conv[k] += stats.get(k, 0)
        line = "  ".join(f"{c.name} {median_ms([t['step_s'] for t in c.timed]):.0f}" for c in active if c.timed)
        print(f"  round {r + 1}/{args.rounds} median ms/step: {line}", flush=True)

    # where the time goes: torch.profiler over separate, untimed steps
    from torch.profiler import ProfilerActivity, profile
    for c in configs:
        if not c.active or args.profile_steps <= 0:
            continue
        if c.impl != "native":
            ext.reset_conv_stats()
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            t = time.perf_counter()
            run(c, args.profile_steps, timed=False)
            wall = time.perf_counter() - t
        if not c.active:
            continue
        events = prof.key_averages()
        by_key = {e.key: e for e in events}
        def total_ms(key):
            return by_key[key].cpu_time_total / 1e3 if key in by_key else 0.0
        steps = args.profile_steps
        if c.impl == "native":
            conv_fwd, conv_bwd = total_ms("aten::convolution"), total_ms("aten::convolution_backward")
            keys = "aten::convolution + aten::convolution_backward"
        else:
            conv_fwd = sum(e.cpu_time_total for e in events if e.key.startswith("conv1d_bench::forward")) / 1e3
            conv_bwd = sum(e.cpu_time_total for e in events if e.key.startswith("conv1d_bench::backward")) / 1e3
            keys = "conv1d_bench::forward + conv1d_bench::backward_*"
        top = sorted(events, key=lambda e: e.self_cpu_time_total, reverse=True)[:8]
        c.profile = {"steps": steps, "step_ms": wall * 1e3 / steps,
                     "conv_ms_per_step": (conv_fwd + conv_bwd) / steps,
                     "conv_fwd_ms_per_step": conv_fwd / steps, "conv_bwd_ms_per_step": conv_bwd / steps,
                     "conv_fraction": (conv_fwd + conv_bwd) / (wall * 1e3) if wall > 0 else None,
                     "conv_ops": keys,
                     "top_self_cpu_ops": [{"op": e.key, "ms_per_step": e.self_cpu_time_total / 1e3 / steps,
                                           "calls_per_step": e.count / steps} for e in top]}
        if c.impl != "native":
            stats = ext.conv_stats()
            if stats:
                c.profile["conv_stats_ms_per_step"] = stats["total"] * 1e3 / steps

    # quality: every model trained on to the same number of steps on the same data, evaluated on the
    # held-out set every --eval-every steps and at the end (not timed)
    t_quality = time.perf_counter()
    for c in configs:
        try:
            while c.active and c.steps_done < args.quality_steps:
                run(c, 1, timed=False)
                if (val_batches and args.eval_every and c.active and c.steps_done % args.eval_every == 0
                        and c.steps_done < args.quality_steps):
                    c.evals.append(dict(c.trainer.evaluate(val_batches), step=c.steps_done))
            if c.active and val_batches:
                c.eval = dict(c.trainer.evaluate(val_batches), step=c.steps_done)
                c.evals.append(c.eval)
        except Exception as error:
            c.status, c.reason = "FAILED", f"evaluation raised {type(error).__name__}: {error}"
        if c.active and c.eval:
            auroc = c.eval["auroc"]
            print(f"  quality {c.name:18s} {c.steps_done} steps: held-out loss {c.eval['loss']:.5f}, AUROC "
                  f"{'n/a' if auroc is None else f'{auroc:.4f}'}", flush=True)
    quality_s = time.perf_counter() - t_quality

    # ---- records -----------------------------------------------------------------------------------
    steps_per_epoch = math.ceil(args.epoch_intervals / args.batch)
    by_name = {c.name: c for c in configs}
    med = {c.name: median_ms([t["step_s"] for t in c.timed]) for c in configs if c.active and c.timed}
    records = []
    for c in configs:
        rec = {"config": c.name, "backend": c.impl, "impl": "torch.nn.Conv1d" if c.impl == "native" else
               f"conv1d_torch.Conv1d(backend={c.impl!r})", "dt": c.dt, "role": ext.role(c.impl),
               "threads": threads, "status": c.status, "reason": c.reason,
               "N": args.batch, "track_width": track, "width": track - 2 * pad, "pad": pad,
               "C": args.channels, "K": args.channels, "S": 51, "d": 8, "conv_layers": 25,
               "conv_Q": track, "conv_W": track + 400,
               "warmup_steps": args.warmup, "rounds": args.rounds, "steps_per_round": args.steps_per_round,
               "steps_trained": c.steps_done}
        if c.name in med:
            ms = med[c.name]
            rec["step_ms"] = summary_ms([t["step_s"] for t in c.timed])
            rec["forward_ms"] = median_ms([t["forward_s"] for t in c.timed])
            rec["backward_ms"] = median_ms([t["backward_s"] for t in c.timed])
            rec["optimizer_ms"] = median_ms([t["optimizer_s"] for t in c.timed])
            # CPU time of the process over wall time x threads: well below 1 means the steps were preempted
            # (a busy machine), not that the kernels were slow
            rec["cpu_share"] = statistics.median(t["cpu_s"] / (t["step_s"] * threads) for t in c.timed)
            rec["steps_per_epoch"] = steps_per_epoch
            rec["epoch_intervals"] = args.epoch_intervals
            rec["epoch_s"] = ms * steps_per_epoch / 1e3
            base = med.get("native-f32")
            rec["speedup_vs_native_f32"] = base / ms if base else None
            baselines = [med[n] for n, o in by_name.items() if n in med and o.dt == c.dt
                         and ext.role(o.impl) == "baseline"]
            rec["speedup_vs_best_baseline"] = min(baselines) / ms if baselines else None
            timed_total_ms = sum(t["step_s"] for t in c.timed) * 1e3
            if c.impl == "native":
                p = c.profile or {}
                rec["conv_time"] = {
                    "method": f"torch.profiler over {args.profile_steps} separate step(s): CPU time of "
                              "aten::convolution (forward, with oneDNN's reorders and the output allocation) "
                              "+ aten::convolution_backward (data and weight), over those steps' wall time; "
                              "autocast's weight casts and F.pad are not counted",
                    "fraction": p.get("conv_fraction"), "ms_per_step": p.get("conv_ms_per_step"),
                    "fwd_ms": p.get("conv_fwd_ms_per_step"), "bwd_ms": p.get("conv_bwd_ms_per_step")}
            else:
                n = len(c.timed)
                rec["conv_time"] = {
                    "method": "conv1d_torch.conv_stats() over the timed steps: seconds inside the extension's "
                              "forward / backward_data / backward_weight operators (bias, padding, casts not "
                              "counted), over the timed steps' wall time",
                    "fraction": c.conv["total"] * 1e3 / timed_total_ms if timed_total_ms else None,
                    "ms_per_step": c.conv["total"] * 1e3 / n, "fwd_ms": c.conv["fwd"] * 1e3 / n,
                    "bwd_data_ms": c.conv["bwd_data"] * 1e3 / n, "bwd_weight_ms": c.conv["bwd_weight"] * 1e3 / n,
                    "plans_made_in_timed_steps": c.conv["plans"]}
            rec["rest_ms_per_step"] = ms - (rec["conv_time"]["fraction"] or 0) * ms
        rec["verification"] = c.verification
        rec["profile"] = c.profile
        rec["curve"] = {"loss": [s["total"] for s in c.curve], "mse": [s["mse"] for s in c.curve],
                        "pearson_loss": [s["pearson_loss"] for s in c.curve], "bce": [s["bce"] for s in c.curve]}
        rec["eval"] = c.eval
        rec["evals"] = c.evals
        records.append(rec)

    # quality verdicts: each configuration against native of its dtype (and native f32)
    def compare(c, ref):
        if c.eval is None or ref is None or ref.eval is None:
            return None
        lr, l = ref.eval["loss"], c.eval["loss"]
        out = {"reference": ref.name, "val_loss": l, "reference_val_loss": lr,
               "val_loss_rel_diff": abs(l - lr) / abs(lr) if lr else None,
               "auroc": c.eval["auroc"], "reference_auroc": ref.eval["auroc"],
               "auroc_diff": (c.eval["auroc"] - ref.eval["auroc"]) if None not in (c.eval["auroc"], ref.eval["auroc"])
               else None}
        k = min(len(c.curve), len(ref.curve))
        out["curve_max_rel_diff"] = max((abs(c.curve[i]["total"] - ref.curve[i]["total"]) / abs(ref.curve[i]["total"])
                                         for i in range(k)), default=None)
        out["last_step_loss_rel_diff"] = (abs(c.curve[k - 1]["total"] - ref.curve[k - 1]["total"])
                                          / abs(ref.curve[k - 1]["total"])) if k else None
        out["within_tolerance"] = (out["val_loss_rel_diff"] is not None and out["val_loss_rel_diff"] <= args.loss_tol
                                   and (out["auroc_diff"] is None or abs(out["auroc_diff"]) <= args.auroc_tol))
        return out

    for rec, c in zip(records, configs):
        same = by_name.get(f"native-{c.dt}")
        same = same if same is not None and same.eval is not None else by_name.get("native-f32")
        rec["quality"] = compare(c, same) if c.name != getattr(same, "name", None) else None
        nf = by_name.get("native-f32")
        rec["quality_vs_native_f32"] = compare(c, nf) if nf is not None and c is not nf else None

    context = ctxmod.run_context(threads, measure_peaks=not args.no_peaks)
    context["training"] = {
        "benchmark": "AtacWorks DenoisingResNet end-to-end training (Chaudhary et al. §4.4, Figure 7)",
        "track_width": track, "pad": pad, "batch": args.batch, "threads": threads, "seed": args.seed,
        "lr": args.lr, "channels": args.channels, "bf16_cast": args.bf16_cast,
        "warmup_steps": args.warmup, "rounds": args.rounds, "steps_per_round": args.steps_per_round,
        "profile_steps": args.profile_steps, "epoch_intervals": args.epoch_intervals,
        "steps_trained": max([c.steps_done for c in configs] or [0]), "eval_every": args.eval_every,
        "quality_run_s": quality_s,
        "steps_per_epoch": steps_per_epoch,
        "epoch_definition": "time per epoch = median step time x ceil(epoch_intervals / batch): forward, "
                            "losses, backward and Adam; data loading and evaluation not included",
        "data": {"generated": generated, "train_files": train_files, "val_files": val_files,
                 "train_intervals": len(train_set), "val_intervals": len(val_set) if val_set else 0,
                 "read_ms_per_batch": median_ms(data_s)},
        "conv1d_torch": ext.load().__file__,
        "quality_tolerance": {"val_loss_rel": args.loss_tol, "auroc_abs": args.auroc_tol},
        "wall_s": time.perf_counter() - t_start,
        "loadavg_1min": {"start": load_start[0], "end": os.getloadavg()[0]},
        "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
    }
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "training.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"context": context, "records": records}, f, indent=1)
    os.replace(path + ".tmp", path)

    print_table(records)
    shares = [r["cpu_share"] for r in records if r.get("cpu_share") is not None]
    low = [r["config"] for r in records if r.get("cpu_share") is not None and r["cpu_share"] < 0.8]
    if shares and len(low) > len(shares) / 2:
        print(f"bench_training: warning: {len(low)} of {len(shares)} configurations got less than 80 % of {threads} "
              f"CPUs in their timed steps (1-min load average {load_start[0]:.1f} at the start, "
              f"{os.getloadavg()[0]:.1f} at the end): the machine was busy, the times are not the kernels' alone",
              flush=True)
    print(f"wrote {path} ({context['training']['wall_s']:.0f} s)", flush=True)
    if not args.no_plot:
        try:
            import plot_training
            for fig in plot_training.draw(path, args.out):
                print(f"wrote {fig}", flush=True)
        except Exception as error:  # the JSON is the result; a figure is a view of it
            print(f"bench_training: plotting failed: {type(error).__name__}: {error}", file=sys.stderr)
    return 1 if any(c.status == "FAILED" for c in configs) else 0


def print_table(records):
    print(f"{'config':18s} {'status':8s} {'ms/step':>9s} {'epoch s':>9s} {'speedup':>8s} {'conv %':>7s} "
          f"{'cpu':>5s} {'val loss':>9s} {'AUROC':>7s} {'quality':>8s}")
    for r in records:
        if "step_ms" not in r:
            print(f"{r['config']:18s} {r['status']:8s} {r['reason'][:90]}")
            continue
        q = r.get("quality")
        ev = r.get("eval") or {}
        frac = r["conv_time"]["fraction"]
        print(f"{r['config']:18s} {r['status']:8s} {r['step_ms']['median']:9.1f} {r['epoch_s']:9.1f} "
              f"{(r['speedup_vs_native_f32'] or float('nan')):7.2f}x {100 * frac if frac is not None else float('nan'):6.1f}% "
              f"{100 * r['cpu_share']:4.0f}% "
              f"{ev.get('loss', float('nan')):9.5f} "
              f"{ev['auroc'] if ev.get('auroc') is not None else float('nan'):7.4f} "
              f"{'-' if q is None else ('ok' if q['within_tolerance'] else 'DIFFERS'):>8s}")


if __name__ == "__main__":
    sys.exit(main())
