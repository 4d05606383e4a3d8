"""Exercise checks: every teacher's solution passes, every stub in a lesson fails.

Exercise "NN.name" is checked in scratchgan/exercises/lessonNN.py; its solution is the
function ``name`` in lessons/solutions/lessonNN.py; its stub is in a code cell
of lessons/NN_*.ipynb tagged "exercise", run here after the lesson's first
code cell (its imports), exactly as a student who has not started would run it.
"""
import contextlib
import importlib.util
import inspect
import os
import pathlib
import re

import nbformat
import pytest

from scratchgan import exercises

LESSONS = pathlib.Path(__file__).resolve().parents[1] / "lessons"
NAMES = sorted(exercises.registry())
NOTEBOOKS = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))


def solutions(nn):
    path = LESSONS / "solutions" / f"lesson{nn}.py"
    spec = importlib.util.spec_from_file_location(f"solutions_lesson{nn}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOLUTION_FILES = sorted((LESSONS / "solutions").glob("lesson[0-9][0-9].py"))


def answers(nn):
    """The public functions that lessons/solutions/lessonNN.py defines: the answers (helpers and mistakes start with _)."""
    module = solutions(nn)
    return {name for name, f in vars(module).items()
            if inspect.isfunction(f) and f.__module__ == module.__name__ and not name.startswith("_")}


@contextlib.contextmanager
def in_lessons_dir():
    old = os.getcwd()
    os.chdir(LESSONS)
    try:
        yield
    finally:
        os.chdir(old)


def test_check_modules_and_solution_files_are_the_same_lessons():
    checks = {m.removeprefix("lesson") for m in exercises.lesson_modules()}
    solved = {p.stem.removeprefix("lesson") for p in SOLUTION_FILES}
    assert checks, "no scratchgan/exercises/lessonNN.py found"
    assert not checks - solved, f"check modules with no lessons/solutions/lessonNN.py: {sorted(checks - solved)}"
    assert not solved - checks, f"solution files with no scratchgan/exercises/lessonNN.py: {sorted(solved - checks)}"


def test_every_exercise_has_its_answer_and_every_answer_its_exercise():
    registered = {tuple(n.split(".")) for n in NAMES}
    written = {(p.stem.removeprefix("lesson"), fn) for p in SOLUTION_FILES for fn in answers(p.stem.removeprefix("lesson"))}
    missing = sorted(".".join(k) for k in registered - written)
    assert not missing, f"exercises with no function `name` in lessons/solutions/lessonNN.py: {missing}"
    extra = sorted(".".join(k) for k in written - registered)
    assert not extra, f"public functions in lessons/solutions with no exercise (prefix helpers with _): {extra}"


def test_each_check_lives_in_the_module_of_its_lesson():
    misplaced = {name: fn.__module__ for name, (fn, *_) in exercises.registry().items()
                 if fn.__module__ != f"scratchgan.exercises.lesson{name[:2]}"}
    assert not misplaced, f"a check of lesson NN belongs in scratchgan/exercises/lessonNN.py: {misplaced}"


# The checks whose outcome comes from a training run (marked `training`: .ci/run reruns them under every BLAS
# kernel); their rules and measured margins are in lessons/CONTRIBUTING.md, "Checks that train".
TRAINS = {"08.train_ring"}


def training(values, name_of=lambda v: v, ids=None):
    """``values`` as pytest params, those whose exercise is in TRAINS marked `training`."""
    return [pytest.param(*(v if isinstance(v, tuple) else (v,)), marks=[pytest.mark.training] if name_of(v) in TRAINS else [],
                         id=None if ids is None else ids[i]) for i, v in enumerate(values)]


@contextlib.contextmanager
def speaking(lang):
    exercises.set_language(lang)
    try:
        yield
    finally:
        exercises.set_language(None)


ENGLISH = re.compile(r"[A-Za-z][a-z]+(?: [a-z]{2,}){2,}")  # three English words in a row: a sentence left untranslated


def untranslated(line):
    """English sentences left in a Chinese check line (code, names and the student's own error text removed)."""
    line = re.sub(r"`[^`]*`|exercises\.hint\([^)]*\)|\d\d\.\w+|抛出了 .*?(?=。提示|$)", "", line)
    return ENGLISH.findall(line)


@pytest.mark.parametrize("name", training(NAMES))
def test_solution_passes(name):
    """Every solution passes; the checks that do not train run in Chinese (the English line is the lessons')."""
    nn, fn = name.split(".")
    with speaking("en" if name in TRAINS else "zh"):
        result = exercises.check(name, getattr(solutions(nn), fn))
    assert result.passed, result.line
    if name not in TRAINS:
        assert result.line.startswith(f"[通过] {name}: ") and not untranslated(result.line), result.line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stubs_fail_and_every_exercise_is_in_its_lesson(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    stubs = [c for c in code if "exercise" in c.metadata.get("tags", [])]
    namespace = {}
    before = len(exercises.history)
    with in_lessons_dir():
        exec(code[0].source, namespace)  # the lesson's imports
        for cell in stubs:
            n = len(exercises.history)
            exec(cell.source, namespace)
            assert len(exercises.history) > n, f"an exercise cell in {path.name} calls no check:\n{cell.source}"
    results = exercises.history[before:]
    passed = [r.line for r in results if r.passed]
    assert not passed, f"an unsolved stub in {path.name} passed its check: {passed}"
    expected = {n for n in NAMES if n.startswith(path.name[:2] + ".")}
    assert {r.name for r in results} == expected, f"{path.name}: exercises checked vs registered differ"


def test_check_reports_errors_instead_of_raising(capsys):
    def broken(l, t):
        return 1 / 0
    result = exercises.check("04.bce_loss", broken)
    assert not result and "ZeroDivisionError" in result.line and "Hint:" in capsys.readouterr().out


def test_nan_answer_fails():
    import numpy as np
    result = exercises.check("04.bce_loss", lambda l, t: np.full_like(l, np.nan))
    assert not result.passed and result.rel == float("inf")


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(ValueError, match="01.posterior"):
        exercises.check("01.posteriour", lambda *a: None)


def test_pick_follows_fast_mode(monkeypatch):
    monkeypatch.setenv("SCRATCHGAN_FAST", "1")
    assert exercises.pick(1000, 10) == 10
    monkeypatch.setenv("SCRATCHGAN_FAST", "0")
    assert exercises.pick(1000, 10) == 1000


def test_rel_error_matches_gradcheck_definition():
    import numpy as np
    from scratchgan.gradcheck import GradReport
    a, b = np.array([1.0, -2.0, 3.0]), np.array([1.1, -2.0, 2.0])
    report = GradReport("t", 1e-6)
    report.add("x", a, b)
    assert exercises.rel_error(a, b) == pytest.approx(report["x"]) == pytest.approx(1 / 3)


def _mistakes():
    """(name, wrong answer) for every exercise: each solutions file's MISTAKES dict, function name -> list."""
    pairs = []
    for nn in sorted({n[:2] for n in NAMES}):
        for fn, wrongs in getattr(solutions(nn), "MISTAKES", {}).items():
            pairs += [(f"{nn}.{fn}", w) for w in wrongs]
    return pairs


MISTAKES = _mistakes()


@pytest.mark.parametrize("name, wrong", training(MISTAKES, lambda pair: pair[0], [f"{n}-{i}" for i, (n, _) in enumerate(MISTAKES)]))
def test_plausible_mistakes_fail_with_a_first_tier_hint(name, wrong):
    result = exercises.check(name, wrong)
    assert not result.passed, result.line
    assert "Hint: " + exercises.registry()[name][1][0] in result.line


FIRST_MISTAKES = [(n, w) for i, (n, w) in enumerate(MISTAKES) if n not in TRAINS and n not in {m for m, _ in MISTAKES[:i]}]


@pytest.mark.parametrize("name, wrong", FIRST_MISTAKES, ids=[n for n, _ in FIRST_MISTAKES])
def test_a_mistake_fails_in_chinese_with_the_chinese_first_hint(name, wrong):
    with speaking("zh"):
        result = exercises.check(name, wrong)
        first = exercises.text(exercises.registry()[name][1][0])
    assert not result.passed and result.line.startswith(f"[未通过] {name}: ")
    assert "提示：" + first in result.line and not untranslated(result.line), result.line


def test_every_exercise_has_a_plausible_mistake_that_fails():
    covered = {name for name, _ in MISTAKES}
    missing = sorted(set(NAMES) - covered)
    assert not missing, f"exercises with no plausible wrong answer in lessons/solutions/lessonNN.py MISTAKES: {missing}"
    unknown = sorted(covered - set(NAMES))
    assert not unknown, f"MISTAKES name exercises that do not exist: {unknown}"


def test_every_exercise_has_at_least_two_hint_tiers():
    few = sorted(n for n, (_, hints, *_) in exercises.registry().items() if len(hints) < 2)
    assert not few, f"exercises with fewer than two hint tiers (a nudge, then more): {few}"


def test_a_stub_says_only_not_written_yet(capsys):
    def stub(l, t):
        raise NotImplementedError("your code here")
    result = exercises.check("04.bce_loss", stub)
    out = capsys.readouterr().out
    assert not result.passed and out.strip() == "[FAIL] 04.bce_loss: not written yet"


def test_hint_reveals_one_tier_more_per_level_and_then_points_at_the_solutions(capsys):
    name = NAMES[0]
    tiers = exercises.registry()[name][1]
    for level in range(1, len(tiers) + 1):
        text = exercises.hint(name, level)
        assert all(t in text for t in tiers[:level]) and all(t not in text for t in tiers[level:])
    last = exercises.hint(name, len(tiers) + 1)
    assert f"lessons/solutions/lesson{name[:2]}.py" in last
    with pytest.raises(ValueError, match="start at 1"):
        exercises.hint(name, 0)
