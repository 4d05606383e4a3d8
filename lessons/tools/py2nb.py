"""Build a lesson notebook from a plain-text "percent" script, outputs cleared.

    python lessons/tools/py2nb.py my_lesson.py lessons/17_my_lesson.ipynb

Cells start with a marker line; everything up to the next marker is the cell:

    # %% [markdown]          a markdown cell: each line loses its leading "# "
    # %%                     a code cell
    # %% tags=["exercise"]   a code cell with tags (see lessons/CONTRIBUTING.md)

Writing a lesson as a .py file makes diffs readable and lets an editor lint it;
once the notebook exists you may just as well edit the notebook itself.
"""
import json
import re
import sys

import nbformat

MARKER = re.compile(r"^# %%(?P<md> \[markdown\])?(?: tags=(?P<tags>\[.*\]))?\s*$")


def cells_from_script(text):
    """The notebook cells described by ``text`` (markdown and code, tags kept)."""
    cells, kind, tags, lines = [], None, [], []

    def flush():
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            body = "\n".join(re.sub(r"^# ?", "", line) for line in body.split("\n"))
            cells.append(nbformat.v4.new_markdown_cell(body))
        elif kind == "code":
            cells.append(nbformat.v4.new_code_cell(body, metadata={"tags": tags} if tags else {}))

    for line in text.split("\n"):
        match = MARKER.match(line)
        if match:
            flush()
            kind = "markdown" if match["md"] else "code"
            tags, lines = json.loads(match["tags"]) if match["tags"] else [], []
        elif kind is not None:
            lines.append(line)
    flush()
    return cells


def build(script_path, notebook_path):
    with open(script_path) as f:
        nb = nbformat.v4.new_notebook(cells=cells_from_script(f.read()))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    nbformat.write(nb, notebook_path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python lessons/tools/py2nb.py SCRIPT.py NOTEBOOK.ipynb")
    build(sys.argv[1], sys.argv[2])
