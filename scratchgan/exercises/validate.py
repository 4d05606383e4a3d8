"""Answer validators shared by the checks of every lesson (``exercises/lessonNN.py``).

A check turns a student's answer into one number, the worst relative error,
and a CheckFailed with a readable message for answers no number can describe
(None, a wrong shape, a wrong count of outputs, a wrong device).

The relative error everywhere is ``gradcheck.rel_error``, one number per
tensor:  rel(a, b) = max_i |a_i - b_i| / max(max_i |a_i|, max_i |b_i|)
(0 when both are all zeros; a non-finite entry that differs makes it inf);
here it only adds a clear message for an answer of None or of the wrong shape.
"""
import numpy as np

from .. import backend, gradcheck
from .language import say, text


class CheckFailed(Exception):
    """Raised inside a check when an answer is wrong in a way a number cannot say (shape, type, device).

    ``CheckFailed("shape {got}, expected {want}", got=..., want=...)``: an English template and its
    values (``language.say``), so the check can print it in the student's language.
    """

    def __init__(self, template, **values):
        self.message = say(template, **values)
        super().__init__(str(self.message))


def rel_error(got, expected):
    """``gradcheck.rel_error(got, expected)``, with a CheckFailed the student can read for None or a wrong shape."""
    if got is None:
        raise CheckFailed("your function returned None instead of an array (is a `return` missing?)")
    shape, expected_shape = np.shape(backend.to_numpy(got)), np.shape(backend.to_numpy(expected))
    if shape != expected_shape:
        raise CheckFailed("shape {shape}, expected {expected}", shape=shape, expected=expected_shape)
    return gradcheck.rel_error(got, expected)


def worst(named):
    """Worst of several (name, relative error) pairs, and a detail string listing them all; NaN counts as inf."""
    return max(r if r == r else float("inf") for _, r in named), ", ".join(f"{k} {r:.1e}" for k, r in named)


def compare(name, got, expected):
    """Print ``name``: the largest absolute difference and the relative error; return the relative error."""
    a, b = backend.to_numpy(got), backend.to_numpy(expected)
    rel = rel_error(a, b)
    diff = np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)).max(initial=0)
    print(text(say("{name:<32} max |difference| {diff:.2e}   relative error {rel:.2e}", name=name, diff=diff, rel=rel)))
    return rel


def outputs(out, n, names):
    """The answer's tuple of ``n`` outputs, or CheckFailed saying what came back instead."""
    if not isinstance(out, (tuple, list)) or len(out) != n:
        raise CheckFailed("return {n} arrays ({names}), got {kind}", n=n, names=", ".join(names), kind=type(out).__name__)
    return out


def float_array(out, name):
    """The answer as a float64 host array; a clear failure for None or a non-array."""
    if out is None:
        raise CheckFailed("{name} returned None (is a `return` missing?)", name=name)
    return np.asarray(out, dtype=np.float64)
