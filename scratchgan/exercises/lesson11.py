"""Checks for the exercises of lesson 11 (hyperparameter sensitivity).

The references are NumPy and the standard library (``np.geomspace``, ``itertools.product``,
``np.std``) and the lesson's own verdict on its four runs. Each check returns
``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import CheckFailed, float_array, rel_error, worst


@exercise("11.log_grid", hints=(
    "a constant ratio between neighbours is a constant step on a logarithmic axis: space the points evenly there",
    "take the log of both ends, put n evenly spaced points between them (np.linspace includes both ends), then undo "
    "the log; np.logspace would want the exponents, not lo and hi",
), tol=1e-12)
def check_log_grid(log_grid):
    named = []
    for lo, hi, n in ((1e-4, 1e-1, 4), (2e-4, 5e-2, 7), (0.5, 0.999, 3)):
        got = float_array(log_grid(lo, hi, n), "log_grid")
        named.append((f"({lo:g}, {hi:g}, {n})", rel_error(got, np.geomspace(lo, hi, n))))
    return worst(named)


@exercise("11.grid_points", hints=(
    "every combination of several lists is their Cartesian product; the standard library has it",
    "itertools.product(*lists) yields one tuple per combination in nested-loop order (the first list varies "
    "slowest); pair each tuple with the keys of the grid to make a dict",
), tol=0)
def check_grid_points(grid_points):
    import itertools
    grids = [{"lr": [1e-3, 1e-2], "beta1": [0.0, 0.5]},
             {"lr": [1e-4, 1e-3, 1e-2], "beta1": [0.0, 0.5, 0.9], "d_steps": [1, 5]},
             {"batch_size": [64]}]
    for grid in grids:
        expected = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
        got = grid_points({k: list(v) for k, v in grid.items()})
        if got is None:
            raise CheckFailed("{name} returned None (is a `return` missing?)", name="grid_points")
        got = list(got)
        if len(got) != len(expected):
            raise CheckFailed("{n} settings for a grid with {want} combinations: {grid}",
                              n=len(got), want=len(expected), grid=grid)
        for i, (a, b) in enumerate(zip(got, expected)):
            if dict(a) != b:
                raise CheckFailed("setting {i} is {a}, expected {b} (grid {grid}; the first key varies slowest)",
                                  i=i, a=a, b=b, grid=grid)
    return 0.0, say("{n} grids, every combination in order", n=len(grids))


@exercise("11.seed_summary", hints=(
    "a spread estimated from the same few values as their mean has one degree of freedom fewer than values",
    "np.std divides by n unless you pass ddof=1 (divide by n - 1); the standard error of a mean of n independent "
    "values is the standard deviation divided by sqrt(n), not by n",
), tol=1e-12)
def check_seed_summary(seed_summary):
    rng = np.random.default_rng(11)
    named = []
    for n in (2, 5, 20):
        v = rng.integers(0, 9, n).astype(np.float64) if n != 2 else np.array([3.0, 8.0])
        out = seed_summary(v.copy())
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise CheckFailed("return three numbers (mean, std, stderr), got {kind}", kind=type(out).__name__)
        s = v.std(ddof=1)
        named.append((f"n={n}", rel_error(np.array([float(x) for x in out]), np.array([v.mean(), s, s / np.sqrt(n)]))))
    return worst(named)


# The four runs of lesson 11, section 5, in the order of their panels A, B, C, D. The lesson asserts,
# cell by cell, that each run shows the features that name it (so this key is the runs' own verdict).
PITFALLS = ("healthy", "d_wins", "oscillation", "collapse")
CURVES_KEY = {"A": "oscillation", "B": "healthy", "C": "collapse", "D": "d_wins"}


@exercise("11.read_curves", hints=(
    "for each panel ask three things: where does D's loss settle compared with log 4, do D(x) and D(G(z)) meet "
    "or stay apart, and do the curves calm down or keep swinging",
    "D winning: D's loss heads for 0 while D(x) -> 1 and D(G(z)) -> 0; healthy: D's loss near log 4 = 1.39 with "
    "D(x) and D(G(z)) both near 1/2; oscillation: swings that do not die down",
    "collapse is the quiet one: a calm level below log 4 (section 5 works out where, for one of two modes) and "
    "fewer modes than the data has; D winning is not calm, it keeps falling",
), tol=0, measure="share of panels read wrong")
def check_read_curves(read_curves):
    got = read_curves()
    if not isinstance(got, dict) or set(got) != set(CURVES_KEY):
        have = sorted(got) if isinstance(got, dict) else type(got).__name__
        raise CheckFailed("return a dict with one entry per panel {panels}, got {have}", panels=sorted(CURVES_KEY), have=have)
    unknown = sorted({str(v) for v in got.values()} - set(PITFALLS))
    if unknown:
        raise CheckFailed("unknown pitfall name(s) {unknown}: use {names}", unknown=unknown, names=", ".join(PITFALLS))
    wrong = sum(got[k] != v for k, v in CURVES_KEY.items())
    return wrong / len(CURVES_KEY), say("{right} of {n} panels read right", right=len(CURVES_KEY) - wrong, n=len(CURVES_KEY))
