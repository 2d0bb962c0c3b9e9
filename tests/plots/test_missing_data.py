"""Missing data stays missing: NaN in the data behind a figure, never 0, and failures are not values."""
import math
import unittest

import fixture_paths as fp

import heatmap  # noqa: E402
import line_figure  # noqa: E402
import speedup  # noqa: E402
from loader import load, select, value  # noqa: E402


class HeatMapCells(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.records = load([fp.GRID]).records

    def panel(self, pass_name, c, k, d):
        pairs = [p for p in speedup.pairs(self.records, "f32", pass_name)
                 if (p.shape["C"], p.shape["K"], p.shape["d"]) == (c, k, d)]
        return heatmap.cell_matrix(pairs)

    def test_skipped_cell_is_nan_not_zero(self):
        s_values, q_values, matrix, failed, _ = self.panel("FWD_D", 15, 15, 8)
        cell = matrix[s_values.index(25), q_values.index(5000)]
        self.assertTrue(math.isnan(cell), cell)
        self.assertFalse(failed[s_values.index(25), q_values.index(5000)])

    def test_failed_cell_is_nan_and_marked(self):
        s_values, q_values, matrix, failed, _ = self.panel("BWD_W", 15, 15, 8)
        i, j = s_values.index(51), q_values.index(20000)
        self.assertTrue(math.isnan(matrix[i, j]))
        self.assertTrue(failed[i, j])
        self.assertEqual(failed.sum(), 1)

    def test_measured_cells_are_finite(self):
        _, _, matrix, _, _ = self.panel("BWD_D", 15, 15, 8)
        self.assertFalse(any(math.isnan(v) for v in matrix.flat))

    def test_axes_given_by_caller_leave_absent_cells_nan(self):
        pairs = [p for p in speedup.pairs(self.records, "f32", "FWD_D") if p.shape["C"] == 1]
        _, _, matrix, _, _ = heatmap.cell_matrix(pairs, [5, 9], [1000, 5000])
        self.assertTrue(math.isnan(matrix[0, 0]) and math.isnan(matrix[1, 1]))
        self.assertFalse(math.isnan(matrix[1, 0]))


class LinePoints(unittest.TestCase):
    def test_gap_where_ours_was_skipped(self):
        records = select(load([fp.GRID]).records, C=15, d=8, S=25, dt="f32", backend="xsmm", threads=2,
                         **{"pass": "FWD_D"})
        ys = line_figure.line_points(records, "pct_peak", [1000, 5000, 20000])
        self.assertTrue(math.isnan(ys[1]), ys)
        self.assertGreater(ys[0], 0)
        self.assertGreater(ys[2], 0)


class Values(unittest.TestCase):
    def test_only_passed_or_not_verified_records_have_values(self):
        record = {"status": "PASSED", "gflops": 3.0, "time_ms": {"median": 2.0}}
        self.assertEqual(value(record, "gflops"), 3.0)
        self.assertEqual(value(record, "time_ms.median"), 2.0)
        self.assertEqual(value(dict(record, status="NOT_VERIFIED"), "gflops"), 3.0)
        for status in ("FAILED", "MISTRUSTED", "SKIPPED", "UNIMPLEMENTED"):
            self.assertIsNone(value(dict(record, status=status), "gflops"), status)

    def test_null_zero_and_absent_are_not_values(self):
        for gflops in (None, 0.0, float("nan"), "fast"):
            self.assertIsNone(value({"status": "PASSED", "gflops": gflops}, "gflops"), gflops)
        self.assertIsNone(value({"status": "PASSED", "time_ms": None}, "time_ms.median"))


if __name__ == "__main__":
    unittest.main()
