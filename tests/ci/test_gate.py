"""Tests of the CI performance gate (ci/gate.py) on synthetic results: what it must catch and what it
must not cry wolf about. The recorded-JSON test (a real deliberately slowed build) is test_gate_recorded.py."""
import copy
import json
import os
import random
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "ci"))
import gate  # noqa: E402

PROBLEMS = ["mb1ic15iw10400oc15ow10000kw51dw7", "mb1ic64iw4014oc64ow4000kw15dw0"]


def record(backend, role, desc, ms, peak, rng, noise=0.05, status="PASSED"):
    s = [ms * (1 + rng.uniform(-noise, noise)) for _ in range(10)]
    return {"backend": backend, "role": role, "descriptor": desc, "pass": "FWD_D", "dt": "f32", "status": status,
            "time_ms": {"samples": s, "median": sorted(s)[5]}, "peak_gflops": peak}


def run(seed, ours_ms=1.0, onednn_ms=2.0, machine=1.0, peak=130.0, ours_factor=1.0, status="PASSED", ours="xsmm"):
    """One run: `machine` > 1 slows everything (and the measured peak) alike; `ours_factor` only ours."""
    rng = random.Random(seed)
    recs = []
    for d in PROBLEMS:
        recs.append(record(ours, "ours", d, ours_ms * machine * ours_factor, peak / machine, rng, status=status))
        recs.append(record("onednn", "baseline", d, onednn_ms * machine, peak / machine, rng))
    return {"context": {"cpu_model": "Xeon", "isa_features": "avx2 avx512f"}, "records": recs}


def written(tmp, base, cur):
    """Paths of the two documents written as files in tmp, for gate.main."""
    out = []
    for name, doc in (("base.json", base), ("cur.json", cur)):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            json.dump(doc, f)
        out.append(path)
    return out


def without_roles(doc):
    """The same results as code older than the "role" field writes them."""
    doc = copy.deepcopy(doc)
    for r in doc["records"]:
        del r["role"]
    return doc


class Gate(unittest.TestCase):
    def verdict(self, baseline, current):
        return gate.compare(baseline, current)

    def test_unchanged_code_passes(self):
        s, r, i, m = self.verdict(run(1), run(2))
        self.assertEqual((s, r, m), ([], [], []))

    def test_a_slower_machine_is_not_a_regression(self):
        # Everything 1.8x slower, the measured peak too: the neighbours, not the kernel.
        s, r, i, m = self.verdict(run(1), run(2, machine=1.8))
        self.assertEqual(r, [])

    def test_a_kernel_doing_its_work_twice_is_caught_and_named(self):
        s, r, i, m = self.verdict(run(1), run(2, ours_factor=2.0))
        self.assertEqual(sorted(x["key"][1] for x in r), sorted(PROBLEMS))
        self.assertTrue(all(x["peak_normalized_change"] > 0.8 for x in r))
        self.assertTrue(all(x["vs_baseline_p"] < 0.01 for x in r))

    def test_caught_even_on_a_slow_machine(self):
        s, r, i, m = self.verdict(run(1), run(2, machine=1.5, ours_factor=2.0))
        self.assertEqual(len(r), len(PROBLEMS))

    def test_a_slowdown_below_the_minimum_effect_passes(self):
        s, r, i, m = self.verdict(run(1), run(2, ours_factor=1.25))
        self.assertEqual(r, [])

    def test_a_status_change_fails_first(self):
        s, r, i, m = self.verdict(run(1), run(2, status="FAILED", ours_factor=2.0))
        self.assertEqual(len(s), len(PROBLEMS))
        self.assertEqual(r, [], "a wrong kernel is reported as wrong, not as slow")

    def test_a_missing_record_fails(self):
        cur = run(2)
        cur["records"] = cur["records"][1:]
        s, r, i, m = self.verdict(run(1), cur)
        self.assertEqual(len(m), 1)

    def test_a_baseline_missing_on_one_side_is_noted_not_failed(self):
        # The current side was built without a oneDNN plugin the baseline side had (its wheel could not
        # be fetched): the yardstick is missing, ours is still judged against the baselines that remain.
        base = run(1)
        rng = random.Random(5)
        base["records"] += [record("onednn-3.2", "baseline", d, 1.5, 130.0, rng) for d in PROBLEMS]
        s, r, i, m = self.verdict(base, run(2))
        self.assertEqual(len(m), len(PROBLEMS))
        self.assertFalse(any(x["fails"] for x in m))
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(gate.main(written(tmp, base, run(2))), 0)
            cur = run(2)
            cur["records"] = [x for x in cur["records"] if x["backend"] != "xsmm"]
            self.assertEqual(gate.main(written(tmp, base, cur)), 1, "a record of ours that disappeared fails")

    def test_faster_is_an_improvement_not_a_failure(self):
        s, r, i, m = self.verdict(run(1), run(2, ours_factor=0.5))
        self.assertEqual((r, len(i)), ([], len(PROBLEMS)))
        self.assertTrue(all(x["vs_baseline_change"] < -0.4 for x in i), i)

    def test_exit_codes_and_flagged_sweep(self):
        d = tempfile.mkdtemp()
        paths = {}
        for name, doc in (("base", run(1)), ("same", run(2)), ("slow", run(3, ours_factor=2.0))):
            paths[name] = os.path.join(d, name + ".json")
            with open(paths[name], "w") as f:
                json.dump(doc, f)
        self.assertEqual(gate.main([paths["base"], paths["same"]]), 0)
        flagged = os.path.join(d, "flagged.json")
        self.assertEqual(gate.main([paths["base"], paths["slow"], "--flagged-sweep", flagged]), 3)
        with open(flagged) as f:
            sweep = json.load(f)
        self.assertEqual(sorted(s["problems"][0] for s in sweep["sets"]), sorted(PROBLEMS))
        self.assertTrue(all(s["backend"] == ["xsmm", "baselines"] for s in sweep["sets"]))
        self.assertEqual(gate.main([paths["base"], paths["slow"], "--final"]), 1)


