"""Measure every training-outcome check over seeds x BLAS kernels (issue 20), results to check_margins.json.

A GAN run is chaotic in the summation order of its matrix products, and OpenBLAS picks that order by
CPU family (its "kernel"), so a check that trains must rest on a margin measured over many runs, not on
one seed's luck on one machine. For each check this script runs the correct answer (and, for exercise
checks, each plausible wrong answer in ``MISTAKES`` of ``lessons/solutions/lessonNN.py``) over seeds in a
subprocess per kernel (OpenBLAS reads OPENBLAS_CORETYPE once, when it loads), one BLAS thread:

    nice -n 10 python benchmarks/check_margins.py                       # every check, 10 seeds, 3 kernels
    python benchmarks/check_margins.py --checks gan_gaussian --seeds 3   # one check, quickly
    python benchmarks/check_margins.py --worker gan_gaussian --answer solution --seeds 0,1   # one process

The JSON holds every run's numbers ("runs") and, per check, answer, mode and metric, the summary
(n, min, mean, std, max) that the tables in lessons/CONTRIBUTING.md and the tests' docstrings quote.
"""
import argparse
import json
import os
import pathlib
import platform
import subprocess
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
KERNELS = ("Haswell", "SkylakeX", "Sandybridge")
NEEDS = {"SkylakeX": "avx512f", "Haswell": "avx2", "Sandybridge": "avx"}  # /proc/cpuinfo flag each kernel needs


def supported_kernels():
    """The OpenBLAS kernels this CPU can run (its /proc/cpuinfo flags), in KERNELS order."""
    try:
        flags = set(next(line for line in open("/proc/cpuinfo") if line.startswith("flags")).split())
    except (OSError, StopIteration):
        return []
    return [k for k in KERNELS if NEEDS[k] in flags]


def blas_kernel():
    """OpenBLAS's own name for the kernel in use (threadpoolctl), or "unknown"."""
    try:
        from threadpoolctl import threadpool_info
        return next((i.get("architecture") or "unknown") for i in threadpool_info() if i.get("internal_api") == "openblas")
    except (ImportError, StopIteration):
        return "unknown"


# ---- the checks: each f(seed, answer) -> dict of numbers -----------------------------------------------------

