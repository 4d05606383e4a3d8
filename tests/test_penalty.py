"""Gradient penalties: the hand-derived double backward against finite differences, in float64."""
import numpy as np
import pytest

from scratchgan import backend, gradcheck, losses, optim, penalty
from scratchgan.gan import GAN
from scratchgan.layers import Dense, LeakyReLU, MinibatchStd, ReLU, Sequential, Sigmoid, Tanh

from conftest import needs_gpu

KINDS = penalty.KINDS


def rows(*shape, seed=1):
    return backend.asarray(np.random.default_rng(seed).standard_normal(shape))


def check_penalty(D, kind, weight=2.5, B=6, d=3, seed=1):
    """check_model of gradient_penalty w.r.t. every parameter of a float64 D."""
    D.astype("float64")
    real, fake = rows(B, d, seed=seed), rows(B, d, seed=seed + 1)
    eps = backend.asarray(np.random.default_rng(seed + 2).uniform(size=(B, 1)))

    def penalty_and_backward():
        D.zero_grad()
        return penalty.gradient_penalty(D, real, fake, kind, weight, eps=eps)
    return gradcheck.check_model(penalty_and_backward, D)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("act", [ReLU(), LeakyReLU(0.2), Tanh(), Sigmoid()], ids=repr)
def test_double_backward_each_activation(act, kind):
    report = check_penalty(Sequential(Dense(3, 7), act, Dense(7, 1)), kind)
    assert report.ok and report.worst < 1e-7, report


@pytest.mark.parametrize("kind", KINDS)
def test_double_backward_mixed_and_nested(kind):
    D = Sequential(Dense(3, 8), LeakyReLU(0.2), Sequential(Dense(8, 6), Tanh()), Dense(6, 5),
                   Sigmoid(), Dense(5, 4), ReLU(), Dense(4, 1))
    report = check_penalty(D, kind, seed=4)
    assert report.ok and report.worst < 1e-7, report
    assert len(report.rows) == 10  # W and b of five Dense layers, every one checked


def test_biases_of_piecewise_linear_d_get_no_penalty_gradient():
    D = Sequential(Dense(2, 5), LeakyReLU(0.2), Dense(5, 1)).astype("float64")
    penalty.gradient_penalty(D, rows(4, 2), rows(4, 2, seed=2), "r1", 1.0)
    assert (D.grads["0.b"] == 0).all() and (D.grads["2.b"] == 0).all()
    assert abs(D.grads["0.W"]).max() > 0


def test_input_gradient_matches_finite_differences_and_leaves_grads_alone():
    D = Sequential(Dense(3, 6), Tanh(), Dense(6, 4), Sigmoid(), Dense(4, 1)).astype("float64")
    x = rows(5, 3)
    g = penalty.input_gradient(D, x)
    numeric = gradcheck.numerical_gradient(lambda: D(x).sum(), x)  # rows are independent
    np.testing.assert_allclose(backend.to_numpy(g), numeric, rtol=1e-7, atol=1e-10)
    assert all((gr == 0).all() for gr in D.grads.values())


@pytest.mark.parametrize("kind", KINDS)
def test_linear_critic_closed_form(kind):
    """D(x) = x.w + b has grad_x D = w for every row: R1 = (gamma/2)|w|^2, WGAN-GP = gamma(|w| - 1)^2."""
    D = Dense(4, 1).astype("float64")
    w = backend.to_numpy(D.params["W"])[:, 0]
    value = float(penalty.gradient_penalty(D, rows(5, 4), rows(5, 4, seed=3), kind, 3.0))
    norm = np.linalg.norm(w)
    expected = 1.5 * norm ** 2 if kind == "r1" else 3.0 * (norm - 1) ** 2
    assert value == pytest.approx(expected, rel=1e-12)
    dW = 3.0 * w if kind == "r1" else 6.0 * (norm - 1) * w / norm
    np.testing.assert_allclose(backend.to_numpy(D.grads["W"])[:, 0], dW, rtol=1e-12)


def test_penalty_adds_into_existing_grads():
    D = Sequential(Dense(2, 4), Tanh(), Dense(4, 1)).astype("float64")
    real = rows(6, 2)
    penalty.gradient_penalty(D, real, real, "r1", 1.0)
    once = {k: g.copy() for k, g in D.grads.items()}
    penalty.gradient_penalty(D, real, real, "r1", 1.0)
    for k, g in D.grads.items():
        np.testing.assert_allclose(g, 2 * once[k], rtol=1e-12)


