"""The whole game, checked against finite differences in float64.

With SGD and no momentum a step is exactly  delta_param = -lr * grad, so
comparing what ``train_step`` did to the parameters with -lr times a central
difference of a loss written here from scratch (plain NumPy, not
``losses.py``) checks the D half, and the G half *through the updated D*.
"""
import numpy as np
import pytest

from scratchgan import backend, gan, gradcheck, layers, losses, optim

LR = 0.1
B, DIM, NOISE = 6, 2, 3


def softplus(l):
    return np.maximum(l, 0) + np.log1p(np.exp(-np.abs(l)))


def ref_d_loss(lr_, lf, kind, real_label=1.0):
    """D's loss from real logits lr_ and fake logits lf, written out for the test."""
    if kind in ("minimax", "non_saturating"):
        return np.mean(real_label * softplus(-lr_) + (1 - real_label) * softplus(lr_)) + np.mean(softplus(lf))
    if kind == "least_squares":
        return 0.5 * np.mean((lr_ - 1) ** 2) + 0.5 * np.mean(lf ** 2)
    if kind == "wasserstein":
        return np.mean(lf) - np.mean(lr_)
    return np.mean(np.maximum(1 - lr_, 0)) + np.mean(np.maximum(1 + lf, 0))


def ref_g_loss(lf, kind):
    return {"minimax": -np.mean(softplus(lf)), "non_saturating": np.mean(softplus(-lf)),
            "least_squares": 0.5 * np.mean((lf - 1) ** 2)}.get(kind, -np.mean(lf))


def make_gan(kind="non_saturating", pack=1, seed=0, **kw):
    """A tiny float64 game with plain SGD: G 3 -> 5 -> 2, D 2*pack -> 5 -> 1, tanh inside."""
    rng = np.random.default_rng(seed)
    G = layers.Sequential(layers.Dense(NOISE, 5, rng=rng), layers.Tanh(), layers.Dense(5, DIM, rng=rng)).astype("float64")
    D = layers.Sequential(layers.Dense(DIM * pack, 5, rng=rng), layers.Tanh(), layers.Dense(5, 1, rng=rng)).astype("float64")
    return gan.GAN(G, D, optim.SGD(G, LR), optim.SGD(D, LR), noise_dim=NOISE, loss=kind, pack=pack, **kw)


def copy_params(model):
    return {k: backend.to_numpy(v).copy() for k, v in model.params.items()}


