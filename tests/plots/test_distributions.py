"""The distribution figures on a fixture whose answer is known by hand (distributions_records() in
make_fixtures.py): the values each panel draws, that FAILED/SKIPPED records never count, that ours is the
fastest of ours, the files written, and the skip for a subset of one shape."""
import copy
import json
import os
import tempfile
import unittest

import fixture_paths as fp

import distributions  # noqa: E402
import matplotlib.image
from caption import Skip  # noqa: E402
from loader import Results, load  # noqa: E402
from test_draw_all import run_main  # noqa: E402


def values_by(records, dt, metric, parameter):
    """distributions.values_by, rounded: times and percentages pass through geometric means (exp of log)."""
    return {key: [round(v, 9) for v in vs]
            for key, vs in distributions.values_by(records, dt, metric, parameter).items()}


class KnownAnswer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.records = load([fp.DISTRIBUTIONS]).records

    def test_speedup_along_s_pools_the_passes(self):
        self.assertEqual(values_by(self.records, "f32", "speedup", "S"), {5: [0.5, 2.0, 8.0], 9: [4.0]})

    def test_speedup_along_pass(self):
        self.assertEqual(values_by(self.records, "f32", "speedup", "pass"),
                         {"FWD_D": [0.5, 2.0, 4.0], "BWD_D": [8.0]})

    def test_failed_and_skipped_never_count(self):
        # Q=4000: ours FAILED (its record holds 1 ms and 99%): no value, so it is left out when drawn.
        # Q=2000, S=9: oneDNN SKIPPED: ours has its 25% of peak, but there is no speedup.
        self.assertEqual(values_by(self.records, "f32", "speedup", "Q"),
                         {1000: [2.0, 4.0, 8.0], 2000: [0.5], 4000: []})
        self.assertEqual(values_by(self.records, "f32", "pct_peak", "Q"),
                         {1000: [40.0, 60.0, 70.0], 2000: [10.0, 25.0], 4000: []})
        note = distributions.footer_note(distributions.shapes(self.records, "f32"), "speedup")
        self.assertIn("not counted: 2 shape(s) without a value", note)
        self.assertIn("1 of them with a FAILED/MISTRUSTED record", note)
        self.assertIn("left out, no value: Q=4000", note)
        self.assertNotIn("S=9", note.split("left out")[1])  # S=9 has a value (4x)

    def test_ours_is_the_fastest_of_ours_for_both_metrics(self):
        # bf16 S=5: xsmm 2x at 20% of peak, amx 4x at 5%: ours is amx, so 4x and 5%, not the best % (20).
        self.assertEqual(values_by(self.records, "bf16", "speedup", "S"), {5: [4.0], 9: [1.0]})
        self.assertEqual(values_by(self.records, "bf16", "pct_peak", "S"), {5: [5.0], 9: [30.0]})

    def test_summary_line(self):
        values = [v for vs in distributions.values_by(self.records, "f32", "speedup", "S").values() for v in vs]
        self.assertEqual(distributions.summary(values, "speedup"),
                         "ours faster on 3 of 4 shapes · median 3.00× · geometric mean 2.38×")  # 32^(1/4)
        self.assertEqual(distributions.summary([4.0, 1.0], "speedup").split(" · ")[0],
                         "ours faster on 1 of 2 shapes")  # 1x is not a win
        self.assertEqual(distributions.summary([10.0, 25.0, 40.0, 60.0, 70.0], "pct_peak"),
                         "5 shapes · median 40% of peak · middle half 25–60%")


class Files(unittest.TestCase):
    def test_one_figure_per_metric_and_dt(self):
        with tempfile.TemporaryDirectory() as out:
            code, printed = run_main(fp.DISTRIBUTIONS, "--out", out)
            self.assertEqual(code, 0, printed)
            for name in ("dist_speedup_f32.png", "dist_pct_peak_f32.png", "dist_speedup_bf16.png",
                         "dist_pct_peak_bf16.png"):
                with self.subTest(name=name):
                    path = os.path.join(out, name)
                    self.assertIn(f"wrote {path}", printed)
                    pixels = matplotlib.image.imread(path)
                    self.assertGreater(pixels.shape[1], 1000)
                    self.assertGreater(pixels.std(), 0.05, "a blank image")


class Skips(unittest.TestCase):
    def subset(self, keep):
        results = load([fp.DISTRIBUTIONS])
        subset = Results()
        subset.contexts = results.contexts
        subset.records = [copy.deepcopy(r) for r in results.records if keep(r)]
        return subset

    def test_a_single_shape_skips_with_a_reason(self):
        one = self.subset(lambda r: (r["dt"], r["pass"], r["S"], r["Q"]) == ("f32", "FWD_D", 5, 1000))
        with tempfile.TemporaryDirectory() as out:
            with self.assertRaises(Skip) as raised:
                distributions.draw(one, out)
            self.assertIn("at least 2 shapes", str(raised.exception))
            self.assertIn("f32: 1 with a speedup", str(raised.exception))
            self.assertEqual(os.listdir(out), [])

    def test_a_dt_with_one_shape_is_not_drawn_beside_one_with_more(self):
        # f32 whole, bf16 S=5 only (one shape, xsmm and amx): the f32 figures, no bf16 one.
        subset = self.subset(lambda r: r["dt"] == "f32" or r["S"] == 5)
        with tempfile.TemporaryDirectory() as out:
            written = distributions.draw(subset, out)
            self.assertEqual(sorted(os.path.basename(p) for p in written),
                             ["dist_pct_peak_f32.png", "dist_speedup_f32.png"])

    def test_draw_all_says_why(self):
        with tempfile.TemporaryDirectory() as out:
            code, printed = run_main(fp.GRID, "--out", out)  # grid.json has many shapes: drawn
            self.assertIn(f"wrote {os.path.join(out, 'dist_speedup_f32.png')}", printed)
        with open(fp.DISTRIBUTIONS, encoding="utf-8") as stream:
            document = json.load(stream)
        document["records"] = [r for r in document["records"] if r["dt"] == "f32" and r["S"] == 5
                               and r["Q"] == 1000 and r["pass"] == "FWD_D"]
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "one.json")
            with open(path, "w", encoding="utf-8") as stream:
                json.dump(document, stream)
            code, printed = run_main(path, "--out", out)
            self.assertEqual(code, 0)
            self.assertIn("skipped distributions: a distribution needs at least 2 shapes", printed)
            self.assertFalse([f for f in os.listdir(out) if f.startswith("dist_")])


if __name__ == "__main__":
    unittest.main()
