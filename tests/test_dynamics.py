"""The Dirac-GAN reproduces the published behaviour (Mescheder et al. 2018)."""
import doctest

import numpy as np
import pytest

from scratchgan import dynamics


def radius(path):
    return np.hypot(path[:, 0], path[:, 1])


def sign_changes(v):
    return int(np.sum(np.diff(np.sign(v)) != 0))


@pytest.mark.parametrize("loss,fp0", [("minimax", 0.5), ("non_saturating", 0.5), ("wasserstein", 1.0)])
@pytest.mark.parametrize("h", [0.2, 0.5])
def test_simultaneous_eigenvalues_have_modulus_above_one(loss, fp0, h):
    mu = dynamics.eigenvalues(loss=loss, schedule="simultaneous", h=h)
    np.testing.assert_allclose(np.abs(mu), np.sqrt(1 + h * h * fp0 * fp0), rtol=1e-8)
    np.testing.assert_allclose(np.sort(mu.imag), [-h * fp0, h * fp0], rtol=1e-7)  # 1 +- i h f'(0)


@pytest.mark.parametrize("loss", ["minimax", "wasserstein"])
def test_simultaneous_steps_spiral_outwards(loss):
    path = dynamics.dirac_gan(loss=loss, schedule="simultaneous", steps=500)
    assert path.shape == (501, 2) and np.array_equal(path[0], [1.0, 1.0])
    r = radius(path)
    assert np.all(np.diff(r) >= 0)  # every step moves away from (0, 0)
    assert r[-1] > 2 * r[0]
    assert sign_changes(path[:, 0]) >= 4  # ... while circling it


def test_non_saturating_leaves_the_equilibrium_too():
    """Same Jacobian at (0, 0): started close, simultaneous steps push it out onto a cycle."""
    r = radius(dynamics.dirac_gan(loss="non_saturating", schedule="simultaneous", steps=3000, start=(0.1, 0.1)))
    assert r[-1] > 3 * r[0] and r[-500:].min() > 0.3


@pytest.mark.parametrize("loss", ["minimax", "wasserstein"])
def test_alternating_steps_circle_for_ever(loss):
    J = dynamics.update_jacobian(loss=loss, schedule="alternating")
    assert np.linalg.det(J) == pytest.approx(1.0, abs=1e-8)
    np.testing.assert_allclose(np.abs(np.linalg.eigvals(J)), 1.0, atol=1e-8)
    path = dynamics.dirac_gan(loss=loss, schedule="alternating", steps=2000)
    r = radius(path)
    assert r.max() < 1.2 * r[0]  # bounded ...
    assert r[-500:].min() > 0.9 * r[0]  # ... and not converging
    assert sign_changes(path[-500:, 0]) >= 2  # still going round


def test_r1_continuous_eigenvalues_match_the_paper():
    """(I + hJ - I)/h recovers J; its eigenvalues are -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2)."""
    h = 0.2
    for gamma in (0.3, 1.0, 3.0):
        J = (dynamics.update_jacobian(schedule="simultaneous", penalty="r1", gamma=gamma, h=h) - np.eye(2)) / h
        expected = -gamma / 2 + np.array([-1, 1]) * np.sqrt(complex(gamma ** 2 / 4 - 0.25))
        lam = np.linalg.eigvals(J)
        np.testing.assert_allclose(sorted(lam, key=lambda c: (c.real, c.imag)),
                                   sorted(expected, key=lambda c: (c.real, c.imag)), atol=1e-6)
    assert dynamics.critical_gamma("minimax") == 1.0 and dynamics.critical_gamma("wasserstein") == 2.0


@pytest.mark.parametrize("schedule", ["simultaneous", "alternating"])
def test_r1_converges_spiralling_below_critical_damping_and_straight_above(schedule):
    below = dynamics.dirac_gan(schedule=schedule, penalty="r1", gamma=0.3, steps=500)
    above = dynamics.dirac_gan(schedule=schedule, penalty="r1", gamma=3.0, steps=500)
    for path in (below, above):
        assert radius(path)[-1] < 1e-3 * radius(path)[0]
    assert sign_changes(below[:, 0]) >= 5  # complex eigenvalues: spirals in
    assert sign_changes(above[:, 0]) == 0  # real eigenvalues: slides straight in
    assert np.all(np.abs(dynamics.eigenvalues(schedule=schedule, penalty="r1", gamma=0.3).imag) > 0.05)
    assert np.all(dynamics.eigenvalues(schedule=schedule, penalty="r1", gamma=3.0).imag == 0)


def test_simultaneous_r1_needs_gamma_above_h_fprime_squared():
    """|1 + h lambda|^2 = 1 - h gamma + h^2 f'(0)^2: threshold gamma = h f'(0)^2 = 0.05 at h = 0.2."""
    for gamma in (0.03, 0.07):
        mu = np.abs(dynamics.eigenvalues(schedule="simultaneous", penalty="r1", gamma=gamma, h=0.2))
        np.testing.assert_allclose(mu, np.sqrt(1 - 0.2 * gamma + 0.04 * 0.25), rtol=1e-8)
    diverging = radius(dynamics.dirac_gan(schedule="simultaneous", penalty="r1", gamma=0.02, steps=500))
    converging = radius(dynamics.dirac_gan(schedule="simultaneous", penalty="r1", gamma=0.1, steps=500))
    assert diverging[-1] > diverging[0] and converging[-1] < 0.2 * converging[0]


def test_wgan_gp_does_not_reach_the_equilibrium():
    path = dynamics.dirac_gan(loss="wasserstein", schedule="alternating", penalty="wgan-gp", gamma=1.0, steps=2000)
    assert np.all(np.isfinite(path)) and abs(path[-1, 0]) > 0.5  # G stuck away from the data at 0


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        dynamics.dirac_gan(loss="hinge")
    with pytest.raises(ValueError, match="unknown schedule"):
        dynamics.dirac_gan(schedule="sometimes")
    with pytest.raises(ValueError, match="unknown penalty"):
        dynamics.dirac_gan(penalty="r2")
    with pytest.raises(ValueError, match="gamma >= 0"):
        dynamics.dirac_gan(penalty="r1", gamma=-1)
    with pytest.raises(ValueError, match="steps"):
        dynamics.dirac_gan(steps=2.5)
    with pytest.raises(ValueError, match="kink"):
        dynamics.update_jacobian(penalty="wgan-gp", gamma=1.0)


def test_docstring_examples_run():
    assert doctest.testmod(dynamics).failed == 0