def packed(x, pack):
    return x.reshape(x.shape[0] // pack, -1)


def assert_step(before, after, grad, name):
    """after - before == -lr * grad, to 1e-6 of the largest step in the model."""
    scale = max(LR * np.abs(g).max() for g in grad.values())
    assert scale > 0, f"{name} did not move"
    for k in before:
        delta, expected = after[k] - before[k], -LR * grad[k]
        assert np.abs(delta - expected).max() / scale < 1e-6, f"{name} {k}: step {delta} != -lr * grad {expected}"


@pytest.mark.parametrize("pack", [1, 2])
@pytest.mark.parametrize("kind", losses.KINDS)
def test_train_step_is_a_gradient_step_for_d_then_g(kind, pack):
    g = make_gan(kind, pack=pack)
    rng = np.random.default_rng(1)
    real, z = rng.normal(size=(B, DIM)), rng.normal(size=(B, NOISE))
    G0, D0 = copy_params(g.G), copy_params(g.D)
    real_d, z_d, host = backend.asarray(real), backend.asarray(z), backend.to_numpy  # the reference losses are NumPy

    def d_loss():
        return ref_d_loss(host(g.D(packed(real_d, pack))), host(g.D(packed(g.G(z_d), pack))), kind)
    d_grad = {k: gradcheck.numerical_gradient(d_loss, g.D.params[k]) for k in D0}
    stats = g.train_step(real, z)
    D1 = copy_params(g.D)
    assert_step(D0, D1, d_grad, "D")

    # G's gradient goes through the UPDATED D: rewind G only, then differentiate.
    G1 = copy_params(g.G)
    for k in G0:
        g.G.params[k][...] = backend.asarray(G0[k])
    def g_loss():
        return ref_g_loss(host(g.D(packed(g.G(z_d), pack))), kind)
    g_grad = {k: gradcheck.numerical_gradient(g_loss, g.G.params[k]) for k in G0}
    assert_step(G0, G1, g_grad, "G")
    assert all(type(v) is float for v in stats.values())
    assert {"d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm"} <= set(stats)
    assert ("value" in stats) == (kind in losses.BCE_KINDS)


def test_generator_half_leaves_d_unchanged():
    g = make_gan()
    D0 = copy_params(g.D)
    g.g_step(backend.asarray(np.random.default_rng(2).normal(size=(B, NOISE))))
    for k, v in copy_params(g.D).items():
        np.testing.assert_array_equal(v, D0[k])


def test_k_d_steps_consume_k_minibatches_then_one_g_step():
    k = 3
    real = np.random.default_rng(3).normal(size=(k * B, DIM))
    a, b = make_gan(d_steps=k), make_gan()
    seen = []
    original = a.d_step
    a.d_step = lambda r, f: (seen.append(backend.to_numpy(r).copy()), original(r, f))[1]
    backend.seed(7)
    a.train_step(real)
    # the same game by hand: k D steps on fresh noise and consecutive slices, then one G step
    backend.seed(7)
    for i in range(k):
        b.d_step(backend.asarray(real[i * B:(i + 1) * B]), b.G(b.noise(B)))
    b.g_step(b.noise(B))
    assert len(seen) == k
    for i, r in enumerate(seen):
        np.testing.assert_array_equal(r, real[i * B:(i + 1) * B])
    for model_a, model_b in ((a.D, b.D), (a.G, b.G)):
        for key, v in copy_params(model_a).items():
            np.testing.assert_allclose(v, backend.to_numpy(model_b.params[key]), rtol=1e-12, atol=1e-12)


def test_real_rows_must_fill_k_minibatches():
    with pytest.raises(ValueError, match="d_steps=2"):
        make_gan(d_steps=2).train_step(np.zeros((B + 1, DIM)))


def test_label_smoothing_sets_real_target_to_one_minus_s():
    g = make_gan(label_smoothing=0.1)
    rng = np.random.default_rng(4)
    real, z = rng.normal(size=(B, DIM)), rng.normal(size=(B, NOISE))
    D0 = copy_params(g.D)
    real_d, z_d, host = backend.asarray(real), backend.asarray(z), backend.to_numpy

    def d_loss():
        return ref_d_loss(host(g.D(real_d)), host(g.D(g.G(z_d))), "non_saturating", 0.9)
    grad = {k: gradcheck.numerical_gradient(d_loss, g.D.params[k]) for k in D0}
    g.train_step(real, z)
    assert_step(D0, copy_params(g.D), grad, "D (smoothed)")
    # the smoothed loss never reaches 0: its minimum over the real logit is the entropy of 0.9
    l = np.linspace(-10, 10, 20001)
    smoothed = 0.9 * softplus(-l) + 0.1 * softplus(l)
    assert smoothed.min() == pytest.approx(-(0.9 * np.log(0.9) + 0.1 * np.log(0.1)), abs=1e-6)


def test_clipping_keeps_every_d_weight_in_range_and_leaves_g_alone():
    g = make_gan("wasserstein", clip=0.01)
    G0 = copy_params(g.G)
    g.train_step(np.random.default_rng(5).normal(size=(B, DIM)))
    D = np.concatenate([v.ravel() for v in copy_params(g.D).values()])
    assert np.abs(D).max() <= 0.01 and np.isclose(np.abs(D).max(), 0.01)
    assert max(np.abs(v).max() for v in copy_params(g.G).values()) > 0.01  # G is never clipped
    assert any(not np.array_equal(G0[k], v) for k, v in copy_params(g.G).items())


def test_pack_judges_m_consecutive_samples_in_one_row():
    g = make_gan(pack=3)
    x = np.arange(B * DIM, dtype=np.float64).reshape(B, DIM)
    rows = backend.to_numpy(g.packed(backend.asarray(x)))
    assert rows.shape == (B // 3, 3 * DIM)
    np.testing.assert_array_equal(rows[1], np.concatenate(x[3:6]))
    with pytest.raises(ValueError, match="packs of 4"):
        make_gan(pack=4).train_step(np.zeros((B, DIM)))
