"""The figures tell ours from the baselines by the records' role, never by the backend's name: a new
backend of ours or a second baseline needs no change in plots/, and a record without a role is refused."""
import copy
import json
import math
import os
import tempfile
import unittest

import fixture_paths as fp

import bf16_gain  # noqa: E402
import condition4  # noqa: E402
import speedup  # noqa: E402
import verdict  # noqa: E402
from loader import ResultsError, load  # noqa: E402


def renamed(records, old, new, role=None, time_factor=1.0):
    """Copies of the records of backend `old` as backend `new` (with `role`), their times scaled."""
    out = []
    for r in records:
        if r["backend"] != old:
            continue
        r = copy.deepcopy(r)
        r["backend"] = new
        r["role"] = role or r["role"]
        if r["time_ms"]:
            r["time_ms"]["median"] *= time_factor
        out.append(r)
    return out


class Roles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.records = load([fp.CONDITION4]).records  # f32 FWD_D: oneDNN 8 ms; xsmm 8/speedup ms

    def test_a_new_backend_of_ours_takes_part_where_it_is_faster(self):
        records = self.records + renamed(self.records, "xsmm", "newkernel", time_factor=0.5)
        (pair,) = [p for p in speedup.pairs(records, "f32", "FWD_D") if p.shape["Q"] == 500]
        self.assertEqual(pair.ours_backend, "newkernel")
        self.assertAlmostEqual(pair.speedup, 4.0)  # xsmm there: 2x
        self.assertEqual(speedup.label(speedup.ours(records, "f32")), "best of xsmm/newkernel")

    def test_the_fastest_of_two_baselines_is_the_yardstick(self):
        faster = renamed(self.records, "onednn", "otherlib", time_factor=0.25)  # 2 ms instead of 8
        records = self.records + faster
        (pair,) = [p for p in speedup.pairs(records, "f32", "FWD_D") if p.shape["Q"] == 500]
        self.assertAlmostEqual(pair.speedup, 0.5)  # xsmm 4 ms against otherlib's 2
        self.assertEqual(speedup.label(speedup.baselines(records, "f32")), "best of oneDNN/otherlib")
        rows = {(r.dt, r.pass_name, r.region): r for r in condition4.summarize(records)}
        self.assertEqual(rows[("f32", "FWD_D", "inside")].wins, 2)  # of 2, 2, 0.5, 8, 8x, only the 8x stay ahead

    def test_each_baseline_alone_and_the_best_of_them(self):
        records = self.records + renamed(self.records, "onednn", "otherlib", time_factor=0.25)
        (alone,) = [p for p in speedup.pairs(records, "f32", "FWD_D", "onednn") if p.shape["Q"] == 500]
        self.assertAlmostEqual(alone.speedup, 2.0)  # xsmm 4 ms against oneDNN's 8
        (other,) = [p for p in speedup.pairs(records, "f32", "FWD_D", "otherlib") if p.shape["Q"] == 500]
        self.assertAlmostEqual(other.speedup, 0.5)
        rows = {(r[0], r[1], r[2]): r for r in verdict.rows(records)}
        self.assertEqual(sorted(k[2] for k in rows if k[:2] == ("f32", "FWD_D")),
                         ["best baseline", "onednn", "otherlib"])
        best, alone_row = rows[("f32", "FWD_D", "best baseline")], rows[("f32", "FWD_D", "onednn")]
        self.assertAlmostEqual(best[5] / alone_row[5], 0.25)  # every shape's yardstick 4x faster
        self.assertAlmostEqual(best[6], alone_row[6] / 4)     # and so is the worst shape's speedup
        self.assertEqual(best[7], alone_row[7])

    def test_a_baseline_is_never_ours_whatever_its_name(self):
        records = [dict(r, role="baseline") if r["backend"] == "xsmm" else r for r in self.records]
        self.assertEqual(speedup.ours(records, "f32"), [])
        self.assertTrue(all(math.isnan(p.speedup) for p in speedup.pairs(records, "f32", "FWD_D")))

    def test_our_fp32_time_for_the_bf16_gain_is_the_fastest_of_ours(self):
        records = self.records + renamed(self.records, "xsmm", "newkernel", time_factor=0.5)
        self.assertEqual(bf16_gain.gains(records, "FWD_D", "amx"), [1.0])  # f32 newkernel 2 ms, bf16 amx 2 ms

    def test_a_record_without_a_role_is_refused_naming_the_field(self):
        with open(fp.CONDITION4, encoding="utf-8") as stream:
            document = json.load(stream)
        del document["records"][3]["role"]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "old.json")
            with open(path, "w", encoding="utf-8") as stream:
                json.dump(document, stream)
            with self.assertRaises(ResultsError) as raised:
                load([path])
        self.assertIn("record 3 lacks role", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
