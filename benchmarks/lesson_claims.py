"""Run only the training cells of a lesson (by cell id) under one BLAS kernel and mode; print its claims as JSON.

Issue 20: every number a lesson asserts must hold in fast and full mode under every OpenBLAS kernel. This runs the
cells that train (their asserts included) and prints one JSON line with what they printed in numbers:

    L11=1b979476,36bd6889,2edebb3c,c6373ed1,91794ca2   # imports, sweep, its claims, seeds, the four curves
    for k in Haswell SkylakeX Sandybridge; do for fast in 1 0; do
        OPENBLAS_CORETYPE=$k SCRATCHGAN_FAST=$fast OPENBLAS_NUM_THREADS=1 \\
            python benchmarks/lesson_claims.py 11_sensitivity.ipynb $L11 >> benchmarks/lesson_claims.jsonl; done; done

Lesson 12's section 5: 12_mode_collapse.ipynb 916445b7,67cea062,d899d059. Results: benchmarks/lesson_claims.jsonl.
"""
import contextlib
import io
import json
import os
import pathlib
import sys
import time

import matplotlib

matplotlib.use("Agg")
ROOT = pathlib.Path(__file__).resolve().parents[1]


def main(which, ids):
    import matplotlib.pyplot as plt
    import nbformat
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT / "lessons")
    cells = {c.get("id"): c.source for c in nbformat.read(ROOT / "lessons" / which, as_version=4).cells}
    ns, errors = {}, []
    wall, cpu = time.perf_counter(), time.process_time()
    for cid in ids:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(cells[cid], ns)
        except AssertionError as e:
            errors.append(f"{cid}: {e}")
        plt.close("all")
    out = {"lesson": which, "coretype": os.environ.get("OPENBLAS_CORETYPE", ""), "fast": os.environ.get("SCRATCHGAN_FAST"),
           "wall": round(time.perf_counter() - wall, 1), "cpu": round(time.process_time() - cpu, 1),
           "load_1min": round(os.getloadavg()[0], 1), "errors": errors}
    if "rows" in ns and which.startswith("11"):
        out["all8"] = sum(r["modes"] == 8 for r in ns["rows"])
        out["sweep"] = {f'{r["lr"]:g}/{r["beta1"]:g}': [r["modes"], round(r["high_quality"], 3)] for r in ns["rows"]}
    if "by_lr" in ns:
        out["by_lr"] = {str(k): v.tolist() for k, v in ns["by_lr"].items()}
    if "curves" in ns:
        out["curves"] = {k: [r.metrics["modes"], r.metrics["n_modes"]] for k, r in ns["curves"].items()}
    if "results" in ns:
        out["section5"] = {k: [[m["modes"], round(m["high_quality"], 3)] for m in v] for k, v in ns["results"].items()}
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2].split(","))
