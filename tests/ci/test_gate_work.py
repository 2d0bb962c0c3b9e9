"""Tests of the CI gate's work judgement (ci/gate.py --work) and of the counting script's parsing
(ci/count_work.py): synthetic counts, and counts recorded by ci/run_gate.sh on the Sapphire Rapids VM (under
valgrind 3.19, which shows the kernels an AVX2 Haswell): the baseline's code, the same code counted again,
and that code with the direct f32 forward recomputing 15 % (and 8 %) of its register tiles."""
import io
import json
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "ci"))
import count_work  # noqa: E402
import gate  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
CONTEXT = {"valgrind": "valgrind-3.19.0", "seen_cpu_model": "Intel(R) Core(TM) i7-4910MQ CPU @ 2.90GHz",
           "seen_isa_features": "avx2"}
SHAPES = ["mb1ic15iw2400oc15ow2000kw51dw7", "mb1ic64iw1014oc64ow1000kw15dw0"]


def counts(scale=None, status=None):
    """A counts document: xsmm and direct on SHAPES, every pass, f32 counted, bf16 SKIPPED. scale maps a
    (backend, descriptor, pass) to a factor on its count; status to another status."""
    scale, status = scale or {}, status or {}
    records = []
    for i, d in enumerate(SHAPES):
        for j, p in enumerate(("FWD_D", "BWD_D", "BWD_W")):
            for b in ("xsmm", "direct"):
                k = (b, d, p)
                r = {"backend": b, "descriptor": d, "pass": p, "dt": "f32", "status": status.get(k, "COUNTED")}
                if r["status"] == "COUNTED":
                    r["instructions"] = round((5_000_000 + 1_000_000 * i + 100_000 * j) * scale.get(k, 1.0))
                records.append(r)
                records.append({"backend": b, "descriptor": d, "pass": p, "dt": "bf16", "status": "SKIPPED",
                                "reason": "CPU lacks AVX512-BF16"})
    return {"context": dict(CONTEXT), "records": records}


def recorded(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)


