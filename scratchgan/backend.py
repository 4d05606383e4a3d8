"""One switch between NumPy (CPU) and CuPy (GPU).

Every other module writes its maths once, with ``xp = get_xp(x)``, and never
asks which device it is on. This is the only module that imports CuPy.

    >>> from scratchgan import backend
    >>> backend.set_backend("numpy")
    >>> x = backend.asarray([1.0, 2.0], dtype="float32")
    >>> backend.get_xp(x).__name__
    'numpy'
    >>> backend.to_numpy(x * 2).tolist()
    [2.0, 4.0]

Randomness comes from two generators, both reseeded by ``seed(s)``:
``host_rng()`` (NumPy, on the CPU) draws initial weights, so one seed gives
the same network on either device; ``randn``/``rand`` draw float32 noise
directly on the active device (``device_rng()``).
"""
import contextlib

import numpy as np

CHOICES = ("numpy", "cupy")
INSTALL_HINT = "install a CuPy wheel that matches your CUDA (pip install -e .[gpu]) or use the numpy backend"

_state = {"name": "numpy", "xp": np, "host_rng": np.random.default_rng(0), "device_rng": None}


class BackendUnavailable(RuntimeError):
    """The cupy backend was asked for on a machine that cannot run it."""


def import_cupy():
    """Return the cupy module, or raise BackendUnavailable saying what is missing."""
    try:
        import cupy
    except ImportError as err:
        raise BackendUnavailable(f"CuPy is not installed ({err}); {INSTALL_HINT}.") from None
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as err:  # CUDA driver missing or broken
        raise BackendUnavailable(f"CuPy is installed but no usable GPU was found ({err}); {INSTALL_HINT}.") from None
    if count == 0:
        raise BackendUnavailable(f"CuPy is installed but this machine has no GPU; {INSTALL_HINT}.")
    return cupy


def set_backend(name):
    """Make ``name`` ("numpy" or "cupy") the active array backend."""
    if name not in CHOICES:
        raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(CHOICES)}")
    _state["xp"] = np if name == "numpy" else import_cupy()
    _state["name"] = name
    _state["device_rng"] = None  # redrawn lazily on the new device


def get_backend():
    """The active backend's name: "numpy" or "cupy"."""
    return _state["name"]


@contextlib.contextmanager
def use(name):
    """Run a block under backend ``name``, then restore the previous one."""
    previous = get_backend()
    set_backend(name)
    try:
        yield
    finally:
        set_backend(previous)


def is_cupy(a):
    """True when ``a`` is a CuPy array (checked without importing CuPy)."""
    return type(a).__module__.split(".")[0] == "cupy"


def get_xp(*arrays):
    """The array module (numpy or cupy) that holds ``arrays``.

    Non-arrays (Python numbers, None) are ignored; with no arrays at all the
    active backend's module is returned. NumPy and CuPy arrays together raise
    TypeError: one product cannot span two devices.
    """
    on_gpu = [is_cupy(a) for a in arrays if hasattr(a, "__array__") or is_cupy(a)]
    if any(on_gpu) and not all(on_gpu):
        raise TypeError("NumPy (CPU) and CuPy (GPU) arrays were mixed in one operation; "
                        "move the data first with scratchgan.backend.asarray(...)")
    if not on_gpu:
        return _state["xp"]
    if on_gpu[0]:
        import cupy
        return cupy
    return np


def xp():
    """The active backend's array module."""
    return _state["xp"]


def asarray(a, dtype=None):
    """``a`` (list, NumPy or CuPy array) as an array on the active backend."""
    if _state["name"] == "numpy":
        return np.asarray(to_numpy(a), dtype=dtype)
    return _state["xp"].asarray(a, dtype=dtype)


def to_numpy(a):
    """``a`` as a NumPy array on the host (a copy when it lives on the GPU)."""
    return a.get() if is_cupy(a) else np.asarray(a)


def scatter_add(a, indices, values):
    """a[indices[i]] += values[i] for every i, in place, repeated indices adding up.

    ``a[indices] += values`` would NOT do this: with a repeated index the
    buffered assignment keeps only one of the additions. NumPy's unbuffered
    form is ``np.add.at``; CuPy's is ``cupyx.scatter_add`` (atomic adds on the GPU),
    which CuPy 13 also offers as ``cupy.add.at`` and recommends over the old name.
    """
    if not is_cupy(a):
        np.add.at(a, indices, values)
        return
    import cupy
    if hasattr(cupy.add, "at"):
        cupy.add.at(a, indices, values)
    else:  # CuPy < 13
        import cupyx
        cupyx.scatter_add(a, indices, values)


def _new_device_rng(s):
    # NumPy's Generator and CuPy's RandomState both draw float32 directly.
    return np.random.default_rng(s) if _state["name"] == "numpy" else _state["xp"].random.RandomState(s)


def seed(s):
    """Reseed the host generator (initial weights) and the device one (noise)."""
    _state["host_rng"] = np.random.default_rng(s)
    _state["device_rng"] = _new_device_rng(s + 1)  # +1: noise and weights must not share a stream


def host_rng():
    """The NumPy Generator used for initial weights and data on the CPU."""
    return _state["host_rng"]


def device_rng():
    """The generator that draws noise on the active device (NumPy Generator or CuPy RandomState)."""
    if _state["device_rng"] is None:
        _state["device_rng"] = _new_device_rng(int(_state["host_rng"].integers(2**31)))
    return _state["device_rng"]


def randn(*shape, dtype="float32"):
    """Standard-normal noise of ``shape`` on the active device, float32 by default."""
    return device_rng().standard_normal(shape, dtype=dtype)


def rand(*shape, dtype="float32"):
    """Uniform [0, 1) noise of ``shape`` on the active device, float32 by default."""
    rng = device_rng()
    return rng.random(shape, dtype=dtype) if _state["name"] == "numpy" else rng.random_sample(shape, dtype=dtype)


def synchronize():
    """Wait for queued GPU work to finish (a no-op on NumPy); call before reading a clock."""
    if _state["name"] == "cupy":
        _state["xp"].cuda.Device().synchronize()
