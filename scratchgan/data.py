"""The distributions a GAN learns: toy 1-D and 2-D sets, a user's file, digits.

Every dataset is an object with

* ``name``, ``dim`` and ``kind`` ("1d", "2d", "image" or "table"),
* ``sample(n, rng) -> (n, dim)`` float32 NumPy array (rng: a NumPy Generator),
* ``modes`` ((K, dim) array of mixture centres, or None), ``mode_std`` (or None),
* ``density(x)`` -> the true density at the rows of x (n,), or None when unknown,
* ``columns``: names of the dim coordinates (a CSV header's, for the figures' axes), or None.

The 2-D mixtures are those of the PacGAN experiments (Lin et al. 2018, after
VEEGAN, Srivastava et al. 2017): ``ring`` has 8 modes on the unit circle with
std 0.01; ``grid`` 25 modes at {-4,-2,0,2,4}^2 with std 0.05. Both are tiny
blobs, so a generator is only "high quality" when it is precise.

    >>> import numpy as np
    >>> ring = get_dataset("ring")
    >>> x = ring.sample(5, np.random.default_rng(0))
    >>> x.shape, x.dtype, ring.modes.shape
    ((5, 2), dtype('float32'), (8, 2))
"""
import csv
import os

import numpy as np

TOY = ("gaussian", "mixture", "ring", "grid", "swiss_roll")
IMAGES = ("digits", "mnist", "mnist:test")


class DataError(ValueError):
    """A dataset could not be built or read; the message says what to do."""


class Dataset:
    """A named distribution to sample from; see the module docstring for the fields."""

    def __init__(self, name, dim, kind, draw, modes=None, mode_std=None, columns=None):
        self.name, self.dim, self.kind, self._draw = name, dim, kind, draw
        self.modes = None if modes is None else np.asarray(modes, dtype=np.float64)
        self.mode_std = mode_std
        self.columns = columns

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


def gaussian_mixture(name, modes, std, kind=None):
    """Equal-weight mixture of N(mu_k, std^2 I): pick a mode uniformly, add noise."""
    modes = np.asarray(modes, dtype=np.float64)
    modes = modes.reshape(len(modes), -1)
    dim = modes.shape[1]

    def draw(n, rng):
        return modes[rng.integers(0, len(modes), n)] + std * rng.standard_normal((n, dim))
    return Dataset(name, dim, kind or ("1d" if dim == 1 else "2d"), draw, modes, std)


def gaussian(mean=4.0, std=0.5):
    """The 1-D N(4, 0.5^2) of Goodfellow's tutorial figures: one mode."""
    return gaussian_mixture("gaussian", [[mean]], std)


def mixture(means=(-2.0, 2.0), std=0.4):
    """A 1-D mixture of two Gaussians: the smallest case where a GAN can drop a mode."""
    return gaussian_mixture("mixture", [[m] for m in means], std)


def ring(n_modes=8, radius=1.0, std=0.01):
    """8 Gaussians evenly on a circle of radius 1, std 0.01 (PacGAN, VEEGAN)."""
    angle = 2 * np.pi * np.arange(n_modes) / n_modes
    return gaussian_mixture("ring", radius * np.stack([np.cos(angle), np.sin(angle)], 1), std)


def grid(side=5, spacing=2.0, std=0.05):
    """25 Gaussians on the 5x5 grid {-4,-2,0,2,4}^2, std 0.05 (PacGAN, VEEGAN)."""
    ticks = spacing * (np.arange(side) - (side - 1) / 2)
    return gaussian_mixture("grid", np.array([(a, b) for a in ticks for b in ticks]), std)


def swiss_roll(noise=0.05, scale=0.25):
    """A 2-D spiral: t ~ U(1.5 pi, 4.5 pi), x = scale * t (cos t, sin t) + noise. No modes."""
    def draw(n, rng):
        t = 1.5 * np.pi * (1 + 2 * rng.random(n))
        return scale * np.stack([t * np.cos(t), t * np.sin(t)], 1) + noise * rng.standard_normal((n, 2))
    return Dataset("swiss_roll", 2, "2d", draw)


FILE_TYPES = (".npy", ".npz", ".csv")
HOLD_OUT = 2500  # rows kept out of training for the quality measures, when a file has >= 4x as many


def _read_table(path):
    """(N x d float64 array, column names or None) from .npy, .npz or .csv, or DataError saying what is wrong."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in FILE_TYPES:
        raise DataError(f"{path}: unknown file type {ext or '(none)'!r}; give a .npy, .npz or .csv file with N rows x d columns")
    if not os.path.isfile(path):
        raise DataError(f"{path}: no such file")
    try:
        x, names = _read_csv(path) if ext == ".csv" else _read_array(path, ext)
    except DataError:
        raise
    except Exception as err:  # corrupt file, pickled objects, unreadable
        raise DataError(f"{path}: could not read it as {ext} ({type(err).__name__}: {err})") from None
    if x.dtype.kind not in "biuf":
        raise DataError(f"{path}: values must be numbers, got dtype {x.dtype}")
    if x.ndim != 2:
        raise DataError(f"{path}: expected a 2-D table (N rows x d columns), got shape {x.shape}")
    x = x.astype(np.float64)
    if not np.isfinite(x).all():
        bad = np.argwhere(~np.isfinite(x))[0]
        raise DataError(f"{path}: contains NaN or inf (first at row {bad[0]}, column {bad[1]}); remove those rows")
    return x, names


def _read_array(path, ext):
    """A .npy array, or the one array of an .npz; a structured array's numeric fields become named columns."""
    x = np.load(path, allow_pickle=False)
    if ext == ".npz":
        with x as f:
            if len(f.files) != 1:
                raise DataError(f"{path}: holds {len(f.files)} arrays ({', '.join(f.files) or 'none'}); "
                                "an .npz to train on must hold exactly one N x d array")
            x = f[f.files[0]]
    if x.dtype.names:  # a record array, as pandas' to_records writes: one column per numeric field
        names = [n for n in x.dtype.names if x.dtype[n].kind in "biuf" and x.dtype[n].shape == ()]
        if not names:
            raise DataError(f"{path}: none of its fields ({', '.join(x.dtype.names)}) holds numbers")
        return np.stack([x[n].astype(np.float64) for n in names], -1).reshape(len(x), -1), names
    return x, None


