"""The offline digits (data/digits.py): deterministic per seed, MNIST-like, and the "digits" data set."""
import numpy as np
import pytest

from scratchgan.data import digits


def test_digits_are_deterministic_per_seed_shaped_and_scaled():
    x, labels = digits.draw(n=200, seed=5)
    x2, labels2 = digits.draw(n=200, seed=5)
    x3, _ = digits.draw(n=200, seed=6)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(labels, labels2)
    assert not np.array_equal(x, x3)
    assert x.shape == (200, 784) and x.dtype == np.float32 and labels.dtype == np.int64
    assert x.min() == -1.0 and x.max() == 1.0
    assert np.bincount(labels).tolist() == [20] * 10  # balanced classes


def test_digits_look_like_mnist_background_ink_and_centre():
    x, labels = digits.draw(n=500, seed=0)
    img = (x.reshape(-1, 28, 28) + 1) / 2
    assert (x == -1).mean() > 0.6  # mostly background
    assert 0.05 < (x > 0).mean() < 0.3  # ink share (MNIST: 0.13)
    assert (img.max(axis=(1, 2)) > 0.95).all()  # every image has strokes at full intensity
    r = np.arange(28)
    mass = img.sum(axis=(1, 2))
    centre = np.stack([img.sum(2) @ r / mass, img.sum(1) @ r / mass], 1)
    assert np.abs(centre.mean(0) - 14).max() < 0.3 and np.abs(centre - 14).max() < 4
    assert img[:, :2].sum() < 1e-3 * img.sum()  # the top border stays empty
    # different classes really differ: the mean 1 and the mean 0 are far apart
    mean = np.stack([img[labels == c].mean(0) for c in range(10)])
    assert np.abs(mean[0] - mean[1]).sum() > 20


def test_digits_rejects_a_bad_count():
    with pytest.raises(ValueError, match="positive number"):
        digits.draw(n=0)
