"""Mode collapse and its fixes on the 8-Gaussian ring and the 5x5 grid, through the normal trainer.

Each method of ``pitfalls.METHODS`` (config overrides of ``presets.preset``) is
trained on each dataset for seeds 0..N-1; the final 2,500 samples of the last iterate (the raw G,
as PacGAN scores it) are scored with the PacGAN protocol (``metrics.mode_coverage``: modes captured,
high-quality %, reverse KL) and ``metrics.precision_recall`` (k = 3); each row also keeps the
averaged G's headline numbers (``averaged``). Runs are independent, so they go to a pool of
single-threaded worker processes (or, with one worker, run in this process).

    python benchmarks/mode_collapse.py --seeds 5 --workers 16 --out benchmarks/mode_collapse.json
    python benchmarks/mode_collapse.py --seeds 3 --datasets grid --workers 1 --out /tmp/mc_grid.json
    python benchmarks/mode_collapse.py --merge /tmp/mc_grid.json /tmp/mc_ring.json --out benchmarks/mode_collapse.json
    python benchmarks/mode_collapse.py --summary benchmarks/mode_collapse.json   # table only

Several processes can share one job list: give each the same ``--claims DIR`` (a job runs in the
process that first creates its file there) and its own ``--out``, then ``--merge`` their files into
one JSON with one provenance block (every dataset's configs, and each part's command and machine).
Prints one Markdown table (mean +- std over seeds) beside PacGAN's Table 1.
"""
import argparse
import contextlib
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


KEYS = pitfalls.METRICS + ("precision", "recall")


def run_one(job, claims=None):
    """Train one (method, dataset, seed) and return its row; None when another process claimed it."""
    method, dataset, seed, steps = job
    if claims and not claim(claims, job):
        return None
    overrides = {**pitfalls.METHODS[method], "seed": seed, **({"steps": steps} if steps else {})}
    t = time.process_time()
    r = train.train(presets.preset(dataset, **overrides), progress=False)
    return {"method": method, "dataset": dataset, "seed": seed, "status": r.status, "steps": r.step,
            "seconds": r.seconds, "cpu_seconds": round(time.process_time() - t, 1),
            **{k: r.metrics.get(k) for k in KEYS}, "averaged": r.metrics.get("averaged")}


def claim(folder, job):
    """True if this process is the first to claim ``job`` (a file created exclusively in ``folder``)."""
    os.makedirs(folder, exist_ok=True)
    name = "_".join(str(v) for v in job[:3]).replace(" ", "-").replace(",", "")
    try:
        os.close(os.open(os.path.join(folder, name), os.O_CREAT | os.O_EXCL))
        return True
    except FileExistsError:
        return False


