import json
import math
import os
import tempfile
import unittest

import torch

import helpers
from atacworks import data, training


class TrainerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = data.write_h5(os.path.join(cls.tmp.name, "t.h5"), 4, 300, 50, seed=1)
        cls.ds = data.AtacH5Dataset(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.ds.close()
        cls.tmp.cleanup()

    def test_two_native_steps_finite(self):
        torch.set_num_threads(min(2, torch.get_num_threads()))
        for dtype in ("f32", "bf16"):
            trainer = training.Trainer("native", dtype, seed=0, pad=50)
            before = [p.detach().clone() for p in trainer.model.parameters()]
            recs = [trainer.step(self.ds.batch([0, 1])), trainer.step(self.ds.batch([2, 3]))]
            for rec in recs:
                self.assertTrue(math.isfinite(rec["total"]), (dtype, rec))
                self.assertGreater(rec["step_s"], 0)
            changed = any(not torch.equal(a, p) for a, p in zip(before, trainer.model.parameters()))
            self.assertTrue(changed, "Adam moved the weights")
            self.assertTrue(all(p.dtype == torch.float32 for p in trainer.model.parameters()), "f32 master weights")

    def test_losses_as_atacworks(self):
        y = torch.rand(2, 100) * 10
        lab = (torch.rand(2, 100) > 0.8).float()
        perfect = training.losses(y.clone(), lab.clamp(0.01, 0.99), y, lab, pad=10)
        self.assertAlmostEqual(float(perfect["mse"]), 0.0, places=6)
        self.assertAlmostEqual(float(perfect["pearson_loss"]), 0.0, places=5)
        w = training.DEFAULT_WEIGHTS
        self.assertEqual((w["mse"], w["pearson"], w["bce"]), (0.0005, 1.0, 1.0))
        t = training.losses(torch.zeros(2, 100), torch.full((2, 100), 0.5), y, lab, pad=10)
        expected = 0.0005 * float((y[:, 10:-10] ** 2).mean()) + 1.0 + math.log(2)
        self.assertAlmostEqual(float(t["total"]), expected, places=4)

    def test_evaluate_auroc(self):
        trainer = training.Trainer("native", "f32", seed=0, pad=0)
        x = torch.rand(2, 1, 64)
        batch = {"input": x, "label_reg": torch.rand(2, 64), "label_cla": (torch.arange(64) % 2).float().repeat(2, 1)}
        ev = trainer.evaluate([batch])
        self.assertIsNotNone(ev["auroc"])
        self.assertTrue(0.0 <= ev["auroc"] <= 1.0)
        self.assertEqual(ev["bases"], 128)

    def test_batch_plan(self):
        plan = training.batch_plan(5, 2, 7, seed=3)
        self.assertEqual(plan, training.batch_plan(5, 2, 7, seed=3))
        self.assertEqual(len(plan), 7)
        self.assertTrue(all(len(b) == 2 and b == sorted(b) for b in plan))
        self.assertEqual(len(set(plan[0] + plan[1])), 4, "an epoch's batches do not repeat intervals")


class TrainCliTest(unittest.TestCase):
    def test_train_py_two_steps(self):
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log.json")
            r = helpers.run_cli("train.py", "--steps", 2, "--width", 200, "--pad", 50, "--intervals", 4,
                                "--val-intervals", 2, "--threads", 2, "--data-dir", tmp, "--json", log)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(log) as f:
                out = json.load(f)
            self.assertEqual(len(out["steps"]), 2)
            self.assertTrue(all(math.isfinite(s["total"]) for s in out["steps"]))
            self.assertIn("held-out", r.stdout)
            self.assertEqual(out["track_length"], 300)


if __name__ == "__main__":
    unittest.main()
