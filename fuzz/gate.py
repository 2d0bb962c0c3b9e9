#!/usr/bin/python3
"""Fuzz target "gate": the CI gate's reading of results files (ci/gate.py: load, roles, index, compare,
machine, broken, report, and the counts of --work: compare_work, report_work, through its main()), on fuzzed
files, with atheris (libFuzzer for Python).

Input: a baseline and a current results file separated by a line "---" (one file alone is compared with
itself). A clean refusal is a SystemExit whose message is one line "gate: ..." (what gate.py prints for a
file it cannot judge); any other exception is a bug, reported by atheris with the input.

    PYTHONPATH=build-fuzz/deps/atheris /usr/bin/python3 fuzz/gate.py [libFuzzer flags] CORPUS_DIR  (ci/fuzz.sh)
    /usr/bin/python3 fuzz/gate.py --replay FILE_OR_DIR...   (no atheris needed; ctest's fuzz_gate_replay)
"""
import contextlib
import io
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "ci"))

SCRATCH = tempfile.mkdtemp(prefix="conv1d_fuzz_gate_")
BASELINE, CURRENT = os.path.join(SCRATCH, "baseline.json"), os.path.join(SCRATCH, "current.json")


def test_one_input(data):
    parts = data.split(b"\n---\n", 1)
    with open(BASELINE, "wb") as f:
        f.write(parts[0])
    with open(CURRENT, "wb") as f:
        f.write(parts[-1])
    # The status and timing judgement, then the work judgement (instruction counts: the same reader).
    for argv in ([BASELINE, CURRENT], ["--work", BASELINE, CURRENT]):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                gate.main(argv)
        except SystemExit as e:
            message = e.code
            if not (isinstance(message, str) and message.startswith("gate: ") and "\n" not in message):
                raise


def replay(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(os.path.join(path, name) for name in os.listdir(path))
        elif os.path.isfile(path):
            files.append(path)
        else:
            sys.exit(f"replay: no such file or folder: {path}")
    for path in sorted(files):
        print(f"replay: {path}", flush=True)
        with open(path, "rb") as f:
            test_one_input(f.read())
    print(f"replay: {len(files)} inputs, no exception")


if __name__ == "__main__":
    try:
        if sys.argv[1:2] == ["--replay"]:
            import gate
            replay(sys.argv[2:])
        else:
            import atheris
            import scipy.stats  # noqa: F401  (imported first, so that only gate.py is instrumented)
            with atheris.instrument_imports(include=["gate"]):
                import gate
            atheris.Setup(sys.argv, test_one_input)
            atheris.Fuzz()
    finally:
        for path in (BASELINE, CURRENT):
            if os.path.exists(path):
                os.remove(path)
        os.rmdir(SCRATCH)
