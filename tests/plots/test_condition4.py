"""The condition-4 summary and speedup pairing on a fixture whose answer is known by hand
(see condition4_records() in make_fixtures.py)."""
import math
import unittest

import fixture_paths as fp

import bf16_gain  # noqa: E402
import condition4  # noqa: E402
import heatmap  # noqa: E402
import speedup  # noqa: E402
from loader import load  # noqa: E402


class KnownAnswer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.records = load([fp.CONDITION4]).records
        cls.rows = {(r.dt, r.pass_name, r.region): r for r in condition4.summarize(cls.records)}

    def test_only_compared_dt_and_pass_appear(self):
        self.assertEqual(sorted(self.rows), sorted([("f32", "FWD_D", "inside"), ("f32", "FWD_D", "outside"),
                                                    ("bf16", "FWD_D", "inside"), ("bf16", "FWD_D", "outside")]))

    def test_inside_region(self):
        row = self.rows[("f32", "FWD_D", "inside")]
        self.assertEqual((row.shapes, row.wins, row.failed), (5, 4, 1))
        self.assertAlmostEqual(row.win_share, 0.8)
        self.assertAlmostEqual(row.geomean, 128 ** 0.2)

    def test_outside_region(self):
        row = self.rows[("f32", "FWD_D", "outside")]
        self.assertEqual((row.shapes, row.wins, row.failed), (3, 1, 0))
        self.assertAlmostEqual(row.geomean, 0.25 ** (1 / 3))

    def test_bf16_takes_the_faster_of_xsmm_and_amx(self):
        row = self.rows[("bf16", "FWD_D", "inside")]
        self.assertEqual((row.shapes, row.wins), (1, 1))
        self.assertAlmostEqual(row.geomean, 4.0)
        (pair,) = speedup.pairs(self.records, "bf16", "FWD_D")
        self.assertEqual(pair.ours_backend, "amx")

    def test_empty_region_has_no_number(self):
        row = self.rows[("bf16", "FWD_D", "outside")]
        self.assertEqual(row.shapes, 0)
        self.assertTrue(math.isnan(row.geomean) and math.isnan(row.win_share))
        self.assertIn("bf16  FWD_D  outside       0          -        -", condition4.table([row], self.records))

    def test_table_names_ours_and_the_baseline_per_type(self):
        header = condition4.table(condition4.summarize(self.records), self.records).splitlines()[0]
        self.assertTrue(header.endswith("ours vs oneDNN (ours = xsmm for f32, best of xsmm/amx for bf16)"), header)

    def test_region_boundaries_are_inclusive_as_in_equation_4(self):
        inside = dict(S=5, Q=1000, C=2, K=2)
        self.assertTrue(condition4.in_region(inside))
        for field, outside_value in (("S", 4), ("Q", 999), ("C", 1), ("K", 1)):
            self.assertFalse(condition4.in_region(dict(inside, **{field: outside_value})), field)

    def test_heat_map_cell_is_geometric_mean_over_shapes(self):
        pairs = [p for p in speedup.pairs(self.records, "f32", "FWD_D") if p.shape["C"] == 16]
        s_values, q_values, matrix, _, _ = heatmap.cell_matrix(pairs)
        self.assertAlmostEqual(matrix[s_values.index(9), q_values.index(2000)], 4.0)  # N=1: 2x, N=2: 8x


class Bf16Gain(unittest.TestCase):
    def test_known_ratios_on_the_one_shared_shape(self):
        records = load([fp.CONDITION4]).records  # f32 xsmm 4 ms; bf16 xsmm 4 ms, amx 2 ms
        self.assertEqual(bf16_gain.gains(records, "FWD_D", "xsmm"), [1.0])
        self.assertEqual(bf16_gain.gains(records, "FWD_D", "amx"), [2.0])
        self.assertEqual(bf16_gain.gains(records, "BWD_D", "amx"), [])


if __name__ == "__main__":
    unittest.main()
