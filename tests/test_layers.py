"""Layers (layers.py): shapes and formulas, initialisation, the one backward signature with its two
flags, the activations' slope and curvature, MinibatchStd, Sequential's live views and state dicts.
Every backward against finite differences: tests/test_gradients.py."""
import numpy as np
import pytest

from scratchgan import backend, gradcheck
from scratchgan.layers import Dense, LeakyReLU, MinibatchStd, ReLU, Sequential, Sigmoid, Tanh, sigmoid


def rows(*shape, seed=1):
    return backend.asarray(np.random.default_rng(seed).standard_normal(shape))


def test_dense_shapes_and_formula():
    layer = Dense(3, 2)
    assert layer.params["W"].shape == (3, 2) and layer.params["b"].shape == (2,)
    x = backend.asarray(np.arange(6.0).reshape(2, 3), dtype="float32")
    layer.params["b"][:] = 1.0
    y = layer(x)
    np.testing.assert_allclose(backend.to_numpy(y), backend.to_numpy(x @ layer.params["W"] + 1.0))


@pytest.mark.parametrize("init,std", [("he", (2 / 400) ** 0.5), ("xavier", (2 / 600) ** 0.5)])
def test_initialisation_scale(init, std):
    W = backend.to_numpy(Dense(400, 200, init=init).params["W"])
    assert W.std() == pytest.approx(std, rel=0.03)
    assert abs(W.mean()) < 0.01


def test_unknown_init():
    with pytest.raises(ValueError, match="xavier"):
        Dense(2, 2, init="zeros")


def test_wrong_input_shape_names_layer():
    with pytest.raises(ValueError, match=r"Dense\(3 -> 2\).*\(batch, 3\).*\(4, 5\)"):
        Dense(3, 2).forward(np.zeros((4, 5), np.float32))


# layers are built inside each test (lambdas), so they live on the backend the fixture selected
LAYERS = {"Dense": lambda: Dense(3, 3), "ReLU": ReLU, "LeakyReLU": LeakyReLU, "Tanh": Tanh, "Sigmoid": Sigmoid}


def zeros(*shape):
    return backend.xp().zeros(shape, dtype="float32")


@pytest.mark.parametrize("name", LAYERS)
def test_backward_rejects_wrong_dy_shape(name):
    layer = LAYERS[name]()
    y, cache = layer.forward(zeros(4, 3))
    with pytest.raises(ValueError, match=name):
        layer.backward(zeros(4, 1), cache)  # would broadcast silently


@pytest.mark.parametrize("name", [*LAYERS, "Sequential"])
def test_float32_in_float32_out(name):
    layer = Sequential(Dense(3, 3), LeakyReLU(), Dense(3, 3), Tanh()) if name == "Sequential" else LAYERS[name]()
    x = backend.asarray(np.random.default_rng(0).standard_normal((4, 3)), dtype="float32")
    y, cache = layer.forward(x)
    dx = layer.backward(backend.xp().ones_like(y), cache)
    assert y.dtype == np.float32 and dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())


def test_backward_adds_into_grads():
    layer = Dense(2, 2)
    x = backend.xp().ones((3, 2), dtype="float32")
    y, cache = layer.forward(x)
    layer.backward(backend.xp().ones_like(y), cache)
    once = backend.to_numpy(layer.grads["W"]).copy()
    layer.backward(backend.xp().ones_like(y), cache)
    np.testing.assert_allclose(backend.to_numpy(layer.grads["W"]), 2 * once)
    layer.zero_grad()
    assert not layer.grads["W"].any()


def test_zero_grad_follows_param_dtype():
    layer = Dense(2, 2)
    layer.params["W"] = layer.params["W"].astype(np.float64)
    layer.zero_grad()
    assert layer.grads["W"].dtype == np.float64


def test_sigmoid_stable_everywhere():
    x = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        s = sigmoid(x)
    assert s[3] == 0.5 and s[0] == 0.0 and s[-1] == 1.0
    assert s[2] == pytest.approx(np.exp(-30) / (1 + np.exp(-30)), rel=1e-14)  # tiny values keep precision
    assert np.all(np.diff(s) >= 0)


def test_activation_values():
    x = np.array([[-2.0, 0.0, 3.0]])
    assert ReLU()(x).tolist() == [[0.0, 0.0, 3.0]]
    np.testing.assert_allclose(LeakyReLU(0.1)(x), [[-0.2, 0.0, 3.0]])
    np.testing.assert_allclose(Tanh()(x), np.tanh(x))


def test_sequential_params_are_live_views():
    net = Sequential(Dense(2, 3), ReLU(), Dense(3, 1))
    assert list(net.params) == ["0.W", "0.b", "2.W", "2.b"]
    assert net.params["0.W"] is net[0].params["W"]
    net.params["0.W"] -= 1.0  # in place, as an optimizer does
    assert net.params["0.W"] is net[0].params["W"]
    net.params["2.b"] = backend.xp().ones(1, dtype="float64")
    assert net[2].params["b"].dtype == np.float64
    with pytest.raises(KeyError):
        net.params["0.Q"]
    assert "Dense(2 -> 3)" in repr(net)


