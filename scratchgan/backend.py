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
directly on the active device.

On the CPU, ``parallel(fn, jobs)`` shares independent elementwise jobs (Adam's
cache-sized pieces) among ``get_threads()`` threads: SCRATCHGAN_THREADS, else
min(2, cores); ``set_threads(n)`` changes it.
"""
import contextlib
import os
from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np

CHOICES = ("numpy", "cupy")
INSTALL_HINT = "install a CuPy wheel that matches your CUDA (pip install -e .[gpu]) or use the numpy backend"

_state = {"name": "numpy", "xp": np, "host_rng": np.random.default_rng(0), "device_rng": None}


class BackendUnavailable(RuntimeError):
    """The cupy backend was asked for on a machine that cannot run it."""


def _import_cupy():
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
    _state["xp"] = np if name == "numpy" else _import_cupy()
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


def _is_cupy(a):
    return type(a).__module__.split(".")[0] == "cupy"


def get_xp(*arrays):
    """The array module (numpy or cupy) that holds ``arrays``.

    Non-arrays (Python numbers, None) are ignored; with no arrays at all the
    active backend's module is returned. NumPy and CuPy arrays together raise
    TypeError: one product cannot span two devices.
    """
    on_gpu = [_is_cupy(a) for a in arrays if hasattr(a, "__array__") or _is_cupy(a)]
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
    return a.get() if _is_cupy(a) else np.asarray(a)


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


def _device_rng():
    if _state["device_rng"] is None:
        _state["device_rng"] = _new_device_rng(int(_state["host_rng"].integers(2**31)))
    return _state["device_rng"]


def randn(*shape, dtype="float32"):
    """Standard-normal noise of ``shape`` on the active device, float32 by default."""
    return _device_rng().standard_normal(shape, dtype=dtype)


def rand(*shape, dtype="float32"):
    """Uniform [0, 1) noise of ``shape`` on the active device, float32 by default."""
    rng = _device_rng()
    return rng.random(shape, dtype=dtype) if _state["name"] == "numpy" else rng.random_sample(shape, dtype=dtype)


def _default_threads():
    """SCRATCHGAN_THREADS if set, else the cores this process may use, at most 2 (memory-bound work)."""
    if os.environ.get("SCRATCHGAN_THREADS"):
        return int(os.environ["SCRATCHGAN_THREADS"])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(2, cores)


_threads = {"n": None, "pool": None}
if hasattr(os, "register_at_fork"):  # a forked child has none of its parent's pool threads: start afresh
    os.register_at_fork(after_in_child=lambda: _threads.update(n=None, pool=None))


def set_threads(n):
    """Use ``n`` CPU threads for ``parallel`` (1: everything on the calling thread)."""
    n = int(n)
    if n < 1:
        raise ValueError(f"threads must be >= 1, got {n}")
    if _threads["pool"] is not None:
        _threads["pool"].shutdown()
    _threads.update(n=n, pool=ThreadPoolExecutor(n - 1) if n > 1 else None)


def get_threads():
    """How many CPU threads ``parallel`` uses (SCRATCHGAN_THREADS, else min(2, cores))."""
    if _threads["n"] is None:
        set_threads(_default_threads())
    return _threads["n"]


def _run_all(fn, jobs):
    for job in jobs:
        fn(*job)


def parallel(fn, jobs):
    """Call ``fn(*job)`` for every job, the jobs dealt round-robin to ``get_threads()`` threads.

    For CPU elementwise work on separate slices of arrays: NumPy lets go of
    Python's global lock inside its loops, so the slices run on separate cores.
    The calling thread takes the first share; exceptions reach the caller.
    """
    n = min(get_threads(), len(jobs))
    if n <= 1:
        return _run_all(fn, jobs)
    futures = [_threads["pool"].submit(_run_all, fn, jobs[i::n]) for i in range(1, n)]
    try:
        _run_all(fn, jobs[0::n])
    finally:
        wait(futures)  # even when our share fails: no thread may still be writing after we return
    for f in futures:
        f.result()


def synchronize():
    """Wait for queued GPU work to finish (a no-op on NumPy); call before reading a clock."""
    if _state["name"] == "cupy":
        _state["xp"].cuda.Device().synchronize()
