"""Run lessons at full size and store their outputs, so they can be read without running them.

    python lessons/tools/store_outputs.py                     # every lesson, two at a time
    python lessons/tools/store_outputs.py lessons/03_*.ipynb  # just these
    python lessons/tools/store_outputs.py --check             # exit 1 naming every stale cell

A lesson is committed with the outputs of a full (not FAST) run, so a teacher
browsing the repository, nbviewer or Colab sees its figures and numbers. Each
code cell remembers the SHA-256 of the source that produced its outputs
(``cell.metadata["scratchgan"]["source_sha256"]``); a test fails when a cell's
source no longer matches, i.e. when a stored output no longer comes from the
notebook's current code. Edit a lesson, then run this on it before committing.
It then rebuilds the Chinese notebooks (lessons/zh/, ``translate.py``) of the lessons it stored,
so they carry the new outputs too.

Figures are stored at the size ``exercises.lesson_style()`` draws them
(projector size, tens to a few hundred kB each); ``MAX_PNG_BYTES`` keeps any one in check.
"""
import argparse
import base64
import concurrent.futures
import hashlib
import os
import pathlib
import sys
import time

import nbformat

LESSONS = pathlib.Path(__file__).resolve().parents[1]
MAX_PNG_BYTES = 400_000  # one stored figure (noisy training curves at 1,600 px wide reach ~280 kB)
MAX_NOTEBOOK_BYTES = 2_500_000  # one stored lesson, outputs included


def source_hash(source):
    """The hash a stored output is tied to: SHA-256 of the cell's source text."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def stale_cells(nb):
    """Indices of code cells whose stored outputs do not come from their current source."""
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
            and c.metadata.get("scratchgan", {}).get("source_sha256") != source_hash(c.source)]


def png_sizes(nb):
    """Byte sizes of every stored PNG, as (cell index, bytes)."""
    return [(i, len(base64.b64decode(o["data"]["image/png"])))
            for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if "image/png" in o.get("data", {})]


def store(path, timeout=900):
    """Execute ``path`` at full size in a fresh kernel and write it back with its outputs and source hashes."""
    sys.path.insert(0, str(LESSONS / "tools"))
    from run_lesson import execute
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # lesson-sized matrices: BLAS threads only wait
    nb, seconds = execute(path, fast=False, timeout=timeout)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)  # timestamps: noise in every diff
            cell.metadata["scratchgan"] = {"source_sha256": source_hash(cell.source)}
    nb.metadata["scratchgan"] = {"outputs": "full run (SCRATCHGAN_FAST=0)", "seconds": round(seconds)}
    nbformat.write(nb, path)
    return path.name, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path)
    parser.add_argument("--check", action="store_true", help="only report stale cells (exit 1 if any)")
    parser.add_argument("--jobs", type=int, default=2, help="lessons run at once (default 2)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))
    if args.check:
        stale = {p.name: stale_cells(nbformat.read(p, as_version=4)) for p in paths}
        stale = {k: v for k, v in stale.items() if v}
        if stale:
            sys.exit("stored outputs are stale (code changed since they were stored): "
                     + "; ".join(f"{k} cells {v}" for k, v in stale.items())
                     + ". Run: python lessons/tools/store_outputs.py " + " ".join(f"lessons/{k}" for k in stale))
        print(f"checked {len(paths)} notebook(s): all stored outputs are current")
        return
    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for name, seconds in pool.map(store, paths):
            print(f"{name}: stored a full run ({seconds:.0f} s)", flush=True)
    print(f"stored {len(paths)} lesson(s) in {time.perf_counter() - start:.0f} s")
    sys.path.insert(0, str(LESSONS / "tools"))
    import translate
    problems = [p for path in paths for p in translate.check_lesson(path, write=True)]
    print("\n".join(problems) or f"rebuilt the Chinese lesson(s) of the {len(paths)} stored")


if __name__ == "__main__":
    main()
