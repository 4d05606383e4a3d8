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
    b.load_state_dict(a.state_dict())
    ob.load_state_dict(oa.state_dict())
    b.grads["W"][...] = a.grads["W"]
    oa.step()
    ob.step()
    np.testing.assert_array_equal(W(a), W(b))


def test_bad_lr():
    with pytest.raises(ValueError, match="positive"):
        SGD(Dense(1, 1), lr=0)


def test_adam_same_result_on_one_or_two_threads():
    """Adam's pieces are independent, so sharing them among threads changes nothing, bit for bit."""
    from scratchgan import optim
    if backend.get_backend() != "numpy":
        pytest.skip("threads share CPU work only")
    results, before = [], backend.get_threads()
    try:
        for threads in (1, 2):
            backend.set_threads(threads)
            backend.seed(0)
            layer = Dense(300, 700)  # 210,000 weights: four pieces of optim.PIECE
            assert layer.params["W"].size > 3 * optim.PIECE
            start, opt = W(layer).copy(), Adam(layer, lr=1e-2)
            rng = np.random.default_rng(1)
            for _ in range(3):
                layer.grads["W"][...] = rng.standard_normal((300, 700))
                layer.grads["b"][...] = rng.standard_normal(700)
                opt.step()
            results.append(W(layer))
            assert (results[-1] != start).all()  # every weight moved, in every piece
    finally:
        backend.set_threads(before)
    np.testing.assert_array_equal(results[0], results[1])


def test_adam_gpu_branch_matches_the_cpu_update(monkeypatch):
    """The CuPy path (one fused kernel per parameter), checked without a GPU: the kernel's
    body (optim.ADAM_KERNEL, C that is also Python) runs on NumPy arrays and must give the
    in-place CPU update, step for step, with the same bias corrections."""
    import types
    from scratchgan import optim
    if backend.get_backend() != "numpy":
        pytest.skip("the stand-in kernel runs on NumPy arrays")

    def kernel(g, b1, c1, b2, c2, lr_t, eps_t, p, m, v):  # what ElementwiseKernel does with ADAM_KERNEL
        env = dict(g=g, b1=b1, c1=c1, b2=b2, c2=c2, lr_t=lr_t, eps_t=eps_t, p=p, m=m.copy(), v=v.copy(), sqrt=np.sqrt)
        for line in optim.ADAM_KERNEL.split(";"):
            exec(line.strip(), {}, env)
        m[...], v[...] = env["m"], env["v"]
        return p, m, v  # like CuPy: the output arrays

    layers = []
    for gpu in (False, True):
        backend.seed(0)
        layer = Dense(3, 4)
        start, opt = W(layer).copy(), Adam(layer, lr=0.01, betas=(0.5, 0.999))
        if gpu:
            fake_cupy = types.SimpleNamespace(ElementwiseKernel=object, zeros_like=np.zeros_like)
            monkeypatch.setattr(optim.backend, "get_xp", lambda *arrays: fake_cupy)
            monkeypatch.setattr(optim, "_gpu_adam", lambda xp: kernel)
        for g in np.random.default_rng(1).standard_normal((4, 3 * 4 + 4)):
            layer.grads["W"][...] = g[:12].reshape(3, 4)
            layer.grads["b"][...] = g[12:]
            opt.step()
        layers.append((W(layer), opt.state["W"]["t"]))
        monkeypatch.undo()
    np.testing.assert_allclose(layers[1][0], layers[0][0], rtol=1e-6, atol=1e-7)
    assert layers[0][1] == layers[1][1] == 4
    assert (layers[0][0] != start).all()  # the weights moved
