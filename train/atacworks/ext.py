"""Lazy access to the suite's PyTorch extension `conv1d_torch` (built into build/torch_ext/).

Nothing here imports it at module load: `native` training needs PyTorch only. The extension's API:
``backends()``, ``Conv1d(in, out, kernel, stride=1, padding=0, dilation=1, groups=1, bias=True, *, backend)``,
``conv_stats()`` / ``reset_conv_stats()``, ``context()``.
"""
import importlib
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_EXT_DIR = os.path.join(REPO, "build", "torch_ext")

# What each backend is to the suite (results/SCHEMA.md "role"): ours are judged, baselines compared with,
# the oracle never timed. `native` is nn.Conv1d itself (PyTorch's oneDNN path), the baseline.
OURS = ("direct", "xsmm", "amx")
ORACLE = ("ref",)

_module = None
_error = None


def ext_dirs():
    """Where conv1d_torch is looked for: $CONV1D_TORCH_PATH (os.pathsep-separated), then build/torch_ext."""
    dirs = [d for d in os.environ.get("CONV1D_TORCH_PATH", "").split(os.pathsep) if d]
    return dirs + [DEFAULT_EXT_DIR]


def load(required=True):
    """The conv1d_torch module, or None (required=False) when it cannot be imported."""
    global _module, _error
    if _module is not None:
        return _module
    if _error is None:
        for d in reversed(ext_dirs()):
            if os.path.isdir(d) and d not in sys.path:
                sys.path.insert(0, d)
        try:
            _module = importlib.import_module("conv1d_torch")
        except Exception as error:  # ImportError, or an OSError from a missing shared library
            _error = f"conv1d_torch not importable from {ext_dirs()}: {type(error).__name__}: {error}"
    if _module is None and required:
        raise RuntimeError(_error + " (build it: the torch_ext target; or set CONV1D_TORCH_PATH)")
    return _module


def load_error():
    load(required=False)
    return _error


def available():
    return load(required=False) is not None


def role(impl):
    """'ours', 'baseline' or 'oracle': the extension's backend_role() when it has one, else by name."""
    if impl == "native":
        return "baseline"
    mod = load(required=False)
    if mod is not None and hasattr(mod, "backend_role"):
        try:
            return str(mod.backend_role(impl))
        except Exception:
            pass
    if impl in OURS:
        return "ours"
    if impl in ORACLE:
        return "oracle"
    return "baseline"  # onednn, onednn-3.2, pytorch: what a user would otherwise run


def backends(dtype="f32"):
    """Backend names conv1d_torch runs on this CPU for `dtype` ("f32" or "bf16"); [] without the extension.

    The extension's backends(dtype) answers per dtype; a backends() without the argument lists names whose
    dtypes are then found out by running them (bench_training.py probes every configuration anyway)."""
    mod = load(required=False)
    if mod is None:
        return []
    import torch
    try:
        return list(mod.backends(torch.bfloat16 if dtype == "bf16" else torch.float32))
    except TypeError:
        return list(mod.backends())


def conv_stats():
    """Seconds inside our convolution calls since the last reset: {"fwd", "bwd_data", "bwd_weight",
    "total"} (+ "plans" when the extension counts them), or None without the extension."""
    mod = load(required=False)
    if mod is None or not hasattr(mod, "conv_stats"):
        return None
    raw = dict(mod.conv_stats())
    out = {}
    for key in ("fwd", "bwd_data", "bwd_weight"):
        value = raw.get(key + "_s", raw.get(key))
        out[key] = float(value) if value is not None else 0.0
    out["total"] = out["fwd"] + out["bwd_data"] + out["bwd_weight"]
    if "plans" in raw:
        out["plans"] = int(raw["plans"])
    return out


def reset_conv_stats():
    mod = load(required=False)
    if mod is not None and hasattr(mod, "reset_conv_stats"):
        mod.reset_conv_stats()
