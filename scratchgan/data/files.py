"""A user's own table: a .npy, .npz or .csv file of N rows x d columns, read and checked.

Every mistake in a file (unknown type, text cells, NaN, too few rows, ...) is one
``DataError`` line naming the file, the row and column, and what to do.

Labels (for a conditional GAN) come from a CSV column (``label_column="digit"``, taken out
of the table) or from a companion .npy of N integers (``labels="y.npy"``), row i's class
in row i; classes are whole numbers 0..K-1 (``check_labels`` says what is wrong otherwise).
"""
import csv
import math
import os

import numpy as np

from .dataset import MAX_CLASSES, DataError, table_rows

FILE_TYPES = (".npy", ".npz", ".csv")
HOLD_OUT = 2500  # rows kept out of training for the quality measures, when a file has >= 4x as many


def _read_table(path, label_column=None):
    """(N x d float64 array, column names or None, labels or None) from .npy, .npz or .csv, or
    DataError saying what is wrong; ``label_column`` (a CSV header's name) is taken out as the labels."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in FILE_TYPES:
        raise DataError(f"{path}: unknown file type {ext or '(none)'!r}; give a .npy, .npz or .csv file with N rows x d columns")
    if not os.path.isfile(path):
        raise DataError(f"{path}: no such file")
    if label_column is not None and ext != ".csv":
        raise DataError(f"{path}: --label-column works on a CSV with a header row; for a {ext} table "
                        "give its labels as a companion file (--labels FILE.npy)")
    labels = None
    try:
        if ext == ".csv":
            x, names, labels = _read_csv(path, label_column)
        else:
            x, names = _read_array(path, ext)
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
    return x, names, labels


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


def _read_csv(path, label_column=None):
    """A CSV as spreadsheets write it: a header row of names is detected (any cell of the first row
    that is not a number), a UTF-8 byte-order mark skipped, ';' or tab accepted when no ',' is found.
    A text cell anywhere else is an error naming its row and column. Returns (x, names, labels):
    with ``label_column`` that column is read as whole-number classes and left out of x and names."""
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
    labels, at = None, None
    if label_column is not None:
        if names is None:
            raise DataError(f"{path}: --label-column {label_column!r} needs a header row naming the columns; "
                            "this CSV has none (add one, or give the labels as --labels FILE.npy)")
        if label_column not in names:
            raise DataError(f"{path}: no column named {label_column!r} for the labels; its columns are "
                            f"{', '.join(names)}")
        at = names.index(label_column)
        labels = np.empty(len(rows), dtype=np.int64)
        for i, row in enumerate(rows):
            cell = row[at].strip() if at < len(row) else ""
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not (math.isfinite(value) and value == int(value) and value >= 0):
                raise DataError(f"{path}: label column {label_column!r}, row {i} (line {i + 2} of the file) holds "
                                f"{cell!r}; labels must be whole numbers 0, 1, ..., K-1 (one per class)")
            labels[i] = int(value)
        rows = [row[:at] + row[at + 1:] for row in rows]
        names = names[:at] + names[at + 1:]
        if not names:
            raise DataError(f"{path}: the label column {label_column!r} is its only column; there is nothing to learn")
    width = len(names or rows[0])
    x = np.empty((len(rows), width))
    for i, row in enumerate(rows):
        if len(row) != width:
            raise DataError(f"{path}: not a numeric CSV: row {i} (line {i + 1 + bool(names)} of the file) has "
                            f"{len(row) + (at is not None)} cells, expected {width + (at is not None)}; "
                            "every row must have d cells")
        for j, cell in enumerate(row):
            try:
                x[i, j] = float(cell)
            except ValueError:
                j_file = j + (at is not None and j >= at)  # the column's place in the file
                where = f"column {j_file}" + (f" ({names[j]!r})" if names else "")
                raise DataError(f"{path}: not a numeric CSV: row {i}, {where} (line {i + 1 + bool(names)} of the file) "
                                f"holds {cell.strip()!r}; every cell below the header must be a number") from None
    return x, names, labels


def _is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def check_labels(y, n, origin):
    """``y`` as int64 (n,) classes 0..K-1, or one DataError line saying what is wrong with the labels
    from ``origin``: not 1-D, a count that differs from the table's n rows, not whole numbers,
    negative, or more than MAX_CLASSES classes."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise DataError(f"{origin}: labels must be one class per row, shape (N,); got shape {y.shape}")
    if len(y) != n:
        raise DataError(f"{origin}: {len(y)} labels for {n} rows of data; the labels must be aligned with the "
                        "rows (row i's class at position i), one per row")
    if y.dtype.kind not in "biuf":
        raise DataError(f"{origin}: labels must be whole numbers 0..K-1, got dtype {y.dtype}")
    if y.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(y) | (y != np.round(y)))
        if len(bad):
            raise DataError(f"{origin}: labels must be whole numbers 0..K-1; label {bad[0]} is {y[bad[0]].item()!r}")
    if n and y.min() < 0:
        raise DataError(f"{origin}: labels must be whole numbers 0..K-1; label {int(np.argmin(y))} is {y.min().item()!r}")
    if n and y.max() >= MAX_CLASSES:
        raise DataError(f"{origin}: a label of {y.max().item()!r} means over {MAX_CLASSES} classes; labels are classes "
                        "0..K-1 (is this an id column?)")
    return y.astype(np.int64)