def _lesson08():
    import importlib
    for name in ("scratchgan.exercises.lesson08", "scratchgan.exercises.lessons_08_09_10_13"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError("no module with lesson 08's checks")


def _solutions(n):
    sys.path.insert(0, str(ROOT / "lessons" / "solutions"))
    import importlib
    return importlib.import_module(f"lesson{n:02d}")


def ex08_train_ring(seed, answer):
    """The check of exercise 08.train_ring with its seeds replaced by ``seed``: modes and high quality."""
    from scratchgan import backend, data
    ex, sol = _lesson08(), _solutions(8)
    fn = sol.train_ring if answer == "solution" else {f.__name__: f for f in sol.MISTAKES["train_ring"]}[answer]
    backend.seed(seed)
    G = fn(ex._library_step, data.ring(std=ex.RING_STD), ex.ring_steps(), np.random.default_rng(seed))
    cov, _ = ex.ring_report(G, seed=seed)
    return {"modes": cov["modes"], "high_quality": cov["high_quality"]}


def _preset(name, **kw):
    try:
        from scratchgan.presets import preset
    except ImportError:  # before issue 19 the presets lived in train.py
        from scratchgan.train import preset
    return preset(name, **kw)


def gan_ring_1000(seed, answer):
    """tests/test_gan.py: the ring preset, 1000 steps."""
    from scratchgan import train
    r = train.train(_preset("ring", steps=1000, seed=seed), progress=False)
    return {"modes": r.metrics["modes"], "high_quality": r.metrics["high_quality"]}


def gan_gaussian(seed, answer):
    """tests/test_gan.py: the gaussian preset; |mean - 4| and |std - 0.5|."""
    from scratchgan import train
    r = train.train(_preset("gaussian", seed=seed), progress=False)
    return {"mean_off": abs(r.metrics["mean"] - 4.0), "std_off": abs(r.metrics["std"] - 0.5)}


def pitfalls_vanishing(seed, answer):
    """tests/test_pitfalls.py: D trained alone 25 steps; D(G(z)) and the gradient ratio at k = 0 and 25."""
    from scratchgan import pitfalls
    r = pitfalls.vanishing_gradients(ks=(0, 1, 5, 25), seed=seed)
    return {"d_fake_0": r["d_fake"][0], "d_fake_25": r["d_fake"][-1], "ratio_0": r["ratio"][0],
            "ratio_25": r["ratio"][-1], "minimax_25_over_0": r["minimax"][-1] / r["minimax"][0],
            "ns_25_over_0": r["non_saturating"][-1] / r["non_saturating"][0]}


def plots_train_1d(seed, answer):
    """tests/test_plots.py: train_1d for 2000 steps; |mean - 4|, |std - 0.5| of G and max |D - 1/2| on [3, 5]."""
    try:
        from scratchgan import game1d as g1
        from scratchgan.plots import base as pb
    except ImportError:  # the layout before issue 19
        from scratchgan import plots as g1
        from scratchgan import plots_base as pb
    run = g1.train_1d(steps=(0, 2000), seed=seed)
    x = pb.g_output(run["gan"], np.random.default_rng(5).standard_normal((4000, 1))).ravel()
    d = pb.d_output(run["gan"], np.linspace(3, 5, 50)[:, None])
    return {"mean_off": abs(float(x.mean()) - 4), "std_off": abs(float(x.std()) - 0.5),
            "d_off": float(np.abs(d - 0.5).max())}


_DIGITS = {}


def scores_image_gan(seed, answer):
    """tests/test_scores.py: 200 steps of an MLP GAN on the offline digits; Frechet end / start."""
    from scratchgan import backend, gan, layers, optim, scores
    try:
        from scratchgan.data import digits as digits_mod
        make = digits_mod.draw
    except ImportError:
        from scratchgan import images
        make = images.digits
    if not _DIGITS:
        x, labels = make(n=10000, seed=0)
        ref, _ = make(n=1000, seed=1)
        scores.classifier(x, labels, "digits", cache_dir=False)
        _DIGITS.update(x=x, labels=labels, ref=ref)
    x, labels, ref = _DIGITS["x"], _DIGITS["labels"], _DIGITS["ref"]

    def mlp(sizes, last):
        out = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            out += [layers.Dense(a, b), layers.LeakyReLU(0.2)]
        return layers.Sequential(*out[:-1], *([last] if last else []))
    backend.seed(seed)
    G, D = mlp([64, 128, 256, 512, 784], layers.Tanh()), mlp([784, 256, 128, 1], None)
    game = gan.GAN(G, D, optim.Adam(G, 5e-4, (0.5, 0.999)), optim.Adam(D, 5e-4, (0.5, 0.999)), noise_dim=64)
    rng = np.random.default_rng(seed)

    def frechet():
        return scores.image_scores(game.sample(500), x, labels, ref, name="digits", cache_dir=False)["frechet"]
    start = frechet()
    for _ in range(200):
        game.train_step(x[rng.integers(0, len(x), 64)])
    return {"end_over_start": frechet() / start}


def lab_frozen_g(seed, answer):
    """tests/test_lab.py: D alone against a fixed G for 300 steps; gap to D* after / before."""
    try:
        from scratchgan.lab.state import LabState
    except ImportError:
        from scratchgan.lab import LabState
    try:
        from scratchgan.game1d import generator_density
    except ImportError:
        from scratchgan.plots_1d import generator_density
    from scratchgan.metrics import optimal_d
    s = LabState("gaussian", freeze="G", lr_d=1e-2, batch_size=256, seed=seed)
    x = np.linspace(3.0, 5.0, 41)[:, None]
    edges = np.linspace(0, 8, 801)
    centre = 0.5 * (edges[:-1] + edges[1:])
    d_star = np.interp(x.ravel(), centre, optimal_d(s.dataset.density(centre[:, None]),
                                                    generator_density(s.gan, edges, units=(s.shift, s.scale))))
    def d_of(x):
        try:
            from scratchgan.plots.base import d_output
            return d_output(s.gan, x, s.shift, s.scale)
        except ImportError:
            return s.d_of(x)
    gap0 = np.abs(d_of(x) - d_star).mean()
    s.full_step(300)
    gap = np.abs(d_of(x) - d_star).mean()
    return {"gap": float(gap), "gap_over_gap0": float(gap / gap0)}


def _lesson11_runs():
    """RUNS and base of lesson 11's "read the curves" cell, read from the notebook itself (so they cannot drift)."""
    cell = next("".join(c["source"]) for c in json.loads((ROOT / "lessons" / "11_sensitivity.ipynb").read_text())["cells"]
                if c["cell_type"] == "code" and "RUNS = {" in "".join(c["source"]))
    scope = {}
    exec(cell.split("curves = {}")[0], scope)
    return scope["base"], scope["RUNS"]


def l11_read_curves(seed, answer):
    """Lesson 11, exercise 4: the four runs A-D at ``seed``; per run, the numbers the lesson's table tests
    (over the last half: D's loss, its std, mean D(x), mean D(G(z)), the swing of D(G(z))), the modes, and
    G's gradient norm: median over the last quarter / over the first tenth (``g_fall``) and / its peak."""
    from scratchgan import presets, train
    base, runs = _lesson11_runs()
    out = {}
    for name, (data_name, change) in runs.items():
        r = train.train(presets.preset(data_name, **{**base, **change, "seed": seed}), progress=False)
        h = r.history
        n = len(h["d_loss"])
        last = {k: h[k][n // 2:] for k in ("d_loss", "d_real", "d_fake")}
        g = h["g_grad_norm"]
        out.update({f"{name}_loss": last["d_loss"].mean(), f"{name}_std": last["d_loss"].std(),
                    f"{name}_real": last["d_real"].mean(), f"{name}_fake": last["d_fake"].mean(),
                    f"{name}_swing": np.ptp(last["d_fake"]), f"{name}_modes": r.metrics["modes"],
                    f"{name}_high_quality": r.metrics["high_quality"],
                    f"{name}_g_fall": np.median(g[-n // 4:]) / np.median(g[:max(n // 10, 1)]),
                    f"{name}_g_over_peak": np.median(g[-n // 4:]) / g.max()})
    return out


def _lesson_cells(lesson, ids, seed, failed=None):
    """Run a lesson's code cells (by cell id) in one namespace, in lessons/, with each cell's line
    ``SEED = 0`` made ``SEED = <seed>``; returns the namespace (its asserts are in other cells).

    failed: a list to collect the ids of cells whose assert failed, and go on (the numbers a margin is
    measured from are computed before a cell's assert); None: an assert stops the run."""
    import contextlib
    import io

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat
    (path,) = (ROOT / "lessons").glob(f"{lesson}_*.ipynb")
    cells = {c.get("id"): c.source for c in nbformat.read(path, as_version=4).cells}
    ns, here = {}, os.getcwd()
    os.chdir(ROOT / "lessons")
    try:
        for cid in ids:
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    exec(cells[cid].replace("SEED = 0", f"SEED = {seed}", 1), ns)
                except AssertionError:
                    if failed is None:
                        raise
                    failed.append(cid)
    finally:
        os.chdir(here)
        plt.close("all")
    return ns


def lesson12_averaged(seed, answer):
    """Lesson 12 section 8: the ring preset's raw and averaged G over training (cell avg12-train)."""
    ns = _lesson_cells("12", ["916445b7", "avg12-train"], seed)
    out = {f"{g}_{k}": v for g in ("raw", "averaged") for k, v in ns["measured"][g].items()}
    for g in ("raw", "averaged"):  # the step from which high quality stays above 50% (the run's length + 1: never)
        below = np.flatnonzero(ns["curves"][g]["high_quality"] <= 0.5)
        i = below[-1] + 1 if len(below) else 0
        out[f"{g}_settled50"] = int(ns["steps"][i]) if i < len(ns["steps"]) else ns["config"]["steps"] + 1
    return out


def lesson14_noise_dim(seed, answer):
    """Lesson 14, "the dimension of z": the ring preset with noise_dim 1 and 2 (cell zdim14-train)."""
    m = _lesson_cells("14", ["0a4967cc", "zdim14-train"], seed)["measured"]
    return {f"nd{k}_{key}": v for k in (1, 2) for key, v in m[k].items()}


def lesson18_lab(seed, answer):
    """Lesson 18's asserted lab cells at the lab's ring defaults: the arrows (5a247ae1: cosine of move and arrow),
    D's learning rate (8469644d: D's change at lr 1e-2 and 1e-1 over lr 1e-3), G against a frozen D (410e94bb)."""
    failed = []
    ns = _lesson_cells("18", ["9a6a500f", "5a247ae1", "8469644d", "410e94bb"], seed, failed)
    cos, changes = ns["cos"], ns["changes"]
    return {"asserts_failed": len(failed),
            **{f"failed_{cid}": float(cid in failed) for cid in ("5a247ae1", "8469644d", "410e94bb")},
            "cos_mean": cos.mean(), "cos_positive": (cos > 0).mean(), "lr_1e-2_over_1e-3": changes[1] / changes[0],
            "lr_1e-1_over_1e-3": changes[2] / changes[0], "frozen_d_align": ns["align"], "frozen_d_share": ns["share"]}


def lab_conditional_label(seed, answer):
    """tests/test_lab_browser.py: the lab's conditional game on the ring, 300 full steps (the preset, pack 1);
    label 3's samples: the share whose nearest mode is mode 3, and within 3 std of it; all labels' too."""
    from scratchgan.lab.readouts import numbers
    from scratchgan.lab.state import LabState
    s = LabState("ring", conditional=True, seed=seed)
    s.full_step(300)
    every = numbers(s)
    s.set(label=3)
    three = numbers(s)
    return {"agreement_3": three["agreement"], "within_3std_3": three["on_label"],
            "agreement_all": every["agreement"], "modes_all": every["modes"]}


CHECKS = {"ex08_train_ring": ex08_train_ring, "gan_gaussian": gan_gaussian, "gan_ring_1000": gan_ring_1000,
          "pitfalls_vanishing": pitfalls_vanishing, "plots_train_1d": plots_train_1d,
          "scores_image_gan": scores_image_gan, "lab_frozen_g": lab_frozen_g,
          "l11_read_curves": l11_read_curves, "lesson12_averaged": lesson12_averaged, "lesson14_noise_dim": lesson14_noise_dim,
          "lab_conditional_label": lab_conditional_label, "lesson18_lab": lesson18_lab}
# exercise checks: full for students, fast in the tests; lessons: full (stored outputs, students) and fast (CI)
MODES = {"ex08_train_ring": ("full", "fast"), "lesson12_averaged": ("full", "fast"), "lesson14_noise_dim": ("full", "fast"),
         "lesson18_lab": ("full", "fast")}


def answers(check):
    if check == "ex08_train_ring":
        return ["solution"] + [f.__name__ for f in _solutions(8).MISTAKES["train_ring"]]
    return ["solution"]


def worker(check, answer, seeds):
    for seed in seeds:
        t = time.perf_counter()
        out = CHECKS[check](seed, answer)
        print(json.dumps({"check": check, "answer": answer, "seed": seed, "kernel": blas_kernel(),
                          "fast": os.environ.get("SCRATCHGAN_FAST", ""), "seconds": time.perf_counter() - t,
                          **{k: float(v) for k, v in out.items()}}), flush=True)


def summarise(runs):
    groups = {}
    for r in runs:
        key = (r["check"], r["answer"], "fast" if r["fast"] not in ("", "0") else "full")
        groups.setdefault(key, []).append(r)
    out = []
    for (check, answer, mode), rs in sorted(groups.items()):
        skip = {"check", "answer", "seed", "kernel", "fast", "coretype"}
        for metric in [k for k in rs[0] if k not in skip]:
            v = np.array([r[metric] for r in rs])
            out.append({"check": check, "answer": answer, "mode": mode, "metric": metric, "n": len(v),
                        "kernels": sorted({r["coretype"] for r in rs}), "min": float(v.min()),
                        "mean": float(v.mean()), "std": float(v.std(ddof=1)) if len(v) > 1 else 0.0,
                        "max": float(v.max())})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--checks", default=",".join(CHECKS))
    p.add_argument("--seeds", default="10", help="a count (0..n-1) or a comma list")
    p.add_argument("--mistake-seeds", type=int, default=3, help="seeds per wrong answer (each must fail)")
    p.add_argument("--kernels", default=None, help="comma list; default: those the CPU supports")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--answer", default="solution", help=argparse.SUPPRESS)
    p.add_argument("--modes", default="full,fast", help="which of a check's modes to run (full, fast)")
    p.add_argument("--append", action="store_true", help="add to the file's runs of these checks instead of replacing them")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "check_margins.json"))
    a = p.parse_args()
    seeds = [int(s) for s in a.seeds.split(",") if s] if "," in a.seeds else list(range(int(a.seeds)))
    if a.worker:
        return worker(a.worker, a.answer, seeds)
    kernels = a.kernels.split(",") if a.kernels else supported_kernels()
    path = pathlib.Path(a.out)
    old = json.loads(path.read_text()) if path.exists() else {"runs": []}
    checks = a.checks.split(",")
    runs = [r for r in old["runs"] if a.append or r["check"] not in checks]  # keep other checks' runs
    t0 = time.time()
    for check in checks:
        for mode in [m for m in MODES.get(check, ("fast",)) if m in a.modes.split(",")]:
            for answer in answers(check):
                use = seeds if answer == "solution" else seeds[:a.mistake_seeds]
                for kernel in kernels:
                    env = {**os.environ, "OPENBLAS_CORETYPE": kernel, "OPENBLAS_NUM_THREADS": "1",
                           "SCRATCHGAN_FAST": "1" if mode == "fast" else "0", "PYTHONPATH": str(ROOT)}
                    cmd = [sys.executable, __file__, "--worker", check, "--answer", answer,
                           "--seeds", ",".join(map(str, use)) + ","]
                    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
                    if done.returncode:
                        sys.exit(f"{check} {answer} {kernel}: {done.stderr[-2000:]}")
                    for line in done.stdout.splitlines():
                        runs.append({**json.loads(line), "coretype": kernel})
                    print(f"{time.time() - t0:7.0f} s  {check} {mode} {answer} {kernel}: done", flush=True)
                    path.write_text(json.dumps({"machine": machine(), "runs": runs, "summary": summarise(runs)},
                                               indent=1) + "\n")


def cpu_model():
    try:
        return next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown"


def machine():
    return {"cpu": cpu_model(), "kernels": supported_kernels(), "blas_threads": 1, "numpy": np.__version__,
            "load_1min_at_end": os.getloadavg()[0], "code": _git_head()}


def _git_head():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
