"""The fast forms, each beside the one-line reference that the lessons write.

The teaching modules (``layers``, ``optim``) call these functions; what a
student reads there is the equation, and this module is the only place where
speed tricks live (in-place updates, cache-sized pieces, a CUDA kernel):

    kernel                      reference form (the textbook line)
    adam(p, g, m, v, t, ...)    m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= lr m_hat / (sqrt(v_hat) + eps)
    leaky_relu_slope(y, alpha)  where(y > 0, 1, alpha)

Each kernel is here because it measurably speeds up a training step
(``python benchmarks/bench_step.py --ablate``; benchmarks/RESULTS.md, "Speed").
The other measured savings are ideas a student can name, so they stay where
the maths is: a frozen D computes no parameter gradients (``param_grads=False``),
data needs no dL/dx (``need_dx=False``), and ``zero_grad(set_to_none=True)``
lets the first backward take its gradient instead of adding it to zeros.

One switch runs every reference form instead: the environment variable
``SCRATCHGAN_REFERENCE=1``, or ``with kernels.use_reference(): ...``. The
reference forms train the same GAN (tests/test_kernels.py checks fast ==
reference for every kernel, and a whole training run both ways).

    >>> import numpy as np
    >>> from scratchgan import kernels
    >>> y = np.array([-1.0, 2.0], dtype=np.float32)
    >>> kernels.leaky_relu_slope(y, 0.2).tolist(), kernels.leaky_relu_slope_reference(y, 0.2).dtype.name
    ([0.20000000298023224, 1.0], 'float32')

``limit_blas_threads`` (the command line's one BLAS thread) is here too: it is
a speed setting, not part of the maths.
"""
import contextlib
import os

from . import backend

NAMES = ("adam", "leaky_relu_slope")
_reference = set(NAMES) if os.environ.get("SCRATCHGAN_REFERENCE", "") not in ("", "0") else set()


def reference(name):
    """True when kernel ``name`` runs its reference form (the switch is on for it)."""
    return name in _reference


@contextlib.contextmanager
def use_reference(on=True, names=NAMES):
    """Run ``names`` (default: every kernel) in their reference forms (``on=False``: in their fast forms)."""
    unknown = set(names) - set(NAMES)
    if unknown:
        raise ValueError(f"unknown kernel(s) {sorted(unknown)}; choose from {', '.join(NAMES)}")
    before = set(_reference)
    _reference.difference_update(names)
    if on:
        _reference.update(names)
    try:
        yield
    finally:
        _reference.clear()
        _reference.update(before)


# -- Adam ----------------------------------------------------------------------------------
def adam_reference(p, g, m, v, t, lr, b1, b2, eps):
    """Kingma & Ba's four equations for step t, writing p, m and v in place."""
    xp = backend.get_xp(p)
    m[...] = b1 * m + (1 - b1) * g
    v[...] = b2 * v + (1 - b2) * g ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    p -= lr * m_hat / (xp.sqrt(v_hat) + eps)


PIECE = 1 << 16  # elements; p, g, m, v and the scratch of one piece (5 x 256 KB in float32) stay in a core's L2 cache
_scratch = {}  # dtype -> one PIECE-sized work array, reused by every parameter


def adam(p, g, m, v, t, lr, b1, b2, eps):
    """``adam_reference``, fast: the bias corrections folded into two numbers,

        lr_t = lr sqrt(1 - b2^t) / (1 - b1^t),   eps_t = eps sqrt(1 - b2^t),   p -= lr_t m / (sqrt(v) + eps_t)

    (the same value: multiply the reference's fraction through by sqrt(1 - b2^t)).
    NumPy: every line in place, piece by piece, so each piece is read from memory
    once and all passes over it hit the cache. CuPy: one fused CUDA kernel.
    """
    if reference("adam"):
        return adam_reference(p, g, m, v, t, lr, b1, b2, eps)
    lr_t = lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
    eps_t = eps * (1 - b2 ** t) ** 0.5
    xp = backend.get_xp(p, g, m, v)
    if xp.__name__ != "numpy":
        return _cuda_adam(xp)(g, b1, 1 - b1, b2, 1 - b2, lr_t, eps_t, p, m, v)
    if not all(a.flags.c_contiguous for a in (p, g, m, v)):
        return _adam_in_place(xp, p, g, m, v, xp.empty_like(p), b1, b2, lr_t, eps_t)
    key = (p.dtype.str, min(p.size, PIECE))
    tmp = _scratch.get(key)
    if tmp is None:
        tmp = _scratch[key] = xp.empty(key[1], dtype=p.dtype)
    flat = [a.reshape(-1) for a in (p, g, m, v)]  # views: writing a piece writes the array
    for i in range(0, p.size, PIECE):
        piece = [a[i:i + PIECE] for a in flat]
        _adam_in_place(xp, *piece, tmp[:piece[0].size], b1, b2, lr_t, eps_t)


