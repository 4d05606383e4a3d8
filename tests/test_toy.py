"""Toy distributions (data/toy.py): the PacGAN mixtures exactly, the 1-D Gaussians, their densities."""
import numpy as np
import pytest

from scratchgan import data


def rng():
    return np.random.default_rng(0)


def test_ring_is_8_modes_on_the_unit_circle_with_std_001():
    ring = data.get_dataset("ring")
    assert (ring.name, ring.dim, ring.kind, ring.mode_std) == ("ring", 2, "2d", 0.01)
    np.testing.assert_allclose(np.linalg.norm(ring.modes, axis=1), 1.0)
    angles = np.sort(np.arctan2(ring.modes[:, 1], ring.modes[:, 0]) % (2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 8)
    x = ring.sample(4000, rng())
    assert x.dtype == np.float32 and x.shape == (4000, 2)
    nearest = np.linalg.norm(x[:, None] - ring.modes[None], axis=2).min(1)
    assert 0.0115 < nearest.mean() < 0.0135  # mean of a 2-D Rayleigh(0.01): 0.01 sqrt(pi/2)


def test_grid_is_25_modes_at_minus4_to_4_with_std_005():
    grid = data.get_dataset("grid")
    assert len(grid.modes) == 25 and grid.mode_std == 0.05
    assert sorted(set(grid.modes[:, 0])) == [-4, -2, 0, 2, 4] == sorted(set(grid.modes[:, 1]))
    x = grid.sample(25000, rng())
    k = np.linalg.norm(x[:, None] - grid.modes[None], axis=2).argmin(1)
    counts = np.bincount(k, minlength=25)
    assert counts.min() > 800 and counts.max() < 1200  # uniform over modes: 1000 each


def test_gaussian_default_is_n_4_05_and_density_integrates_to_one():
    g = data.get_dataset("gaussian")
    assert g.kind == "1d" and g.dim == 1
    x = g.sample(20000, rng())
    assert abs(x.mean() - 4) < 0.02 and abs(x.std() - 0.5) < 0.02
    t = np.linspace(0, 8, 4001)[:, None]
    assert g.density(t).sum() * (t[1, 0] - t[0, 0]) == pytest.approx(1.0, abs=1e-6)
    assert g.density(np.array([[4.0]]))[0] == pytest.approx(1 / (0.5 * np.sqrt(2 * np.pi)))


def test_mixture_has_two_equal_modes():
    m = data.get_dataset("mixture")
    x = m.sample(10000, rng())
    assert m.modes.shape == (2, 1) and abs((x > 0).mean() - 0.5) < 0.02
    assert m.density(np.array([[-2.0]]))[0] == pytest.approx(m.density(np.array([[2.0]]))[0])


def test_swiss_roll_has_no_modes_and_no_density():
    s = data.get_dataset("swiss_roll")
    assert s.modes is None and s.density(np.zeros((1, 2))) is None
    assert s.sample(100, rng()).shape == (100, 2)


def test_same_rng_same_samples():
    ring = data.get_dataset("ring")
    np.testing.assert_array_equal(ring.sample(10, rng()), ring.sample(10, rng()))
