import hashlib
import os
import tempfile
import unittest

import h5py
import numpy as np

import helpers  # noqa: F401  (sys.path)
from atacworks import data


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


class GeneratorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_interval_depends_only_on_seed_and_index(self):
        a = data.generate_interval(7, 3, 2000)
        b = data.generate_interval(7, 3, 2000)
        c = data.generate_interval(8, 3, 2000)
        d = data.generate_interval(7, 4, 2000)
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)
        self.assertFalse(np.array_equal(a[1], c[1]))
        self.assertFalse(np.array_equal(a[1], d[1]))

    def test_tracks_are_atac_like(self):
        noisy, clean, labels = (np.concatenate(t) for t in zip(*[data.generate_interval(1, i, 5000) for i in range(40)]))
        self.assertTrue(np.all(noisy <= clean), "the noisy track is a subsample of the clean reads")
        self.assertTrue(np.all(clean == np.round(clean)) and np.all(noisy == np.round(noisy)), "read counts")
        self.assertEqual(set(np.unique(labels)), {0.0, 1.0})
        self.assertLess(labels.mean(), 0.3)
        self.assertGreater(labels.mean(), 0.005)
        self.assertGreater(clean[labels == 1].mean(), 3 * clean[labels == 0].mean(), "peaks are enriched")
        self.assertAlmostEqual(noisy.sum() / clean.sum(), 1 / 16, delta=0.01)

    def test_same_seed_same_file_bytes(self):
        p1 = data.write_h5(os.path.join(self.dir, "a.h5"), 5, 300, 50, seed=3, chunk=2)
        p2 = data.write_h5(os.path.join(self.dir, "b.h5"), 5, 300, 50, seed=3, chunk=64)
        p3 = data.write_h5(os.path.join(self.dir, "c.h5"), 5, 300, 50, seed=4)
        digest = [md5(p) for p in (p1, p2)]
        with h5py.File(p1) as f1, h5py.File(p2) as f2, h5py.File(p3) as f3:
            for k in data.DATASETS:
                np.testing.assert_array_equal(f1[k][:], f2[k][:])  # chunking does not change the data
            self.assertFalse(np.array_equal(f1["label_reg"][:], f3["label_reg"][:]))
        p1b = data.write_h5(os.path.join(self.dir, "a2.h5"), 5, 300, 50, seed=3, chunk=2)
        self.assertEqual(digest[0], md5(p1b))

    def test_layout_is_atacworks(self):
        path = data.write_h5(os.path.join(self.dir, "t.h5"), 6, 400, 100, seed=0, chunk=4)
        with h5py.File(path) as f:
            self.assertEqual(sorted(f.keys()), ["input", "label_cla", "label_reg"])
            for k in data.DATASETS:
                self.assertEqual(f[k].shape, (6, 600))
                self.assertEqual(f[k].dtype, np.float32)
                self.assertEqual(f[k].maxshape, (None, 600))
                self.assertEqual(f[k].compression, "lzf")
            self.assertEqual(int(f.attrs["pad"]), 100)
            self.assertEqual(int(f.attrs["width"]), 400)
        self.assertEqual(data.file_pad(path), 100)

    def test_reader_reads_generated_file(self):
        path = data.write_h5(os.path.join(self.dir, "r.h5"), 4, 200, 20, seed=2)
        ds = data.AtacH5Dataset(path)
        self.assertEqual(len(ds), 4)
        item = ds[2]
        self.assertEqual(tuple(item["input"].shape), (1, 240))
        self.assertEqual(tuple(item["label_reg"].shape), (240,))
        noisy, clean, labels = data.generate_interval(2, 2, 240)
        np.testing.assert_array_equal(item["input"][0].numpy(), noisy)
        np.testing.assert_array_equal(item["label_reg"].numpy(), clean)
        np.testing.assert_array_equal(item["label_cla"].numpy(), labels)
        b = ds.batch([0, 3])
        self.assertEqual(tuple(b["input"].shape), (2, 1, 240))
        self.assertEqual(tuple(b["label_cla"].shape), (2, 240))

    def test_reader_reads_a_file_written_as_atacworks_does(self):
        # AtacWorks's bw2h5 -> dict_to_h5: datasets created with maxshape (None, L), LZF, extended batch by
        # batch with resize; no attributes (the pad is not stored); optional extra "layers" datasets.
        path = os.path.join(self.dir, "aw.h5")
        rng = np.random.default_rng(0)
        rows = {k: rng.poisson(1.0, size=(5, 120)).astype(np.float32) for k in ("input", "label_reg", "atac2")}
        rows["label_cla"] = (rng.random((5, 120)) < 0.1).astype(np.float32)
        with h5py.File(path, "w") as f:
            for k, v in rows.items():
                f.create_dataset(k, data=v[:3], maxshape=(None, 120), compression="lzf")
            for k, v in rows.items():
                f[k].resize((5, 120))
                f[k][3:] = v[3:]
        self.assertIsNone(data.file_pad(path))
        ds = data.AtacH5Dataset([path, path], layers=["atac2"])
        self.assertEqual(len(ds), 10)
        item = ds[7]  # second file, row 2
        self.assertEqual(tuple(item["input"].shape), (2, 120))
        np.testing.assert_array_equal(item["input"][1].numpy(), rows["atac2"][2])
        np.testing.assert_array_equal(item["label_cla"].numpy(), rows["label_cla"][2])
        with self.assertRaises(ValueError):
            data.AtacH5Dataset(path, layers=["missing"])

    def test_ensure_data_reuses_identical_file(self):
        p = data.ensure_data(self.dir, "train", 3, 100, 10, seed=5)
        mtime = os.path.getmtime(p)
        self.assertEqual(data.ensure_data(self.dir, "train", 3, 100, 10, seed=5), p)
        self.assertEqual(os.path.getmtime(p), mtime)


if __name__ == "__main__":
    unittest.main()