def _adam_in_place(xp, p, g, m, v, tmp, b1, b2, lr_t, eps_t):
    m *= b1
    m += xp.multiply(g, 1 - b1, out=tmp)  # m = b1 m + (1 - b1) g
    v *= b2
    xp.multiply(g, g, out=tmp)
    tmp *= 1 - b2
    v += tmp  # v = b2 v + (1 - b2) g^2
    xp.sqrt(v, out=tmp)
    tmp += eps_t
    xp.divide(m, tmp, out=tmp)
    tmp *= lr_t
    p -= tmp  # p -= lr_t m / (sqrt(v) + eps_t)


# The CUDA body (C; also valid Python, so a CPU test runs it with NumPy against the reference).
ADAM_CUDA = "m = b1 * m + c1 * g; v = b2 * v + c2 * (g * g); p -= lr_t * (m / (sqrt(v) + eps_t))"
_compiled = {}


def _cuda_adam(cupy):
    """ADAM_CUDA as a CuPy ElementwiseKernel, compiled on first use: one launch per parameter, not eleven."""
    if "adam" not in _compiled:
        _compiled["adam"] = cupy.ElementwiseKernel(
            "T g, T b1, T c1, T b2, T c2, T lr_t, T eps_t", "T p, T m, T v", ADAM_CUDA, "scratchgan_adam")
    return _compiled["adam"]


# -- LeakyReLU's slope -------------------------------------------------------------------------
def leaky_relu_slope_reference(y, alpha):
    """dy/dx read off the output y (which has x's sign): 1 where y > 0, alpha elsewhere, in y's dtype."""
    return backend.get_xp(y).where(y > 0, 1.0, alpha).astype(y.dtype)


def leaky_relu_slope(y, alpha):
    """``leaky_relu_slope_reference`` by arithmetic, alpha + (1 - alpha)[y > 0], in place.

    On random signs ``where``'s per-element choice makes a CPU mispredict its
    branch; the arithmetic form has no branch to mispredict.
    """
    xp = backend.get_xp(y)
    if reference("leaky_relu_slope") or xp.__name__ != "numpy":  # a GPU has no branch to mispredict
        return leaky_relu_slope_reference(y, alpha)
    s = xp.greater(y, 0, out=xp.empty_like(y), casting="unsafe")  # 1.0 where y > 0, else 0.0
    s *= 1 - alpha
    s += alpha
    return s


# -- threads -------------------------------------------------------------------------------
def limit_blas_threads(n=1):
    """Ask NumPy's OpenBLAS for n threads unless the user chose (OMP/OPENBLAS_NUM_THREADS).

    Small matrices gain nothing from threads, and on a busy machine extra
    threads make each product ~10x slower. Silently does nothing elsewhere.
    """
    if "OPENBLAS_NUM_THREADS" in os.environ or "OMP_NUM_THREADS" in os.environ:
        return
    import ctypes
    import glob
    import importlib.util

    numpy_dir = os.path.dirname(importlib.util.find_spec("numpy").origin)
    for lib in glob.glob(os.path.join(numpy_dir, os.pardir, "numpy.libs", "*openblas*")):
        try:
            blas = ctypes.CDLL(lib)
            for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_", "openblas_set_num_threads"):
                if hasattr(blas, name):
                    getattr(blas, name)(n)
                    return
        except OSError:
            pass
