"""Writes the synthetic results files in fixtures/ that the plot tests draw from.

These are TEST FIXTURES, not measurements: the times come from a made-up model chosen to exercise every
figure (several backends, gaps, failures, mixed N) and, in condition4.json, to give summary numbers
that can be worked out by hand. Their context says so. Run it again after changing it:
    /usr/bin/python3 tests/plots/make_fixtures.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PEAKS = {"f32": ("avx512_fp32", 48.0), "bf16": ("avx512_bf16", 96.0)}
AMX_PEAK = ("amx_bf16", 700.0)
ROLES = {"xsmm": "ours", "amx": "ours", "onednn": "baseline", "ref": "oracle"}  # as the registry says


def context(description):
    return {
        "schema": "conv1d-bench/results/1", "date": "2026-01-01T00:00:00Z", "host": "fixture",
        "cpu_model": "FIXTURE CPU (synthetic test data)", "isa_features": "avx512f avx512_bf16 amx_bf16",
        "logical_cpus": 2, "threads": 2, "description": description,
        "peaks": {"threads": 2, "isas": {
            "avx512_fp32": {"available": True, "measured_gflops": 48.0},
            "avx512_bf16": {"available": True, "measured_gflops": 96.0},
            "amx_bf16": {"available": True, "measured_gflops": 700.0}}},
    }


def record(N, C, K, Q, S, d, pass_name, dt, backend, time_ms, status="PASSED", threads=2):
    """A schema-shaped record; time_ms None means not timed (every derived number is then null)."""
    flops = 2.0 * N * K * C * S * Q
    isa, peak = AMX_PEAK if backend == "amx" else PEAKS[dt]
    timed = time_ms is not None and status in ("PASSED", "NOT_VERIFIED")
    time_ms = float(f"{time_ms:.5g}") if timed else None  # short numbers keep the fixture small
    gflops = round(flops / (time_ms * 1e-3) / 1e9, 4) if timed else None
    return {
        "N": N, "C": C, "K": K, "W": Q + (S - 1) * d, "Q": Q, "S": S, "d": d,
        "descriptor": f"mb{N}ic{C}iw{Q + (S - 1) * d}oc{K}ow{Q}kw{S}dw{d - 1}", "name": "fixture",
        "pass": pass_name, "dt": dt, "backend": backend, "role": ROLES[backend], "impl": f"fixture:{backend}",
        "isa": isa,
        "threads": threads, "status": status, "reason": "" if timed else "fixture: not measured",
        "flops": flops,
        "time_ms": {"min": time_ms, "median": time_ms, "max": time_ms, "samples": [time_ms]} if timed else None,
        "gflops": gflops, "peak_isa": isa, "peak_gflops": peak,
        "pct_peak": round(100.0 * gflops / peak, 3) if timed else None,
        "nominal_peak_gflops": None, "pct_nominal_peak": None,
    }


def modelled_time(N, C, K, Q, S, d, pass_name, dt, backend):
    """Made-up efficiencies: ours improves with S and Q, oneDNN falls with S; bf16 doubles the peak."""
    flops = 2.0 * N * K * C * S * Q
    peak = 96.0 if dt == "bf16" else 48.0
    if backend == "onednn":
        efficiency = 0.55 / (1 + S / 20) * {"FWD_D": 1.0, "BWD_D": 0.85, "BWD_W": 0.7}[pass_name]
    else:
        efficiency = (0.2 + 0.5 * min(1.0, S / 51) * min(1.0, Q / 20000)) \
            * {"FWD_D": 1.05, "BWD_D": 0.95, "BWD_W": 0.85}[pass_name]
        if backend == "amx":
            efficiency *= 2.5
    return flops / (efficiency * peak * 1e9) * 1e3


def grid_records():
    records = []
    shapes = [  # (dt, C=K, d, S values, Q values, backends): the three figure shapes of the paper
        ("f32", 15, 8, (5, 25, 51), (1000, 5000, 20000, 60000), ("xsmm", "onednn")),
        ("f32", 64, 1, (1, 9, 31), (1000, 10000, 60000), ("xsmm", "onednn")),
        ("bf16", 32, 4, (5, 51), (1000, 10000, 60000), ("xsmm", "amx", "onednn")),
        ("f32", 32, 4, (5, 51), (1000, 10000, 60000), ("onednn",)),
    ]
    for dt, ck, d, s_values, q_values, backends in shapes:
        for S in s_values:
            for Q in q_values:
                for pass_name in ("FWD_D", "BWD_D", "BWD_W"):
                    for backend in backends:
                        t = modelled_time(2, ck, ck, Q, S, d, pass_name, dt, backend)
                        records.append(record(2, ck, ck, Q, S, d, pass_name, dt, backend, t))
    # Outside condition 4 through C = 1.
    for backend in ("xsmm", "onednn"):
        records.append(record(2, 1, 16, 1000, 9, 2, "FWD_D", "f32", backend,
                              modelled_time(2, 1, 16, 1000, 9, 2, "FWD_D", "f32", backend)))
    # A hole: ours skipped at fig4 S=25, Q=5000 forward. A failure: oneDNN at S=51, Q=20000 BWD_W.
    for r in records:
        if (r["C"], r["S"], r["Q"], r["pass"], r["backend"]) == (15, 25, 5000, "FWD_D", "xsmm"):
            r.update(record(2, 15, 15, 5000, 25, 8, "FWD_D", "f32", "xsmm", None, status="SKIPPED"))
        if (r["C"], r["S"], r["Q"], r["pass"], r["backend"]) == (15, 51, 20000, "BWD_W", "onednn"):
            r.update(record(2, 15, 15, 20000, 51, 8, "BWD_W", "f32", "onednn", None, status="FAILED"))
    # A reference record and a single-thread record, which the figures must leave out.
    records.append(record(2, 15, 15, 1000, 5, 8, "FWD_D", "f32", "ref", 50.0))
    records.append(record(2, 15, 15, 1000, 5, 8, "FWD_D", "f32", "xsmm", 5.0, threads=1))
    return records


def pair(N, C, K, Q, S, speedup, dt="f32", pass_name="FWD_D", d=1, ours="xsmm", status="PASSED"):
    """Ours and oneDNN on one shape, oneDNN taking 8 ms and ours 8/speedup ms."""
    ours_time = 8.0 / speedup if speedup else None
    return [record(N, C, K, Q, S, d, pass_name, dt, ours, ours_time, status=status),
            record(N, C, K, Q, S, d, pass_name, dt, "onednn", 8.0)]


def condition4_records():
    """Known answer, f32 FWD_D. Inside (S>=5, Q>=1000, C>1, K>1): speedups 2, 2, 0.5, 8 and 8 (the last
    on N=2 beside an N=1 speedup-2 shape, so their heat-map cell is the geometric mean 4): 4 of 5 win,
    geometric mean 128^(1/5). Outside: 0.5 (C=1), 0.25 (S=3), 2 (Q=500): 1 of 3 wins, geometric mean
    0.25^(1/3). Not counted: a FAILED and a SKIPPED shape inside. bf16 FWD_D, one shape inside: xsmm
    2x, amx 4x, so ours is amx at 4x."""
    records = []
    records += pair(1, 16, 16, 2000, 9, 2.0)
    records += pair(1, 16, 16, 4000, 9, 2.0)
    records += pair(1, 16, 16, 2000, 15, 0.5)
    records += pair(1, 16, 16, 4000, 15, 8.0)
    records += pair(2, 16, 16, 2000, 9, 8.0)
    records += pair(1, 1, 16, 2000, 9, 0.5)
    records += pair(1, 16, 16, 2000, 3, 0.25)
    records += pair(1, 16, 16, 500, 9, 2.0)
    records += pair(1, 16, 16, 2000, 21, None, status="FAILED")
    records += pair(1, 16, 16, 4000, 21, None, status="SKIPPED")
    records += pair(1, 16, 16, 2000, 9, 2.0, dt="bf16")
    records.append(record(1, 16, 16, 2000, 9, 1, "FWD_D", "bf16", "amx", 2.0))
    return records


def distributions_records():
    """Known answer for distributions.py, C = K = 16, d = 1, N = 1; oneDNN takes 8 ms, pct_peak of ours is
    set by hand. f32 (ours xsmm): FWD_D S=5 Q=1000 2x 40%, S=5 Q=2000 0.5x 10%, S=9 Q=1000 4x 60%;
    BWD_D S=5 Q=1000 8x 70%. Not counted: S=9 Q=4000 FWD_D, where xsmm FAILED (its record still holds a
    1 ms time and 99%, which must never show), so Q=4000 has no value; S=9 Q=2000 FWD_D, where oneDNN was
    SKIPPED: a % of peak of ours (25%), no speedup. bf16 FWD_D: S=5 Q=1000 xsmm 4 ms 20%, amx 2 ms 5%:
    ours is amx, 4x and 5% (the fastest's, not the best %); S=9 Q=1000 xsmm 8 ms 30%: 1x, not a win."""
    def ours(Q, S, pass_name, dt, backend, time_ms, pct, status="PASSED"):
        r = record(1, 16, 16, Q, S, 1, pass_name, dt, backend, time_ms, status=status)
        r["time_ms"] = {"min": time_ms, "median": time_ms, "max": time_ms, "samples": [time_ms]}
        r["pct_peak"] = pct
        return r

    def onednn(Q, S, pass_name, dt, status="PASSED"):
        return record(1, 16, 16, Q, S, 1, pass_name, dt, "onednn", 8.0 if status == "PASSED" else None,
                      status=status)

    records = []
    for Q, S, pass_name, speedup, pct in ((1000, 5, "FWD_D", 2.0, 40.0), (2000, 5, "FWD_D", 0.5, 10.0),
                                          (1000, 9, "FWD_D", 4.0, 60.0), (1000, 5, "BWD_D", 8.0, 70.0)):
        records += [ours(Q, S, pass_name, "f32", "xsmm", 8.0 / speedup, pct), onednn(Q, S, pass_name, "f32")]
    records += [ours(4000, 9, "FWD_D", "f32", "xsmm", 1.0, 99.0, status="FAILED"), onednn(4000, 9, "FWD_D", "f32")]
    records += [ours(2000, 9, "FWD_D", "f32", "xsmm", 4.0, 25.0), onednn(2000, 9, "FWD_D", "f32", "SKIPPED")]
    records += [ours(1000, 5, "FWD_D", "bf16", "xsmm", 4.0, 20.0), ours(1000, 5, "FWD_D", "bf16", "amx", 2.0, 5.0),
                onednn(1000, 5, "FWD_D", "bf16")]
    records += [ours(1000, 9, "FWD_D", "bf16", "xsmm", 8.0, 30.0), onednn(1000, 9, "FWD_D", "bf16")]
    return records


def write(name, description, records):
    # One record per line: compact, and a change to the model shows as a readable diff.
    lines = ",\n".join(json.dumps(r, sort_keys=True) for r in records)
    with open(os.path.join(HERE, "fixtures", name), "w", encoding="utf-8") as stream:
        stream.write(f'{{"context": {json.dumps(context(description), sort_keys=True)},\n'
                     f' "records": [\n{lines}\n]}}\n')


def main():
    os.makedirs(os.path.join(HERE, "fixtures"), exist_ok=True)
    write("grid.json", "TEST FIXTURE for plots/: the paper's figure shapes with gaps and a failure",
          grid_records())
    write("condition4.json", "TEST FIXTURE for plots/: condition-4 summary with a known answer",
          condition4_records())
    write("distributions.json", "TEST FIXTURE for plots/: distributions with a known answer",
          distributions_records())
    with open(os.path.join(HERE, "fixtures", "truncated.json"), "w", encoding="utf-8") as stream:
        stream.write('{"context": {"schema": "conv1d-bench/results/1"}, "records": [{"N": 1,\n')


if __name__ == "__main__":
    main()
