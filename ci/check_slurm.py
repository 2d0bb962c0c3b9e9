#!/usr/bin/env python3
"""Judges a Slurm array run of a sweep (ci/slurm_check.sh): the merged shards against a local run of the
same sweep, and each shard file on its own.

  check_slurm.py MERGED.json LOCAL.json SHARD.json...

Fails (exit 1, one line per problem found) unless: every record of the local run is in the merged file
exactly once and nothing else is; every record is PASSED (or SKIPPED/UNIMPLEMENTED exactly where the local
run says so); no shard file holds a record twice (a requeued task that redid work would); every shard ran
the sweep's shard it says.
"""
import collections
import json
import sys


def key(r):
    return (r["descriptor"], r["pass"], r["dt"], r["backend"], r["threads"])


def load(path):
    with open(path) as f:
        return json.load(f)


def problems(merged, local, shards):
    out = []
    m_keys = collections.Counter(key(r) for r in merged["records"])
    l_status = {key(r): r["status"] for r in local["records"]}
    for k, n in m_keys.items():
        if n > 1:
            out.append(f"merged: {k} appears {n} times")
    missing = set(l_status) - set(m_keys)
    extra = set(m_keys) - set(l_status)
    if missing:
        out.append(f"merged: {len(missing)} record(s) of the local run missing, e.g. {sorted(missing)[0]}")
    if extra:
        out.append(f"merged: {len(extra)} record(s) not in the local run, e.g. {sorted(extra)[0]}")
    for r in merged["records"]:
        want = l_status.get(key(r))
        if r["status"] != "PASSED" and r["status"] != want:
            out.append(f"merged: {key(r)} is {r['status']} ({r.get('reason', '')}); locally {want}")
    if "incomplete" in merged["context"]:
        out.append(f"merged: marked incomplete: {merged['context']['incomplete']}")
    for path, doc in shards:
        counts = collections.Counter(key(r) for r in doc["records"])
        twice = [k for k, n in counts.items() if n > 1]
        if twice:
            out.append(f"{path}: {len(twice)} record(s) twice, e.g. {twice[0]}")
        run = doc["context"].get("run") or {}
        if not run.get("shard") or len(doc["records"]) != run.get("records"):
            out.append(f"{path}: shard {run.get('shard')} holds {len(doc['records'])} of {run.get('records')} records")
    return out


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    merged, local = load(argv[1]), load(argv[2])
    shards = [(p, load(p)) for p in argv[3:]]
    found = problems(merged, local, shards)
    for line in found:
        print("check_slurm: FAILED: " + line)
    if not found:
        print(f"check_slurm: PASSED: {len(merged['records'])} records from {len(shards)} shards, each once, "
              f"the same set as the local run, all PASSED where the local run passed")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
