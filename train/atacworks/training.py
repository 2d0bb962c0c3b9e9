"""The training step, the losses and the evaluation, as AtacWorks does them (scripts/worker.py,
dl4atac/train.py, dl4atac/evaluate.py, dl4atac/losses.py, configs/train_config.yaml):

* loss = mse_weight * MSE(denoised, clean) + pearson_weight * (1 - r(denoised, clean))
         + bce_weight * BCE(peak probability, labels),
  AtacWorks's defaults 0.0005, 1, 1 (r: Pearson correlation over the whole batch); both on the interval's
  centre only: the `pad` flanking bases each side are cut off the outputs and labels first;
* Adam, lr 2e-4 (AtacWorks's default), f32 master weights;
* evaluation: AUROC of the peak probabilities against the labels (sklearn's roc_auc_score over every
  centre base of the held-out set), MSE and Pearson r of the denoised track, and the same total loss.

bf16: the forward pass runs under torch.autocast("cpu", bfloat16); the losses are computed in f32.
"""
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from .model import build_model

DEFAULT_LR = 2e-4
DEFAULT_WEIGHTS = {"mse": 0.0005, "pearson": 1.0, "bce": 1.0}
DTYPES = ("f32", "bf16")


def setup_threads(threads, pin=True):
    """torch.set_num_threads(threads) and, with `pin`, the process bound to the first `threads` CPUs it
    may use (OMP_PROC_BIND / OMP_PLACES must be set before the OpenMP runtime starts: see pin_env)."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if threads is None or threads <= 0:
        threads = len(cpus) or os.cpu_count() or 1
    if pin and cpus:
        os.sched_setaffinity(0, cpus[:threads])
    torch.set_num_threads(threads)
    return threads


def pin_env(threads):
    """Environment for a pinned OpenMP run; call before `import torch` (the CLIs do, in their preamble)."""
    if threads:
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    os.environ.setdefault("OMP_PROC_BIND", "close")
    os.environ.setdefault("OMP_PLACES", "cores")


def pearson(x, y, eps=1e-7):
    xm = x - x.mean()
    ym = y - y.mean()
    return (xm * ym).sum() / (torch.sqrt((xm * xm).sum()) * torch.sqrt((ym * ym).sum()) + eps)


def losses(denoised, peaks, label_reg, label_cla, pad, weights=None):
    """Dict of the loss terms and "total" (a tensor with grad); outputs and labels cropped by `pad`."""
    w = dict(DEFAULT_WEIGHTS, **(weights or {}))
    if pad:
        denoised, peaks = denoised[:, pad:-pad], peaks[:, pad:-pad]
        label_reg, label_cla = label_reg[:, pad:-pad], label_cla[:, pad:-pad]
    denoised, peaks = denoised.float(), peaks.float()
    out = {"mse": F.mse_loss(denoised, label_reg),
           "pearson_loss": 1.0 - pearson(denoised, label_reg),
           "bce": F.binary_cross_entropy(peaks, label_cla)}
    out["total"] = w["mse"] * out["mse"] + w["pearson"] * out["pearson_loss"] + w["bce"] * out["bce"]
    return out


class Trainer:
    """One model + Adam; `step(batch)` is one training step, timed in parts."""

    def __init__(self, impl="native", dtype="f32", lr=DEFAULT_LR, seed=0, pad=0, weights=None,
                 reference=None, bf16_cast="autocast", **model_kwargs):
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}")
        self.impl, self.dtype, self.pad, self.weights = impl, dtype, pad, weights
        self.model = build_model(impl, seed=seed, reference=reference, bf16_cast=bf16_cast, **model_kwargs)
        self.model.train()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.history = []  # per step: dict of floats

    def _autocast(self):
        return torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.dtype == "bf16")

    def step(self, batch):
        """Forward, losses, backward, Adam; returns the step's losses and wall times (seconds)."""
        x, y_reg, y_cla = batch["input"], batch["label_reg"], batch["label_cla"]
        c0 = time.process_time()
        t0 = time.perf_counter()
        self.optimizer.zero_grad(set_to_none=True)
        with self._autocast():
            denoised, peaks = self.model(x)
        terms = losses(denoised, peaks, y_reg, y_cla, self.pad, self.weights)
        t1 = time.perf_counter()
        terms["total"].backward()
        t2 = time.perf_counter()
        self.optimizer.step()
        t3 = time.perf_counter()
        cpu = time.process_time() - c0
        rec = {k: float(v.detach()) for k, v in terms.items()}
        rec.update(step_s=t3 - t0, forward_s=t1 - t0, backward_s=t2 - t1, optimizer_s=t3 - t2, cpu_s=cpu)
        self.history.append(rec)
        return rec

    def check_pass(self, batch):
        """Loss and the flattened f32 weight gradient of one forward + backward, without an optimizer step
        (the gradients are cleared again): what bench_training.py compares with native before timing."""
        self.optimizer.zero_grad(set_to_none=True)
        with self._autocast():
            denoised, peaks = self.model(batch["input"])
        terms = losses(denoised, peaks, batch["label_reg"], batch["label_cla"], self.pad, self.weights)
        terms["total"].backward()
        grad = torch.cat([p.grad.detach().float().reshape(-1) for p in self.model.parameters()])
        self.optimizer.zero_grad(set_to_none=True)
        return float(terms["total"].detach()), grad

    @torch.no_grad()
    def evaluate(self, batches):
        """Held-out metrics over `batches` (iterable of collated dicts): loss terms averaged over batches,
        MSE / Pearson r / AUROC over all centre bases together."""
        from sklearn.metrics import roc_auc_score
        self.model.eval()
        reg, cla, lab_reg, lab_cla, totals = [], [], [], [], []
        try:
            for batch in batches:
                with self._autocast():
                    denoised, peaks = self.model(batch["input"])
                terms = losses(denoised, peaks, batch["label_reg"], batch["label_cla"], self.pad, self.weights)
                totals.append({k: float(v) for k, v in terms.items()})
                p = self.pad
                sl = slice(p, -p) if p else slice(None)
                reg.append(denoised.float()[:, sl].reshape(-1))
                cla.append(peaks.float()[:, sl].reshape(-1))
                lab_reg.append(batch["label_reg"][:, sl].reshape(-1))
                lab_cla.append(batch["label_cla"][:, sl].reshape(-1))
        finally:
            self.model.train()
        reg, cla, lab_reg, lab_cla = (torch.cat(t) for t in (reg, cla, lab_reg, lab_cla))
        labels = lab_cla.numpy()
        auroc = None
        if labels.min() != labels.max():
            auroc = float(roc_auc_score(labels, cla.numpy()))
        out = {"loss": float(np.mean([t["total"] for t in totals])),
               "bce": float(np.mean([t["bce"] for t in totals])),
               "mse": float(F.mse_loss(reg, lab_reg)),
               "pearson": float(pearson(reg, lab_reg)),
               "auroc": auroc,
               "positives": float(labels.mean()),
               "bases": int(labels.size)}
        if not all(math.isfinite(v) for v in (out["loss"], out["mse"])):
            out["finite"] = False
        return out


def batch_plan(n_items, batch, steps, seed):
    """Index lists of `steps` batches: seeded shuffles of the items, one epoch after another (the last
    partial batch of an epoch dropped), so every configuration of a run sees the same data in the same order."""
    if n_items < batch:
        raise ValueError(f"{n_items} intervals cannot fill a batch of {batch}")
    rng = np.random.default_rng(seed)
    plan = []
    while len(plan) < steps:
        perm = rng.permutation(n_items)
        for s in range(0, n_items - batch + 1, batch):
            plan.append(sorted(int(i) for i in perm[s:s + batch]))
            if len(plan) == steps:
                break
    return plan


def eval_batches(dataset, batch):
    return [dataset.batch(range(s, min(len(dataset), s + batch))) for s in range(0, len(dataset), batch)]
