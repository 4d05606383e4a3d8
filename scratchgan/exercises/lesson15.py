"""Checks for the exercises of lesson 15 (arrays on CPU and GPU).

Neither needs a GPU: a GPU, when there is one, only adds a CuPy run to ``15.standardize``;
``15.best_of`` times a function that behaves like GPU work. Each check returns
``(worst relative error, detail)``.
"""
import time

import numpy as np

from .. import backend
from . import exercise
from .language import say
from .validate import CheckFailed, rel_error, worst


def _gpu():
    """True where CuPy and a GPU are there to check the CuPy half of an answer."""
    try:
        with backend.use("cupy"):
            return True
    except backend.BackendUnavailable:
        return False


def _on_gpu(a):
    return type(a).__module__.split(".")[0] == "cupy"


@exercise("15.standardize", hints=(
    "ask the input which array module it belongs to, and call only that module: then the result stays where x is",
    "backend.get_xp(x) is numpy or cupy; each column's statistics are taken over the rows (axis 0), and the "
    "standard deviation is the population one (ddof=0, the default)",
    "subtract each column's mean and divide by its standard deviation; np.mean(x) runs on a CuPy array only "
    "because CuPy hands it to cupy.mean, and np.asarray(x) there fails: call the module get_xp gives you",
))
def check_standardize(standardize):
    x_host = np.random.default_rng(1).normal(3.0, 2.0, (64, 3))
    ref = (x_host - x_host.mean(0)) / x_host.std(0)
    named = []
    for name in ("numpy", "cupy") if _gpu() else ("numpy",):
        with backend.use(name):
            x = backend.asarray(x_host)
            out = standardize(x)
            if not hasattr(out, "shape") or _on_gpu(out) != _on_gpu(x):
                raise CheckFailed("on {name} the result is a {kind}; keep it on x's device ({module} array)",
                                  name=name, kind=f"{type(out).__module__}.{type(out).__name__}",
                                  module=type(x).__module__)
            named.append((name, rel_error(out, ref)))
    return worst(named)


def _time_like_a_gpu(best_of, n, durations):
    """Run ``best_of(f, n)`` with an f that behaves like GPU work: f() only queues ``durations[i]``
    seconds of work and returns at once; ``backend.synchronize()`` does the queued work (sleeps)."""
    queue, calls = [], []

    def f():
        queue.append(durations[min(len(calls), len(durations) - 1)])
        calls.append(1)

    def synchronize():
        time.sleep(sum(queue))
        queue.clear()

    real_sync = backend.synchronize
    backend.synchronize = synchronize
    try:
        t = best_of(f, n)
    finally:
        backend.synchronize = real_sync
    if len(calls) != n + 1:
        raise CheckFailed("f was called {calls} times for n={n}; call it once to warm up, then n times",
                          calls=len(calls), n=n)
    if t is None:
        raise CheckFailed("your function returned None instead of a time in seconds (is a `return` missing?)")
    return float(t)


@exercise("15.best_of", hints=(
    "the three traps of section 5: a first call that pays one-off costs, a GPU that returns before its work is "
    "done, and interference that only ever adds time",
    "the warm-up call is not timed, and its queued work must be finished (backend.synchronize()) before the first "
    "timed call starts; each timed call needs backend.synchronize() between f() and the clock reading",
    "the check's f behaves like a GPU: f() only queues its work and backend.synchronize() does it; with n = 1 a "
    "forgotten warm-up, or a warm-up left unfinished, shows up at once",
), tol=0.7)  # a busy machine only ever adds time; the plausible mistakes are off by 140% or more
def check_best_of(best_of):
    named, parts = [], []
    for n, durations in ((1, [0.12, 0.05]), (3, [0.12, 0.15, 0.04, 0.10])):  # warm-up first; the best is 0.05, 0.04 s
        best = min(durations[1:])
        t = _time_like_a_gpu(best_of, n, durations)
        if t < best / 2:
            raise CheckFailed("n={n}: your timer says {t:.4f} s, but the fastest call's work took {best} s; "
                              "f() returned before its work was done: wait for it before reading the clock",
                              n=n, t=t, best=best)
        named.append((f"n={n}", abs(t - best) / best))
        parts.append(say("n={n}: {t:.3f} s for a best of {best} s {rel:.1e}", n=n, t=t, best=best, rel=named[-1][1]))
    return worst(named)[0], say("{n1}, {n3}", n1=parts[0], n3=parts[1])
