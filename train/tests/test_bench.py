import json
import math
import os
import tempfile
import unittest

import helpers

TINY = ["--width", 200, "--pad", 50, "--batch", 2, "--warmup", 1, "--rounds", 2, "--steps-per-round", 1,
        "--profile-steps", 1, "--intervals", 4, "--val-intervals", 4, "--quality-steps", 8, "--eval-every", 3,
        "--threads", 2, "--no-peaks"]


def check_document(test, doc, names):
    ctx = doc["context"]
    for key in ("schema", "date", "host", "cpu_model", "isa_features", "logical_cpus", "threads", "git_commit",
                "torch_version", "training_schema", "training"):
        test.assertIn(key, ctx)
    test.assertEqual(ctx["training_schema"], "conv1d-bench/training/1")
    test.assertEqual(ctx["training"]["track_width"], 300)
    recs = {r["config"]: r for r in doc["records"]}
    test.assertEqual(sorted(recs), sorted(names))
    for r in doc["records"]:
        if r["status"] != "PASSED":
            continue
        test.assertEqual(len(r["step_ms"]["samples"]), 2)
        test.assertLessEqual(r["step_ms"]["min"], r["step_ms"]["median"])
        test.assertAlmostEqual(r["epoch_s"], r["step_ms"]["median"] * r["steps_per_epoch"] / 1e3, places=6)
        test.assertEqual(r["steps_per_epoch"], 16000)
        frac = r["conv_time"]["fraction"]
        test.assertTrue(frac is not None and 0 < frac <= 1.05, (r["config"], r["conv_time"]))
        test.assertEqual(len(r["curve"]["loss"]), 8)
        test.assertTrue(all(math.isfinite(v) for v in r["curve"]["loss"]))
        test.assertEqual([e["step"] for e in r["evals"]], [6, 8])  # after 4 timing-phase steps
        test.assertEqual(r["conv_layers"], 25)
    test.assertAlmostEqual(recs["native-f32"]["speedup_vs_native_f32"], 1.0)
    return recs


class BenchNativeTest(unittest.TestCase):
    def test_native_only_writes_valid_json_and_plots(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            r = helpers.run_cli("bench_training.py", *TINY, "--configs", "native", "--out", out, "--data-dir", tmp,
                                "--no-plot")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            with open(os.path.join(out, "training.json")) as f:
                doc = json.load(f)
            recs = check_document(self, doc, ["native-f32", "native-bf16"])
            self.assertIn("aten::convolution", recs["native-f32"]["conv_time"]["method"])
            q = recs["native-bf16"]["quality_vs_native_f32"]
            self.assertEqual(q["reference"], "native-f32")
            self.assertIsNotNone(q["val_loss_rel_diff"])
            p = helpers.run_cli("plot_training.py", os.path.join(out, "training.json"))
            self.assertEqual(p.returncode, 0, p.stderr)
            for name in ("fig7_training.png", "training_curves.png"):
                path = os.path.join(out, name)
                self.assertTrue(os.path.getsize(path) > 10000, name)
                with open(path, "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


class BenchExtensionTest(unittest.TestCase):
    """The benchmark's extension side (conv_stats, per-dtype configurations, SKIPPED with the suite's reason)
    on the conv1d_torch this build made."""

    def test_native_and_our_backends(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            r = helpers.run_cli("bench_training.py", *TINY, "--configs", "native,direct,amx", "--out", out,
                                "--data-dir", tmp)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            with open(os.path.join(out, "training.json")) as f:
                doc = json.load(f)
            recs = check_document(self, doc, ["native-f32", "native-bf16", "direct-f32", "direct-bf16", "amx-f32",
                                              "amx-bf16"])
            self.assertEqual(recs["amx-f32"]["status"], "SKIPPED")
            self.assertIn("bf16 only", recs["amx-f32"]["reason"])
            for name in ("direct-bf16", "amx-bf16"):  # PASSED where the CPU has the ISA, else SKIPPED with why
                impl = name.split("-")[0]
                expected = "PASSED" if impl in helpers.ext_backends("bf16") else "SKIPPED"
                self.assertEqual(recs[name]["status"], expected, recs[name].get("reason"))
            d = recs["direct-f32"]
            self.assertEqual(d["status"], "PASSED", d.get("reason"))
            self.assertEqual(d["role"], "ours")
            self.assertIn("conv_stats", d["conv_time"]["method"])
            self.assertGreater(d["conv_time"]["bwd_weight_ms"], 0)
            self.assertTrue(d["quality"]["within_tolerance"], d["quality"])
            self.assertIn("peaks", doc["context"])
            self.assertTrue(os.path.exists(os.path.join(out, "fig7_training.png")))

    def test_an_unknown_configuration_is_an_error(self):
        r = helpers.run_cli("bench_training.py", *TINY, "--configs", "native,cudnn", "--no-plot")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("--configs cudnn: no such configuration", r.stderr)


if __name__ == "__main__":
    unittest.main()
