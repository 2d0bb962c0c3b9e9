#!/usr/bin/python3
"""Checks a results file produced with CONV1D_DISABLE_ISA set (ci/isa_isolation.sh).

Holds when: no record FAILED or MISTRUSTED; every record that did not run says why; no record ran on an
ISA the node lacks (its peak would be one the node cannot measure); our kernels that need a lacking ISA
are SKIPPED with "CPU lacks ..."; and something of ours still PASSED (so the check is not vacuous).
"""
import argparse
import json
import sys

# What each CONV1D_DISABLE_ISA name takes away, as in core/ (disabling a feature disables those built on it).
IMPLIED = {
    "avx2": {"avx2_fp32", "avx512_fp32", "avx512_bf16", "amx_bf16"},
    "avx512f": {"avx512_fp32", "avx512_bf16", "amx_bf16"},
    "avx512_bf16": {"avx512_bf16"},
    "amx_bf16": {"amx_bf16"},
}


def problems(doc, disabled_features):
    lacking = set().union(*(IMPLIED[f] for f in disabled_features))
    errors = []
    passed_ours = 0
    for r in doc["records"]:
        what = f'{r["backend"]} {r["descriptor"]} {r["pass"]} {r["dt"]}'
        status = r["status"]
        if status in ("FAILED", "MISTRUSTED"):
            errors.append(f"{what}: {status} ({r.get('reason', '')})")
        elif status in ("SKIPPED", "UNIMPLEMENTED"):
            if not r.get("reason"):
                errors.append(f"{what}: {status} without a reason")
        else:
            if r.get("isa") in lacking:
                errors.append(f"{what}: ran on {r['isa']}, which this node lacks")
            if r.get("role") == "ours" and status == "PASSED":
                passed_ours += 1
        if r.get("role") == "ours" and r["dt"] == "bf16" and lacking & {"avx512_bf16"}:
            if status != "SKIPPED" and not (status == "UNIMPLEMENTED"):
                errors.append(f"{what}: {status}, expected SKIPPED on a node without AVX512-BF16")
            elif status == "SKIPPED" and "CPU lacks" not in r.get("reason", ""):
                errors.append(f"{what}: SKIPPED with reason '{r.get('reason')}', expected 'CPU lacks ...'")
    if passed_ours == 0:
        errors.append("none of our kernels PASSED: nothing was checked")
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("results")
    ap.add_argument("--disabled", required=True, help="the CONV1D_DISABLE_ISA value the run had")
    args = ap.parse_args()
    with open(args.results) as f:
        doc = json.load(f)
    disabled = [x for x in args.disabled.split(",") if x]
    unknown = [x for x in disabled if x not in IMPLIED]
    if unknown:
        sys.exit(f"check_isa_isolation: unknown CONV1D_DISABLE_ISA name(s) {unknown}: use {sorted(IMPLIED)}")
    errors = problems(doc, disabled)
    for e in errors:
        print(f"check_isa_isolation: {e}", file=sys.stderr)
    n = len(doc["records"])
    print(f"check_isa_isolation: {n} records without {args.disabled}: {'FAILED' if errors else 'ok'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
