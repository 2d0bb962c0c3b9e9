#!/usr/bin/env python3
"""Train the AtacWorks network (DenoisingResNet) with native nn.Conv1d or a conv1d_torch backend.

  /usr/bin/python3 train/train.py --impl native --dtype f32 --steps 20
  /usr/bin/python3 train/train.py --impl direct --dtype bf16 --steps 20 --threads 2
  /usr/bin/python3 train/train.py --train-h5 real.train.h5 --val-h5 real.val.h5 --pad 5000 --steps 500

Without --train-h5 / --val-h5 it generates seeded synthetic tracks (train/atacworks/data.py) into
--data-dir. Logs one line per step (losses, step time) and, at the end, the held-out AUROC of the peak calls,
the MSE and Pearson r of the denoised track; --json writes all of it. See train/README.md.
"""
import argparse
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--impl", default="native",
                   help="'native' (torch.nn.Conv1d) or a conv1d_torch backend (direct, xsmm, amx, onednn, ...)")
    p.add_argument("--dtype", default="f32", choices=("f32", "bf16"),
                   help="bf16: forward under torch.autocast('cpu', bfloat16), f32 master weights")
    p.add_argument("--steps", type=int, default=20, help="training steps (batches)")
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 = every CPU allowed")
    p.add_argument("--no-pin", action="store_true", help="do not bind the process to the first --threads CPUs")
    p.add_argument("--width", type=int, default=5000, help="interval width (bases) of generated data")
    p.add_argument("--pad", type=int, default=None,
                   help="flanking bases each side (default: the file's 'pad' attribute; generated data: 500)")
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--seed", type=int, default=0, help="seeds the weights, the data order and generated data")
    p.add_argument("--lr", type=float, default=2e-4, help="Adam learning rate (AtacWorks: 2e-4)")
    p.add_argument("--mse-weight", type=float, default=0.0005)
    p.add_argument("--pearson-weight", type=float, default=1.0)
    p.add_argument("--bce-weight", type=float, default=1.0)
    p.add_argument("--channels", type=int, default=15, help="filters of the residual blocks (paper bf16: 16)")
    p.add_argument("--bf16-cast", default="autocast", choices=("autocast", "explicit"),
                   help="how a conv1d_torch conv gets bf16 weights (see atacworks/model.py ConvUnit)")
    p.add_argument("--train-h5", nargs="*", help="AtacWorks-layout training files")
    p.add_argument("--val-h5", nargs="*", help="AtacWorks-layout held-out files")
    p.add_argument("--layers", nargs="*", default=None, help="extra input datasets (AtacWorks --layers)")
    p.add_argument("--intervals", type=int, default=64, help="generated training intervals")
    p.add_argument("--val-intervals", type=int, default=16, help="generated held-out intervals")
    p.add_argument("--data-dir", default=os.path.join(HERE, "data"), help="where generated files go")
    p.add_argument("--eval-every", type=int, default=0, help="also evaluate every N steps (0: at the end only)")
    p.add_argument("--print-every", type=int, default=1)
    p.add_argument("--json", help="write the log (per-step losses, evaluations) here")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, HERE)
    from atacworks.training import pin_env
    pin_env(args.threads)
    import torch  # noqa: F401  (after the OpenMP environment is set)
    from atacworks import data, training

    threads = training.setup_threads(args.threads, pin=not args.no_pin)
    if args.train_h5:
        train_files, val_files = args.train_h5, args.val_h5 or []
        pad = args.pad if args.pad is not None else data.file_pad(train_files[0])
        if pad is None:
            sys.exit("train.py: the file does not declare its padding; give --pad (AtacWorks's default: 5000)")
    else:
        pad = 500 if args.pad is None else args.pad
        train_files = [data.ensure_data(args.data_dir, "train", args.intervals, args.width, pad, args.seed)]
        val_files = args.val_h5 or [data.ensure_data(args.data_dir, "val", args.val_intervals, args.width, pad,
                                                     args.seed + 1000003)]
    train_set = data.AtacH5Dataset(train_files, layers=args.layers)
    val_set = data.AtacH5Dataset(val_files, layers=args.layers) if val_files else None
    in_channels = 1 + len(args.layers or [])

    trainer = training.Trainer(args.impl, args.dtype, lr=args.lr, seed=args.seed, pad=pad,
                               weights={"mse": args.mse_weight, "pearson": args.pearson_weight,
                                        "bce": args.bce_weight},
                               bf16_cast=args.bf16_cast, in_channels=in_channels, channels=args.channels,
                               channels_cla=args.channels)
    plan = training.batch_plan(len(train_set), args.batch, args.steps, args.seed)
    val_batches = training.eval_batches(val_set, args.batch) if val_set is not None else None
    print(f"train.py: impl={args.impl} dtype={args.dtype} threads={threads} batch={args.batch} "
          f"track={train_set.length} (pad {pad}) steps={args.steps} files={train_files}", flush=True)
    log = {"args": vars(args), "threads": threads, "pad": pad, "track_length": train_set.length,
           "steps": [], "evaluations": []}
    start = time.perf_counter()
    for step, indices in enumerate(plan):
        t = time.perf_counter()
        batch = train_set.batch(indices)
        data_s = time.perf_counter() - t
        rec = trainer.step(batch)
        rec["data_s"] = data_s
        log["steps"].append(rec)
        if not math.isfinite(rec["total"]):
            print(f"step {step}: loss is {rec['total']}", file=sys.stderr)
            break
        if args.print_every and step % args.print_every == 0:
            print(f"step {step:5d}  loss {rec['total']:.5f}  (mse {rec['mse']:.3f}, 1-r {rec['pearson_loss']:.4f}, "
                  f"bce {rec['bce']:.4f})  {rec['step_s'] * 1e3:8.1f} ms  data {data_s * 1e3:.1f} ms", flush=True)
        if val_batches and args.eval_every and (step + 1) % args.eval_every == 0 and step + 1 < len(plan):
            ev = dict(trainer.evaluate(val_batches), step=step + 1)
            log["evaluations"].append(ev)
            print(f"eval @ {step + 1}: {json.dumps(ev)}", flush=True)
    log["train_s"] = time.perf_counter() - start
    if val_batches:
        ev = dict(trainer.evaluate(val_batches), step=len(log["steps"]))
        log["evaluations"].append(ev)
        auroc = "n/a (one class)" if ev["auroc"] is None else f"{ev['auroc']:.4f}"
        print(f"held-out after {ev['step']} steps: AUROC {auroc}  MSE {ev['mse']:.4f}  "
              f"Pearson r {ev['pearson']:.4f}  loss {ev['loss']:.5f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(log, f, indent=1)
    final = log["steps"][-1]["total"] if log["steps"] else float("nan")
    return 0 if math.isfinite(final) else 1


if __name__ == "__main__":
    sys.exit(main())
