"""Checks `conv1d-bench dump` the way a user would: load the .npy files in NumPy and recompute the
pass independently from the paper's equation (2). Run by ctest with Debian's /usr/bin/python3."""
import subprocess
import sys
import tempfile
import unittest

import numpy as np

BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else "build/harness/conv1d-bench"


def forward(src, wei, d):
    n, c, w = src.shape
    k, _, s = wei.shape
    q = w - (s - 1) * d
    dst = np.zeros((n, k, q), dtype=np.float64)
    for tap in range(s):
        # dst[n,k,q] += sum_c wei[k,c,tap] * src[n,c,q+tap*d]
        dst += np.einsum("kc,ncq->nkq", wei[:, :, tap], src[:, :, tap * d: tap * d + q])
    return dst


def backward_data(diff_dst, wei, d, w):
    n, k, q = diff_dst.shape
    _, c, s = wei.shape
    diff_src = np.zeros((n, c, w), dtype=np.float64)
    for tap in range(s):
        diff_src[:, :, tap * d: tap * d + q] += np.einsum("kc,nkq->ncq", wei[:, :, tap], diff_dst)
    return diff_src


def backward_weight(src, diff_dst, d, s):
    n, c, w = src.shape
    q = diff_dst.shape[2]
    return np.stack([np.einsum("ncq,nkq->kc", src[:, :, tap * d: tap * d + q], diff_dst) for tap in range(s)], axis=2)


def to_bf16(x):
    """Rounds float64 values to bf16 (nearest even), the way the suite's bf16 outputs are rounded."""
    bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return rounded.astype(np.uint32).view(np.float32)


class DumpMatchesNumPy(unittest.TestCase):
    # N=2, C=3, W=40, K=4, S=5, dw=2 -> d=3, Q=28
    DESC, N, C, W, K, S, D = "mb2ic3iw40oc4kw5dw2", 2, 3, 40, 4, 5, 3

    def dump(self, dt, direction):
        out = tempfile.mkdtemp()
        subprocess.run([BINARY, "dump", "-p", self.DESC, "--dt", dt, "--dir", direction, "-b", "ref", "--save", out],
                       check=True, capture_output=True)
        return lambda name: np.load(f"{out}/{name}.npy").astype(np.float64)

    def check(self, dt, got, expected):
        if dt == "bf16":
            expected = to_bf16(expected)
        self.assertTrue(np.any(expected != 0))
        np.testing.assert_array_equal(got, expected)

    def test_all_passes_both_types(self):
        q = self.W - (self.S - 1) * self.D
        for dt in ("f32", "bf16"):
            with self.subTest(dt=dt, direction="FWD_D"):
                t = self.dump(dt, "FWD_D")
                self.assertEqual(t("src").shape, (self.N, self.C, self.W))
                self.assertEqual(t("dst").shape, (self.N, self.K, q))
                self.check(dt, t("dst"), forward(t("src"), t("wei"), self.D))
            with self.subTest(dt=dt, direction="BWD_D"):
                t = self.dump(dt, "BWD_D")
                self.check(dt, t("diff_src"), backward_data(t("diff_dst"), t("wei"), self.D, self.W))
            with self.subTest(dt=dt, direction="BWD_W"):
                t = self.dump(dt, "BWD_W")
                self.assertEqual(t("diff_wei").shape, (self.K, self.C, self.S))
                self.check(dt, t("diff_wei"), backward_weight(t("src"), t("diff_dst"), self.D, self.S))


if __name__ == "__main__":
    unittest.main()
