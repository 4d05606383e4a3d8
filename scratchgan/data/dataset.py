"""What every data set is: a named distribution to sample from (``Dataset``), and ``DataError``.

A labelled set (MNIST, the offline digits, every Gaussian mixture: one class per mode, a
user's file with labels) also draws (x, y) pairs: ``sample_labelled(n, rng)``. It uses the
same random numbers as ``sample``, so ``sample_labelled(n, rng)[0]`` equals ``sample(n, rng)``
for the same generator state, and code that only wants x never sees labels.
"""
import numpy as np

MAX_CLASSES = 1000  # more classes than this is a mistaken label column (e.g. an id), not classes


class DataError(ValueError):
    """A dataset could not be built or read; the message says what to do."""


class Dataset:
    """A named distribution to sample from. Every field is set when it is built:

    * ``name``, ``dim`` and ``kind`` ("1d", "2d", "image" or "table");
    * ``sample(n, rng) -> (n, dim)`` float32 NumPy array (rng: a NumPy Generator), drawn by ``draw(n, rng)``;
    * ``modes`` ((K, dim) float64 array of mixture centres, or None), ``mode_std`` (or None);
    * ``density(x)`` -> the true density at the rows of x (n,), or None when unknown;
    * ``columns``: names of the dim coordinates (a CSV header's, for the figures' axes), or None;
    * ``table``: the rows that ``sample`` draws from, (N, dim), for sets held in memory (files,
      digits, MNIST), else None; ``labels`` (N,) int64: their classes, for images, else None;
    * ``held_out`` / ``held_out_labels``: rows (and classes) that training never draws, kept
      for the quality measures, or None; ``path``: the file a table came from, or None;
    * ``n_classes``: K when samples carry a class y in 0..K-1 (``sample_labelled``), else None;
      ``class_frequencies()`` -> (K,) p(y), the share of each class in the data.
    """

    def __init__(self, name, dim, kind, draw, modes=None, mode_std=None, columns=None, *,
                 table=None, labels=None, held_out=None, held_out_labels=None, path=None,
                 draw_labelled=None, n_classes=None):
        self.name, self.dim, self.kind, self._draw = name, dim, kind, draw
        self._draw_labelled, self.n_classes = draw_labelled, n_classes
        self.modes = None if modes is None else np.asarray(modes, dtype=np.float64)
        self.mode_std = mode_std
        self.columns = columns
        self.table, self.labels, self.path = table, labels, path
        self.held_out, self.held_out_labels = held_out, held_out_labels

    def sample(self, n, rng):
        """n rows drawn with the NumPy Generator ``rng``: float32, shape (n, dim)."""
        return np.asarray(self._draw(int(n), rng), dtype=np.float32).reshape(int(n), self.dim)

    def sample_labelled(self, n, rng):
        """(x float32 (n, dim), y int64 (n,)): n rows and their classes, drawn with ``rng``.

        The same draws as ``sample(n, rng)``: x is what ``sample`` returns for the same rng state.
        """
        if self._draw_labelled is None:
            raise DataError(f"dataset {self.name!r} has no labels; a conditional GAN needs labelled data "
                            "(mnist, digits, a Gaussian mixture such as ring or grid, or a file with "
                            "--label-column NAME / --labels FILE.npy)")
        x, y = self._draw_labelled(int(n), rng)
        return np.asarray(x, dtype=np.float32).reshape(int(n), self.dim), np.asarray(y, dtype=np.int64)

    def class_frequencies(self):
        """p(y): (n_classes,) float64 shares of each class (uniform over a mixture's modes), or None."""
        if self.n_classes is None:
            return None
        if self.labels is None:
            return np.full(self.n_classes, 1.0 / self.n_classes)
        return np.bincount(self.labels, minlength=self.n_classes) / len(self.labels)

    def density(self, x):
        """True density at the rows of x (n, dim) -> (n,), for Gaussian mixtures; else None.

        p(x) = (1/K) sum_k N(x; mu_k, std^2 I) with
        N(x; mu, s^2 I) = exp(-|x - mu|^2 / (2 s^2)) / (2 pi s^2)^(dim/2).
        """
        if self.modes is None or self.mode_std is None:
            return None
        x = np.asarray(x, dtype=np.float64).reshape(-1, self.dim)
        s2 = self.mode_std ** 2
        sq = ((x[:, None, :] - self.modes[None]) ** 2).sum(-1)  # (n, K)
        return np.exp(-sq / (2 * s2)).mean(1) / (2 * np.pi * s2) ** (self.dim / 2)

    def __repr__(self):
        k = "" if self.modes is None else f", {len(self.modes)} modes, std {self.mode_std}"
        return f"Dataset({self.name!r}, dim={self.dim}, kind={self.kind!r}{k})"


def table_rows(name, x, kind, labels=None, **fields):
    """A Dataset drawing rows of the in-memory table ``x`` (N, dim) uniformly with replacement;
    with ``labels`` (N,) ints in 0..K-1 it is labelled (K = max + 1)."""
    if labels is None:
        return Dataset(name, x.shape[1], kind, lambda n, rng: x[rng.integers(0, len(x), n)], table=x, **fields)
    labels = np.asarray(labels, dtype=np.int64)

    def draw_labelled(n, rng):
        i = rng.integers(0, len(x), n)
        return x[i], labels[i]
    return Dataset(name, x.shape[1], kind, lambda n, rng: x[rng.integers(0, len(x), n)], table=x, labels=labels,
                   draw_labelled=draw_labelled, n_classes=int(labels.max()) + 1, **fields)
