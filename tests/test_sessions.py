"""The core path of lessons/README.md works as written (issue 22).

``lessons/tools/sessions.py`` holds the three 90-minute sessions as data: per lesson, the sections read together,
those run without discussion and those skipped. The README's list is generated from it, every heading of a lesson
is sorted into exactly one list, each session leaves time to run the cells, and each session's cells, run in
order in a fresh kernel per lesson with the skipped sections left out, raise no error (a part that runs the first
cells of its lesson and nothing after them is left to tests/test_lessons.py, which runs those cells as they are).
"""
import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lessons" / "tools"))
import sessions  # noqa: E402

PARTS = [(i, part) for i, s in enumerate(sessions.SESSIONS, 1) for part in s["parts"]]


@pytest.mark.parametrize("i, part", PARTS, ids=[f"session{i}-{p['lesson']}" for i, p in PARTS])
def test_every_heading_is_read_shown_or_skipped(i, part):
    kinds = sessions.sorted_headings(part)  # raises on a heading listed twice, in no list, or matched ambiguously
    assert set(kinds) == set(sessions.headings(sessions.notebook(part["lesson"])))
    nb = sessions.notebook(part["lesson"])
    named = {sessions.exercise_name(c) for c in nb.cells if c.cell_type == "code"} - {None}
    assert set(part.get("homework", [])) <= named, f"homework names exercises lesson {part['lesson']} does not have"


def test_readme_lists_the_sessions_as_generated():
    text = sessions.README.read_text()
    assert sessions.readme_block() in text, ("lessons/README.md's core path differs from lessons/tools/sessions.py: "
                                            "run python lessons/tools/sessions.py --write")


@pytest.mark.parametrize("i", range(1, len(sessions.SESSIONS) + 1))
def test_each_session_leaves_time_to_run_the_cells(i):
    total = sum(sessions.minutes(part) for part in sessions.SESSIONS[i - 1]["parts"])
    assert 0 < total <= sessions.SESSION_MINUTES - sessions.RUN_MINUTES, f"session {i}: {total:.0f} min of reading"


def runs_a_prefix(part):
    """True when the part runs its lesson's first n code cells and nothing after them.

    tests/test_lessons.py's test_lesson_executes runs those very cells, in the same order, in a fresh kernel in
    lessons/ under SCRATCHGAN_FAST=1 (and then the rest of the lesson): running them again here would prove nothing
    new. Only a part that leaves out a cell and runs a later one can break where the whole lesson does not.
    """
    nb = sessions.notebook(part["lesson"])
    code = [c for c in nb.cells if c.cell_type == "code"]
    ran = sessions.cells_to_run(part, nb)
    return ran == code[:len(ran)]


def test_runs_a_prefix_tells_a_prefix_from_a_gap():
    lesson00 = dict(lesson="00", read="all")  # its exercises are its last three code cells
    assert runs_a_prefix(dict(lesson00, homework=["00.optimal_weights"]))  # session 1: all but the last cell
    assert runs_a_prefix(lesson00)  # the whole lesson
    assert not runs_a_prefix(dict(lesson00, homework=["00.best_reply"]))  # leaves a cell out, runs the last one


@pytest.mark.slow
@pytest.mark.parametrize("i", range(1, len(sessions.SESSIONS) + 1))
def test_each_session_runs_as_listed(i, monkeypatch):
    """Each part that leaves a cell out and runs a later one, executed as listed (a fresh kernel per lesson)."""
    parts = sessions.SESSIONS[i - 1]["parts"]
    gaps = [p for p in parts if not runs_a_prefix(p)]
    monkeypatch.setitem(sessions.SESSIONS[i - 1], "parts", gaps)  # sessions.run runs these, in the session's order
    for var in ("SCRATCHGAN_FAST", "PYTHONPATH"):  # sessions.run sets both for its kernels; undone after the test
        monkeypatch.setenv(var, os.environ.get(var, ""))
    ran = list(sessions.run(i))
    assert [lesson for lesson, _ in ran] == [p["lesson"] for p in gaps]
    assert all(n > 0 for _, n in ran)
