"""ATAC-seq-like training tracks in the HDF5 layout AtacWorks reads, and a reader for that layout.

The layout (what AtacWorks's `bw2h5` writes through `io/h5io.py:dict_to_h5` and `dl4atac/dataset.py` reads):

* one HDF5 file per split, datasets at the root, no groups:
  - ``input``     float32 (n, L): the noisy (low-coverage) signal,
  - ``label_reg`` float32 (n, L): the clean (high-coverage) signal, the regression target,
  - ``label_cla`` float32 (n, L): 0/1 peak labels, the classification target,
  - optionally more float32 (n, L) datasets named by the user ("layers"), extra input channels;
* row i is one genomic interval of ``width`` bases with ``pad`` bases of real flanking signal on each side
  (zeros only where the flank runs off the chromosome): ``L = width + 2 * pad``;
* created with ``maxshape=(None, L)`` and LZF compression, appended batch by batch (``resize``).

AtacWorks does not store ``pad`` in the file (the trainer is told ``--pad``). Files written here carry it
and the generator's parameters as HDF5 *attributes*, which AtacWorks's reader ignores (it iterates over
the datasets only), so they stay readable by AtacWorks, and real AtacWorks files are readable here.

The generator is synthetic and seeded: interval i of a file depends only on (seed, i).
"""
import os

import h5py
import numpy as np
import torch
from torch.utils.data import Dataset

DATASETS = ("input", "label_reg", "label_cla")
GENERATOR_NAME = "conv1d-bench train/atacworks/data.py synthetic ATAC-seq, v1"


# --------------------------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------------------------

class TrackParams:
    """Parameters of the synthetic tracks (defaults give ~5-10 % peak bases, like real ATAC-seq labels)."""

    def __init__(self, background=2.0, background_sigma=0.5, peak_rate=1.0 / 5000,
                 peak_width=(200, 1000), peak_height=12.0, peak_height_sigma=1.0,
                 call_threshold=8.0, subsample=1.0 / 16):
        self.background = background              # clean coverage per base away from peaks (mean)
        self.background_sigma = background_sigma  # log-normal spread of an interval's background level
        self.peak_rate = peak_rate                # peaks per base
        self.peak_width = peak_width              # called peak width range, bases (uniform)
        self.peak_height = peak_height            # median peak height, in units of the background level
        self.peak_height_sigma = peak_height_sigma
        self.call_threshold = call_threshold      # a peak is labelled (called) if height >= this x background
        self.subsample = subsample                # noisy/clean depth ratio (AtacWorks's 5M of 80M reads)

    def as_attrs(self):
        return {"background": self.background, "background_sigma": self.background_sigma,
                "peak_rate": self.peak_rate, "peak_width_min": self.peak_width[0],
                "peak_width_max": self.peak_width[1], "peak_height": self.peak_height,
                "peak_height_sigma": self.peak_height_sigma, "call_threshold": self.call_threshold,
                "subsample": self.subsample}


def generate_interval(seed, index, length, params=None):
    """One interval: (noisy input, clean signal, peak labels), float32 arrays of `length`.

    Clean coverage is Poisson around a slowly varying background plus Gaussian-shaped peaks; the noisy
    track is a binomial subsample of the clean reads (a low-coverage experiment of the same cells); a peak
    is labelled over its width when it is strong enough to be called (weak peaks stay unlabelled, as a peak
    caller would miss them), so peak calling from the noisy track is learnable but not trivial.
    """
    p = params or TrackParams()
    rng = np.random.default_rng([int(seed), int(index)])
    x = np.arange(length, dtype=np.float64)
    level = p.background * rng.lognormal(0.0, p.background_sigma)
    # background varying smoothly along the interval: log-normal knots every 1000 bases, interpolated
    knots = np.arange(0, length + 1000, 1000, dtype=np.float64)
    background = level * np.exp(np.interp(x, knots, rng.normal(0.0, 0.3, size=knots.size)))
    peaks = np.zeros(length)
    labels = np.zeros(length, dtype=np.float32)
    for _ in range(rng.poisson(length * p.peak_rate)):
        center = rng.uniform(0, length)
        width = rng.uniform(*p.peak_width)
        sigma = width / 4.0
        height = p.peak_height * rng.lognormal(0.0, p.peak_height_sigma)
        lo, hi = max(0, int(center - 4 * sigma)), min(length, int(center + 4 * sigma) + 1)
        peaks[lo:hi] += height * level * np.exp(-0.5 * ((x[lo:hi] - center) / sigma) ** 2)
        if height >= p.call_threshold:
            labels[max(0, int(center - width / 2)):min(length, int(center + width / 2) + 1)] = 1.0
    clean = rng.poisson(background + peaks)
    noisy = rng.binomial(clean, p.subsample)
    return noisy.astype(np.float32), clean.astype(np.float32), labels


