"""Tests of ci/check_isa_isolation.py, the judge of runs made as an older node (CONV1D_DISABLE_ISA)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "ci"))
import check_isa_isolation as check  # noqa: E402


def rec(backend, role, dt, status, isa="", reason=""):
    return {"backend": backend, "role": role, "descriptor": "mb1ic4iw40oc4kw3", "pass": "FWD_D", "dt": dt,
            "status": status, "isa": isa, "reason": reason}


def cascade_lake_run():
    return {"records": [
        rec("xsmm", "ours", "f32", "PASSED", "avx512_fp32"),
        rec("xsmm", "ours", "bf16", "SKIPPED", reason="CPU lacks AVX512-BF16"),
        rec("amx", "ours", "bf16", "SKIPPED", reason="CPU lacks AMX-BF16 (or the OS did not grant tile data)"),
        rec("onednn", "baseline", "bf16", "PASSED", "avx512_fp32"),
        rec("ref", "oracle", "bf16", "PASSED", "none"),
    ]}


class CheckIsaIsolation(unittest.TestCase):
    def test_a_correct_cascade_lake_run_passes(self):
        self.assertEqual(check.problems(cascade_lake_run(), ["avx512_bf16", "amx_bf16"]), [])

    def test_a_kernel_that_ran_on_a_lacking_isa_is_caught(self):
        doc = cascade_lake_run()
        doc["records"][1] = rec("xsmm", "ours", "bf16", "PASSED", "avx512_bf16")
        errors = check.problems(doc, ["avx512_bf16", "amx_bf16"])
        self.assertTrue(any("ran on avx512_bf16" in e for e in errors), errors)
        self.assertTrue(any("expected SKIPPED" in e for e in errors), errors)

    def test_avx2_node_must_not_report_avx512_peaks(self):
        doc = cascade_lake_run()  # its f32 records ran on AVX-512: wrong for an AVX2-only node
        errors = check.problems(doc, ["avx512f"])
        self.assertTrue(any("ran on avx512_fp32" in e for e in errors), errors)

    def test_failures_reasonless_skips_and_vacuous_runs_are_caught(self):
        doc = {"records": [rec("xsmm", "ours", "f32", "FAILED", "avx2_fp32", "3 of 9 outputs differ"),
                           rec("onednn", "baseline", "f32", "SKIPPED")]}
        errors = check.problems(doc, ["avx512f"])
        self.assertTrue(any("FAILED" in e for e in errors), errors)
        self.assertTrue(any("without a reason" in e for e in errors), errors)
        self.assertTrue(any("nothing was checked" in e for e in errors), errors)


if __name__ == "__main__":
    unittest.main()
