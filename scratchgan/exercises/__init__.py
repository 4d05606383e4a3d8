"""Lesson support: exercise checks, FAST mode, numeric comparisons, figure style.

An exercise cell in a lesson defines a function and hands it to ``check``,
which runs it on fresh inputs, compares it with a reference and prints one
line: PASS or FAIL, the worst relative error and, on a failure, a hint. A
check never raises on a wrong or unfinished answer, so a notebook with every
exercise still unsolved runs to the end.

    >>> from scratchgan import exercises
    >>> def relative_error(a, b):
    ...     raise NotImplementedError("your code here")
    >>> result = exercises.check("03.relative_error", relative_error)  # doctest: +ELLIPSIS
    [FAIL] 03.relative_error: not written yet (NotImplementedError: your code here). Hint: ...
    >>> result.passed
    False

The relative error everywhere is the one ``gradcheck`` uses, one number per
tensor:  rel(a, b) = max_i |a_i - b_i| / max(max_i |a_i|, max_i |b_i|)
(0 when both are all zeros; NaN or inf anywhere makes it inf).

Checks live in the modules listed in ``CHECK_MODULES`` (lessons 00-05 in
``exercises/lessons_00_05.py``), registered by name "NN.function_name" with the
``exercise`` decorator; the solution of "NN.name" is the function ``name`` in
``lessons/solutions/lessonNN.py``. See ``lessons/CONTRIBUTING.md``.
"""
import importlib
import os

import numpy as np

from .. import backend

CHECK_MODULES = [f"scratchgan.exercises.lessons_{n}" for n in ("00_05", "06_07", "08_09_10_13", "11_14", "15_16", "18")]
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

_REGISTRY = {}
history = []  # every Result that ``check`` produced, in order (the tests read it)


def is_fast():
    """True when SCRATCHGAN_FAST is set (and not "0"): lessons shrink their training."""
    return os.environ.get("SCRATCHGAN_FAST", "") not in ("", "0")


def pick(full, fast):
    """``fast`` under SCRATCHGAN_FAST=1 (tests, CI), else ``full``: e.g. steps = pick(2000, 200)."""
    return fast if is_fast() else full


def lesson_style():
    """Matplotlib settings for a projector: 14 pt text, wide figures, the Okabe-Ito colour-blind-safe cycle."""
    import matplotlib as mpl
    import matplotlib.pyplot  # noqa: F401 -- in Jupyter this turns on inline display of the library's Figures
    mpl.rcParams.update({
        "font.size": 14, "axes.titlesize": 15, "axes.labelsize": 14, "legend.fontsize": 12,
        "xtick.labelsize": 12, "ytick.labelsize": 12, "figure.figsize": (13, 4.8), "figure.dpi": 90,
        "lines.linewidth": 2.2, "axes.grid": True, "grid.alpha": 0.3,
        "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
    })


class CheckFailed(Exception):
    """Raised inside a check when an answer is wrong in a way a number cannot say (shape, type, device)."""


def rel_error(got, expected):
    """max |got - expected| / max(max |got|, max |expected|), on host float64 copies; shapes must match."""
    if got is None:
        raise CheckFailed("your function returned None instead of an array (is a `return` missing?)")
    a = np.asarray(backend.to_numpy(got), dtype=np.float64)
    b = np.asarray(backend.to_numpy(expected), dtype=np.float64)
    if a.shape != b.shape:
        raise CheckFailed(f"shape {a.shape}, expected {b.shape}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return float("inf") if not np.array_equal(a, b, equal_nan=True) else 0.0
    scale = max(np.abs(a).max(initial=0), np.abs(b).max(initial=0))
    diff = float(np.abs(a - b).max(initial=0))
    return diff / scale if scale > 0 else diff


def compare(name, got, expected):
    """Print ``name``: the largest absolute difference and the relative error; return the relative error."""
    a, b = backend.to_numpy(got), backend.to_numpy(expected)
    rel = rel_error(a, b)
    diff = np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)).max(initial=0)
    print(f"{name:<32} max |difference| {diff:.2e}   relative error {rel:.2e}")
    return rel


class Result:
    """One check's outcome: ``passed``, the worst relative error ``rel`` and the printed ``line``."""

    def __init__(self, name, passed, rel, line):
        self.name, self.passed, self.rel, self.line = name, passed, rel, line

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.line

    def _ipython_display_(self):
        pass  # the check printed its line already; don't show it twice in a notebook


def exercise(name, hint, tol=1e-8):
    """Register ``fn(answer) -> (rel, detail)`` as the check of exercise ``name`` ("NN.function_name").

    ``rel`` is the worst relative error of the answer (pass when rel <= tol);
    ``detail`` a short string of per-output errors. ``fn`` may raise
    CheckFailed with a message for answers that are wrong in other ways.
    """
    def register(fn):
        _REGISTRY[name] = (fn, hint, tol)
        return fn
    return register


def registry():
    """All registered checks: name -> (check function, hint, tolerance)."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)


def check(name, answer):
    """Run the check of exercise ``name`` on the student's function ``answer``; print and return a Result."""
    checks = registry()
    if name not in checks:
        raise ValueError(f"unknown exercise {name!r}; the exercises are: {', '.join(sorted(checks))}")
    fn, hint, tol = checks[name]
    rel, detail = float("inf"), ""
    try:
        with np.errstate(all="ignore"):  # an answer's overflow shows up as a failed check, not a warning
            rel, detail = fn(answer)
        passed = rel <= tol
        why = f"worst relative error {rel:.1e} (tolerance {tol:.0e})" + (f"; {detail}" if detail else "")
        why += " (NaN or inf in the answer)" if rel == float("inf") else ""
    except NotImplementedError as err:
        passed, why = False, f"not written yet (NotImplementedError: {err})"
    except CheckFailed as err:
        passed, why = False, str(err)
    except Exception as err:  # the student's code broke: report it, don't stop the notebook
        passed, why = False, f"your function raised {type(err).__name__}: {err}"
    line = f"[{'PASS' if passed else 'FAIL'}] {name}: {why}" + ("" if passed else f". Hint: {hint}")
    print(line)
    result = Result(name, passed, rel, line)
    history.append(result)
    return result