def write_h5(path, intervals, width, pad, seed, params=None, chunk=64):
    """Write `intervals` generated tracks of width + 2 * pad bases to `path` in AtacWorks's layout."""
    params = params or TrackParams()
    length = width + 2 * pad
    if intervals < 1 or width < 1 or pad < 0:
        raise ValueError("need intervals >= 1, width >= 1, pad >= 0")
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = path + ".tmp"
    with h5py.File(tmp, "w") as f:
        for start in range(0, intervals, chunk):
            rows = [generate_interval(seed, i, length, params)
                    for i in range(start, min(intervals, start + chunk))]
            batch = {name: np.stack([r[k] for r in rows]) for k, name in enumerate(DATASETS)}
            for name, data in batch.items():
                if start == 0:
                    # as AtacWorks's dict_to_h5: extendable along rows, LZF; no timestamps, so that the
                    # same seed gives the same bytes
                    f.create_dataset(name, data=data, maxshape=(None, length), compression="lzf",
                                     track_times=False)
                else:
                    ds = f[name]
                    old = ds.shape[0]
                    ds.resize((old + data.shape[0], length))
                    ds[old:] = data
        f.attrs["generator"] = GENERATOR_NAME
        f.attrs["seed"] = int(seed)
        f.attrs["width"] = int(width)
        f.attrs["pad"] = int(pad)
        for key, value in params.as_attrs().items():
            f.attrs[key] = value
    os.replace(tmp, path)
    return path


def ensure_data(directory, name, intervals, width, pad, seed, params=None):
    """Path of a generated file in `directory`, written unless an identical one (same attrs) is there."""
    path = os.path.join(directory, f"{name}_n{intervals}_w{width}_p{pad}_s{seed}.h5")
    if os.path.exists(path):
        try:
            with h5py.File(path, "r") as f:
                if (f.attrs.get("generator") == GENERATOR_NAME and f["input"].shape == (intervals, width + 2 * pad)
                        and int(f.attrs.get("seed", -1)) == seed):
                    return path
        except (OSError, KeyError):
            pass
    return write_h5(path, intervals, width, pad, seed, params)


# --------------------------------------------------------------------------------------------------------
# Reader
# --------------------------------------------------------------------------------------------------------

def file_pad(path):
    """The padding a file declares (our files), or None (real AtacWorks files do not store it)."""
    with h5py.File(path, "r") as f:
        return int(f.attrs["pad"]) if "pad" in f.attrs else None


class AtacH5Dataset(Dataset):
    """Training/evaluation examples from one or more AtacWorks-layout HDF5 files.

    Item i is ``{"idx": i, "input": (C, L) float32, "label_reg": (L,), "label_cla": (L,)}``, C = 1 + number
    of `layers` (extra datasets stacked under ``input`` as channels, as AtacWorks's ``--layers``).
    Files are opened lazily, once per process (DataLoader workers each open their own handle).
    """

    def __init__(self, files, layers=None, labels=True):
        if isinstance(files, (str, os.PathLike)):
            files = [files]
        self.files = [os.fspath(f) for f in files]
        if not self.files:
            raise ValueError("need at least one .h5 file")
        self.layers = list(layers or [])
        self.labels = labels
        self.offsets = [0]
        self.length = None
        needed = ["input"] + self.layers + (["label_reg", "label_cla"] if labels else [])
        for path in self.files:
            with h5py.File(path, "r") as f:
                missing = [k for k in needed if k not in f]
                if missing:
                    raise ValueError(f"{path}: no dataset {', '.join(missing)} (AtacWorks layout: "
                                     "input, label_reg, label_cla, each (intervals, width + 2*pad))")
                n, length = f["input"].shape
                for k in needed:
                    if f[k].shape != (n, length):
                        raise ValueError(f"{path}: {k} has shape {f[k].shape}, input has {(n, length)}")
                if self.length not in (None, length):
                    raise ValueError(f"{path}: intervals of {length} bases, earlier files {self.length}")
                self.length = length
                self.offsets.append(self.offsets[-1] + n)
        self._handles = None
        self._pid = None

    def __len__(self):
        return self.offsets[-1]

    def _locate(self, idx):
        if idx < 0:
            idx += len(self)
        if not 0 <= idx < len(self):
            raise IndexError(idx)
        k = int(np.searchsorted(self.offsets, idx, side="right")) - 1
        return k, idx - self.offsets[k]

    def _files(self):
        if self._handles is None or self._pid != os.getpid():
            self._handles = [h5py.File(p, "r") for p in self.files]
            self._pid = os.getpid()
        return self._handles

    def __getitem__(self, idx):
        k, local = self._locate(int(idx))
        f = self._files()[k]
        x = np.stack([f[name][local] for name in ["input"] + self.layers]).astype(np.float32)
        item = {"idx": int(idx), "input": torch.from_numpy(x)}
        if self.labels:
            item["label_reg"] = torch.from_numpy(np.asarray(f["label_reg"][local], dtype=np.float32))
            item["label_cla"] = torch.from_numpy(np.asarray(f["label_cla"][local], dtype=np.float32))
        return item

    def batch(self, indices):
        """Several items collated into (N, C, L) / (N, L) tensors, as DataLoader's default collate."""
        items = [self[i] for i in indices]
        out = {"idx": torch.tensor([it["idx"] for it in items])}
        for key in ("input", "label_reg", "label_cla"):
            if key in items[0]:
                out[key] = torch.stack([it[key] for it in items])
        return out

    def close(self):
        if self._handles:
            for h in self._handles:
                h.close()
        self._handles = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_handles"] = None
        return state
