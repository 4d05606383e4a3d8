"""Execute a lesson as the tests do, report its time, and save its figures to look at.

    python lessons/tools/run_lesson.py lessons/03_gradient_checking.ipynb [--full] [--out DIR]

Runs in a fresh python3 kernel with cwd = lessons/ and SCRATCHGAN_FAST=1
(``--full`` runs the full-size version), and SCRATCHGAN_LANG from the notebook's
``metadata.scratchgan.language`` (the Chinese lessons, lessons/zh/, say "zh": their checks speak Chinese). Every PNG the notebook shows is
written to DIR (default /tmp/lesson_figures/<name>/), and the executed
notebook to DIR/executed.ipynb; the lesson file itself is left untouched.
"""
import base64
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

LESSONS = pathlib.Path(__file__).resolve().parents[1]


def execute(path, fast=True, timeout=600):
    """Run the notebook at ``path`` top to bottom; return (executed notebook, seconds)."""
    os.environ["SCRATCHGAN_FAST"] = "1" if fast else "0"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(LESSONS.parent), os.environ.get("PYTHONPATH", "")])
    nb = nbformat.read(path, as_version=4)
    before = os.environ.get("SCRATCHGAN_LANG")
    os.environ["SCRATCHGAN_LANG"] = nb.metadata.get("scratchgan", {}).get("language", "en")  # the kernel inherits it
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(LESSONS)}}).execute()
    finally:
        if before is None:
            del os.environ["SCRATCHGAN_LANG"]
        else:
            os.environ["SCRATCHGAN_LANG"] = before
    return nb, time.perf_counter() - start


def main(args):
    path = pathlib.Path(args[0])
    out = pathlib.Path(args[args.index("--out") + 1]) if "--out" in args else pathlib.Path("/tmp/lesson_figures") / path.stem
    out.mkdir(parents=True, exist_ok=True)
    nb, seconds = execute(path, fast="--full" not in args)
    n = 0
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                n += 1
                (out / f"cell{i:02d}_{n}.png").write_bytes(base64.b64decode(output["data"]["image/png"]))
    nbformat.write(nb, out / "executed.ipynb")
    print(f"{path.name}: ran in {seconds:.1f} s; {n} figure(s) in {out}")


if __name__ == "__main__":
    if not sys.argv[1:]:
        sys.exit("usage: python lessons/tools/run_lesson.py NOTEBOOK.ipynb [--full] [--out DIR]")
    main(sys.argv[1:])
