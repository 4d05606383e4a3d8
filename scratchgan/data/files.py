"""A user's own table: a .npy, .npz or .csv file of N rows x d columns, read and checked.

Every mistake in a file (unknown type, text cells, NaN, too few rows, ...) is one
``DataError`` line naming the file, the row and column, and what to do.
"""
import csv
import os

import numpy as np

from .dataset import DataError, table_rows

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
    kind = {1: "1d", 2: "2d"}.get(x.shape[1], "table")
    return table_rows(os.path.basename(path), x, kind, modes=modes, mode_std=mode_std, columns=names,
                      held_out=held, path=path)
