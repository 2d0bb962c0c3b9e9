"""The gate on results recorded on the 2-core development VM with ci/run_gate.sh:
  fixtures/baseline.json        ci/run_gate.sh --refresh
  fixtures/unchanged.json       ci/run_gate.sh, same code, minutes later
  fixtures/slowed_repeat2.json  the same, built with -DCONV1D_SLOW_KERNELS=ON (our kernels execute twice)
Recorded JSON, so the test does not depend on the speed of the machine running it."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "ci"))
import gate  # noqa: E402


def fixture(name):
    return gate.load(os.path.join(HERE, "fixtures", name))


class RecordedGate(unittest.TestCase):
    def test_unchanged_code_passes(self):
        s, r, i, m = gate.compare(fixture("baseline.json"), fixture("unchanged.json"))
        self.assertEqual((s, r, m), ([], [], []))
        self.assertEqual(gate.main([os.path.join(HERE, "fixtures", f) for f in ("baseline.json", "unchanged.json")]), 0)

    def test_the_slowed_build_fails_and_names_the_shapes(self):
        slowed = fixture("slowed_repeat2.json")
        self.assertTrue(all(r["impl"].endswith("+repeat2") for r in slowed["records"] if r["role"] == "ours"))
        s, r, i, m = gate.compare(fixture("baseline.json"), slowed)
        self.assertEqual((s, m), ([], []))
        ours = [k for k, rec in gate.index(slowed).items() if rec["role"] == "ours"]
        self.assertGreaterEqual(len(r), len(ours) // 2, "most doubled kernels are caught")
        self.assertTrue(all(x["key"][0] in ("xsmm", "amx") for x in r), "oneDNN is never blamed")
        self.assertTrue(all(x["peak_normalized_change"] >= 0.4 and x["vs_baseline_change"] >= 0.4 for x in r))
        paths = [os.path.join(HERE, "fixtures", f) for f in ("baseline.json", "slowed_repeat2.json")]
        self.assertEqual(gate.main(paths + ["--final"]), 1)

    def test_a_baseline_recorded_before_the_role_field_judges_the_same(self):
        old = fixture("baseline.json")
        for r in old["records"]:
            del r["role"]
        for current in ("unchanged.json", "slowed_repeat2.json"):
            self.assertEqual(gate.compare(old, fixture(current)),
                             gate.compare(fixture("baseline.json"), fixture(current)))


if __name__ == "__main__":
    unittest.main()
