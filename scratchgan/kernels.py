"""The fast forms: overrides of textbook methods, each checked equal to the lines it replaces.

What a student reads in ``layers.py`` and ``optim.py`` is the equation, and it
is what runs under ``SCRATCHGAN_REFERENCE=1``. A method marked
``@kernels.fast_form(name)`` is overridden by the function of that name here
(thinc keeps ``Ops.adam`` plain and lets ``CupyOps.adam`` override it; DeZero
keeps ``linear_simple`` beside ``Linear``). The override takes the method's
own arguments, ``self`` first, and may return ``NotImplemented`` where it has
nothing faster, as Python's binary operators do: the textbook lines then run.

    textbook method            override here            what is faster
    optim.Adam.update          adam(opt, p, g, state)   in place, cache-sized pieces; one CUDA kernel
    layers.LeakyReLU.slope     leaky_relu_slope(...)    alpha + (1 - alpha)[y > 0]: no branch (CPU)

Each override is here because it measurably speeds up a training step
(``python benchmarks/bench_step.py --ablate``; benchmarks/RESULTS.md, "Speed").
The other measured savings are ideas a student can name, so they stay where
the maths is: a frozen D computes no parameter gradients (``param_grads=False``),
data needs no dL/dx (``need_dx=False``), and ``zero_grad(set_to_none=True)``
lets the first backward take its gradient instead of adding it to zeros.

One switch runs the textbook lines everywhere: the environment variable
``SCRATCHGAN_REFERENCE=1``, or ``with kernels.use_reference(): ...``. They
train the same GAN (tests/test_kernels.py checks each override against its
textbook method, and a whole training run both ways).

    >>> import numpy as np
    >>> from scratchgan import kernels, layers
    >>> y = np.array([-1.0, 2.0], dtype=np.float32)
    >>> layers.LeakyReLU(0.25).slope(y).tolist()
    [0.25, 1.0]
    >>> with kernels.use_reference():
    ...     layers.LeakyReLU(0.25).slope(y).tolist()
    [0.25, 1.0]

``limit_blas_threads`` (the command line's one BLAS thread) is here too: it is
a speed setting, not part of the maths.
"""
import contextlib
import functools
import os

from . import backend

NAMES = ("adam", "leaky_relu_slope")
_reference = set(NAMES) if os.environ.get("SCRATCHGAN_REFERENCE", "") not in ("", "0") else set()


def reference(name):
    """True when the textbook method of override ``name`` runs (the switch is on for it)."""
    return name in _reference


@contextlib.contextmanager
def use_reference(on=True, names=NAMES):
    """Run the textbook methods of ``names`` (default: all) instead of their overrides (``on=False``: the overrides)."""
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


def fast_form(name):
    """Decorator for a textbook method that the function ``name`` of this module overrides.

    At each call the override runs unless ``reference(name)``, or unless it
    returns ``NotImplemented``; the textbook method stays reachable as
    ``method.__wrapped__``.
    """
    if name not in NAMES:
        raise ValueError(f"unknown kernel {name!r}; choose from {', '.join(NAMES)}")

    def decorate(textbook):
        @functools.wraps(textbook)
        def method(self, *args, **kwargs):
            if name not in _reference:
                out = globals()[name](self, *args, **kwargs)  # looked up at each call: tests may replace it
                if out is not NotImplemented:
                    return out
            return textbook(self, *args, **kwargs)
        return method
    return decorate


# -- Adam ----------------------------------------------------------------------------------
PIECE = 1 << 16  # elements; p, g, m, v and the scratch of one piece (5 x 256 KB in float32) stay in a core's L2 cache
_work = {}  # (dtype, size) -> one work array, reused by every parameter and step


def adam(opt, p, g, state):
    """``optim.Adam.update``, fast: the bias corrections folded into two numbers,

        lr_t = lr sqrt(1 - b2^t) / (1 - b1^t),   eps_t = eps sqrt(1 - b2^t),   p -= lr_t m / (sqrt(v) + eps_t)

    (the same value: multiply the textbook's fraction through by sqrt(1 - b2^t)).
    NumPy: every line in place (``adam_in_place``), piece by piece, so each piece
    is read from memory once and all passes over it hit the cache.
    CuPy: one fused CUDA kernel (``ADAM_CUDA``) per parameter. Returns None.
    """
    m, v, t = opt.start_step(p, state)
    (b1, b2), lr, eps = opt.betas, opt.lr, opt.eps
    lr_t = lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
    eps_t = eps * (1 - b2 ** t) ** 0.5
    xp = backend.get_xp(p, g, m, v)
    if xp.__name__ != "numpy":
        _cuda_adam(xp)(g, b1, 1 - b1, b2, 1 - b2, lr_t, eps_t, p, m, v)
        return None
    if not all(a.flags.c_contiguous for a in (p, g, m, v)):
        return adam_in_place(xp, p, g, m, v, xp.empty_like(p), b1, b2, lr_t, eps_t)
    key = (p.dtype.str, min(p.size, PIECE))
    tmp = _work.get(key)
    if tmp is None:
        tmp = _work[key] = xp.empty(key[1], dtype=p.dtype)
    flat = [a.reshape(-1) for a in (p, g, m, v)]  # views: writing a piece writes the array
    for i in range(0, p.size, PIECE):
        piece = [a[i:i + PIECE] for a in flat]
        adam_in_place(xp, *piece, tmp[:piece[0].size], b1, b2, lr_t, eps_t)
    return None


def adam_in_place(xp, p, g, m, v, tmp, b1, b2, lr_t, eps_t):
    """One Adam step with folded corrections on arrays of one shape, every line in place.

    p, m, v are written; g is read; tmp is a work array shaped like them (its
    contents are overwritten). ``adam`` calls this on cache-sized pieces.
    """
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


# The CUDA body (C; also valid Python, so a CPU test runs it with NumPy against adam_in_place).
ADAM_CUDA = "m = b1 * m + c1 * g; v = b2 * v + c2 * (g * g); p -= lr_t * (m / (sqrt(v) + eps_t))"
_compiled = {}


def _cuda_adam(cupy):
    """ADAM_CUDA as a CuPy ElementwiseKernel, compiled on first use: one launch per parameter, not eleven."""
    if "adam" not in _compiled:
        _compiled["adam"] = cupy.ElementwiseKernel(
            "T g, T b1, T c1, T b2, T c2, T lr_t, T eps_t", "T p, T m, T v", ADAM_CUDA, "scratchgan_adam")
    return _compiled["adam"]


# -- LeakyReLU's slope -------------------------------------------------------------------------
def leaky_relu_slope(layer, y):
    """``layers.LeakyReLU.slope`` by arithmetic, alpha + (1 - alpha)[y > 0], in place, in y's dtype.

    On random signs ``where``'s per-element choice makes a CPU mispredict its
    branch; the arithmetic form has none. A GPU has no branch to mispredict:
    there it returns NotImplemented and the textbook ``where`` runs.
    """
    xp = backend.get_xp(y)
    if xp.__name__ != "numpy":
        return NotImplemented
    s = xp.greater(y, 0, out=xp.empty_like(y), casting="unsafe")  # 1.0 where y > 0, else 0.0
    s *= 1 - layer.alpha
    s += layer.alpha
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
