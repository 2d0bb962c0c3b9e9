#!/usr/bin/python3
"""The CI performance-regression gate: compares a results file with the committed baseline.

Keyed on (backend, problem, pass, dt). Each backend's role comes from the records ("role": ours, baseline or
oracle; results/SCHEMA.md): from the current run's, else from the baseline run's, since the baseline side
may be built from code older than the field; a backend that neither side gives a role is an error.
Order of judgement:
  1. correctness: a record whose status changed from the baseline's (e.g. PASSED -> FAILED) fails;
  2. performance, only for the backends whose role is "ours" (the baselines are the yardstick, not the
     subject), on two metrics that survive a noisy shared machine:
       - peak-normalized time: each repetition's time x the peak GFLOP/s of the kernel's ISA measured in
         the same run (a slower machine lowers the peak too, so the product stays put);
       - time relative to the baseline: each repetition's time / the median time of the same problem on
         the fastest backend whose role is "baseline" (oneDNN 2.6.3, a oneDNN plugin or PyTorch), measured back to back with
         interleaved repetitions;
     a record regresses when BOTH metrics are worse with significance (one-sided Mann-Whitney U,
     p < alpha, as Google Benchmark's compare.py uses the U test) AND by at least min_effect in the median.
     The default min_effect, 40 %, is above what unchanged code showed on the shared 2-core VM: the
     AMX-vs-oneDNN ratio of a 0.1-0.5 ms call moved by up to 30 % between runs minutes apart, and the
     peak-normalized time of AMX kernels by 2x (the register-only peak loop does not see slowdowns of
     the memory system). A kernel that does its work twice moves both metrics by about +100 %.
  3. work (--work BASE_COUNTS CURRENT_COUNTS, from ci/count_work.py): the instructions one execute() of each of
     our kernels takes on small shapes, counted by callgrind. Noise does not move them (the same binary counts
     the same to within MAX_WORK_NOISE), so a record whose count grew by MIN_WORK_INCREASE or more fails at
     once, without a re-measurement; so does a record counted on the baseline side and not on this one.
Exit code: 0 pass, 1 fail, 3 performance regressions flagged that should be re-measured once
(ci/run_gate.sh does that, then calls this again with --final, where flags fail).
"""
import argparse
import json
import math
import sys

from scipy.stats import mannwhitneyu

OURS, BASELINE = "ours", "baseline"

# Work: a record whose instruction count grew by this much or more fails (a kernel doing 10 % more work).
# Unchanged code counted twice (the same binary, or the same code built twice, in the same job) moved by at
# most 0.0015 % (250 of 17 million instructions, in glibc's memcpy, whose path depends on the addresses a
# run gets; ci/README.md, "Work"). Changes beyond MAX_WORK_NOISE are reported even below the threshold.
MIN_WORK_INCREASE = 0.10
MAX_WORK_NOISE = 0.001


class GateError(Exception):
    """Results the gate cannot judge; the message says why."""


def load(path):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError, RecursionError) as e:  # RecursionError: JSON nested too deeply
        sys.exit(f"gate: cannot read results '{path}': {e}")
    if why := malformed(doc):
        sys.exit(f"gate: '{path}' is not a conv1d-bench results file: {why}")
    return doc


def positive(x, zero_too=False):
    """A finite number above zero (or zero too), not a bool."""
    return (isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
            and (x > 0 or (zero_too and x == 0)))


def malformed(doc):
    """Why doc is not results (or counts) the gate can judge, or "": the fields it reads, of the types it needs."""
    if not isinstance(doc, dict) or not isinstance(doc.get("context"), dict) or not isinstance(doc.get("records"), list):
        return "it needs a context object and a records list"
    for i, r in enumerate(doc["records"], 1):
        if not isinstance(r, dict):
            return f"record {i} is not an object"
        for field in ("backend", "descriptor", "pass", "dt", "status"):
            if not isinstance(r.get(field), str):
                return f"record {i} has no string '{field}'"
            if not r[field].isprintable():  # names go into one-line messages and the report's columns
                return f"record {i}: '{field}' holds a control character"
        if "role" in r and not isinstance(r["role"], str):
            return f"record {i}: 'role' is not a string"
        t = r.get("time_ms")
        if t is not None and not (isinstance(t, dict) and (t.get("samples") is None or (
                isinstance(t["samples"], list) and all(positive(x) for x in t["samples"])))):
            return f"record {i}: 'time_ms' must be null or hold 'samples', a list of positive times"
        if r.get("peak_gflops") is not None and not positive(r["peak_gflops"], zero_too=True):
            return f"record {i}: 'peak_gflops' must be null or a non-negative number"
        if r["status"] == COUNTED and not positive(r.get("instructions")):
            return f"record {i}: a {COUNTED} record needs a positive 'instructions'"
    return ""


