"""Every lesson notebook runs top to bottom in a fresh kernel, and is committed with current outputs.

Lessons are found by file name (lessons/NN_name.ipynb), so a new lesson is
tested as soon as it exists. Each runs like a student would run it, with
cwd = lessons/, under SCRATCHGAN_FAST=1 so its training is short.
"""
import os
import pathlib
import re
import sys
import time

import nbformat
import pytest

LESSONS = pathlib.Path(__file__).resolve().parents[1] / "lessons"
NOTEBOOKS = sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
CELL_TIMEOUT_S = 180  # one cell; FAST lessons need seconds, this only catches a hang
NOTEBOOK_TIMEOUT_S = 300  # a whole lesson, a guard against a lesson that forgot FAST mode (the goal is < 25 s)

sys.path.insert(0, str(LESSONS / "tools"))
from clear_outputs import is_cleared  # noqa: E402
from store_outputs import MAX_NOTEBOOK_BYTES, MAX_PNG_BYTES, png_sizes, stale_cells  # noqa: E402

ids = [p.name for p in NOTEBOOKS]


@pytest.mark.slow
@pytest.mark.training  # a lesson asserts the numbers its training runs print
@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_lesson_executes(path, monkeypatch):
    from nbclient import NotebookClient
    monkeypatch.setenv("SCRATCHGAN_FAST", "1")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")  # lesson-sized matrices: threads only spin and wait
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(LESSONS.parent), os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                   resources={"metadata": {"path": str(LESSONS)}}).execute()  # raises CellExecutionError on any error
    seconds = time.perf_counter() - start
    assert seconds < NOTEBOOK_TIMEOUT_S, f"{path.name} took {seconds:.0f} s under SCRATCHGAN_FAST=1"
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert figures >= 1, f"{path.name} shows no figure"


STORED = NOTEBOOKS + sorted((LESSONS / "zh").glob("[0-9][0-9]_*.ipynb"))  # the Chinese lessons carry the same outputs


