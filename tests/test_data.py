"""The data package's front door (data/__init__.py, data/dataset.py): get_dataset by name or path,
the Dataset's fields, and the image sets built on demand."""
import sys

import numpy as np
import pytest

from scratchgan import data


def rng():
    return np.random.default_rng(0)


def test_unknown_name_lists_the_choices():
    with pytest.raises(data.DataError, match="ring, grid"):
        data.get_dataset("rings")


def test_every_field_is_set_when_a_dataset_is_built():
    x = np.arange(12.0).reshape(6, 2)
    ds = data.Dataset("t", 2, "2d", lambda n, r: x[r.integers(0, 6, n)], table=x, labels=np.arange(6),
                      held_out=x[:1], held_out_labels=np.arange(1), path="t.npy")
    assert ds.table is x and ds.labels.tolist() == list(range(6)) and ds.path == "t.npy"
    assert ds.held_out.shape == (1, 2) and ds.held_out_labels.tolist() == [0]
    ring = data.get_dataset("ring")  # a toy set holds no table: its fields say so
    assert (ring.table, ring.labels, ring.held_out, ring.held_out_labels, ring.path, ring.columns) == (None,) * 6


def test_the_digits_set_keeps_labels_and_held_out_images():
    ds = data.get_dataset("digits", n=50, seed=0)
    x = ds.sample(8, rng())
    assert ds.kind == "image" and x.shape == (8, 784) and x.min() >= -1 and x.max() <= 1
    assert ds.table.shape == (50, 784) and ds.labels.shape == (50,) and ds.held_out.shape == (1000, 784)
    np.testing.assert_array_equal(ds.held_out, data.digits.draw(n=1000, seed=1)[0])  # seed + 1, never trained on


def test_image_modules_load_on_first_use(monkeypatch):
    for name in ("scratchgan.data.digits", "scratchgan.data.mnist"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.delattr(data, "digits", raising=False)
    monkeypatch.delattr(data, "mnist", raising=False)
    assert data.mnist.load.__module__ == "scratchgan.data.mnist" and callable(data.digits.draw)
    assert issubclass(data.mnist.DataFileError, data.DataError)  # one except clause catches every data mistake
    with pytest.raises(AttributeError, match="no attribute 'images'"):
        data.images


def test_an_image_set_that_cannot_be_imported_says_why(monkeypatch):
    monkeypatch.setitem(sys.modules, "scratchgan.data.digits", None)  # as if matplotlib were missing
    with pytest.raises(data.DataError, match="needs scratchgan.data.digits"):
        data.get_dataset("digits")
