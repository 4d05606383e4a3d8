"""What every data set is: a named distribution to sample from (``Dataset``), and ``DataError``."""
import numpy as np


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
      for the quality measures, or None; ``path``: the file a table came from, or None.
    """

    def __init__(self, name, dim, kind, draw, modes=None, mode_std=None, columns=None, *,
                 table=None, labels=None, held_out=None, held_out_labels=None, path=None):
        self.name, self.dim, self.kind, self._draw = name, dim, kind, draw
        self.modes = None if modes is None else np.asarray(modes, dtype=np.float64)
        self.mode_std = mode_std
        self.columns = columns
        self.table, self.labels, self.path = table, labels, path
        self.held_out, self.held_out_labels = held_out, held_out_labels

    def sample(self, n, rng):
        """n rows drawn with the NumPy Generator ``rng``: float32, shape (n, dim)."""
        return np.asarray(self._draw(int(n), rng), dtype=np.float32).reshape(int(n), self.dim)

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


def table_rows(name, x, kind, **fields):
    """A Dataset drawing rows of the in-memory table ``x`` (N, dim) uniformly with replacement."""
    return Dataset(name, x.shape[1], kind, lambda n, rng: x[rng.integers(0, len(x), n)], table=x, **fields)
