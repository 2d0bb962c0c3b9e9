"""Shared by train/'s tests: the import path, tiny sizes, and how to run the CLIs."""
import os
import subprocess
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(TESTS)
PYTHON = sys.executable
if TRAIN not in sys.path:
    sys.path.insert(0, TRAIN)


def run_cli(script, *args, env=None, timeout=120):
    """Run train/<script> with this interpreter, niced, 2 threads at most; returns CompletedProcess."""
    full_env = dict(os.environ)
    full_env.setdefault("OMP_NUM_THREADS", "2")
    full_env.update(env or {})
    cmd = ["nice", "-n", "19", PYTHON, os.path.join(TRAIN, script)] + [str(a) for a in args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env)


def ext_backends(dtype):
    """The backends the conv1d_torch of this build runs for dtype ("f32" or "bf16")."""
    from atacworks import ext
    return ext.backends(dtype)