def summary(rows):
    """Markdown: one line per method, mean +- std over seeds per dataset, published rows beside."""
    head = "| method | " + " | ".join(f"{d}: modes | {d}: HQ % | {d}: recall | {d}: rev. KL | {d}: s/run"
                                      for d in DATASETS) + " |"
    lines = [head, "|" + "---|" * (1 + 5 * len(DATASETS))]
    fmt = lambda v, p: f"{np.mean(v):.{p}f} ± {np.std(v):.{p}f}"  # noqa: E731
    for method in [m for m in pitfalls.METHODS if any(r["method"] == m for r in rows)]:
        cells = []
        for d in DATASETS:
            rs = [r for r in rows if r["method"] == method and r["dataset"] == d]
            if not rs:
                cells += ["-"] * 5
                continue
            kl = [r["reverse_kl"] for r in rs]
            recall = [r["recall"] for r in rs if r.get("recall") is not None]
            cells += [fmt([r["modes"] for r in rs], 1), fmt([100 * r["high_quality"] for r in rs], 1),
                      fmt(recall, 2) if recall else "-",
                      fmt(kl, 2) if np.all(np.isfinite(kl)) else "inf (no HQ sample)",
                      f"{np.mean([r.get('cpu_seconds', r['seconds']) for r in rs]):.0f}"]
        seeds = len({r["seed"] for r in rows if r["method"] == method})
        lines.append(f"| {method} ({seeds} seeds) | " + " | ".join(cells) + " |")
    for method in ("GAN", "PacGAN4"):
        cells = []
        for d in DATASETS:
            m, hq, kl = PUBLISHED[(method, d)]
            cells += [f"{m}", f"{hq}", "-", f"{kl}", "-"]
        lines.append(f"| *PacGAN Table 1: {method}* | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def save(path, argv, workers, wall, rows, provenance=None, seeds=None):
    dump(path, {"command": shlex.join(["python", "benchmarks/mode_collapse.py"] + (argv or sys.argv[1:])),
                "workers": workers, "cpu_count": os.cpu_count(), "wall_seconds": wall, "machine": machine(workers),
                "seeds": seeds, "provenance": provenance, "rows": rows})


def dump(path, obj):
    """Write JSON atomically (a reader never sees half a file)."""
    with open(path + ".tmp", "w") as f:
        json.dump(obj, f, indent=1)
    os.replace(path + ".tmp", path)


def merge(paths):
    """One benchmark from several parts (e.g. ring and grid run apart): their rows, one provenance block
    with every part's configs, and each part's command, machine and code version under ``parts``."""
    parts = [json.load(open(p)) for p in paths]
    rows, seen = [], set()
    for part in parts:
        for r in part["rows"]:
            key = (r["method"], r["dataset"], r["seed"])
            if key in seen:
                raise SystemExit(f"--merge: {key} is in more than one part; merge parts of disjoint runs")
            seen.add(key)
            rows.append(r)
    provs = [p["provenance"] for p in parts]
    if len({json.dumps(p.get("steps_override")) for p in provs}) > 1:
        raise SystemExit("--merge: the parts used different --steps overrides")
    prov = {"configs": {}, "methods": {}, "datasets": [], "steps_override": provs[0].get("steps_override")}
    for p in provs:
        for name, config in p["configs"].items():
            if prov["configs"].setdefault(name, config) != config:
                raise SystemExit(f"--merge: the parts trained {name} with different configs")
        prov["methods"].update(p["methods"])
        prov["datasets"] += [d for d in p["datasets"] if d not in prov["datasets"]]
    prov["code"] = "; ".join(dict.fromkeys(f"{'+'.join(p['datasets'])}: {p['code']}" for p in provs))
    keep = ("command", "workers", "wall_seconds", "machine", "seeds")
    return {"command": "; ".join(p["command"] for p in parts), "seeds": sorted({r["seed"] for r in rows}),
            "parts": [{**{k: p.get(k) for k in keep}, "code": p["provenance"]["code"],
                       "datasets": p["provenance"]["datasets"], "runs": len(p["rows"])} for p in parts],
            "provenance": prov, "rows": rows}


def machine(workers):
    """The hardware the rows were timed on: CPU model, BLAS kernel and threads, load."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from check_margins import blas_kernel, cpu_model
    return {"cpu": cpu_model(), "blas_kernel": blas_kernel(), "blas_threads_per_worker": 1, "workers": workers,
            "load_1min_at_save": round(os.getloadavg()[0], 2)}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1")
    p.add_argument("--workers", type=int, default=os.cpu_count())
    p.add_argument("--steps", type=int, default=None, help="override the presets' step count")
    p.add_argument("--methods", nargs="*", default=list(pitfalls.METHODS), choices=list(pitfalls.METHODS), metavar="METHOD")
    p.add_argument("--datasets", nargs="*", default=list(DATASETS), choices=DATASETS)
    p.add_argument("--out", default=None, help="write every run's row to this JSON file")
    p.add_argument("--summary", default=None, help="only print the table of an earlier --out file")
    p.add_argument("--claims", default=None, help="a folder shared by processes that split one job list")
    p.add_argument("--reverse", action="store_true", help="take the job list from its end (a second process)")
    p.add_argument("--merge", nargs="+", default=None, help="merge these --out files into --out (no training)")
    a = p.parse_args(argv)
    if a.summary:
        print(summary(json.load(open(a.summary))["rows"]))
        return
    if a.merge:
        merged = merge(a.merge)
        if a.out:
            dump(a.out, merged)
        print(summary(merged["rows"]))
        return
    jobs = [(m, d, s, a.steps) for m in a.methods for d in a.datasets for s in range(a.seeds)]
    # seed by seed (an interrupted benchmark has whole seeds), the slow ones first within a seed
    jobs.sort(key=lambda j: (j[2], -pitfalls.METHODS[j[0]].get("d_steps", 1)))
    jobs = jobs[::-1] if a.reverse else jobs
    from provenance import record  # benchmarks/ is on sys.path when this file runs as a script
    prov = record(a.datasets, {m: pitfalls.METHODS[m] for m in a.methods}, a.steps)
    t0, rows = time.perf_counter(), []
    import functools
    import multiprocessing
    work = functools.partial(run_one, claims=a.claims)
    with multiprocessing.get_context("fork").Pool(a.workers) if a.workers > 1 else contextlib.nullcontext() as pool:
        for row in (pool.imap_unordered(work, jobs) if pool else map(work, jobs)):
            if row is None:  # claimed by another process
                continue
            rows.append(row)
            print(f"[{len(rows)}/{len(jobs)} {time.perf_counter() - t0:.0f}s] {row['method']} {row['dataset']} seed {row['seed']}: "
                  f"{row['modes']}/{row['n_modes']} modes, HQ {100 * row['high_quality']:.1f}%, R {row['recall']:.2f}, KL {row['reverse_kl']:.3f}, "
                  f"{row['seconds']:.0f}s ({row['status']})", flush=True)
            if a.out:  # rewritten after every run, so an interrupted benchmark keeps what it finished
                save(a.out, argv, a.workers, time.perf_counter() - t0, rows, prov, list(range(a.seeds)))
    wall = time.perf_counter() - t0
    print(f"\n{len(rows)} runs in {wall:.0f} s wall on {a.workers} workers\n")
    print(summary(rows))


if __name__ == "__main__":
    main()
