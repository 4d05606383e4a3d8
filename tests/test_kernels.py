"""Every override in kernels.py equals the textbook method it replaces: float64, bit for bit where
the arithmetic is the same, on NumPy and (when a GPU is here) on CuPy; default training runs the
overrides; and a GAN trained with the textbook lines everywhere ends where the fast one does."""
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import needs_gpu
from scratchgan import backend, gan, kernels, layers, optim

ALPHAS = (0.0, 0.01, 0.1, 0.2, 0.3, 0.5, 1.0)


def adam_both_ways(xp, shape, steps=4, dtype="float64", seed=0):
    """(fast, textbook) p, m, v after ``steps`` calls of Adam.update on the same p and gradients."""
    rng = np.random.default_rng(seed)
    p0 = rng.standard_normal(shape)
    grads = rng.standard_normal((steps,) + shape)
    out = []
    for textbook in (False, True):
        opt = optim.Adam(layers.Dense(1, 1), lr=1e-2, betas=(0.5, 0.999))
        p, state = xp.array(p0, dtype=dtype), {}  # a copy: p0 stays put for the second run
        with kernels.use_reference(textbook):
            for t in range(steps):
                opt.update(p, xp.asarray(grads[t], dtype=dtype), state)
        assert state["t"] == steps
        out.append([backend.to_numpy(a) for a in (p, state["m"], state["v"])])
    return out


def test_default_training_runs_the_overrides_and_the_switch_the_textbook_lines(monkeypatch):
    calls = []
    for name in kernels.NAMES:
        fast = getattr(kernels, name)
        monkeypatch.setattr(kernels, name, lambda *a, fast=fast, name=name: calls.append(name) or fast(*a))
    G = layers.Sequential(layers.Dense(2, 4), layers.LeakyReLU(0.2), layers.Dense(4, 2))
    D = layers.Sequential(layers.Dense(2, 4), layers.LeakyReLU(0.2), layers.Dense(4, 1))
    game = gan.GAN(G, D, optim.Adam(G, 1e-3), optim.Adam(D, 1e-3), noise_dim=2)
    game.train_step(np.ones((8, 2), dtype=np.float32))
    assert set(calls) == set(kernels.NAMES)
    calls.clear()
    with kernels.use_reference():
        game.train_step(np.ones((8, 2), dtype=np.float32))
    assert calls == []


@pytest.mark.parametrize("shape", [(3,), (300, 700), (5, 7)])
def test_adam_fast_equals_the_four_equations(shape):
    (p, m, v), (p_ref, m_ref, v_ref) = adam_both_ways(np, shape)
    np.testing.assert_array_equal(m, m_ref)  # the moments: the same arithmetic, bit for bit
    np.testing.assert_array_equal(v, v_ref)
    # p: the bias corrections folded into lr_t and eps_t round differently (a few ulps)
    np.testing.assert_allclose(p, p_ref, rtol=1e-14, atol=1e-15)
    assert not np.array_equal(p, np.random.default_rng(0).standard_normal(shape))  # p moved


def test_adam_by_pieces_equals_whole_arrays_bit_for_bit(monkeypatch):
    results = []
    for piece in (1 << 30, 7):  # whole arrays, then pieces of 7 elements (with a ragged last one)
        monkeypatch.setattr(kernels, "PIECE", piece)
        results.append(adam_both_ways(np, (9, 11), dtype="float32")[0])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_adam_on_non_contiguous_arrays_equals_the_textbook():
    rng = np.random.default_rng(1)
    p, g = rng.standard_normal((6, 8)).T, rng.standard_normal((6, 8)).T  # transposed views
    p_ref, state, state_ref = p.copy(), {}, {}
    opt = optim.Adam(layers.Dense(1, 1), lr=1e-2)
    kernels.adam(opt, p, g, state)
    assert not state["m"].flags.c_contiguous  # the moments take p's layout: the whole-array path ran
    optim.Adam.update.__wrapped__(opt, p_ref, g, state_ref)  # the textbook method itself
    np.testing.assert_allclose(p, p_ref, rtol=1e-14)
    np.testing.assert_array_equal(state["m"], state_ref["m"])


def test_the_cuda_adam_body_equals_the_cpu_kernel_bit_for_bit():
    """kernels.ADAM_CUDA is C that is also Python: run through NumPy it must give what the CPU
    kernel gives, bit for bit (the same operations in the same order)."""
    rng = np.random.default_rng(2)
    p, g = rng.standard_normal(50), rng.standard_normal(50)
    m, v = rng.standard_normal(50) * 0.1, rng.random(50)
    t, lr, b1, b2, eps = 3, 1e-3, 0.5, 0.999, 1e-8
    lr_t, eps_t = lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t), eps * (1 - b2 ** t) ** 0.5
    env = dict(g=g, b1=b1, c1=1 - b1, b2=b2, c2=1 - b2, lr_t=lr_t, eps_t=eps_t, p=p.copy(), m=m.copy(), v=v.copy(),
               sqrt=np.sqrt)
    for line in kernels.ADAM_CUDA.split(";"):
        exec(line.strip(), {}, env)
    kernels.adam(optim.Adam(layers.Dense(1, 1), lr, (b1, b2), eps), p, g, {"m": m, "v": v, "t": t - 1})
    for name, got in (("p", p), ("m", m), ("v", v)):
        np.testing.assert_array_equal(env[name], got, err_msg=name)


