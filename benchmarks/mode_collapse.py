"""Mode collapse and its fixes on the 8-Gaussian ring and the 5x5 grid, through the normal trainer.

Each method of ``pitfalls.METHODS`` (config overrides of ``presets.preset``) is
trained on each dataset for several seeds; the final 2,500 samples are scored
with the PacGAN protocol (``metrics.mode_coverage``: modes captured,
high-quality %, reverse KL). Runs are independent, so they go to a pool of
single-threaded worker processes.

    python benchmarks/mode_collapse.py --seeds 5 --workers 16 --out benchmarks/mode_collapse.json
    python benchmarks/mode_collapse.py --summary benchmarks/mode_collapse.json   # table only

Prints one Markdown table (mean +- std over seeds) beside PacGAN's Table 1.
"""
import argparse
import json
import os
import shlex
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one BLAS thread per worker: the pool gives the parallelism
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402

from scratchgan import pitfalls, presets, train  # noqa: E402

DATASETS = ("ring", "grid")
# Lin et al. 2018 (PacGAN), Table 1: modes, high-quality %, reverse KL (their MLPs, their training).
PUBLISHED = {("GAN", "ring"): (6.3, 98.2, 0.45), ("PacGAN4", "ring"): (7.8, 95.9, 0.07),
             ("GAN", "grid"): (17.3, 94.8, 0.70), ("PacGAN4", "grid"): (24.8, 93.6, 0.04)}


def run_one(job):
    method, dataset, seed, steps = job
    overrides = {**pitfalls.METHODS[method], "seed": seed, **({"steps": steps} if steps else {})}
    r = train.train(presets.preset(dataset, **overrides), progress=False)
    return {"method": method, "dataset": dataset, "seed": seed, "status": r.status, "steps": r.step,
            "seconds": r.seconds, **{k: r.metrics.get(k) for k in pitfalls.METRICS}}


def summary(rows):
    """Markdown: one line per method, mean +- std over seeds per dataset, published rows beside."""
    head = "| method | " + " | ".join(f"{d}: modes | {d}: HQ % | {d}: rev. KL | {d}: s/run" for d in DATASETS) + " |"
    lines = [head, "|" + "---|" * (1 + 4 * len(DATASETS))]
    fmt = lambda v, p: f"{np.mean(v):.{p}f} ± {np.std(v):.{p}f}"  # noqa: E731
    for method in [m for m in pitfalls.METHODS if any(r["method"] == m for r in rows)]:
        cells = []
        for d in DATASETS:
            rs = [r for r in rows if r["method"] == method and r["dataset"] == d]
            if not rs:
                cells += ["-"] * 4
                continue
            kl = [r["reverse_kl"] for r in rs]
            cells += [fmt([r["modes"] for r in rs], 1), fmt([100 * r["high_quality"] for r in rs], 1),
                      fmt(kl, 2) if np.all(np.isfinite(kl)) else "inf (no HQ sample)", f"{np.mean([r['seconds'] for r in rs]):.0f}"]
        seeds = len({r["seed"] for r in rows if r["method"] == method})
        lines.append(f"| {method} ({seeds} seeds) | " + " | ".join(cells) + " |")
    for method in ("GAN", "PacGAN4"):
        cells = []
        for d in DATASETS:
            m, hq, kl = PUBLISHED[(method, d)]
            cells += [f"{m}", f"{hq}", f"{kl}", "-"]
        lines.append(f"| *PacGAN Table 1: {method}* | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def save(path, argv, workers, wall, rows):
    with open(path, "w") as f:
        json.dump({"command": shlex.join(["python", "benchmarks/mode_collapse.py"] + (argv or sys.argv[1:])),
                   "workers": workers, "cpu_count": os.cpu_count(), "wall_seconds": wall, "rows": rows}, f, indent=1)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--workers", type=int, default=os.cpu_count())
    p.add_argument("--steps", type=int, default=None, help="override the presets' step count")
    p.add_argument("--methods", nargs="*", default=list(pitfalls.METHODS), choices=list(pitfalls.METHODS), metavar="METHOD")
    p.add_argument("--datasets", nargs="*", default=list(DATASETS), choices=DATASETS)
    p.add_argument("--out", default=None, help="write every run's row to this JSON file")
    p.add_argument("--summary", default=None, help="only print the table of an earlier --out file")
    a = p.parse_args(argv)
    if a.summary:
        print(summary(json.load(open(a.summary))["rows"]))
        return
    jobs = [(m, d, s, a.steps) for m in a.methods for d in a.datasets for s in range(a.seeds)]
    jobs.sort(key=lambda j: -pitfalls.METHODS[j[0]].get("d_steps", 1))  # the slow ones first
    t0, rows = time.perf_counter(), []
    import multiprocessing
    with multiprocessing.get_context("fork").Pool(a.workers) as pool:
        for row in pool.imap_unordered(run_one, jobs):
            rows.append(row)
            print(f"[{len(rows)}/{len(jobs)} {time.perf_counter() - t0:.0f}s] {row['method']} {row['dataset']} seed {row['seed']}: "
                  f"{row['modes']}/{row['n_modes']} modes, HQ {100 * row['high_quality']:.1f}%, KL {row['reverse_kl']:.3f}, "
                  f"{row['seconds']:.0f}s ({row['status']})", flush=True)
            if a.out:  # rewritten after every run, so an interrupted benchmark keeps what it finished
                save(a.out, argv, a.workers, time.perf_counter() - t0, rows)
    wall = time.perf_counter() - t0
    print(f"\n{len(jobs)} runs in {wall:.0f} s wall on {a.workers} workers\n")
    print(summary(rows))


if __name__ == "__main__":
    main()