def read_labels(path, n):
    """The companion labels file ``path`` (.npy of n integers) for a table of n rows, checked."""
    if not str(path).lower().endswith(".npy"):
        raise DataError(f"{path}: --labels takes a .npy file of N whole numbers (np.save('labels.npy', y))")
    if not os.path.isfile(path):
        raise DataError(f"{path}: no such labels file")
    try:
        y = np.load(path, allow_pickle=False)
    except Exception as err:
        raise DataError(f"{path}: could not read it as .npy ({type(err).__name__}: {err})") from None
    return check_labels(y, n, path)


def from_file(path, min_rows=1, modes=None, mode_std=None, label_column=None, labels=None):
    """A user's table: rows drawn uniformly with replacement.

    ``label_column`` (a CSV header's name) or ``labels`` (a .npy of one class per row) make it
    labelled (``Dataset.sample_labelled``); the held-out rows keep their labels.
    ``min_rows`` (usually the batch size) guards against files too small to
    fill a batch. ``modes``/``mode_std`` may be given when the file is known
    to be a Gaussian mixture, so coverage metrics can be computed. A file of
    at least 4 x 2,500 rows gives 2,500 of them (a fixed random choice) to
    ``held_out``: G and D never see them; the quality measures compare against them.
    """
    if label_column is not None and labels is not None:
        raise DataError("give the labels one way: --label-column NAME (a CSV column) or --labels FILE.npy, not both")
    x, names, y = _read_table(path, label_column)
    if labels is not None:
        y = read_labels(labels, len(x))
    elif y is not None:
        y = check_labels(y, len(x), f"{path} column {label_column!r}")
    if len(x) < min_rows:
        raise DataError(f"{path}: has {len(x)} rows, fewer than a batch of {min_rows}; "
                        "add rows or lower --batch-size")
    held = held_y = None
    if len(x) >= 4 * HOLD_OUT:
        order = np.random.default_rng(0).permutation(len(x))
        keep, out = np.sort(order[HOLD_OUT:]), np.sort(order[:HOLD_OUT])
        x, held = x[keep], x[out]
        if y is not None:
            y, held_y = y[keep], y[out]
    kind = {1: "1d", 2: "2d"}.get(x.shape[1], "table")
    return table_rows(os.path.basename(path), x, kind, labels=y, modes=modes, mode_std=mode_std, columns=names,
                      held_out=held, held_out_labels=held_y, path=path)
