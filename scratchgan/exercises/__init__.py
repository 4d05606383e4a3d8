"""Lesson support: exercise checks, FAST mode, numeric comparisons, figure style.

An exercise cell in a lesson defines a function and hands it to ``check``,
which runs it on fresh inputs, compares it with a reference and prints one
line: PASS or FAIL and the worst relative error. A check never raises on a
wrong or unfinished answer, so a notebook with every exercise still unsolved
runs to the end.

Hints come in tiers, so a student gets only as much help as they ask for:

* an untouched stub (``NotImplementedError``) says only "not written yet";
* a first wrong answer adds the first tier: a nudge that names the idea, not the formula;
* ``exercises.hint(name, level)`` prints the tiers up to ``level`` (each says more);
* the worked answer is never printed: it is in ``lessons/solutions/lessonNN.py``.

    >>> from scratchgan import exercises
    >>> def relative_error(a, b):
    ...     raise NotImplementedError("your code here")
    >>> result = exercises.check("03.relative_error", relative_error)
    [FAIL] 03.relative_error: not written yet
    >>> result.passed
    False

The relative error everywhere is ``gradcheck.rel_error`` (``validate.rel_error``
adds a clear message for an answer of None or of the wrong shape); ``validate``
holds the answer validators every lesson's checks share.
The figure style (the Okabe-Ito palette, the font size) is that of the library's own figures.

Every sentence a check prints is a template, ``say("...", field=value)``, printed in
the language in use (``set_language``; the Chinese lessons choose "zh" themselves):
see ``exercises/language.py``; the Chinese catalogue is ``exercises/zh/``.

The checks of lesson NN live in ``exercises/lessonNN.py``, registered by name
"NN.function_name" with the ``exercise`` decorator; ``registry`` finds the
``lessonNN`` modules by name, so a new lesson's module needs no list to join.
The solution of "NN.name" is the function ``name`` in
``lessons/solutions/lessonNN.py``. See ``lessons/CONTRIBUTING.md``.
"""
import functools
import importlib
import os
import pkgutil
import re

import numpy as np

from .. import backend
from .language import Msg, say, set_language, text  # noqa: F401 -- exercises.set_language("zh"), ...
from .validate import CheckFailed, compare, rel_error, worst  # noqa: F401 -- the lessons call exercises.compare, ...

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
    from ..plots.base import CYCLE, FONT
    mpl.rcParams.update({
        "font.size": FONT, "axes.titlesize": FONT + 1, "axes.labelsize": FONT, "legend.fontsize": FONT - 2,
        "xtick.labelsize": FONT - 2, "ytick.labelsize": FONT - 2, "figure.figsize": (13, 4.8), "figure.dpi": 90,
        "lines.linewidth": 2.2, "axes.grid": True, "grid.alpha": 0.3,
        "axes.prop_cycle": mpl.cycler(color=CYCLE),
    })


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


def exercise(name, hints, tol=1e-8, host=False, measure="worst relative error"):
    """Register ``fn(answer) -> (rel, detail)`` as the check of exercise ``name`` ("NN.function_name").

    ``rel`` is the worst relative error of the answer (pass when rel <= tol), or what ``measure``
    names instead (a check whose number is not a relative error says what it is: "shortfall", ...);
    ``detail`` a short string of per-output errors. ``fn`` may raise
    ``validate.CheckFailed`` with a message for answers that are wrong in other ways.
    Call it in ``exercises/lessonNN.py`` for an exercise "NN.name" (a test checks).
    ``hints``: a tuple of tiers, each saying more than the one before; the first
    names the idea without giving the formula, and none gives the answer away.
    ``host=True``: the check feeds NumPy inputs and compares with NumPy references
    (its lesson runs on NumPy), so it runs on the numpy backend whatever backend is active.
    """
    hints = (hints,) if isinstance(hints, str) else tuple(hints)
    if not hints:
        raise ValueError(f"exercise {name!r} needs at least one hint tier")

    def register(fn):
        _REGISTRY[name] = (_on_numpy(fn) if host else fn, hints, tol, measure)
        return fn
    return register


def _on_numpy(fn):
    def run(answer):
        with backend.use("numpy"):
            return fn(answer)
    return functools.wraps(fn)(run)


def lesson_modules():
    """The names of the check modules in this package, ``lessonNN`` (one per lesson), in order."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if re.fullmatch(r"lesson\d\d", m.name))


def registry():
    """All registered checks: name -> (check function, hint tiers, tolerance, what the compared number is called);
    imports every ``lessonNN``."""
    for module in lesson_modules():
        importlib.import_module(f"{__name__}.{module}")
    return dict(_REGISTRY)


def _lookup(name):
    checks = registry()
    if name not in checks:
        raise ValueError(f"unknown exercise {name!r}; the exercises are: {', '.join(sorted(checks))}")
    return checks[name]


def hint(name, level=1):
    """Print (and return) the hint tiers 1..``level`` of exercise ``name``; past the last, where the answer is."""
    hints = _lookup(name)[1]
    if level < 1:
        raise ValueError(f"hint levels start at 1, got {level}")
    lines = [text(say("hint {i}/{n}: {hint}", i=i + 1, n=len(hints), hint=say(h))) for i, h in enumerate(hints[:level])]
    if level > len(hints):
        lines.append(text(say("no more hints: the worked answer is in lessons/solutions/lesson{nn}.py", nn=name[:2])))
    elif level < len(hints):
        lines.append(text(say("(more: exercises.hint({name!r}, {level}))", name=name, level=level + 1)))
    shown = "\n".join(lines)
    print(shown)
    return shown


def check(name, answer):
    """Run the check of exercise ``name`` on the student's function ``answer``; print and return a Result.

    A stub that is not written yet gets no hint; a wrong answer gets the first tier.
    """
    fn, hints, tol, measure = _lookup(name)
    rel, detail, unwritten = float("inf"), "", False
    try:
        with np.errstate(all="ignore"):  # an answer's overflow shows up as a failed check, not a warning
            rel, detail = fn(answer)
        passed = bool(rel <= tol)
        why = say("{measure} {rel:.1e} (tolerance {tol:.0e})", measure=say(measure), rel=rel, tol=tol)
        why = say("{why}; {detail}", why=why, detail=detail if isinstance(detail, Msg) else say(detail)) if detail else why
        why = say("{why} (NaN or inf in the answer)", why=why) if rel == float("inf") else why
    except NotImplementedError:
        passed, why, unwritten = False, say("not written yet"), True
    except CheckFailed as err:
        passed, why = False, err.message
    except Exception as err:  # the student's code broke: report it, don't stop the notebook
        passed, why = False, say("your function raised {kind}: {err}", kind=type(err).__name__, err=str(err))
    line = f"[{text('PASS' if passed else 'FAIL')}] {name}: {text(why)}"
    if not passed and not unwritten:
        more = say(" (more: exercises.hint({name!r}, 2))", name=name) if len(hints) > 1 else ""
        line += text(say(". Hint: {hint}{more}", hint=say(hints[0]), more=more))
    print(line)
    result = Result(name, passed, rel, line)
    history.append(result)
    return result
