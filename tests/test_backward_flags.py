"""Backward's two optional flags (frozen parameters, data inputs) and the activations' slope and curvature."""
import numpy as np
import pytest

from scratchgan import backend
from scratchgan.layers import Dense, LeakyReLU, ReLU, Sequential, Sigmoid, Tanh


def net_and_batch(dtype="float32"):
    backend.seed(3)
    net = Sequential(Dense(5, 8), LeakyReLU(0.2), Dense(8, 4), Tanh(), Dense(4, 1))
    rng = np.random.default_rng(4)
    x, dy = (backend.asarray(rng.standard_normal(s), dtype=dtype) for s in ((6, 5), (6, 1)))
    return net, x, dy


def grads_of(net):
    return {k: backend.to_numpy(g).copy() for k, g in net.grads.items()}


def test_param_grads_false_leaves_grads_alone_and_gives_the_same_dx():
    net, x, dy = net_and_batch()
    y, cache = net.forward(x)
    net.zero_grad()
    want = net.backward(dy, cache)
    net.zero_grad()
    dx = net.backward(dy, cache, param_grads=False)  # a frozen net: dL/dx only
    assert all(not g.any() for g in net.grads.values())
    np.testing.assert_array_equal(dx, want)


def test_need_dx_false_returns_none_and_the_same_param_grads():
    net, x, dy = net_and_batch()
    y, cache = net.forward(x)
    net.zero_grad()
    net.backward(dy, cache)
    want = grads_of(net)
    net.zero_grad()
    assert net.backward(dy, cache, need_dx=False) is None
    for k, g in grads_of(net).items():
        np.testing.assert_array_equal(g, want[k], err_msg=k)


def test_float64_data_into_a_float32_net_keeps_float32_grads_and_backward_adds():
    net, x, dy = net_and_batch()
    y, cache = net.forward(x.astype("float64"))
    net.zero_grad()
    net.backward(dy.astype(y.dtype), cache)
    once = grads_of(net)
    net.backward(dy.astype(y.dtype), cache)  # a second backward adds: twice the gradient
    for k, g in grads_of(net).items():
        assert net.grads[k].dtype == np.float32
        np.testing.assert_allclose(g, 2 * once[k], rtol=1e-6, err_msg=k)


@pytest.mark.parametrize("x_dtype", ["float32", "float64"])
def test_set_to_none_then_backward_takes_the_gradient_and_the_next_adds(x_dtype):
    net, x, dy = net_and_batch()
    y, cache = net.forward(x.astype(x_dtype))
    dy = dy.astype(y.dtype)
    net.zero_grad()
    net.backward(dy, cache)
    want = grads_of(net)
    net.zero_grad(set_to_none=True)
    assert all(g is None for g in net.grads.values())
    net.backward(dy, cache)  # takes its gradient
    for k, g in grads_of(net).items():
        assert net.grads[k].dtype == net.params[k].dtype == np.float32, k  # typed like the parameter
        np.testing.assert_array_equal(g, want[k], err_msg=k)
    net.backward(dy, cache)  # adds
    for k, g in grads_of(net).items():
        np.testing.assert_allclose(g, 2 * want[k], rtol=1e-6, err_msg=k)


@pytest.mark.parametrize("layer", [LeakyReLU(0.2), Tanh(), Sigmoid(), ReLU()], ids=repr)
def test_slope_and_curvature_are_the_first_and_second_derivatives(layer):
    x = np.linspace(-3, 3, 41)
    x = backend.asarray(x[np.abs(x) > 1e-3])  # off ReLU's kink
    h = 1e-5
    f = lambda t: backend.to_numpy(layer(t))  # noqa: E731
    y = layer(x)
    slope = backend.to_numpy(layer.slope(y)).astype(np.float64)
    np.testing.assert_allclose(slope, (f(x + h) - f(x - h)) / (2 * h), rtol=1e-6, atol=1e-8)
    s = lambda t: backend.to_numpy(layer.slope(layer(t))).astype(np.float64)  # noqa: E731
    curvature = layer.curvature(y)
    numeric = (s(x + h) - s(x - h)) / (2 * h)
    if curvature is None:  # piecewise linear
        np.testing.assert_allclose(numeric, 0, atol=1e-8)
    else:
        np.testing.assert_allclose(backend.to_numpy(curvature), numeric, rtol=1e-5, atol=1e-8)


def test_leaky_relu_slope_is_one_or_alpha_and_alpha_is_checked():
    x = backend.asarray([[-2.0, -0.5, 0.0, 0.5, 2.0]], dtype="float32")
    layer = LeakyReLU(0.2)
    y, cache = layer.forward(x)
    np.testing.assert_allclose(y, [[-0.4, -0.1, 0.0, 0.5, 2.0]], rtol=1e-6)
    np.testing.assert_allclose(layer.backward(backend.xp().ones_like(x), cache), [[0.2, 0.2, 0.2, 1.0, 1.0]], rtol=1e-6)
    for alpha in (-0.1, 1.5):
        with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\]"):
            LeakyReLU(alpha)