@pytest.mark.parametrize("path", STORED, ids=[str(p.relative_to(LESSONS)) for p in STORED])
def test_lesson_is_stored_with_outputs_of_its_current_code(path):
    """Readable without running: stored outputs of a full run, each tied to the hash of its cell's source
    (in lessons/zh/ too: store_outputs.py stores the English lesson and rebuilds the Chinese one)."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    stale = stale_cells(nb)
    assert not stale, (f"{path.name}: code cells {stale} changed since their outputs were stored; "
                       f"run python lessons/tools/store_outputs.py lessons/{path.name}")
    assert "full run" in nb.metadata.get("scratchgan", {}).get("outputs", ""), f"{path.name}: outputs not from a full run"
    assert any(png_sizes(nb)), f"{path.name}: no stored figure"
    big = [(i, n) for i, n in png_sizes(nb) if n > MAX_PNG_BYTES]
    assert not big, f"{path.name}: stored figures over {MAX_PNG_BYTES} bytes (cell, bytes): {big}"
    assert path.stat().st_size <= MAX_NOTEBOOK_BYTES, f"{path.name} is {path.stat().st_size} bytes with its outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_lesson_follows_conventions(path):
    """Title and learning goals first, a summary at the end, a first code cell of imports, in the README table."""
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown and re.match(rf"# .*\b{path.name[:2]}\b", markdown[0]), "the first cell is a '# NN · Title' heading"
    assert "Learning goals" in markdown[0], "the first cell lists the learning goals"
    assert any(re.search(r"^#+ Summary", m, re.M) for m in markdown), "a lesson ends with a Summary section"
    assert any(re.search(r"^#+ Exercises?", m, re.M) for m in markdown), "a lesson has an Exercises section"
    assert "%" not in next(c.source for c in nb.cells if c.cell_type == "code"), "no magics in the setup cell"
    assert path.name in (LESSONS / "README.md").read_text(), f"add {path.name} to lessons/README.md"



def test_py2nb_builds_cells_with_tags(tmp_path):
    from py2nb import build
    script = tmp_path / "lesson.py"
    script.write_text('# %% [markdown]\n# # 99 · Title\n#\n# text\n\n# %%\nx = 1\n\n# %% tags=["exercise"]\ndef f():\n    pass\n')
    build(script, tmp_path / "lesson.ipynb")
    nb = nbformat.read(tmp_path / "lesson.ipynb", as_version=4)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]
    assert nb.cells[0].source == "# 99 · Title\n\ntext"
    assert nb.cells[1].source == "x = 1" and nb.cells[2].metadata["tags"] == ["exercise"]
    assert is_cleared(nb)


def test_clear_outputs_clears_and_check_mode_names_the_file(tmp_path, capsys):
    from clear_outputs import main
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    nb.cells[0].execution_count = 1
    path = tmp_path / "00_x.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(SystemExit, match="00_x.ipynb"):
        main(["--check", str(path)])
    main([str(path)])
    assert is_cleared(nbformat.read(path, as_version=4))


def test_store_outputs_ties_each_output_to_its_source(tmp_path, monkeypatch):
    import store_outputs
    path = tmp_path / "99_tiny.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · Tiny"),
                                         nbformat.v4.new_code_cell("import os\nprint(os.environ['SCRATCHGAN_FAST'])")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    assert stale_cells(nbformat.read(path, as_version=4)) == [1]  # never stored
    store_outputs.store(path)
    stored = nbformat.read(path, as_version=4)
    assert stale_cells(stored) == [] and stored.cells[1].outputs[0]["text"].strip() == "0"  # a full run, not FAST
    stored.cells[1].source += "\nprint('edited')"
    nbformat.write(stored, path)
    with pytest.raises(SystemExit, match="99_tiny.ipynb cells \\[1\\]"):
        store_outputs.main(["--check", str(path)])


# ---- course map: prerequisites and times (lessons/tools/lesson_time.py, lessons/README.md) ----

import lesson_time  # noqa: E402  (lessons/tools is on sys.path above)

LAB = "18_the_lab.ipynb"  # written separately; its README row may come before the notebook


def test_readme_table_lists_exactly_the_lessons_present():
    in_readme = set(lesson_time.readme_minutes())
    on_disk = {p.name for p in NOTEBOOKS}
    assert on_disk - in_readme == set(), f"lessons missing from the lessons/README.md table: {sorted(on_disk - in_readme)}"
    extra = in_readme - on_disk - {LAB}
    assert not extra, f"lessons/README.md lists notebooks that do not exist: {sorted(extra)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_first_cell_states_prerequisites_and_the_readme_time(path):
    nb = nbformat.read(path, as_version=4)
    stated = lesson_time.stated_minutes(nb)
    assert stated is not None, (f"{path.name}: add a line 'Prerequisites: ... · Time: about N min' to the first cell, "
                                "then run python lessons/tools/lesson_time.py --write")
    assert stated == lesson_time.readme_minutes().get(path.name), (
        f"{path.name} says {stated} min, lessons/README.md says otherwise: python lessons/tools/lesson_time.py --write")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_first_cell_prerequisites_are_the_readme_needs(path):
    stated = lesson_time.stated_prerequisites(nbformat.read(path, as_version=4))
    in_readme = lesson_time.readme_needs().get(path.name)
    assert stated == in_readme, f"{path.name}: the first cell needs lessons {stated}, lessons/README.md {in_readme}"
    assert all(n < int(path.name[:2]) for n in stated), f"{path.name} needs a later lesson: {stated}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_stated_time_is_still_the_estimate_within_ten_minutes(path):
    """Edits that add a section or an exercise must update the time (the estimate is rounded to 5 min)."""
    nb = nbformat.read(path, as_version=4)
    words, exercises = lesson_time.parts(nb)
    estimate = lesson_time.estimate(words, exercises, lesson_time.run_time(nb, path.name))
    stated = lesson_time.stated_minutes(nb)
    assert stated is not None and abs(stated - estimate) <= 10, (
        f"{path.name} states {stated} min, the estimate is now {estimate}: python lessons/tools/lesson_time.py --write")


def test_estimate_adds_reading_exercises_and_run_time_and_rounds_up():
    wpm, per_exercise = lesson_time.WORDS_PER_MINUTE, lesson_time.MINUTES_PER_EXERCISE
    assert lesson_time.estimate(10 * wpm, 2, 60) == 5 * -(-(10 + 2 * per_exercise + 1) // 5)
    assert lesson_time.estimate(20 * wpm, 0, 0) == 20  # a multiple of 5 stays as it is
    assert lesson_time.estimate(20 * wpm + 1, 0, 0) == 25


def _lesson(title_cell, n_words, n_exercises):
    cells = [nbformat.v4.new_markdown_cell(title_cell), nbformat.v4.new_code_cell("import numpy"),
             nbformat.v4.new_markdown_cell("## Exercises\n" + " ".join(["word"] * n_words))]
    for _ in range(n_exercises):
        cells.append(nbformat.v4.new_code_cell("pass", metadata={"tags": ["exercise"]}))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_write_updates_first_cells_and_readme_then_check_passes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(lesson_time, "LESSONS", tmp_path)
    monkeypatch.setattr(lesson_time, "README", tmp_path / "README.md")
    monkeypatch.setattr(lesson_time, "RUN_TIMES", tmp_path / "run_times.json")
    (tmp_path / "run_times.json").write_text('{"seconds": {"01_b.ipynb": 120}}')
    first = "# {nn} · T\n\n**Learning goals**\n- x\n\nPrerequisites: {pre} · Time: about 5 min"
    nbformat.write(_lesson(first.format(nn="00", pre="none"), 800, 1), tmp_path / "00_a.ipynb")
    nbformat.write(_lesson(first.format(nn="01", pre="00"), 400, 3), tmp_path / "01_b.ipynb")
    (tmp_path / "README.md").write_text("| lesson | time |\n| --- | --- |\n| [`00_a.ipynb`](00_a.ipynb) | 5 min |\n"
                                        "| [`01_b.ipynb`](01_b.ipynb) | — |\n| [`18_the_lab.ipynb`](x) | — |\n")
    with pytest.raises(SystemExit, match="00_a.ipynb"):
        lesson_time.main(["--check"])
    lesson_time.main(["--write", "--check"])
    words_a = lesson_time.parts(nbformat.read(tmp_path / "00_a.ipynb", as_version=4))[0]
    want_a = lesson_time.estimate(words_a, 1, 0)
    words_b = lesson_time.parts(nbformat.read(tmp_path / "01_b.ipynb", as_version=4))[0]
    want_b = lesson_time.estimate(words_b, 3, 120)
    assert lesson_time.readme_minutes() == {"00_a.ipynb": want_a, "01_b.ipynb": want_b, "18_the_lab.ipynb": None}
    nb = nbformat.read(tmp_path / "01_b.ipynb", as_version=4)
    assert nb.cells[0].source.endswith(f"Prerequisites: 00 · Time: about {want_b} min")
    assert nb.cells[2].source.startswith("## Exercises") and is_cleared(nb)


def test_run_time_prefers_the_stored_full_run():
    nb = _lesson("# 00 · T", 1, 0)
    assert lesson_time.run_time(nb, "00_a.ipynb", {"00_a.ipynb": 50.0}) == 50.0
    nb.metadata["scratchgan"] = {"outputs": "full run (SCRATCHGAN_FAST=0)", "seconds": 7}
    assert lesson_time.run_time(nb, "00_a.ipynb", {"00_a.ipynb": 50.0}) == 7.0


def test_write_refuses_a_first_cell_without_the_time_line(tmp_path, monkeypatch):
    monkeypatch.setattr(lesson_time, "LESSONS", tmp_path)
    monkeypatch.setattr(lesson_time, "README", tmp_path / "README.md")
    monkeypatch.setattr(lesson_time, "RUN_TIMES", tmp_path / "run_times.json")
    nbformat.write(_lesson("# 00 · T\n\n**Learning goals**", 10, 0), tmp_path / "00_a.ipynb")
    (tmp_path / "README.md").write_text("| [`00_a.ipynb`](00_a.ipynb) | 5 min |\n")
    with pytest.raises(SystemExit, match="00_a.ipynb: its first cell has no 'Prerequisites"):
        lesson_time.write()


def test_lesson_numbers_expand_ranges():
    assert lesson_time.lesson_numbers("lessons 02–05 and 08; a 2 × 2 matrix") == {2, 3, 4, 5, 8}
    assert lesson_time.lesson_numbers("—") == set()


def test_sections_split_reading_and_exercises_by_heading():
    nb = _lesson("# 00 · T\n\nsome words here", 7, 2)
    rows = lesson_time.sections(nb)
    assert [r[0] for r in rows] == ["(title)", "Exercises"]
    assert rows[0][1:] == (7, 0) and rows[1][1:] == (9, 2)  # "# 00 · T" is four words, "## Exercises" two
