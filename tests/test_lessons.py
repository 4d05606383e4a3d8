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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_lesson_is_stored_with_outputs_of_its_current_code(path):
    """Readable without running: stored outputs of a full run, each tied to the hash of its cell's source."""
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