class Roles(unittest.TestCase):
    """What is gated is what the records' role says is ours; the baseline side may predate the field."""

    def test_a_baseline_run_of_older_code_takes_its_roles_from_the_current_run(self):
        s, r, i, m = gate.compare(without_roles(run(1)), run(2, ours_factor=2.0))
        self.assertEqual(sorted(x["key"][1] for x in r), sorted(PROBLEMS))
        self.assertTrue(all(x["key"][0] == "xsmm" for x in r))
        s, r, i, m = gate.compare(without_roles(run(1)), run(2))
        self.assertEqual((s, r, m), ([], [], []))

    def test_either_side_may_carry_the_roles(self):
        s, r, i, m = gate.compare(run(1), without_roles(run(2, ours_factor=2.0)))
        self.assertEqual(len(r), len(PROBLEMS))

    def test_no_role_on_either_side_is_an_error_naming_the_backends(self):
        with self.assertRaises(gate.GateError) as raised:
            gate.compare(without_roles(run(1)), without_roles(run(2)))
        self.assertIn("onednn, xsmm", str(raised.exception))
        with tempfile.TemporaryDirectory() as tmp:
            paths = written(tmp, without_roles(run(1)), without_roles(run(2)))
            with self.assertRaises(SystemExit) as exited:
                gate.main(paths)
        self.assertIn("says its role", str(exited.exception.code))

    def test_a_new_backend_of_ours_is_gated_and_a_baseline_never_is(self):
        s, r, i, m = gate.compare(run(1, ours="newkernel"), run(2, ours="newkernel", ours_factor=2.0))
        self.assertEqual({x["key"][0] for x in r}, {"newkernel"})
        slower_onednn = run(2, onednn_ms=4.0)
        s, r, i, m = gate.compare(run(1), slower_onednn)
        self.assertEqual(r, [], "a baseline is the yardstick, not the subject")

    def test_the_fastest_baseline_is_the_yardstick(self):
        def with_second_baseline(doc, ms):
            doc = copy.deepcopy(doc)
            rng = random.Random(7)
            doc["records"] += [record("otherlib", "baseline", d, ms, 130.0, rng) for d in PROBLEMS]
            return doc
        base, cur = with_second_baseline(run(1), 0.5), with_second_baseline(run(2), 0.5)
        vs = gate.metrics(gate.index(cur), gate.index(cur)[("xsmm", PROBLEMS[0], "FWD_D", "f32")], gate.roles(cur))
        self.assertAlmostEqual(gate.median(vs["vs_baseline"]), 2.0, delta=0.2)  # xsmm 1 ms / otherlib 0.5 ms
        self.assertEqual(gate.compare(base, cur)[1], [])
        sweep = gate.flagged_sweep([{"key": ("xsmm", PROBLEMS[0], "FWD_D", "f32")}])
        self.assertEqual(sweep["sets"][0]["backend"], ["xsmm", "baselines"])


class OtherMachine(unittest.TestCase):
    """A baseline recorded on another CPU (only used when its code cannot be rebuilt here)."""

    def test_numbers_of_another_cpu_are_not_compared_but_failures_still_fail(self):
        base = run(1)
        epyc = run(2, ours_factor=3.0)  # 3x slower on the other CPU: not a regression
        epyc["context"] = {"cpu_model": "AMD EPYC", "isa_features": "avx2"}
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(gate.main(written(tmp, base, epyc)), 0)
            epyc["records"][0]["status"] = "FAILED"
            self.assertEqual(gate.main(written(tmp, base, epyc)), 1)


if __name__ == "__main__":
    unittest.main()
