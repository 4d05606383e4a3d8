import numpy as np
import pytest

from scratchgan import backend

from scratchgan.layers import Dense
from scratchgan.optim import SGD, Adam


def layer_with_grad(g):
    layer = Dense(1, 2)
    layer.params["W"][...] = backend.asarray([[1.0, -2.0]], dtype="float32")
    layer.grads["W"][...] = backend.asarray(g, dtype="float32")
    return layer


def W(layer):
    return backend.to_numpy(layer.params["W"])


def test_sgd_first_steps_by_hand():
    layer = layer_with_grad([[0.5, -1.0]])
    opt = SGD(layer, lr=0.1, momentum=0.9)
    opt.step()  # v = g; p = p - 0.1 g
    np.testing.assert_allclose(W(layer), [[0.95, -1.9]], rtol=1e-6)
    opt.step()  # v = 0.9 g + g = 1.9 g
    np.testing.assert_allclose(W(layer), [[0.95 - 0.095, -1.9 + 0.19]], rtol=1e-6)


def test_plain_sgd():
    layer = layer_with_grad([[0.5, -1.0]])
    SGD(layer, lr=1.0).step()
    np.testing.assert_allclose(W(layer), [[0.5, -1.0]])


def test_adam_first_steps_by_hand():
    g = np.array([[0.5, -1e-3]])
    layer = layer_with_grad(g)
    opt = Adam(layer, lr=0.01, betas=(0.5, 0.999))
    opt.step()  # bias-corrected: m_hat = g, v_hat = g^2, step = lr * g / (|g| + eps)
    np.testing.assert_allclose(W(layer), [[1 - 0.01 * 0.5 / (0.5 + 1e-8), -2 + 0.01 * 1e-3 / (1e-3 + 1e-8)]], rtol=1e-6)
    w1 = W(layer).astype(np.float64)
    layer.grads["W"][...] = backend.asarray(2 * g, dtype="float32")  # step 2 by hand
    opt.step()
    m = 0.5 * 0.5 * g + 0.5 * 2 * g
    v = 0.999 * 0.001 * g**2 + 0.001 * (2 * g) ** 2
    m_hat, v_hat = m / (1 - 0.5**2), v / (1 - 0.999**2)
    np.testing.assert_allclose(W(layer), w1 - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-6)
    assert opt.state["W"]["t"] == 2 and set(opt.state) == {"W", "b"}


def test_update_in_place_and_dtype():
    layer = layer_with_grad([[0.5, -1.0]])
    W = layer.params["W"]
    Adam(layer, lr=1e-3).step()
    assert layer.params["W"] is W and W.dtype == np.float32


def test_state_dict_roundtrip_continues_identically():
    a, b = layer_with_grad([[0.5, -1.0]]), layer_with_grad([[0.5, -1.0]])
    oa = Adam(a, lr=1e-2)
    oa.step()
    ob = Adam(b, lr=1e-2)
    saved, saved_opt = a.state_dict(), oa.state_dict()
    b.load_state_dict(saved)
    ob.load_state_dict(saved_opt)
    b.grads["W"][...] = a.grads["W"]
    oa.step()
    ob.step()
    np.testing.assert_array_equal(W(a), W(b))
    # loading took copies: the steps after it left the saved arrays as they were (NumPy's asarray would alias them)
    assert not np.array_equal(saved["W"], W(b)) and not np.array_equal(saved_opt["W/m"], backend.to_numpy(ob.state["W"]["m"]))


def test_bad_lr():
    with pytest.raises(ValueError, match="positive"):
        SGD(Dense(1, 1), lr=0)


def test_a_gradient_set_to_none_and_never_filled_is_refused():
    layer = Dense(2, 3)
    opt = Adam(layer, lr=1e-3)
    opt.zero_grad(set_to_none=True)
    with pytest.raises(ValueError, match="grad W is None.*run backward first"):
        opt.step()
