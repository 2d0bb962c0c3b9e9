"""conv1d-bench's backends inside PyTorch: an autograd function and a drop-in for ``torch.nn.Conv1d``.

The layer is the paper's: a valid (unpadded) stride-1 dilated convolution; "same" padding and the bias stay
PyTorch's, as in the paper's extension. The backend is chosen by name (``backends()`` lists those this CPU
runs: our ``direct``, ``xsmm``, ``amx`` and the baselines ``onednn``, ``onednn-3.2``, ...). The operators
(``torch.ops.conv1d_bench``, torch_ext/ops.cpp) cache one plan per shape, so a step whose shapes were seen
before does no JIT, allocation or search. See torch_ext/README.md.
"""
import json
import os

import torch

torch.ops.load_library(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ops.so"))
_ops = torch.ops.conv1d_bench

_TYPES = {torch.float32: "f32", torch.bfloat16: "bf16"}


def _type_name(dtype):
    if dtype not in _TYPES:
        raise ValueError(f"conv1d_torch: dtype must be torch.float32 or torch.bfloat16, got {dtype}")
    return _TYPES[dtype]


def backend_names():
    """Every backend the extension offers, whatever this CPU runs: ours first, then the oneDNN baselines."""
    return list(_ops.backend_names())


def why_not(name, dtype=torch.float32):
    """Why backend `name` cannot run `dtype` on this CPU (CONV1D_DISABLE_ISA respected), or '' when it can."""
    return _ops.why_not(name, _type_name(dtype))


def backends(dtype=torch.float32):
    """The backends that run ``dtype`` (float32 or bfloat16) on this CPU: ours first, then the baselines."""
    return [name for name in backend_names() if not why_not(name, dtype)]


def backend_role(name):
    """'ours' or 'baseline' (or 'oracle' for 'ref')."""
    return _ops.backend_role(name)


def conv_stats():
    """Seconds and calls spent in our operators since the last reset, per pass, and plans made."""
    s = _ops.conv_stats()
    return {"fwd_s": s[0], "bwd_data_s": s[1], "bwd_weight_s": s[2], "total_s": s[0] + s[1] + s[2],
            "fwd_calls": int(s[3]), "bwd_data_calls": int(s[4]), "bwd_weight_calls": int(s[5]), "plans": int(s[6])}


def reset_conv_stats():
    _ops.reset_conv_stats()


def clear_plans():
    """Drops every cached plan."""
    _ops.clear_plans()


def context(threads=None, measure_peaks=False):
    """The suite's JSON context (CPU, ISA, caches, build, versions, and the measured peaks when asked)."""
    return json.loads(_ops.context(threads or torch.get_num_threads(), measure_peaks))


class Conv1dFunction(torch.autograd.Function):
    """y = conv1d(x, w, dilation) on a named backend: forward, backward data and backward weight are the
    suite's three passes."""

    @staticmethod
    def forward(ctx, x, weight, dilation, backend):
        ctx.save_for_backward(x, weight)
        ctx.dilation, ctx.backend = dilation, backend
        return _ops.forward(x, weight, dilation, backend)

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        grad = grad.contiguous()
        grad_x = grad_w = None
        if ctx.needs_input_grad[0]:
            grad_x = _ops.backward_data(grad, weight, x.shape[2], ctx.dilation, ctx.backend)
        if ctx.needs_input_grad[1]:
            grad_w = _ops.backward_weight(x, grad, weight.shape[2], ctx.dilation, ctx.backend)
        return grad_x, grad_w, None, None


def conv1d(x, weight, dilation=1, backend="direct"):
    """The functional form: a valid stride-1 convolution of contiguous (N, C, W) by (K, C, S)."""
    return Conv1dFunction.apply(x, weight, dilation, backend)


class Conv1d(torch.nn.Conv1d):
    """``torch.nn.Conv1d`` with stride 1, no padding and one group, computed by a conv1d-bench backend.

    Parameters, their initialisation and the state dict are nn.Conv1d's. The convolution runs in the input's
    dtype (float32 or bfloat16; under ``torch.autocast('cpu', dtype=torch.bfloat16)`` a float32 input is cast
    to bfloat16, as autocast does for nn.Conv1d); the weight is cast to it, so float32 master weights train a
    bfloat16 layer. The bias is added by PyTorch.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None, *, backend="direct"):
        if stride not in (1, (1,)):
            raise ValueError(f"conv1d_torch.Conv1d: stride must be 1, got {stride}")
        if padding not in (0, (0,), "valid"):
            raise ValueError(f"conv1d_torch.Conv1d: padding must be 0 (pad the input with F.pad), got {padding!r}")
        if groups != 1:
            raise ValueError(f"conv1d_torch.Conv1d: groups must be 1, got {groups}")
        if not isinstance(backend, str) or not backend:
            raise ValueError(f"conv1d_torch.Conv1d: backend must be a name such as 'direct', got {backend!r}")
        backend_role(backend)  # an unknown name fails here, with the list of known ones
        super().__init__(in_channels, out_channels, kernel_size, 1, 0, dilation, 1, bias, padding_mode, device, dtype)
        self.backend = backend

    def extra_repr(self):
        return super().extra_repr() + f", backend={self.backend!r}"

    def forward(self, x):
        if x.dim() != 3:
            raise ValueError(f"conv1d_torch.Conv1d: input must be (N, C, W), got shape {tuple(x.shape)}")
        if torch.is_autocast_cpu_enabled() and x.dtype == torch.float32:
            x = x.to(torch.get_autocast_cpu_dtype())
        if x.dtype not in _TYPES:
            raise TypeError(f"conv1d_torch.Conv1d: input dtype must be float32 or bfloat16, got {x.dtype}")
        if not x.is_contiguous():
            raise ValueError("conv1d_torch.Conv1d: input must be contiguous (call .contiguous())")
        with torch.autocast("cpu", enabled=False):
            y = Conv1dFunction.apply(x, self.weight.to(x.dtype), self.dilation[0], self.backend)
            if self.bias is not None:
                y = y + self.bias.to(y.dtype)[None, :, None]
        return y
