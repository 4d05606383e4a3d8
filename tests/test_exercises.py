"""Exercise checks: every teacher's solution passes, every stub in a lesson fails.

Exercise "NN.name" is checked by scratchgan.exercises; its solution is the
function ``name`` in lessons/solutions/lessonNN.py; its stub is in a code cell
of lessons/NN_*.ipynb tagged "exercise", run here after the lesson's first
code cell (its imports), exactly as a student who has not started would run it.
"""
import contextlib
import importlib.util
import os
import pathlib

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


@contextlib.contextmanager
def in_lessons_dir():
    old = os.getcwd()
    os.chdir(LESSONS)
    try:
        yield
    finally:
        os.chdir(old)


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    nn, fn = name.split(".")
    result = exercises.check(name, getattr(solutions(nn), fn))
    assert result.passed, result.line


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


def _plausible_mistakes():
    """Wrong answers a student might write for lessons 08, 09, 10 and 13: each must FAIL its check."""
    import numpy as np
    s08, s09, s10, s13 = (solutions(nn) for nn in ("08", "09", "10", "13"))

    def one_round_of_train_step(game, real, z, k):  # ignores k: the game it is handed has d_steps=1
        game.train_step(real, z)

    def d_steps_on_the_same_rows(game, real, z, k):  # reuses the first minibatch k times
        B = real.shape[0] // k
        for _ in range(k):
            game.d_step(real[:B], game.G(z))
        game.g_step(z)

    def swapped_gains(p, q, d):
        return tuple(reversed(s08.exploitability(p, q, d)))

    def grad_norm_without_zeroing(G, D, z, kind):  # keeps whatever was in G.grads
        from scratchgan import losses
        fake, gc = G.forward(z)
        logits, dc = D.forward(fake)
        G.backward(D.backward(losses.generator_loss(logits, kind)[1], dc), gc)
        return float(np.sqrt(sum(float((g * g).sum()) for g in G.grads.values())))

    return [
        ("08.algorithm1", one_round_of_train_step), ("08.algorithm1", d_steps_on_the_same_rows),
        ("08.exploitability", swapped_gains),
        ("09.simultaneous_matrix", lambda h, a, gamma: s09.simultaneous_matrix(h, a, 0.0)),  # forgets R1
        ("09.alternating_matrix", s09.simultaneous_matrix),                                  # the other schedule
        ("09.steps_to_double", lambda h, a: np.log(2) / np.log1p(h * h * a * a)),            # drops the square root
        ("10.saturation_logit", np.log),                                                     # sigma(l) ~ e^l only
        ("10.generator_grad_norm", grad_norm_without_zeroing),
        ("13.optimal_logit", lambda p, q, kind: s13.optimal_logit(q, p, kind)),             # p and q swapped
        ("13.wgan_gp_linear", lambda w, lam: (s13.wgan_gp_linear(w, lam)[0], 2 * lam * w)),  # gradient of lam ||w||^2
        ("13.hinge_d_loss", lambda lr, lf: s13.hinge_d_loss(lf, lr)),                        # real and fake swapped
    ]


@pytest.mark.parametrize("name, wrong", _plausible_mistakes(), ids=lambda v: v if isinstance(v, str) else "")
def test_plausible_mistakes_fail(name, wrong):
    result = exercises.check(name, wrong)
    assert not result.passed, result.line
    assert "Hint:" in result.line