def test_state_dict_roundtrip():
    a, b = Sequential(Dense(2, 3), Tanh(), Dense(3, 1)), Sequential(Dense(2, 3), Tanh(), Dense(3, 1))
    b.load_state_dict(a.state_dict())
    x = backend.xp().ones((2, 2), dtype="float32")
    np.testing.assert_array_equal(backend.to_numpy(a(x)), backend.to_numpy(b(x)))
    state = a.state_dict()
    b.load_state_dict(state)
    b.params["0.W"] -= 1.0  # an in-place step, as an optimizer takes: the loaded state must not follow it
    np.testing.assert_array_equal(state["0.W"], backend.to_numpy(a.params["0.W"]))
    with pytest.raises(ValueError, match="shape"):
        Dense(2, 4).load_state_dict(Dense(2, 3).state_dict())
    with pytest.raises(ValueError, match="keys"):
        Dense(2, 3).load_state_dict({"W": np.zeros((2, 3))})


# -- one backward signature: backward(dy, cache, param_grads=True, need_dx=True) -------------------
def net_and_batch(dtype="float32"):
    backend.seed(3)
    net = Sequential(Dense(5, 8), LeakyReLU(0.2), Dense(8, 4), Tanh(), Dense(4, 1))
    rng = np.random.default_rng(4)
    x, dy = (backend.asarray(rng.standard_normal(s), dtype=dtype) for s in ((6, 5), (6, 1)))
    return net, x, dy


def grads_of(net):
    return {k: backend.to_numpy(g).copy() for k, g in net.grads.items()}


EVERY_LAYER = {"Dense": lambda: Dense(5, 4), "ReLU": ReLU, "LeakyReLU": LeakyReLU, "Tanh": Tanh, "Sigmoid": Sigmoid,
               "MinibatchStd": MinibatchStd,
               "Sequential": lambda: Sequential(Dense(5, 6), LeakyReLU(0.2), Sequential(Dense(6, 3), Tanh()), Dense(3, 2)),
               "Sequential-activation-first": lambda: Sequential(Tanh(), Dense(5, 2), MinibatchStd())}


@pytest.mark.parametrize("name", EVERY_LAYER)
def test_every_layer_takes_the_two_flags_and_honours_them(name):
    layer = EVERY_LAYER[name]()
    x = rows(6, 5, seed=2)
    y, cache = layer.forward(x)
    dy = rows(*y.shape, seed=3)
    layer.zero_grad()
    dx = layer.backward(dy, cache)  # the contract's two-argument call
    want = grads_of(layer)
    assert dx.shape == x.shape
    layer.zero_grad()
    np.testing.assert_array_equal(layer.backward(dy, cache, param_grads=False), dx)  # frozen: the same dx ...
    assert all(not g.any() for g in layer.grads.values())  # ... and no parameter gradient
    assert layer.backward(dy, cache, need_dx=False) is None  # data input: no dx ...
    for k, g in grads_of(layer).items():  # ... and the same parameter gradients
        np.testing.assert_array_equal(g, want[k], err_msg=k)
    assert layer.backward(dy, cache, param_grads=False, need_dx=False) is None


def test_sequential_backward_passes_the_flags_to_every_layer_and_need_dx_to_the_first():
    seen = []

    class Spy(Tanh):
        def backward(self, dy, y, param_grads=True, need_dx=True):
            seen.append((param_grads, need_dx))
            return super().backward(dy, y, param_grads=param_grads, need_dx=need_dx)
    net = Sequential(Spy(), Dense(3, 3), Spy(), Dense(3, 1), Spy())
    y, cache = net.forward(rows(4, 3))
    net.backward(backend.xp().ones_like(y), cache, param_grads=False, need_dx=False)
    assert seen == [(False, True), (False, True), (False, False)]  # last layer first


def test_a_layer_without_the_flags_is_refused_inside_a_sequential_with_its_name():
    class OldTanh(Tanh):
        def backward(self, dy, y):  # the flags are part of every layer's backward
            return dy * (1 - y * y)
    net = Sequential(Dense(2, 2), OldTanh())
    y, cache = net.forward(rows(3, 2))
    with pytest.raises(TypeError, match="backward.*param_grads"):
        net.backward(y, cache)


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


# -- MinibatchStd ------------------------------------------------------------------------------
def test_minibatch_std_gradient_check():
    report = gradcheck.check_layer(MinibatchStd(), rows(6, 4))
    assert report.ok and report.worst < 1e-8, report
    net = Sequential(Dense(3, 5), LeakyReLU(0.2), MinibatchStd(), Dense(6, 1))
    report = gradcheck.check_layer(net, rows(7, 3, seed=2))
    assert report.ok and report.worst < 1e-8, report


def test_minibatch_std_feature_is_mean_std_over_the_batch():
    x = rows(10, 3) * backend.asarray([1.0, 2.0, 3.0])
    y = MinibatchStd()(x)
    host = backend.to_numpy(x)
    assert y.shape == (10, 4)
    np.testing.assert_array_equal(backend.to_numpy(y[:, :3]), host)
    np.testing.assert_allclose(backend.to_numpy(y[:, 3]), np.full(10, host.std(axis=0).mean()), rtol=1e-7)
    collapsed = MinibatchStd()(backend.asarray(np.ones((5, 3))))  # one point repeated: std ~ 0
    assert float(collapsed[0, 3]) == pytest.approx(1e-4, rel=1e-6)  # sqrt(eps)


def test_minibatch_std_rejects_bad_shape():
    with pytest.raises(ValueError, match="MinibatchStd.*batch, features"):
        MinibatchStd().forward(rows(4))
