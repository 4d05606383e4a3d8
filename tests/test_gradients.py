"""Float64 finite-difference checks of every layer's hand-written backward, and of gradients
that flow through two networks (the losses' own checks: tests/test_losses.py)."""
import numpy as np
import pytest

from scratchgan import backend, gradcheck, losses
from scratchgan.layers import Dense, LeakyReLU, ReLU, Sequential, Sigmoid, Tanh


def x_of(*shape, seed=1):
    return backend.asarray(np.random.default_rng(seed).standard_normal(shape))


# built inside the test (lambdas), so the layer lives on the backend the fixture selected
LAYERS = [lambda: Dense(4, 3), lambda: Dense(5, 2, init="xavier"), ReLU, lambda: LeakyReLU(0.2),
          lambda: LeakyReLU(0.01), Tanh, Sigmoid]


@pytest.mark.parametrize("make", LAYERS, ids=["Dense", "Dense-xavier", "ReLU", "LeakyReLU-0.2",
                                               "LeakyReLU-0.01", "Tanh", "Sigmoid"])
def test_every_layer(make):
    layer = make()
    x = x_of(6, 4) if not isinstance(layer, Dense) else x_of(6, layer.in_features)
    report = gradcheck.check_layer(layer, x)
    assert report.ok, report
    assert report.worst < 1e-8, report
    names = {r["name"] for r in report.rows}
    assert names == {"x", *layer.params}


def test_sequential_mixing_all_activations():
    net = Sequential(Dense(3, 8), ReLU(), Dense(8, 8), LeakyReLU(0.2), Dense(8, 6, init="xavier"),
                     Tanh(), Dense(6, 4), Sigmoid(), Dense(4, 1))
    report = gradcheck.check_layer(net, x_of(5, 3))
    assert report.ok, report
    assert len(report.rows) == 1 + 10  # x and W, b of five Dense layers


def test_directional_check_agrees():
    net = Sequential(Dense(3, 5), Tanh(), Dense(5, 2))
    report = gradcheck.check_layer(net, x_of(4, 3), directional=True)
    assert report.ok and [r["name"] for r in report.rows] == ["direction"], report


def test_planted_bug_is_caught():
    class WrongDense(Dense):
        def backward(self, dy, x):
            dx = super().backward(dy, x)
            self.grads["W"] *= 1.01  # a 1% error in dW
            return dx
    report = gradcheck.check_layer(WrongDense(3, 2), x_of(4, 3))
    assert not report.ok
    assert report["W"] == pytest.approx(0.01 / 1.01, rel=1e-3) and report["x"] < 1e-8
    assert "BAD" in repr(report) and "W" in repr(report)
    assert not gradcheck.check_layer(WrongDense(3, 2), x_of(4, 3), directional=True).ok


def test_gradcheck_refuses_float32():
    x = backend.asarray(np.ones(3), dtype="float32")
    with pytest.raises(TypeError, match="float64"):
        gradcheck.check_tensors(lambda: (x * x).sum(), {"x": x}, {"x": 2 * x})


def test_relu_input_on_the_kink_is_nudged():
    x = backend.asarray([[0.0, 1e-9, -1e-9, 0.5]])
    assert gradcheck.check_layer(ReLU(), x).ok


def test_layer_untouched_by_check():
    layer = Dense(2, 2)
    before = layer.params["W"].copy()
    gradcheck.check_layer(layer, x_of(3, 2))
    assert layer.params["W"].dtype == np.float32
    assert np.array_equal(backend.to_numpy(layer.params["W"]), backend.to_numpy(before))


def test_generator_through_frozen_discriminator():
    """dL_G/dtheta_G when D's weights are held fixed: the path every G update takes."""
    G = Sequential(Dense(2, 6), LeakyReLU(0.2), Dense(6, 3), Tanh()).astype("float64")
    D = Sequential(Dense(3, 5), LeakyReLU(0.2), Dense(5, 1)).astype("float64")
    z = x_of(8, 2, seed=7)
    D_before = {k: v.copy() for k, v in D.params.items()}

    def loss_and_backward():
        G.zero_grad()
        fake, g_cache = G.forward(z)
        logits, d_cache = D.forward(fake)
        loss, dlogits = losses.generator_loss(logits, "non_saturating")
        G.backward(D.backward(dlogits, d_cache), g_cache)
        return loss

    report = gradcheck.check_model(loss_and_backward, G)
    assert report.ok, report
    assert all(np.array_equal(backend.to_numpy(D.params[k]), backend.to_numpy(D_before[k])) for k in D_before)


def test_two_forwards_before_either_backward_add_up():
    """D sees real and fake before backward: grads of the sum = sum of grads."""
    D = Sequential(Dense(3, 4), ReLU(), Dense(4, 1)).astype("float64")
    real, fake = x_of(5, 3, seed=8), x_of(5, 3, seed=9)

    def loss_and_backward():
        D.zero_grad()
        (lr, cr), (lf, cf) = D.forward(real), D.forward(fake)
        loss, d_real, d_fake = losses.discriminator_loss(lr, lf, "minimax")
        D.backward(d_real, cr)
        D.backward(d_fake, cf)
        return loss

    assert gradcheck.check_model(loss_and_backward, D).ok
    # and the accumulated grads equal the two separate passes added
    loss_and_backward()
    both = {k: backend.to_numpy(g).copy() for k, g in D.grads.items()}
    parts = {}
    for batch, which in ((real, 1), (fake, 2)):
        D.zero_grad()
        lr, cr = D.forward(real)
        lf, cf = D.forward(fake)
        _, d_real, d_fake = losses.discriminator_loss(lr, lf, "minimax")
        D.backward(d_real, cr) if which == 1 else D.backward(d_fake, cf)
        parts[which] = {k: backend.to_numpy(g).copy() for k, g in D.grads.items()}
    for k in both:
        np.testing.assert_allclose(both[k], parts[1][k] + parts[2][k], rtol=1e-12, atol=1e-15)
