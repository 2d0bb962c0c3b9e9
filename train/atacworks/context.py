"""The run's context: the suite's own (conv1d_torch.context(): CPU, ISA features with the OS's AMX grant,
caches, build, versions, and the peaks measured now when asked; results/SCHEMA.md), plus PyTorch's."""
import re

from . import ext

TRAINING_SCHEMA = "conv1d-bench/training/1"


def torch_info():
    import torch
    config = torch.__config__.show()
    m = re.search(r"(?:MKL-DNN|oneDNN) v([\d.]+)", config)
    cap = re.search(r"CPU capability usage: (\S+)", config)
    return {"torch_version": torch.__version__, "torch_onednn_version": m.group(1) if m else None,
            "torch_cpu_capability": cap.group(1) if cap else None}


def run_context(threads, measure_peaks=False):
    ctx = dict(ext.load().context(threads, measure_peaks))
    ctx["threads"] = threads
    ctx.update(torch_info())
    ctx["training_schema"] = TRAINING_SCHEMA
    return ctx
