"""A stand-in for the suite's conv1d_torch extension, for train/'s own tests only: the same Python API
(backends(dtype), backend_role, Conv1d, conv_stats, reset_conv_stats; no context(), so the fallback
context is exercised), computed with torch.nn.functional. `amx` runs bf16 only, as on a real AMX CPU, so
the benchmark's handling of a configuration the extension does not list is tested too."""
import time

import torch
import torch.nn.functional as F

_stats = [0.0, 0.0, 0.0, 0]


def backends(dtype=torch.float32):
    return ["direct"] if dtype == torch.float32 else ["direct", "amx"]


def backend_role(name):
    if name in ("direct", "amx"):
        return "ours"
    raise ValueError(f"unknown backend {name!r}: direct, amx")


def conv_stats():
    return {"fwd_s": _stats[0], "bwd_data_s": _stats[1], "bwd_weight_s": _stats[2],
            "total_s": sum(_stats[:3]), "plans": _stats[3]}


def reset_conv_stats():
    _stats[:] = [0.0, 0.0, 0.0, 0]


class _Fn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, dilation):
        t = time.perf_counter()
        y = F.conv1d(x, w, dilation=dilation)
        _stats[0] += time.perf_counter() - t
        ctx.save_for_backward(x, w)
        ctx.dilation = dilation
        return y

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        gx = gw = None
        if ctx.needs_input_grad[0]:
            t = time.perf_counter()
            gx = torch.nn.grad.conv1d_input(x.shape, w, g, dilation=ctx.dilation)
            _stats[1] += time.perf_counter() - t
        if ctx.needs_input_grad[1]:
            t = time.perf_counter()
            gw = torch.nn.grad.conv1d_weight(x, w.shape, g, dilation=ctx.dilation)
            _stats[2] += time.perf_counter() - t
        return gx, gw, None


class Conv1d(torch.nn.Conv1d):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, *, backend="direct"):
        backend_role(backend)
        assert stride == 1 and padding == 0 and groups == 1
        super().__init__(in_channels, out_channels, kernel_size, 1, 0, dilation, 1, bias)
        self.backend = backend

    def forward(self, x):
        if torch.is_autocast_cpu_enabled() and x.dtype == torch.float32:
            x = x.to(torch.get_autocast_cpu_dtype())
        if self.backend == "amx" and x.dtype != torch.bfloat16:
            raise RuntimeError("amx: bf16 only")
        with torch.autocast("cpu", enabled=False):
            y = _Fn.apply(x, self.weight.to(x.dtype), self.dilation[0])
            if self.bias is not None:
                y = y + self.bias.to(y.dtype)[None, :, None]
        return y
