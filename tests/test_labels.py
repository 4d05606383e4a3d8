"""Labelled data (data/dataset.py, toy.py, files.py): (x, y) pairs for a conditional GAN, and every
mistake in a user's labels as one line."""
import numpy as np
import pytest

from scratchgan import data


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.mark.parametrize("name", ["ring", "grid", "mixture"])
def test_each_mode_of_a_mixture_is_a_class_drawn_with_its_sample(name):
    ds = data.get_dataset(name)
    x, y = ds.sample_labelled(4000, rng())
    assert ds.n_classes == len(ds.modes) and y.dtype == np.int64 and x.dtype == np.float32
    assert np.abs(x - ds.modes[y]).max() < 6 * ds.mode_std  # each x sits on the mode its label names
    assert set(y.tolist()) == set(range(ds.n_classes))
    assert np.allclose(ds.class_frequencies(), 1 / ds.n_classes)


@pytest.mark.parametrize("name", ["ring", "gaussian", "swiss_roll"])
def test_sample_labelled_draws_the_same_x_as_sample(name):
    ds = data.get_dataset(name)
    x = ds.sample(300, rng(5))
    if ds.n_classes is None:
        with pytest.raises(data.DataError, match="has no labels"):
            ds.sample_labelled(3, rng())
        return
    assert np.array_equal(ds.sample_labelled(300, rng(5))[0], x)


def test_digits_labels_reach_the_sampler():
    ds = data.get_dataset("digits", n=200)
    x, y = ds.sample_labelled(50, rng())
    assert ds.n_classes == 10 and len(ds.held_out_labels) == len(ds.held_out)
    rows = {tuple(r): int(c) for r, c in zip(ds.table[:, ::50], ds.labels)}
    assert all(rows[tuple(r)] == c for r, c in zip(x[:, ::50], y))  # each row keeps its own label
    assert ds.class_frequencies().sum() == pytest.approx(1.0)


def write_csv(path, n=40, label="3"):
    lines = ["a,digit,b"] + [f"{i},{label if i == 7 else i % 3},{-i}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_a_csv_label_column_becomes_the_labels_and_leaves_the_table(tmp_path):
    ds = data.get_dataset(write_csv(tmp_path / "t.csv"), label_column="digit")
    assert ds.dim == 2 and ds.columns == ["a", "b"] and ds.n_classes == 4
    x, y = ds.sample_labelled(100, rng())
    assert np.array_equal(y, np.where(x[:, 0] == 7, 3, x[:, 0] % 3))  # row i's label stays with row i


def test_a_npy_with_a_companion_labels_file(tmp_path):
    x = np.arange(60, dtype=float).reshape(30, 2)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", (np.arange(30) % 5).astype(float))  # whole numbers stored as floats are fine
    ds = data.get_dataset(str(tmp_path / "x.npy"), labels=str(tmp_path / "y.npy"))
    xs, ys = ds.sample_labelled(50, rng())
    assert ds.n_classes == 5 and np.array_equal(ys, (xs[:, 0] / 2).astype(int) % 5)


def test_a_large_labelled_file_keeps_the_labels_of_its_held_out_rows(tmp_path):
    n = 12000
    x = np.stack([np.arange(n), np.zeros(n)], 1).astype(float)
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", np.arange(n) % 7)
    ds = data.get_dataset(str(tmp_path / "x.npy"), labels=str(tmp_path / "y.npy"))
    assert len(ds.held_out) == len(ds.held_out_labels) == 2500
    assert np.array_equal(ds.held_out_labels, ds.held_out[:, 0].astype(int) % 7)
    assert np.array_equal(ds.labels, ds.table[:, 0].astype(int) % 7)


@pytest.mark.parametrize("case, message", [
    ("missing_column", "no column named 'label' for the labels; its columns are a, digit, b"),
    ("no_header", "needs a header row"),
    ("text_label", r"row 7 \(line 9 of the file\) holds 'seven'; labels must be whole numbers"),
    ("fraction", r"row 7 .* holds '2.5'"),
    ("negative", r"row 7 .* holds '-1'"),
    ("misaligned", "29 labels for 30 rows of data"),
    ("float_label", r"label 4 is 0.5"),
    ("two_d", r"one class per row, shape \(N,\); got shape \(30, 2\)"),
    ("strings", "labels must be whole numbers 0..K-1, got dtype <U"),
    ("no_file", "no such labels file"),
    ("not_npy", "takes a .npy file"),
    ("both", "give the labels one way"),
    ("npy_column", "--label-column works on a CSV"),
    ("not_a_file", "--labels is for a file's labels; 'ring' is not a file"),
    ("id_column", "over 1000 classes"),
])
def test_bad_labels_give_one_clear_line(tmp_path, case, message):
    np.save(tmp_path / "x.npy", np.zeros((30, 2)))
    xpath, kw = str(tmp_path / "x.npy"), {}
    if case in ("missing_column", "no_header", "text_label", "fraction", "negative"):
        label = {"text_label": "seven", "fraction": "2.5", "negative": "-1"}.get(case, "1")
        xpath = write_csv(tmp_path / "t.csv", label=label)
        if case == "no_header":
            (tmp_path / "t.csv").write_text("1,2\n3,4\n")
        kw["label_column"] = "label" if case == "missing_column" else "digit"
    elif case == "npy_column":
        kw["label_column"] = "digit"
    elif case == "not_a_file":
        xpath, kw["labels"] = "ring", "y.npy"
    else:
        y = {"misaligned": np.zeros(29), "float_label": np.array([0, 1, 2, 3, 0.5] + [0] * 25),
             "two_d": np.zeros((30, 2)), "strings": np.array(["a"] * 30), "id_column": np.arange(30) * 100,
             "both": np.zeros(30)}.get(case, np.zeros(30))
        name = "y.txt" if case == "not_npy" else "y.npy"
        np.save(tmp_path / "y.npy", y)
        if case == "not_npy":
            (tmp_path / name).write_text("0\n" * 30)
        kw["labels"] = str(tmp_path / ("absent.npy" if case == "no_file" else name))
        if case == "both":
            kw["label_column"] = "digit"
    with pytest.raises(data.DataError, match=message) as err:
        data.get_dataset(xpath, **kw)
    assert "\n" not in str(err.value)
