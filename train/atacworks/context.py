"""The run's context in the suite's field names (results/SCHEMA.md, harness/report.cpp context_json).

`conv1d_torch.context()` is the source when the extension is importable (the suite's own detection:
CPUID + XCR0 + the OS's AMX grant, measured peaks, build info). Without it, the same fields are filled
from `build/harness/conv1d-bench info` when that binary exists, else from /proc/cpuinfo and sysfs, and
what cannot be known without the suite (measured_ghz, peaks) is null. `context_source` says which.
"""
import datetime
import os
import platform
import re
import subprocess

from . import ext

SCHEMA = "conv1d-bench/results/1"
TRAINING_SCHEMA = "conv1d-bench/training/1"
HARNESS = os.path.join(ext.REPO, "build", "harness", "conv1d-bench")


def _git_commit():
    try:
        head = subprocess.run(["git", "-C", ext.REPO, "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", ext.REPO, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=20).stdout.strip()
        return head + ("-dirty" if dirty else "") if head else None
    except (OSError, subprocess.SubprocessError):
        return None


def _cpuinfo():
    model, flags, mhz = None, set(), None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name" and model is None:
                    model = value
                elif key == "flags" and not flags:
                    flags = set(value.split())
                elif key == "cpu MHz" and mhz is None:
                    mhz = float(value)
    except OSError:
        pass
    return model, flags, mhz


def _cache_bytes():
    out = {"l1d": None, "l2": None, "l3": None}
    base = "/sys/devices/system/cpu/cpu0/cache"
    try:
        for entry in sorted(os.listdir(base)):
            if not entry.startswith("index"):
                continue
            def rd(name):
                with open(os.path.join(base, entry, name)) as f:
                    return f.read().strip()
            level, kind, size = rd("level"), rd("type"), rd("size")
            mult = {"K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}.get(size[-1], 1)
            value = int(size.rstrip("KMG")) * mult
            if level == "1" and kind == "Data":
                out["l1d"] = value
            elif level in ("2", "3"):
                out["l" + level] = value
    except (OSError, ValueError):
        pass
    return out


def _harness_info():
    """`conv1d-bench info` parsed into a dict of its lines, or {}."""
    if not os.access(HARNESS, os.X_OK):
        return {}
    try:
        text = subprocess.run([HARNESS, "info"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    info = {}
    for line in text.splitlines():
        m = re.match(r"(\S+)\s+(.*)", line)
        if m:
            info[m.group(1)] = m.group(2).strip()
    return info


def torch_info():
    import torch
    config = torch.__config__.show()
    m = re.search(r"(?:MKL-DNN|oneDNN) v([\d.]+)", config)
    cap = re.search(r"CPU capability usage: (\S+)", config)
    return {"torch_version": torch.__version__, "torch_onednn_version": m.group(1) if m else None,
            "torch_cpu_capability": cap.group(1) if cap else None}


def fallback_context(threads):
    model, flags, mhz = _cpuinfo()
    info = _harness_info()
    features = [f for f, flag in (("avx2", "avx2"), ("avx512f", "avx512f"), ("avx512_bf16", "avx512_bf16"),
                                  ("amx_bf16", "amx_bf16")) if flag in flags]
    ctx = {"schema": SCHEMA,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "host": platform.node(),
           "cpu_model": info.get("cpu_model", model),
           "isa_features": info.get("isa_features", " ".join(features)),
           "logical_cpus": os.cpu_count(),
           "threads": threads,
           "caches_bytes": _cache_bytes(),
           "nominal_ghz": mhz / 1000.0 if mhz else None,
           "nominal_ghz_source": "/proc/cpuinfo cpu MHz" if mhz else None,
           "measured_ghz": None,
           "peaks": None,
           "compiler": info.get("compiler"),
           "compiler_flags": info.get("flags"),
           "libxsmm_version": info.get("libxsmm"),
           "onednn_version": info.get("onednn", "").split(" ")[0] or None,
           "git_commit": _git_commit(),
           "context_source": ("build/harness/conv1d-bench info + /proc/cpuinfo" if info
                              else "/proc/cpuinfo + sysfs (isa_features from cpuinfo flags: the OS's AMX "
                                   "grant not checked)")}
    m = re.match(r"([\d.]+)", info.get("nominal_ghz", ""))
    if m:
        ctx["nominal_ghz"] = float(m.group(1))
        src = re.search(r"\(from (.*)\)", info["nominal_ghz"])
        ctx["nominal_ghz_source"] = src.group(1) if src else ctx["nominal_ghz_source"]
    return ctx


def run_context(threads, measure_peaks=False, use_ext=True):
    """The suite's context (from conv1d_torch when importable and `use_ext`; its peaks measured now if
    `measure_peaks`) plus the PyTorch versions."""
    ctx, reason = None, "conv1d_torch has no context()"
    mod = ext.load(required=False) if use_ext else None
    if mod is not None and hasattr(mod, "context"):
        try:
            try:
                ctx = dict(mod.context(threads, measure_peaks))
            except TypeError:
                ctx = dict(mod.context())
            ctx.setdefault("context_source", "conv1d_torch.context()")
        except Exception as error:  # keep going with the fallback, but say so
            ctx, reason = None, f"conv1d_torch.context() raised {type(error).__name__}: {error}"
    if ctx is None:
        ctx = fallback_context(threads)
        if mod is not None:
            ctx["context_source"] += f" ({reason})"
        elif not use_ext:
            ctx["context_source"] += " (native configurations only: conv1d_torch not imported)"
    ctx["threads"] = threads
    ctx.update(torch_info())
    ctx["training_schema"] = TRAINING_SCHEMA
    return ctx
