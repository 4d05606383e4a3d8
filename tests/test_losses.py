"""The GAN losses (losses.py): gradients against finite differences in float64, finite values at
any logit, and the game's quantities (D's output, its batch mean, V(D, G)) against their formulas."""
import numpy as np
import pytest

from scratchgan import backend, gradcheck, losses


def x_of(*shape, seed=1):
    return backend.asarray(np.random.default_rng(seed).standard_normal(shape))


def test_bce_with_logits():
    logits, targets = x_of(7, 1) * 3, backend.asarray(np.random.default_rng(2).uniform(size=(7, 1)))
    report = gradcheck.check_loss(lambda l: losses.bce_with_logits(l, targets), logits)
    assert report.ok, report


@pytest.mark.parametrize("kind", losses.KINDS)
def test_discriminator_loss(kind):
    real, fake = x_of(6, 1, seed=3) * 2, x_of(5, 1, seed=4) * 2
    report = gradcheck.check_loss(lambda r, f: losses.discriminator_loss(r, f, kind), real, fake)
    assert report.ok, report


@pytest.mark.parametrize("kind", losses.KINDS)
def test_generator_loss(kind):
    report = gradcheck.check_loss(lambda f: losses.generator_loss(f, kind), x_of(6, 1, seed=5) * 2)
    assert report.ok, report


@pytest.mark.parametrize("center", [-30.0, -15.0, 15.0, 30.0])
def test_saturating_minimax_loss_where_it_saturates(center):
    # at l = -30 the gradient -sigma(l)/n is ~1e-14: only a relative check can see it is right
    logits = center + x_of(4, 1, seed=6)
    report = gradcheck.check_loss(lambda f: losses.generator_loss(f, "minimax"), logits, eps=1e-4)
    assert report.ok, report
    _, d = losses.generator_loss(logits, "minimax")
    expected = -1 / (1 + np.exp(-backend.to_numpy(logits))) / logits.size
    np.testing.assert_allclose(backend.to_numpy(d), expected, rtol=1e-12)


@pytest.mark.parametrize("kind", losses.KINDS)
def test_losses_finite_at_extreme_logits(kind):
    extreme = backend.asarray([[-1e4], [-50.0], [0.0], [50.0], [1e4]], dtype="float32")
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        out = [*losses.discriminator_loss(extreme, extreme, kind), *losses.generator_loss(extreme, kind)]
    for a in out:
        assert np.all(np.isfinite(backend.to_numpy(a)))
        assert backend.to_numpy(a).dtype == np.float32


def test_minimax_generator_gradient_at_plus_minus_1e4():
    l = backend.asarray([[-1e4], [1e4]])
    loss, d = losses.generator_loss(l, "minimax")
    assert float(loss) == pytest.approx(-1e4 / 2)  # mean of -softplus: -(0 + 1e4)/2
    assert backend.to_numpy(d).ravel().tolist() == [0.0, -0.5]  # -sigma(l)/n, exactly 0 where saturated


def test_unknown_kind_lists_the_kinds():
    with pytest.raises(ValueError, match="unknown loss kind 'wgan'.*minimax, non_saturating, least_squares"):
        losses.generator_loss(x_of(3, 1), "wgan")
    with pytest.raises(ValueError, match="unknown loss kind"):
        losses.output(x_of(3, 1), "hinges")


def test_output_is_a_probability_for_the_bce_kinds_and_the_score_otherwise():
    l = x_of(5, 1) * 4
    for kind in losses.KINDS:
        want = 1 / (1 + np.exp(-backend.to_numpy(l))) if kind in losses.BCE_KINDS else backend.to_numpy(l)
        np.testing.assert_allclose(backend.to_numpy(losses.output(l, kind)), want, rtol=1e-12)
        assert float(losses.mean_output(l, kind)) == pytest.approx(want.mean(), rel=1e-12)


def test_value_is_minus_the_discriminator_loss_and_minus_log_4_at_the_equilibrium():
    real, fake = x_of(6, 1, seed=2) * 3, x_of(4, 1, seed=3) * 3
    s = lambda l: 1 / (1 + np.exp(-backend.to_numpy(l)))  # noqa: E731
    by_hand = np.mean(np.log(s(real))) + np.mean(np.log(1 - s(fake)))
    assert float(losses.value(real, fake)) == pytest.approx(by_hand, rel=1e-12)
    for kind in losses.BCE_KINDS:
        assert float(losses.value(real, fake)) == pytest.approx(-float(losses.discriminator_loss(real, fake, kind)[0]))
    zeros = backend.xp().zeros((3, 1))  # D(x) = 1/2 everywhere
    assert float(losses.value(zeros, zeros)) == pytest.approx(-np.log(4), rel=1e-15)
    assert float(losses.mean_output(zeros, "minimax")) == 0.5