def judged(base, cur, **kwargs):
    """(exit code, report) of the work judgement of two documents, as ci/run_gate.sh runs it."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, doc in (("base.json", base), ("cur.json", cur)):
            paths.append(os.path.join(tmp, name))
            with open(paths[-1], "w") as f:
                json.dump(doc, f)
        out = io.StringIO()
        rc = gate.judge_work(paths[0], paths[1], out=out, **kwargs)
    return rc, out.getvalue()


FWD = ("direct", SHAPES[0], "FWD_D")


class Work(unittest.TestCase):
    def test_unchanged_counts_pass(self):
        increases, decreases, lost, new, changes = gate.compare_work(counts(), counts())
        self.assertEqual((increases, decreases, lost, new), ([], [], [], []))
        self.assertEqual(len(changes), 12, "every f32 record of both backends is compared, bf16 was SKIPPED on both")
        rc, text = judged(counts(), counts())
        self.assertEqual(rc, 0)
        self.assertIn("all equal", text)

    def test_noise_of_unchanged_code_is_neither_flagged_nor_reported(self):
        # what the same code counted twice did: a few hundred instructions in millions
        rc, text = judged(counts(), counts({FWD: 1.00005}))
        self.assertEqual(rc, 0)
        self.assertNotIn("work moved", text)

    def test_fifteen_percent_more_work_in_one_kernel_fails_naming_it(self):
        increases, _, _, _, _ = gate.compare_work(counts(), counts({FWD: 1.15}))
        self.assertEqual([x["key"] for x in increases], [FWD + ("f32",)])
        self.assertAlmostEqual(increases[0]["change"], 0.15, places=4)
        rc, text = judged(counts(), counts({FWD: 1.15}))
        self.assertEqual(rc, 1)
        self.assertIn("WORK       direct mb1ic15iw2400oc15ow2000kw51dw7", text)
        self.assertIn("+15.0% (5,000,000 -> 5,750,000)", text)

    def test_ten_percent_is_where_it_fails(self):
        self.assertEqual(judged(counts(), counts({FWD: 1.10}))[0], 1)
        rc, text = judged(counts(), counts({FWD: 1.099}))
        self.assertEqual(rc, 0)
        self.assertIn("work moved direct", text, "a change below the threshold is still shown")
        self.assertEqual(judged(counts(), counts({FWD: 1.05}), min_increase=0.05)[0], 1)

    def test_less_work_is_reported_not_failed(self):
        rc, text = judged(counts(), counts({FWD: 0.5}))
        self.assertEqual(rc, 0)
        self.assertIn("less work  direct", text)

    def test_a_record_no_longer_counted_fails(self):
        for to in ("SKIPPED", "FAILED"):
            _, _, lost, _, _ = gate.compare_work(counts(), counts(status={FWD: to}))
            self.assertEqual([(x["key"], x["to"]) for x in lost], [(FWD + ("f32",), to)])
            self.assertEqual(judged(counts(), counts(status={FWD: to}))[0], 1)
        cur = counts()
        cur["records"] = [r for r in cur["records"] if r["backend"] != "xsmm"]
        rc, text = judged(counts(), cur)
        self.assertEqual(rc, 1)
        self.assertIn("counted in the baseline, missing here", text)

    def test_a_record_counted_only_here_is_noted(self):
        base = counts(status={FWD: "SKIPPED"})
        _, _, lost, new, _ = gate.compare_work(base, counts())
        self.assertEqual((lost, [x["key"] for x in new]), ([], [FWD + ("f32",)]))
        self.assertEqual(judged(base, counts())[0], 0)

    def test_nothing_counted_on_both_sides_fails(self):
        skipped = counts(status={(b, d, p): "SKIPPED" for b in ("xsmm", "direct") for d in SHAPES
                                 for p in ("FWD_D", "BWD_D", "BWD_W")})
        rc, text = judged(skipped, skipped)
        self.assertEqual(rc, 1)
        self.assertIn("cannot pass without a count", text)

    def test_counts_made_under_other_conditions_are_not_compared(self):
        other = counts()
        other["context"]["seen_isa_features"] = "avx2 avx512f"  # a valgrind that runs AVX-512
        with self.assertRaises(gate.GateError):
            gate.compare_work(counts(), other)
        rc, text = judged(counts(), other)
        self.assertEqual(rc, 1)
        self.assertIn("same job", text)


class WorkWithTiming(unittest.TestCase):
    """gate.main: the work judged beside the times, and alone."""

    def run_main(self, work_base, work_cur, timing=None):
        import test_gate  # the synthetic timing results (this folder is on the path: unittest discover)
        with tempfile.TemporaryDirectory() as tmp:
            docs = {"wb": work_base, "wc": work_cur}
            if timing:
                docs.update({"tb": test_gate.run(1), "tc": test_gate.run(2, ours_factor=timing)})
            paths = {}
            for name, doc in docs.items():
                paths[name] = os.path.join(tmp, name + ".json")
                with open(paths[name], "w") as f:
                    json.dump(doc, f)
            args = ([paths["tb"], paths["tc"]] if timing else []) + ["--work", paths["wb"], paths["wc"]]
            old, sys.stdout = sys.stdout, io.StringIO()
            try:
                return gate.main(args)
            finally:
                sys.stdout = old

    def test_exit_codes(self):
        self.assertEqual(self.run_main(counts(), counts()), 0)
        self.assertEqual(self.run_main(counts(), counts({FWD: 1.15})), 1)
        self.assertEqual(self.run_main(counts(), counts(), timing=1.0), 0)
        self.assertEqual(self.run_main(counts(), counts({FWD: 1.15}), timing=1.0), 1,
                         "more work fails even when the times pass")
        self.assertEqual(self.run_main(counts(), counts(), timing=2.0), 3, "a timing flag is still re-measured")
        self.assertEqual(self.run_main(counts(), counts({FWD: 1.15}), timing=2.0), 1)

    def test_something_must_be_judged(self):
        with self.assertRaises(SystemExit):
            old, sys.stderr = sys.stderr, io.StringIO()
            try:
                gate.main([])
            finally:
                sys.stderr = old


class Recorded(unittest.TestCase):
    """Counts made by ci/run_gate.sh (ci/count_work.py, valgrind 3.19) on the Sapphire Rapids VM."""

    def test_unchanged_code_counted_again_passes_and_moves_by_noise_only(self):
        base = recorded("work_baseline.json")
        for name in ("work_unchanged.json", "work_unchanged_other_env.json"):
            increases, decreases, lost, new, changes = gate.compare_work(base, recorded(name))
            self.assertEqual((increases, decreases, lost, new), ([], [], [], []), name)
            self.assertEqual(len(changes), 18, "xsmm and direct, 3 shapes x 3 passes, f32")
            self.assertTrue(all(abs(c["change"]) <= gate.MAX_WORK_NOISE for c in changes), name)
            self.assertEqual(judged(base, recorded(name))[0], 0)

    def test_what_valgrind_cannot_run_is_skipped_with_the_reason(self):
        records = recorded("work_baseline.json")["records"]
        self.assertTrue(all(r["status"] == "SKIPPED" for r in records if r["dt"] == "bf16"))
        self.assertTrue(all("AVX512-BF16" in r["reason"] or "AMX" in r["reason"] for r in records if r["dt"] == "bf16"))
        self.assertEqual({r["status"] for r in records if r["backend"] == "amx" and r["dt"] == "f32"}, {"UNIMPLEMENTED"})

    def test_the_direct_forward_recomputing_15_percent_of_its_tiles_fails(self):
        rc, text = judged(recorded("work_baseline.json"), recorded("work_direct_plus15.json"))
        self.assertEqual(rc, 1)
        increases, _, _, _, changes = gate.compare_work(recorded("work_baseline.json"), recorded("work_direct_plus15.json"))
        self.assertEqual(sorted(x["key"][1] for x in increases), sorted(
            ["mb1ic15iw2400oc15ow2000kw51dw7", "mb1ic32iw2032oc32ow2000kw9dw3", "mb1ic64iw1014oc64ow1000kw15dw0"]))
        self.assertTrue(all(x["key"][0] == "direct" and x["key"][2:] == ("FWD_D", "f32") for x in increases))
        self.assertTrue(all(0.14 < x["change"] < 0.15 for x in increases), increases)
        others = [c for c in changes if c not in increases]
        self.assertTrue(all(abs(c["change"]) <= gate.MAX_WORK_NOISE for c in others), "nothing else moved")

    def test_eight_percent_is_shown_and_passes(self):
        rc, text = judged(recorded("work_baseline.json"), recorded("work_direct_plus8.json"))
        self.assertEqual(rc, 0)
        self.assertEqual(text.count("work moved direct"), 3)


class CountWork(unittest.TestCase):
    """ci/count_work.py's reading of the tool's output and of callgrind's dumps."""

    def test_dumps_are_read_by_their_label(self):
        with tempfile.TemporaryDirectory() as tmp:
            for n, (label, total) in enumerate((("conv1d-count-1", 5129284), ("conv1d-count-2", 6203535)), 1):
                with open(os.path.join(tmp, f"callgrind.out.{n}"), "w") as f:
                    f.write(f"# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\n\ndesc: Timerange: Basic block 0 - 1\n"
                            f"{count_work.TRIGGER}{label}\n\npositions: line\nevents: Ir\nsummary: {total}\n\nfn=(1) f\n0 {total}\n")
            with open(os.path.join(tmp, "callgrind.out"), "w") as f:  # the dump at exit: no label
                f.write("# callgrind format\ndesc: Trigger: Program termination\nsummary: 38666254\n")
            self.assertEqual(count_work.read_dumps(tmp), {"conv1d-count-1": 5129284, "conv1d-count-2": 6203535})

    def test_tool_output(self):
        out = ('{"context": {"git_commit": "936c6fb568be", "cpu_model": "Haswell", "isa_features": "avx2"}}\n'
               '{"backend": "xsmm", "descriptor": "mb1ic15iw2400oc15ow2000kw51dw7", "pass": "FWD_D", "dt": "f32", '
               '"status": "COUNTED", "label": "conv1d-count-1"}\n'
               '{"backend": "amx", "descriptor": "mb1ic15iw2400oc15ow2000kw51dw7", "pass": "FWD_D", "dt": "bf16", '
               '"status": "SKIPPED", "reason": "CPU lacks AMX-BF16"}\n')
        context, records = count_work.parse_tool_output(out)
        self.assertEqual(context["git_commit"], "936c6fb568be")
        self.assertEqual([r["status"] for r in records], ["COUNTED", "SKIPPED"])

    def test_missing_valgrind_or_tool_is_an_error_saying_what_to_do(self):
        with self.assertRaises(count_work.CountError) as e:
            count_work.count("/nonexistent/conv1d-count-work", "ci/work_set.json", valgrind="/nonexistent/valgrind")
        self.assertIn("apt-get install -y valgrind", str(e.exception))

    def test_the_work_set_holds_the_gate_shapes_at_small_q(self):
        ci = os.path.join(os.path.dirname(__file__), "..", "..", "ci")
        with open(os.path.join(ci, "gate_set.json")) as f:
            gate_shapes = {p for s in json.load(f)["sets"] for p in s["problems"]}
        work = count_work.load_set(os.path.join(ci, "work_set.json"))
        small = {p for s in work for p in s["problems"]}

        def layer(desc):  # C, K, S, dilation: the layer without its width
            return tuple(re.search(rf"{f}(\d+)", desc).group(1) for f in ("ic", "oc", "kw", "dw"))
        self.assertEqual({layer(p) for p in small}, {layer(p) for p in gate_shapes})


if __name__ == "__main__":
    unittest.main()
