"""The core path of lessons/README.md works as written (issue 22).

``lessons/tools/sessions.py`` holds the three 90-minute sessions as data: per lesson, the sections read together,
those run without discussion and those skipped. The README's list is generated from it, every heading of a lesson
is sorted into exactly one list, each session leaves time to run the cells, and each session's cells, run in
order in a fresh kernel per lesson with the skipped sections left out, raise no error.
"""
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


@pytest.mark.slow
@pytest.mark.parametrize("i", range(1, len(sessions.SESSIONS) + 1))
def test_each_session_runs_as_listed(i):
    ran = list(sessions.run(i))
    assert [lesson for lesson, _ in ran] == [p["lesson"] for p in sessions.SESSIONS[i - 1]["parts"]]
    assert all(n > 0 for _, n in ran)