def test_adam_in_place_is_the_folded_step():
    """adam_in_place on whole arrays: m, v as the textbook, p -= lr_t m / (sqrt(v) + eps_t)."""
    rng = np.random.default_rng(4)
    p, g, m, v = rng.standard_normal((4, 20))
    v = abs(v)
    want_m, want_v = 0.9 * m + (1 - 0.9) * g, 0.99 * v + (1 - 0.99) * g * g
    want_p = p - 0.5 * want_m / (np.sqrt(want_v) + 1e-3)
    kernels.adam_in_place(np, p, g, m, v, np.empty_like(p), 0.9, 0.99, 0.5, 1e-3)
    for got, want in ((m, want_m), (v, want_v), (p, want_p)):
        np.testing.assert_allclose(got, want, rtol=1e-14)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_leaky_relu_slope_equals_the_textbook_bit_for_bit(dtype):
    x = np.random.default_rng(3).standard_normal((64, 33)).astype(dtype)
    x[0, :3] = 0.0  # the kink
    for alpha in ALPHAS:
        layer = layers.LeakyReLU(alpha)
        y = layer(x)
        s = kernels.leaky_relu_slope(layer, y)
        with kernels.use_reference():
            s_ref = layer.slope(y)
        assert s.dtype == s_ref.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(s, s_ref)
        assert set(np.unique(s)) <= {s.dtype.type(1), s.dtype.type(alpha)}


def test_fast_form_runs_the_textbook_where_the_override_declines(monkeypatch):
    layer = layers.LeakyReLU(0.3)
    y = np.array([-1.0, 2.0])
    monkeypatch.setattr(kernels, "leaky_relu_slope", lambda layer, y: NotImplemented)
    assert layer.slope(y).tolist() == [0.3, 1.0]
    with pytest.raises(ValueError, match="unknown kernel 'adma'"):
        kernels.fast_form("adma")


@needs_gpu
def test_every_override_equals_its_textbook_method_on_cupy():
    import cupy
    (p, m, v), (p_ref, m_ref, v_ref) = adam_both_ways(cupy, (300, 700))
    np.testing.assert_allclose(m, m_ref, rtol=1e-14)  # the GPU may fuse multiply-adds: not bit for bit
    np.testing.assert_allclose(v, v_ref, rtol=1e-14)
    np.testing.assert_allclose(p, p_ref, rtol=1e-13, atol=1e-15)
    on_host = adam_both_ways(np, (300, 700))[1]
    np.testing.assert_allclose(p_ref, on_host[0], rtol=1e-13, atol=1e-15)  # and the GPU agrees with the CPU
    x = cupy.asarray(np.random.default_rng(3).standard_normal((64, 33)))
    for alpha in ALPHAS:
        layer = layers.LeakyReLU(alpha)
        y = layer(x)
        fast = layer.slope(y)
        with kernels.use_reference():
            np.testing.assert_array_equal(backend.to_numpy(fast), backend.to_numpy(layer.slope(y)))


def test_use_reference_switches_and_restores():
    assert not any(kernels.reference(n) for n in kernels.NAMES)
    with kernels.use_reference():
        assert all(kernels.reference(n) for n in kernels.NAMES)
        with kernels.use_reference(False, names=["adam"]):
            assert not kernels.reference("adam") and kernels.reference("leaky_relu_slope")
        assert kernels.reference("adam")
    assert not any(kernels.reference(n) for n in kernels.NAMES)
    with pytest.raises(ValueError, match="unknown kernel.*choose from adam"):
        with kernels.use_reference(names=["adma"]):
            pass


def test_the_environment_variable_turns_on_every_reference_form():
    code = "from scratchgan import kernels; print(all(kernels.reference(n) for n in kernels.NAMES))"
    env = dict(os.environ, SCRATCHGAN_REFERENCE="1", PYTHONPATH=os.getcwd() + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def train_small_gan(steps=30):
    backend.seed(0)
    G = layers.Sequential(layers.Dense(4, 16), layers.LeakyReLU(0.2), layers.Dense(16, 2))
    D = layers.Sequential(layers.Dense(2, 16), layers.LeakyReLU(0.2), layers.Dense(16, 1))
    G.astype("float64"), D.astype("float64")
    game = gan.GAN(G, D, optim.Adam(G, 1e-2, (0.5, 0.999)), optim.Adam(D, 1e-2, (0.5, 0.999)), noise_dim=4)
    rng = np.random.default_rng(5)
    for _ in range(steps):
        z = backend.asarray(rng.standard_normal((32, 4)))
        game.train_step(backend.asarray(rng.standard_normal((32, 2)) + 3.0), z=z)
    return {k: backend.to_numpy(p) for net in ("G", "D") for k, p in
            ((f"{net}/{k}", p) for k, p in getattr(game, net).params.items())}


def test_the_textbook_forms_train_the_same_gan():
    fast = train_small_gan()
    with kernels.use_reference():
        ref = train_small_gan()
    for k in fast:
        np.testing.assert_allclose(fast[k], ref[k], rtol=1e-9, atol=1e-11, err_msg=k)
    assert not np.allclose(fast["G/0.W"], train_small_gan(steps=0)["G/0.W"])  # it did train
