"""Lazy access to the suite's PyTorch extension `conv1d_torch` (torch_ext/, built into build/torch_ext/).

Nothing here imports it at module load: a model of `native` convolutions needs PyTorch only. Looked for in
$CONV1D_TORCH_PATH (os.pathsep-separated folders), then build/torch_ext of this checkout.
"""
import importlib
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_EXT_DIR = os.path.join(REPO, "build", "torch_ext")

_module = None
_error = None


def ext_dirs():
    dirs = [d for d in os.environ.get("CONV1D_TORCH_PATH", "").split(os.pathsep) if d]
    return dirs + [DEFAULT_EXT_DIR]


def load(required=True):
    """The conv1d_torch module; None when it cannot be imported and not `required` (else RuntimeError)."""
    global _module, _error
    if _module is None and _error is None:
        for d in reversed(ext_dirs()):
            if os.path.isdir(d) and d not in sys.path:
                sys.path.insert(0, d)
        try:
            _module = importlib.import_module("conv1d_torch")
        except (ImportError, OSError, RuntimeError) as error:  # OSError/RuntimeError: loading _ops.so
            _error = f"conv1d_torch not importable from {ext_dirs()}: {type(error).__name__}: {error}"
    if _module is None and required:
        raise RuntimeError(_error + " (build it with ./build.sh, or set CONV1D_TORCH_PATH)")
    return _module


def load_error():
    load(required=False)
    return _error


def available():
    return load(required=False) is not None


def role(impl):
    """'ours', 'baseline' or 'oracle' (results/SCHEMA.md "role"); `native` (nn.Conv1d) is a baseline."""
    return "baseline" if impl == "native" else load().backend_role(impl)


def _torch_type(dtype):
    import torch
    return torch.bfloat16 if dtype == "bf16" else torch.float32


def backend_names():
    """Every backend conv1d_torch offers (ours, then the oneDNN baselines), whatever this CPU runs."""
    return load().backend_names()


def why_not(name, dtype="f32"):
    """Why `name` cannot run `dtype` ("f32" or "bf16") on this CPU, or ''."""
    return load().why_not(name, _torch_type(dtype))


def backends(dtype="f32"):
    """The backends conv1d_torch runs on this CPU for `dtype` ("f32" or "bf16")."""
    return load().backends(_torch_type(dtype))


def conv_stats():
    """Seconds inside our convolution operators since the last reset: fwd, bwd_data, bwd_weight, total; plans."""
    raw = load().conv_stats()
    return {"fwd": raw["fwd_s"], "bwd_data": raw["bwd_data_s"], "bwd_weight": raw["bwd_weight_s"],
            "total": raw["total_s"], "plans": raw["plans"]}


def reset_conv_stats():
    load().reset_conv_stats()
