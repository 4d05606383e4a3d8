"""Clear every output and execution count of lesson notebooks (e.g. to diff code alone while editing).

    python lessons/tools/clear_outputs.py              # all lessons/[0-9][0-9]_*.ipynb
    python lessons/tools/clear_outputs.py FILE.ipynb   # just these
    python lessons/tools/clear_outputs.py --check      # exit 1 and name those not cleared

Committed lessons carry the outputs of a full run instead: after editing, run
``python lessons/tools/store_outputs.py`` on the lesson (see lessons/CONTRIBUTING.md).
"""
import pathlib
import sys

import nbformat

LESSONS = pathlib.Path(__file__).resolve().parents[1]


def is_cleared(nb):
    """True when no code cell has outputs or an execution count."""
    return all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def clear(nb):
    """Remove outputs, execution counts and per-cell execution metadata, in place."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    return nb


def main(args):
    check = "--check" in args
    paths = [pathlib.Path(a) for a in args if a != "--check"] or sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
    dirty = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not is_cleared(nb):
            dirty.append(path.name)
            if not check:
                nbformat.write(clear(nb), path)
    if check and dirty:
        sys.exit(f"outputs not cleared in: {', '.join(dirty)}; run python lessons/tools/clear_outputs.py")
    print(f"{'checked' if check else 'cleared'} {len(paths)} notebook(s); {len(dirty)} had outputs")


if __name__ == "__main__":
    main(sys.argv[1:])