def test_wgan_gp_draws_eps_from_backend_rand():
    D = Sequential(Dense(2, 4), Tanh(), Dense(4, 1)).astype("float64")
    real, fake = rows(6, 2), rows(6, 2, seed=2)
    backend.seed(3)
    eps = backend.rand(6, 1)
    backend.seed(3)
    drawn = penalty.gradient_penalty(D, real, fake, "wgan-gp", 1.0)
    given = penalty.gradient_penalty(D, real, fake, "wgan-gp", 1.0, eps=eps)
    assert float(drawn) == float(given) and float(given) != float(penalty.gradient_penalty(D, real, fake, "wgan-gp", 1.0))


def test_clear_errors():
    D = Sequential(Dense(2, 4), MinibatchStd(), Dense(5, 1))
    with pytest.raises(TypeError, match="MinibatchStd.*not supported"):
        penalty.gradient_penalty(D, rows(4, 2), rows(4, 2), "r1", 1.0)
    with pytest.raises(ValueError, match="unknown penalty 'l2'"):
        penalty.gradient_penalty(Dense(2, 1), rows(4, 2), rows(4, 2), "l2", 1.0)
    with pytest.raises(ValueError, match="eps must have shape"):
        penalty.gradient_penalty(Dense(2, 1), rows(4, 2), rows(4, 2), "wgan-gp", 1.0, eps=rows(4, 2))
    with pytest.raises(ValueError, match="one logit per row"):
        penalty.gradient_penalty(Dense(2, 3), rows(4, 2), rows(4, 2), "r1", 1.0)


@pytest.mark.parametrize("kind,pack", [("r1", 1), ("wgan-gp", 1), ("r1", 2)])
def test_penalised_train_step_is_an_sgd_step_on_loss_plus_penalty(kind, pack):
    """One train_step's D update = -lr * finite-difference gradient of (D loss + penalty) at the old D."""
    B, lr, gamma = 8, 0.1, 3.0
    G = Sequential(Dense(2, 5), Tanh(), Dense(5, 2)).astype("float64")
    D = Sequential(Dense(2 * pack, 6), Tanh(), Dense(6, 4), LeakyReLU(0.2), Dense(4, 1)).astype("float64")
    gan = GAN(G, D, optim.SGD(G, lr), optim.SGD(D, lr), noise_dim=2, loss="non_saturating",
              penalty=kind, penalty_weight=gamma, pack=pack)
    real, z = rows(B, 2, seed=5) + 1.0, rows(B, 2, seed=6)
    fake = G(z)
    backend.seed(11)  # the only device draw inside train_step(real, z) is wgan-gp's eps
    eps = backend.rand(B // pack, 1)
    before = {k: p.copy() for k, p in D.params.items()}

    def total():
        r, f = real.reshape(B // pack, -1), fake.reshape(B // pack, -1)
        loss = losses.discriminator_loss(D(r), D(f), "non_saturating")[0]
        g = penalty.input_gradient(D, penalty.penalty_point(r, f, kind, eps))  # the penalty alone, from its parts
        return loss + penalty.penalty_of_gradient(g, kind, gamma)[0]
    numeric = {k: gradcheck.numerical_gradient(total, p) for k, p in D.params.items()}
    backend.seed(11)
    out = gan.train_step(real, z)
    assert out["penalty"] > 0
    for k, p in D.params.items():
        np.testing.assert_allclose((before[k] - p) / lr, numeric[k], rtol=1e-6, atol=1e-8, err_msg=k)


@needs_gpu
@pytest.mark.parametrize("kind", KINDS)
def test_penalty_on_gpu_matches_cpu(kind):
    """Same D, same inputs, same eps: CuPy and NumPy give the same penalty and parameter gradients."""
    out = {}
    for name in ("numpy", "cupy"):
        with backend.use(name):
            backend.seed(3)
            D = Sequential(Dense(3, 16), LeakyReLU(0.2), Dense(16, 16), Tanh(), Dense(16, 8), Sigmoid(), Dense(8, 1))
            D.astype("float64")
            real, fake = rows(32, 3, seed=1), rows(32, 3, seed=2)
            eps = backend.asarray(np.random.default_rng(5).uniform(size=(32, 1)))
            value = penalty.gradient_penalty(D, real, fake, kind, 2.0, eps=eps)
            out[name] = (float(value), {k: backend.to_numpy(g) for k, g in D.grads.items()})
    assert out["cupy"][0] == pytest.approx(out["numpy"][0], rel=1e-10)
    for k, g in out["numpy"][1].items():
        np.testing.assert_allclose(out["cupy"][1][k], g, rtol=1e-9, atol=1e-12, err_msg=k)
