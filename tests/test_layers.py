import numpy as np
import pytest

from scratchgan import backend
from scratchgan.layers import Dense, LeakyReLU, ReLU, Sequential, Sigmoid, Tanh, sigmoid


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
    with pytest.raises(ValueError, match="shape"):
        Dense(2, 4).load_state_dict(Dense(2, 3).state_dict())
    with pytest.raises(ValueError, match="keys"):
        Dense(2, 3).load_state_dict({"W": np.zeros((2, 3))})
