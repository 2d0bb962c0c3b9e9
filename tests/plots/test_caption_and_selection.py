"""What the footers say, and which records the line figures draw."""
import copy
import os
import tempfile
import unittest

import fixture_paths as fp

import caption  # noqa: E402
import fig4  # noqa: E402
from caption import Skip  # noqa: E402
from loader import Results, load, main_thread_count, select  # noqa: E402


class Footer(unittest.TestCase):
    def test_provenance_names_cpu_threads_and_date(self):
        results = load([fp.GRID])
        text = caption.provenance(results, select(results.records, threads=2))
        self.assertIn("FIXTURE CPU (synthetic test data)", text)
        self.assertIn("2 thread(s)", text)
        self.assertIn("2026-01-01T00:00:00Z", text)

    def test_two_files_give_a_date_range(self):
        results = load([fp.GRID, fp.CONDITION4])
        results.contexts[1]["date"] = "2026-02-01T00:00:00Z"
        text = caption.provenance(results, results.records)
        self.assertIn("2026-01-01T00:00:00Z … 2026-02-01T00:00:00Z", text)
        self.assertIn("1/2 thread(s)", text)

    def test_peak_note_names_each_measured_isa(self):
        results = load([fp.GRID])
        note = caption.peak_note(select(results.records, dt="bf16"))
        self.assertIn("measured peak per ISA", note)
        self.assertIn("avx512_bf16 96.0 GFLOP/s", note)
        self.assertIn("amx_bf16 700.0 GFLOP/s", note)
        unjudged = {"status": "PASSED", "peak_isa": "none", "peak_gflops": None}  # as the harness writes ref
        self.assertEqual(caption.peak_note([unjudged]), "no measured peak in these records")


class LineFigureSelection(unittest.TestCase):
    def test_largest_thread_count_is_drawn(self):
        self.assertEqual(main_thread_count([{"threads": 1}, {"threads": 2}, {"threads": 1}]), 2)
        self.assertIsNone(main_thread_count([]))

    def test_all_failed_shape_is_skipped_with_a_reason(self):
        results = load([fp.GRID])
        failed = Results()
        failed.contexts = results.contexts
        failed.records = [dict(copy.deepcopy(r), status="FAILED") for r in results.records]
        with tempfile.TemporaryDirectory() as out:
            with self.assertRaises(Skip) as raised:
                fig4.draw(failed, out)
            self.assertIn("none has a drawable pct_peak", str(raised.exception))
            self.assertEqual(os.listdir(out), [])


if __name__ == "__main__":
    unittest.main()