def key(r):
    return (r["backend"], r["descriptor"], r["pass"], r["dt"])


def index(doc):
    return {key(r): r for r in doc["records"]}


def samples(r):
    t = r.get("time_ms")
    return list(t["samples"]) if t and t.get("samples") else []


def median(xs):
    s = sorted(xs)
    n = len(s)
    return 0.5 * (s[(n - 1) // 2] + s[n // 2])


def roles(*docs):
    """backend -> role, from the first of the documents whose records give one."""
    found = {}
    for doc in docs:
        for r in doc["records"]:
            if "role" in r:
                found.setdefault(r["backend"], r["role"])
    unknown = sorted({r["backend"] for doc in docs for r in doc["records"]} - found.keys())
    if unknown:
        raise GateError(f"no record of {', '.join(unknown)} on either side says its role (ours, baseline or "
                        "oracle); re-run one side with a conv1d-bench that writes \"role\" (results/SCHEMA.md)")
    return found


def backends_with(role_of, role):
    return sorted(b for b, r in role_of.items() if r == role)


def metrics(records, r, role_of):
    """The two noise-robust metrics of record r, as lists of per-repetition values (or None)."""
    ts = samples(r)
    if not ts:
        return None
    out = {}
    if r.get("peak_gflops"):
        out["peak_normalized"] = [t * r["peak_gflops"] for t in ts]
    # The fastest baseline on this problem is what a user would otherwise run.
    beside = (records.get((name,) + key(r)[1:]) for name in backends_with(role_of, BASELINE))
    yardsticks = [median(samples(b)) for b in beside if b and samples(b)]
    if yardsticks:
        m = min(yardsticks)
        out["vs_baseline"] = [t / m for t in ts]
    return out


def relative_change(cur_vals, base_vals):
    """median(cur) / median(base) - 1; a median can be 0 where tiny times times a tiny peak underflow."""
    b, c = median(base_vals), median(cur_vals)
    return c / b - 1.0 if b > 0 else (0.0 if c == 0 else math.inf)


def judge(base_vals, cur_vals, alpha, min_effect):
    """(worse, slowdown, p): cur significantly and substantially larger than base."""
    slowdown = relative_change(cur_vals, base_vals)
    p = mannwhitneyu(cur_vals, base_vals, alternative="greater").pvalue
    return (p < alpha and slowdown >= min_effect), slowdown, p


def entry_of(k, verdicts):
    return {"key": k, **{f"{n}_change": v[1] for n, v in verdicts.items()}, **{f"{n}_p": v[2] for n, v in verdicts.items()}}


def compare(baseline, current, alpha=0.01, min_effect=0.40):
    """Returns (status_changes, regressions, improvements, missing) as lists of dicts. Raises GateError when
    a backend has no role on either side."""
    base, cur = index(baseline), index(current)
    role_of = roles(current, baseline)
    status_changes, regressions, improvements, missing = [], [], [], []
    for k, b in sorted(base.items()):
        c = cur.get(k)
        if c is None:
            # A baseline this side was built without (a oneDNN plugin whose wheel could not be fetched) is
            # the yardstick missing, not a regression of ours: reported, not failed.
            missing.append({"key": k, "fails": role_of[k[0]] == OURS})
            continue
        if c["status"] != b["status"]:
            status_changes.append({"key": k, "from": b["status"], "to": c["status"], "reason": c.get("reason", "")})
            continue
        if role_of[k[0]] != OURS:
            continue
        mb, mc = metrics(base, b, role_of), metrics(cur, c, role_of)
        if not mb or not mc:
            continue
        verdicts = {}
        for name in ("peak_normalized", "vs_baseline"):
            if name in mb and name in mc:
                verdicts[name] = judge(mb[name], mc[name], alpha, min_effect)
        if not verdicts:
            continue
        if all(v[0] for v in verdicts.values()):
            regressions.append(entry_of(k, verdicts))
            continue
        faster = {n: judge(mc[n], mb[n], alpha, min_effect) for n in verdicts}
        if all(v[0] for v in faster.values()):
            # report the change of the current run against the baseline (negative: faster)
            improvements.append(entry_of(k, {n: (True, relative_change(mc[n], mb[n]), v[2]) for n, v in faster.items()}))
    return status_changes, regressions, improvements, missing


def machine(doc):
    c = doc["context"]
    return (c.get("cpu_model"), c.get("isa_features"))


def broken(doc, role_of):
    """Records of our backends whose result is wrong or untrustworthy."""
    return [r for r in doc["records"] if role_of[r["backend"]] == OURS and r["status"] in ("FAILED", "MISTRUSTED")]


def describe(k):
    return f"{k[0]:6} {k[1]:40} {k[2]:5} {k[3]}"


def report(status_changes, regressions, improvements, missing, out=None):
    out = out or sys.stdout
    for s in status_changes:
        print(f"STATUS     {describe(s['key'])}: {s['from']} -> {s['to']} {s['reason']}", file=out)
    for kind, rows in (("REGRESSION", regressions), ("improved  ", improvements)):
        for r in rows:
            parts = []
            for n in ("peak_normalized", "vs_baseline"):
                if f"{n}_change" in r:
                    parts.append(f"{n} {r[n + '_change']:+.0%} (p={r[n + '_p']:.1e})")
            print(f"{kind} {describe(r['key'])}: time " + ", ".join(parts), file=out)
    for m in missing:
        what = "" if m["fails"] else " (a baseline: noted, not failed)"
        print(f"missing    {describe(m['key'])}: in the baseline, not in this run{what}", file=out)


def flagged_sweep(regressions):
    """A sweep file that re-measures exactly the flagged problems, with every baseline the binary has beside
    each (the group "baselines": the baseline side may lack a oneDNN plugin the current side has)."""
    sets = [{"problems": [k[1]], "dt": [k[3]], "pass": [k[2]], "backend": [k[0], "baselines"]}
            for k in (r["key"] for r in regressions)]
    return {"description": "gate: re-measure flagged regressions", "sets": sets}


COUNTED = "COUNTED"


def work_context(doc):
    """What decides the counts besides the code: valgrind and the CPU it shows the kernels."""
    c = doc["context"]
    return (c.get("valgrind"), c.get("seen_cpu_model"), c.get("seen_isa_features"))


def compare_work(baseline, current, min_increase=MIN_WORK_INCREASE):
    """Compares instruction counts (ci/count_work.py). Returns (increases, decreases, lost, new, changes):
    records whose count grew / fell by min_increase or more, records counted on the baseline side but not
    here (fail: a kernel of ours stopped running, or its plan failed), records counted only here (noted), and
    every compared record with its relative change. Raises GateError when the two were counted under
    different conditions."""
    if work_context(baseline) != work_context(current):
        raise GateError(f"the counts were made under different conditions (valgrind, CPU it emulates): "
                        f"{work_context(baseline)} vs {work_context(current)}; count both sides in the same job")
    base, cur = index(baseline), index(current)
    increases, decreases, lost, new, changes = [], [], [], [], []
    for k, b in sorted(base.items()):
        if b["status"] != COUNTED:
            continue
        c = cur.get(k)
        if c is None or c["status"] != COUNTED:
            lost.append({"key": k, "to": c["status"] if c else "missing", "reason": c.get("reason", "") if c else ""})
            continue
        entry = {"key": k, "from": b["instructions"], "to": c["instructions"],
                 "change": c["instructions"] / b["instructions"] - 1.0}
        changes.append(entry)
        if entry["change"] >= min_increase:
            increases.append(entry)
        elif entry["change"] <= -min_increase:
            decreases.append(entry)
    new = [{"key": k} for k, c in sorted(cur.items())
           if c["status"] == COUNTED and (k not in base or base[k]["status"] != COUNTED)]
    return increases, decreases, lost, new, changes


def report_work(increases, decreases, lost, new, changes, min_increase=MIN_WORK_INCREASE, out=None):
    out = out or sys.stdout
    for kind, rows in (("WORK      ", increases), ("less work ", decreases)):
        for r in rows:
            print(f"{kind} {describe(r['key'])}: instructions {r['change']:+.1%} ({r['from']:,} -> {r['to']:,})", file=out)
    for r in changes:
        if MAX_WORK_NOISE < abs(r["change"]) and r not in increases and r not in decreases:
            print(f"work moved {describe(r['key'])}: instructions {r['change']:+.1%} ({r['from']:,} -> {r['to']:,}), "
                  f"below the {min_increase:.0%} that fails", file=out)
    for r in lost:
        print(f"WORK       {describe(r['key'])}: counted in the baseline, {r['to']} here {r['reason']}", file=out)
    for r in new:
        print(f"work new   {describe(r['key'])}: counted here only (not compared)", file=out)
    largest = max(changes, key=lambda e: abs(e["change"]), default=None)
    if largest is None or largest["change"] == 0:
        spread = ", all equal" if changes else ""
    else:
        spread = f", largest change {largest['change']:+.4%} ({' '.join(largest['key'])})"
    print(f"gate: work of {len(changes)} records of ours counted on both sides{spread}; {len(increases)} increases >= "
          f"{min_increase:.0%}, {len(decreases)} decreases, {len(lost)} no longer counted, {len(new)} new", file=out)


def judge_work(base_path, cur_path, min_increase=MIN_WORK_INCREASE, out=None):
    """Exit code of the work judgement: 0 pass, 1 fail."""
    out = out or sys.stdout
    base, cur = load(base_path), load(cur_path)
    try:
        increases, decreases, lost, new, changes = compare_work(base, cur, min_increase)
    except GateError as e:
        print(f"gate: {e}", file=out)
        return 1
    report_work(increases, decreases, lost, new, changes, min_increase, out)
    if not changes and not lost:
        # Nothing compared would pass vacuously: valgrind or the counting tool is broken.
        print("gate: no record of ours was counted on both sides; the work judgement cannot pass without a count",
              file=out)
        return 1
    return 1 if increases or lost else 0


def judge_timing(args):
    """Exit code of the status and timing judgement: 0 pass, 1 fail, 3 flagged for re-measurement."""
    base, cur = load(args.baseline), load(args.current)
    try:
        role_of = roles(cur, base)
    except GateError as e:
        sys.exit(f"gate: {e}")
    if machine(base) != machine(cur):
        # Only when ci/run_gate.sh could not build the baseline's code here (a shallow clone): numbers
        # and SKIPPED statuses of another CPU say nothing about this one.
        bad = broken(cur, role_of)
        for r in bad:
            print(f"STATUS     {describe(key(r))}: {r['status']} {r.get('reason', '')}")
        print(f"gate: the baseline was measured on {machine(base)}, this run on {machine(cur)}: not comparable; "
              f"judged only that no record of ours is FAILED or MISTRUSTED ({len(bad)} are)")
        return 1 if bad else 0
    status_changes, regressions, improvements, missing = compare(base, cur, args.alpha, args.min_effect)
    if args.final:  # a re-measurement covers only the flagged shapes
        missing = []
    report(status_changes, regressions, improvements, missing)
    base_records, cur_records = index(base), index(cur)
    ours = [k for k in base_records if role_of[k[0]] == OURS]
    timed = sum(1 for k in ours if samples(base_records[k]) and k in cur_records and samples(cur_records[k]))
    print(f"gate: {len(ours)} records of our backends judged ({timed} timed on both sides, the rest on status "
          f"only, e.g. SKIPPED here); {len(status_changes)} status changes, "
          f"{len(regressions)} regressions, {len(improvements)} improvements, {len(missing)} missing "
          f"(alpha {args.alpha}, min effect {args.min_effect:.0%})")
    if status_changes or any(m["fails"] for m in missing):
        return 1
    if regressions:
        if args.final:
            return 1
        if args.flagged_sweep:
            with open(args.flagged_sweep, "w") as f:
                json.dump(flagged_sweep(regressions), f, indent=1)
        return 3
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("baseline", nargs="?", help="results of the baseline side (conv1d-bench run --out)")
    ap.add_argument("current", nargs="?", help="results of this side")
    ap.add_argument("--alpha", type=float, default=0.01, help="significance level of the one-sided U test")
    ap.add_argument("--min-effect", type=float, default=0.40, help="smallest slowdown of the median that counts")
    ap.add_argument("--flagged-sweep", help="write a sweep re-measuring the flagged shapes here")
    ap.add_argument("--final", action="store_true", help="this is the re-measurement: flagged regressions fail")
    ap.add_argument("--work", nargs=2, metavar=("BASE_COUNTS", "CURRENT_COUNTS"),
                    help="also judge the instruction counts of both sides (ci/count_work.py)")
    ap.add_argument("--min-work-increase", type=float, default=MIN_WORK_INCREASE,
                    help=f"smallest growth of a count that fails (default {MIN_WORK_INCREASE:.0%})")
    args = ap.parse_args(argv)
    if (args.baseline is None) != (args.current is None) or (args.baseline is None and not args.work):
        ap.error("give the two results files, --work BASE_COUNTS CURRENT_COUNTS, or both")
    rc = judge_timing(args) if args.baseline else 0
    if args.work:
        # Counts do not need a second look: a work increase fails now, whatever the times say.
        if judge_work(args.work[0], args.work[1], args.min_work_increase) != 0:
            return 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
