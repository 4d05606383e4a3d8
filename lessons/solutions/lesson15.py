"""Solutions to lesson 15 (arrays on CPU and GPU), for teachers."""
import time

from scratchgan import backend


def standardize(x):
    """Each column to mean 0, standard deviation 1, on x's own device: x (N, D) -> (N, D)."""
    xp = backend.get_xp(x)
    return (x - xp.mean(x, axis=0)) / xp.std(x, axis=0)


def best_of(f, n):
    """The best of n timed calls of f(), after one warm-up call, in seconds."""
    f()
    backend.synchronize()
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        f()
        backend.synchronize()  # the GPU queues work: wait for it before reading the clock
        best = min(best, time.perf_counter() - start)
    return best


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _sample_std(x):
    """ddof=1, the sample standard deviation, where the lesson asks for the population one."""
    xp = backend.get_xp(x)
    return (x - xp.mean(x, axis=0)) / xp.std(x, axis=0, ddof=1)


def _rows_not_columns(x):
    """Standardises each row (axis=1) instead of each column."""
    xp = backend.get_xp(x)
    return (x - xp.mean(x, axis=1, keepdims=True)) / xp.std(x, axis=1, keepdims=True)


def _no_warm_up(f, n):
    """Times every call, the first (slow) one included."""
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        f()
        backend.synchronize()
        best = min(best, time.perf_counter() - start)
    return best


def _warm_up_left_running(f, n):
    """Warms up but does not wait for it: the first timed call also waits for the warm-up's work."""
    f()
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        f()
        backend.synchronize()
        best = min(best, time.perf_counter() - start)
    return best


def _no_synchronize(f, n):
    """Reads the clock as soon as f returns: on a GPU that times the queueing, not the work."""
    f()
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - start)
    return best


def _mean_not_best(f, n):
    """Averages the n calls: interference only ever adds time, so the mean overstates the cost of the code."""
    f()
    backend.synchronize()
    total = 0.0
    for _ in range(n):
        start = time.perf_counter()
        f()
        backend.synchronize()
        total += time.perf_counter() - start
    return total / n


MISTAKES = {"standardize": [_sample_std, _rows_not_columns],
            "best_of": [_no_warm_up, _warm_up_left_running, _no_synchronize, _mean_not_best]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"standardize": [], "best_of": []}  # what to measure, in words
