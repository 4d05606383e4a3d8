"""Every fast form in kernels.py equals its reference form: float64, bit for bit where the
arithmetic is the same, on NumPy and (when a GPU is here) on CuPy; and a GAN trained with the
reference forms everywhere ends where the fast one does."""
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import needs_gpu
from scratchgan import backend, gan, kernels, layers, optim

ALPHAS = (0.0, 0.01, 0.1, 0.2, 0.3, 0.5, 1.0)


def adam_both_ways(xp, shape, steps=4, dtype="float64", seed=0):
    """(fast, reference) results of ``steps`` Adam steps on the same p, m, v and gradients."""
    rng = np.random.default_rng(seed)
    p0 = rng.standard_normal(shape)
    grads = rng.standard_normal((steps,) + shape)
    out = []
    for fn in (kernels.adam, kernels.adam_reference):
        p, m, v = (xp.array(a, dtype=dtype) for a in (p0, np.zeros(shape), np.zeros(shape)))  # copies: p0 stays put
        for t in range(1, steps + 1):
            fn(p, xp.asarray(grads[t - 1], dtype=dtype), m, v, t, 1e-2, 0.5, 0.999, 1e-8)
        out.append([backend.to_numpy(a) for a in (p, m, v)])
    return out


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
        kernels._scratch.clear()
        results.append(adam_both_ways(np, (9, 11), dtype="float32")[0])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_adam_on_non_contiguous_arrays_equals_the_reference():
    rng = np.random.default_rng(1)
    p, g = rng.standard_normal((6, 8)).T, rng.standard_normal((6, 8)).T  # transposed views
    m, v = np.zeros((8, 6)), np.zeros((8, 6))
    p_ref, m_ref, v_ref = p.copy(), m.copy(), v.copy()
    kernels.adam(p, g, m, v, 1, 1e-2, 0.9, 0.999, 1e-8)
    kernels.adam_reference(p_ref, g, m_ref, v_ref, 1, 1e-2, 0.9, 0.999, 1e-8)
    np.testing.assert_allclose(p, p_ref, rtol=1e-14)
    np.testing.assert_array_equal(m, m_ref)


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
    kernels.adam(p, g, m, v, t, lr, b1, b2, eps)
    for name, got in (("p", p), ("m", m), ("v", v)):
        np.testing.assert_array_equal(env[name], got, err_msg=name)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_leaky_relu_slope_equals_the_reference_bit_for_bit(dtype):
    x = np.random.default_rng(3).standard_normal((64, 33)).astype(dtype)
    x[0, :3] = 0.0  # the kink
    for alpha in ALPHAS:
        y = layers.LeakyReLU(alpha)(x)
        s, s_ref = kernels.leaky_relu_slope(y, alpha), kernels.leaky_relu_slope_reference(y, alpha)
        assert s.dtype == s_ref.dtype == np.dtype(dtype)
        np.testing.assert_array_equal(s, s_ref)
        assert set(np.unique(s)) <= {s.dtype.type(1), s.dtype.type(alpha)}


@needs_gpu
def test_every_kernel_equals_its_reference_on_cupy():
    import cupy
    (p, m, v), (p_ref, m_ref, v_ref) = adam_both_ways(cupy, (300, 700))
    np.testing.assert_allclose(m, m_ref, rtol=1e-14)  # the GPU may fuse multiply-adds: not bit for bit
    np.testing.assert_allclose(v, v_ref, rtol=1e-14)
    np.testing.assert_allclose(p, p_ref, rtol=1e-13, atol=1e-15)
    on_host = adam_both_ways(np, (300, 700))[1]
    np.testing.assert_allclose(p_ref, on_host[0], rtol=1e-13, atol=1e-15)  # and the GPU agrees with the CPU
    x = cupy.asarray(np.random.default_rng(3).standard_normal((64, 33)))
    for alpha in ALPHAS:
        y = layers.LeakyReLU(alpha)(x)
        np.testing.assert_array_equal(backend.to_numpy(kernels.leaky_relu_slope(y, alpha)),
                                      backend.to_numpy(kernels.leaky_relu_slope_reference(y, alpha)))


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
