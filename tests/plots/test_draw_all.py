"""draw_all.py end to end: every figure from the fixtures, what it prints, and its error exits."""
import io
import json
import os
import subprocess
import tempfile
import unittest
from contextlib import redirect_stdout

import fixture_paths as fp

import draw_all  # noqa: E402  (fixture_paths put plots/ on the path)
import matplotlib.image


def run_main(*args):
    out = io.StringIO()
    with redirect_stdout(out):
        code = draw_all.main(list(args))
    return code, out.getvalue()


def run_script(*args):
    return subprocess.run([fp.PYTHON, fp.DRAW_ALL, *args], capture_output=True, text=True, timeout=300)


class DrawsEveryFigure(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.code, cls.printed = run_main(fp.GRID, fp.CONDITION4, "--out", cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_exit_code_zero(self):
        self.assertEqual(self.code, 0, self.printed)

    def test_every_figure_written_and_non_trivial(self):
        expected = ["fig4.png", "fig5.png", "fig6.png", "condition4.png", "bf16_gain.png"] + [
            f"heatmap_{dt}_{p}.png" for dt in ("f32", "bf16") for p in ("FWD_D", "BWD_D", "BWD_W")] + [
            f"dist_{metric}_{dt}.png" for metric in ("speedup", "pct_peak") for dt in ("f32", "bf16")]
        for name in expected:
            path = os.path.join(self.tmp.name, name)
            with self.subTest(name=name):
                self.assertTrue(os.path.isfile(path), self.printed)
                self.assertIn(f"wrote {path}", self.printed)
                self.assertGreater(os.path.getsize(path), 20_000)
                pixels = matplotlib.image.imread(path)
                self.assertGreater(pixels.shape[0], 300)
                self.assertGreater(pixels.shape[1], 600)
                self.assertGreater(pixels.std(), 0.05, "a blank image")

    def test_condition4_table_printed_and_saved(self):
        self.assertIn("condition 4 (S>=5, Q>=1000, C>1, K>1)", self.printed)
        with open(os.path.join(self.tmp.name, "condition4.txt"), encoding="utf-8") as stream:
            self.assertIn("f32   FWD_D  inside", stream.read())


class SaysWhatItSkips(unittest.TestCase):
    def test_skips_figures_without_their_shapes(self):
        with tempfile.TemporaryDirectory() as out:
            code, printed = run_main(fp.CONDITION4, "--out", out)
            self.assertEqual(code, 0)
            self.assertIn("skipped fig4: no f32 records of xsmm/onednn with C=K=15, d=8", printed)
            self.assertIn("skipped fig6: no bf16 records of xsmm/amx/onednn with C=K=32, d=4", printed)
            self.assertFalse(os.path.exists(os.path.join(out, "fig4.png")))
            self.assertTrue(os.path.exists(os.path.join(out, "condition4.png")))

    def test_reference_only_run_skips_everything_but_succeeds(self):
        with open(fp.GRID, encoding="utf-8") as stream:
            document = json.load(stream)
        document["records"] = [r for r in document["records"] if r["backend"] == "ref"]
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "ref.json")
            with open(path, "w", encoding="utf-8") as stream:
                json.dump(document, stream)
            code, printed = run_main(path, "--out", out)
            self.assertEqual(code, 0)
            self.assertEqual(printed.count("skipped "), 7, printed)
            self.assertEqual([f for f in os.listdir(out) if f.endswith(".png")], [])


class RejectsBadInput(unittest.TestCase):
    def assert_one_line_error(self, result, *needles):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        for needle in needles:
            self.assertIn(needle, result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_missing_file(self):
        with tempfile.TemporaryDirectory() as out:
            self.assert_one_line_error(run_script(os.path.join(out, "nope.json"), "--out", out),
                                       "nope.json", "no such file")

    def test_truncated_json(self):
        with tempfile.TemporaryDirectory() as out:
            self.assert_one_line_error(run_script(fp.TRUNCATED, "--out", out), "truncated.json",
                                       "not valid JSON")
            self.assertEqual(os.listdir(out), [])

    def test_valid_json_that_is_not_results(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "list.json")
            with open(path, "w", encoding="utf-8") as stream:
                stream.write("[1, 2, 3]")
            self.assert_one_line_error(run_script(path, "--out", out), "not a conv1d-bench results file")

    def test_record_without_required_fields(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "thin.json")
            with open(path, "w", encoding="utf-8") as stream:
                json.dump({"context": {}, "records": [{"N": 1, "C": 2}]}, stream)
            self.assert_one_line_error(run_script(path, "--out", out), "record 0 lacks", "backend")

    def test_record_with_a_wrong_type(self):
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "typed.json")
            with open(fp.GRID, encoding="utf-8") as stream:
                document = json.load(stream)
            document["records"][3]["threads"] = None
            with open(path, "w", encoding="utf-8") as stream:
                json.dump(document, stream)
            self.assert_one_line_error(run_script(path, "--out", out), "record 3: threads is None")

    def test_out_is_a_file(self):
        self.assert_one_line_error(run_script(fp.GRID, "--out", fp.GRID), "cannot create --out")

    def test_one_bad_file_among_good_ones(self):
        with tempfile.TemporaryDirectory() as out:
            self.assert_one_line_error(run_script(fp.GRID, fp.TRUNCATED, "--out", out), "truncated.json")
            self.assertEqual(os.listdir(out), [], "nothing drawn from a partly bad input")

    def test_missing_out_option(self):
        self.assert_one_line_error(run_script(fp.GRID), "--out")


if __name__ == "__main__":
    unittest.main()
