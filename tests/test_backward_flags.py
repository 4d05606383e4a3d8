"""The speed paths give the plain contract's numbers: backward's optional flags, Adam by pieces, LeakyReLU's slope."""
import numpy as np
import pytest

from scratchgan import backend, optim
from scratchgan.layers import Dense, LeakyReLU, Sequential, Tanh


def net_and_batch(dtype="float32"):
    backend.seed(3)
    net = Sequential(Dense(5, 8), LeakyReLU(0.2), Dense(8, 4), Tanh(), Dense(4, 1))
    rng = np.random.default_rng(4)
    x, dy = (backend.asarray(rng.standard_normal(s), dtype=dtype) for s in ((6, 5), (6, 1)))
    return net, x, dy


def grads_of(net):
    return {k: backend.to_numpy(g).copy() for k, g in net.grads.items()}


@pytest.mark.parametrize("x_dtype", ["float32", "float64"])  # float64 data into a float32 net: the copy-in path
def test_set_equals_zero_grad_then_add(x_dtype):
    net, x, dy = net_and_batch()
    x = x.astype(x_dtype)
    y, cache = net.forward(x)
    net.zero_grad()
    dx = net.backward(dy.astype(y.dtype), cache)
    want = grads_of(net)
    for g in net.grads.values():
        g[...] = 123.0  # stale gradients that "set" must overwrite
    dx_set = net.backward(dy.astype(y.dtype), cache, grads="set")
    for k, g in grads_of(net).items():
        np.testing.assert_allclose(g, want[k], rtol=1e-6, err_msg=k)
        assert net.grads[k].dtype == np.float32
    np.testing.assert_array_equal(dx_set, dx)


def test_grads_none_leaves_grads_alone_and_need_dx_false_returns_none():
    net, x, dy = net_and_batch()
    y, cache = net.forward(x)
    net.zero_grad()
    dx = net.backward(dy, cache, grads=None)
    assert all(not g.any() for g in net.grads.values())
    net.zero_grad()
    want = net.backward(dy, cache)
    np.testing.assert_array_equal(dx, want)
    net.zero_grad()
    assert net.backward(dy, cache, need_dx=False) is None
    assert all(g.any() for k, g in net.grads.items() if k.endswith("W"))  # params still got their gradients
    with pytest.raises(ValueError, match="'add', 'set' or None"):
        net.backward(dy, cache, grads="sum")


def test_adam_by_pieces_matches_whole_arrays_bit_for_bit(monkeypatch):
    results = []
    for piece in (1 << 30, 7):  # whole arrays, then pieces of 7 elements (with a ragged last one)
        monkeypatch.setattr(optim, "PIECE", piece)
        net, x, dy = net_and_batch()
        opt = optim.Adam(net, 1e-2, betas=(0.5, 0.999))
        for _ in range(3):
            y, cache = net.forward(x)
            net.zero_grad()
            net.backward(dy, cache)
            opt.step()
        results.append(grads_of(net) | {"p/" + k: backend.to_numpy(p).copy() for k, p in net.params.items()})
    for k in results[0]:
        np.testing.assert_array_equal(results[0][k], results[1][k], err_msg=k)


def test_leaky_relu_slope_is_one_or_alpha_and_alpha_is_checked():
    x = backend.asarray([[-2.0, -0.5, 0.0, 0.5, 2.0]], dtype="float32")
    layer = LeakyReLU(0.2)
    y, cache = layer.forward(x)
    np.testing.assert_allclose(y, [[-0.4, -0.1, 0.0, 0.5, 2.0]], rtol=1e-6)
    np.testing.assert_allclose(layer.backward(backend.xp().ones_like(x), cache), [[0.2, 0.2, 0.2, 1.0, 1.0]], rtol=1e-6)
    for alpha in (-0.1, 1.5):
        with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\]"):
            LeakyReLU(alpha)
