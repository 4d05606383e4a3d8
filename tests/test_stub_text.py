"""A stub's text says what to compute, not the code (issue 22).

For every exercise, lessons/solutions/lessonNN.py has a ``STUB_TEXT`` entry beside ``MISTAKES``: what the stub's
comment and docstring spell out, typed in as code by hand (an empty list where the text states only shapes or
names the quantity). Each must fail its check: a student who copies the stub's text into code has not done the
exercise. When a stub's text changes, its entry changes with it.
"""
import importlib.util
import pathlib

import pytest

from scratchgan import exercises

SOLUTIONS = pathlib.Path(__file__).resolve().parents[1] / "lessons" / "solutions"
NAMES = sorted(exercises.registry())


def _stub_text(nn):
    spec = importlib.util.spec_from_file_location(f"stub_text_lesson{nn}", SOLUTIONS / f"lesson{nn}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "STUB_TEXT", None)


TABLES = {nn: _stub_text(nn) for nn in sorted({n[:2] for n in NAMES})}
TYPED_IN = [(f"{nn}.{fn}", typed) for nn, table in TABLES.items() for fn, typed in (table or {}).items() for typed in typed]


def test_every_exercise_has_a_stub_text_entry():
    missing = sorted(n for n in NAMES if TABLES[n[:2]] is None or n.split(".")[1] not in TABLES[n[:2]])
    assert not missing, f"exercises without a STUB_TEXT entry in lessons/solutions/lessonNN.py: {missing}"
    unknown = sorted(f"{nn}.{fn}" for nn, table in TABLES.items() for fn in (table or {}) if f"{nn}.{fn}" not in NAMES)
    assert not unknown, f"STUB_TEXT names exercises that do not exist: {unknown}"


@pytest.mark.parametrize("name, typed", TYPED_IN, ids=[f"{n}-{t.__name__}" for n, t in TYPED_IN])
def test_the_stub_text_typed_in_does_not_pass(name, typed):
    result = exercises.check(name, typed)
    assert not result.passed, f"the text of {name}'s stub spells out a passing answer: {result.line}"