def _read_csv(path):
    """A CSV as spreadsheets write it: a header row of names is detected (any cell of the first row
    that is not a number), a UTF-8 byte-order mark skipped, ';' or tab accepted when no ',' is found.
    A text cell anywhere else is an error naming its row and column."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    if not lines:
        raise DataError(f"{path}: the file is empty; a CSV needs N rows of d comma-separated numbers")
    sep = next((c for c in ",;\t" if c in lines[0]), ",")
    rows = list(csv.reader(lines, delimiter=sep))
    names = None
    if not all(_is_number(cell) for cell in rows[0]):
        names, rows = [cell.strip() for cell in rows[0]], rows[1:]
    if not rows:
        raise DataError(f"{path}: has a header but no rows of numbers")
    width = len(names or rows[0])
    x = np.empty((len(rows), width))
    for i, row in enumerate(rows):
        if len(row) != width:
            raise DataError(f"{path}: not a numeric CSV: row {i} (line {i + 1 + bool(names)} of the file) has "
                            f"{len(row)} cells, expected {width}; every row must have d cells")
        for j, cell in enumerate(row):
            try:
                x[i, j] = float(cell)
            except ValueError:
                where = f"column {j}" + (f" ({names[j]!r})" if names else "")
                raise DataError(f"{path}: not a numeric CSV: row {i}, {where} (line {i + 1 + bool(names)} of the file) "
                                f"holds {cell.strip()!r}; every cell below the header must be a number") from None
    return x, names


def _is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def from_file(path, min_rows=1, modes=None, mode_std=None):
    """A user's table: rows drawn uniformly with replacement.

    ``min_rows`` (usually the batch size) guards against files too small to
    fill a batch. ``modes``/``mode_std`` may be given when the file is known
    to be a Gaussian mixture, so coverage metrics can be computed. A file of
    at least 4 x 2,500 rows gives 2,500 of them (a fixed random choice) to
    ``held_out``: G and D never see them; the quality measures compare against them.
    """
    x, names = _read_table(path)
    if len(x) < min_rows:
        raise DataError(f"{path}: has {len(x)} rows, fewer than a batch of {min_rows}; "
                        "add rows or lower --batch-size")
    held = None
    if len(x) >= 4 * HOLD_OUT:
        order = np.random.default_rng(0).permutation(len(x))
        x, held = x[np.sort(order[HOLD_OUT:])], x[np.sort(order[:HOLD_OUT])]
    dim = x.shape[1]
    kind = "1d" if dim == 1 else "2d" if dim == 2 else "table"
    ds = Dataset(os.path.basename(path), dim, kind, lambda n, rng: x[rng.integers(0, len(x), n)], modes, mode_std, names)
    ds.path, ds.table, ds.held_out = path, x, held
    return ds


def _images(spec, n=None, seed=0, data_dir=None):
    """digits / mnist / mnist:test from ``scratchgan.images`` (imported only when asked).

    Each keeps its labels and a held-out set that G and D never see, for the
    image scores: digits -> 1,000 more drawn with seed + 1; mnist -> the training
    split, with the test split held out; mnist:test -> 9,000 / 1,000 of the test split.
    """
    try:
        from . import images
    except ImportError as err:
        raise DataError(f"dataset {spec!r} needs scratchgan.images, which is not available ({err})") from None
    if spec == "digits":
        x, labels = images.digits(**({} if n is None else {"n": n}), seed=seed)
        held, held_labels = images.digits(n=1000, seed=seed + 1)
    elif spec == "mnist":
        (x, labels), (held, held_labels) = images.mnist("train", root=data_dir), images.mnist("test", root=data_dir)
    else:
        x, labels, held, held_labels = images.holdout_split(*images.mnist("test", root=data_dir), n_holdout=1000)
    x = np.asarray(x, dtype=np.float32).reshape(len(x), -1)
    ds = Dataset(spec, x.shape[1], "image", lambda k, rng: x[rng.integers(0, len(x), k)])
    ds.table, ds.labels, ds.held_out, ds.held_out_labels = x, labels, held, held_labels
    return ds


def get_dataset(spec, min_rows=1, **kwargs):
    """The dataset called ``spec``: a toy name, an image set or a path to a .npy/.npz/.csv file.

    kwargs go to the constructor (e.g. ``get_dataset("ring", std=0.02)``;
    ``data_dir=`` for mnist). Unknown names raise DataError listing the choices.
    """
    spec = str(spec)
    if spec in TOY:
        return {"gaussian": gaussian, "mixture": mixture, "ring": ring, "grid": grid,
                "swiss_roll": swiss_roll}[spec](**kwargs)
    if spec in IMAGES:
        return _images(spec, **kwargs)
    if spec.lower().endswith(FILE_TYPES) or os.path.sep in spec:
        return from_file(spec, min_rows=min_rows, **kwargs)
    raise DataError(f"unknown dataset {spec!r}; choose one of {', '.join(TOY + IMAGES)} or a path to a .npy/.npz/.csv file")
