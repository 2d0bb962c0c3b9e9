#!/usr/bin/python3
"""Counts the work of our kernels: the instructions of one execute() of each backend of role "ours" on the
small shapes of ci/work_set.json, every pass and dt it can run, as callgrind counts them (JIT code included).
Writes a JSON file that ci/gate.py --work compares (ci/README.md, "Work").

    ci/count_work.py --tool BUILD/ci_work_count/conv1d-count-work --out counts.json [--set ci/work_set.json]

The tool (ci/work_count/count_work.cpp, built by ci/run_gate.sh into a portable build) makes each plan, runs
execute() once uncounted, then counts one execute() between callgrind client requests and dumps it under a
label; this script runs it under valgrind, reads the dumps and joins them to the tool's records. Under
valgrind 3.19 the kernels see the CPU valgrind emulates (an AVX2 Haswell, whatever the host), so only AVX2
code runs: the records that need AVX-512, AVX512-BF16 or AMX come out SKIPPED, with the reason.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

VALGRIND_OPTIONS = [
    "--tool=callgrind",
    "--instr-atstart=no",    # nothing is instrumented until the tool asks, just around the counted execute()
    "--collect-atstart=no",
    "--smc-check=all",       # code written at run time (LIBXSMM's JIT) is retranslated when it changes
]


TRIGGER = "desc: Trigger: Client Request: "  # how a dump file names the CALLGRIND_DUMP_STATS_AT that wrote it


class CountError(Exception):
    """The count could not be made; the message says why."""


def load_set(path):
    with open(path) as f:
        doc = json.load(f)
    sets = doc.get("sets")
    if not sets or not all(s.get("problems") for s in sets):
        raise CountError(f"'{path}' has no sets of problems")
    return sets


def read_dumps(directory):
    """label -> instructions, from callgrind's dump files (one per CALLGRIND_DUMP_STATS_AT)."""
    counts = {}
    for path in glob.glob(os.path.join(directory, "callgrind.out.*")):
        label, total = None, None
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith(TRIGGER):
                    label = line[len(TRIGGER):].strip()
                elif line.startswith("summary:") or line.startswith("totals:"):
                    total = int(line.split()[1])
                if label is not None and total is not None:
                    break
        if label is not None and total is not None:
            counts[label] = total
    return counts


def parse_tool_output(stdout):
    """The tool's context line and its records, in order."""
    context, records = {}, []
    for line in stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        item = json.loads(line)
        if "context" in item:
            context = item["context"]
        else:
            records.append(item)
    return context, records


def run_set(tool, s, valgrind, work):
    """Counts one set under valgrind; returns (context, records with "instructions")."""
    out = os.path.join(work, "callgrind.out")
    plugins = os.path.join(work, "no-plugins")  # the oneDNN plugins are baselines: not loaded, not counted
    os.makedirs(plugins, exist_ok=True)
    env = dict(os.environ, OMP_NUM_THREADS="1", CONV1D_PLUGIN_DIR=plugins)
    cmd = [valgrind, *VALGRIND_OPTIONS, f"--callgrind-out-file={out}", tool,
           "--problems", ",".join(s["problems"]), "--dt", ",".join(s.get("dt", ["f32"])),
           "--pass", ",".join(s.get("pass", ["FWD_D", "BWD_D", "BWD_W"])), "--backend", ",".join(s.get("backend", ["ours"]))]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):  # 1: some plan failed, which its record says
        raise CountError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    context, records = parse_tool_output(proc.stdout)
    counts = read_dumps(work)
    for r in records:
        if r["status"] == "COUNTED":
            label = r.pop("label")
            if label not in counts:
                raise CountError(f"no callgrind dump for {label} ({r['backend']} {r['descriptor']} {r['pass']} {r['dt']})")
            r["instructions"] = counts[label]
    for path in glob.glob(os.path.join(work, "callgrind.out*")):
        os.remove(path)
    return context, records


def valgrind_version(valgrind):
    return subprocess.run([valgrind, "--version"], capture_output=True, text=True).stdout.strip()


def host_cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def count(tool, set_path, valgrind="valgrind"):
    if shutil.which(valgrind) is None:
        raise CountError(f"'{valgrind}' not found: install valgrind (apt-get install -y valgrind)")
    if not os.access(tool, os.X_OK):
        raise CountError(f"no counting tool at {tool} (ci/run_gate.sh builds it)")
    start = time.monotonic()
    records, context = [], {}
    with tempfile.TemporaryDirectory(prefix="conv1d-count-") as work:
        for s in load_set(set_path):
            context, rs = run_set(tool, s, valgrind, work)
            records += rs
    context = {"tool": tool, "set": set_path, "valgrind": valgrind_version(valgrind),
               "valgrind_options": VALGRIND_OPTIONS, "host_cpu_model": host_cpu(),
               "disabled_isa": os.environ.get("CONV1D_DISABLE_ISA", ""),
               "seconds": round(time.monotonic() - start, 1),
               # what the kernels saw: the CPU valgrind emulates
               **{("seen_" + k if k != "git_commit" else k): v for k, v in context.items()}}
    return {"context": context, "records": records}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", required=True, help="conv1d-count-work of the build to count")
    ap.add_argument("--set", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work_set.json"),
                    help="the problems (default ci/work_set.json)")
    ap.add_argument("--out", required=True, help="write the counts here (JSON)")
    ap.add_argument("--valgrind", default="valgrind")
    args = ap.parse_args(argv)
    try:
        doc = count(args.tool, args.set, args.valgrind)
    except (CountError, OSError, ValueError) as e:
        print(f"count_work: error: {e}", file=sys.stderr)
        return 2
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
    counted = [r for r in doc["records"] if r["status"] == "COUNTED"]
    print(f"count_work: {len(counted)} of {len(doc['records'])} records counted in {doc['context']['seconds']} s "
          f"(code {doc['context'].get('git_commit')}, seen as {doc['context'].get('seen_cpu_model')}): {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
