"""Issue 21's levers: one setting changed at a time, raw G beside averaged G, over seeds.

    nice -n 15 python benchmarks/levers.py --data ring --seeds 0 1 2 3 4 [--levers base nd2 ...]
    OPENBLAS_CORETYPE=Haswell python benchmarks/levers.py --data ring --levers nd2_s3500   # another BLAS kernel
    SCRATCHGAN_DATA=/path/to/mnist python benchmarks/levers.py --data mnist:test --levers base
    python benchmarks/levers.py --time-main nd2 nd2_s3500 --reps 2   # the main job's CPU seconds
    python benchmarks/levers.py --data grid --levers base --lite     # only the raw and EMA-0.99 G (cheaper)
    python benchmarks/levers.py --table [--kernel Haswell]           # the lever x seed table of one kernel's rows
    python benchmarks/levers.py --targets nd2 ema0.99                # issue 21's targets per kernel, worst seed
    python benchmarks/levers.py --toy-rows nd2 ema0.99               # rows for toy_modes.py --combine

Each (lever, seed) trains the preset with that lever's overrides once, and from the same
run measures several generators (averaging never changes training, so it is free to measure):

* ``raw``: G's last iterate (what the library reports today);
* ``ema0.99`` / ``ema0.999``: the exponential moving average of G's parameters,
  a_t = beta a_{t-1} + (1 - beta) theta_t, a_0 = 0, read with Adam's bias correction
  a_t / (1 - beta^t) (so it is a weighted mean of the iterates at every t, no warm-up knob);
* ``half``: the uniform (Cesaro) mean of G's parameters over the second half of the run.

For each: ``metrics.precision_recall`` (k = 3) of 2,500 samples (the run's fixed z)
against 2,500 fresh real rows (``metrics.real_rows``), ``metrics.mode_coverage`` (modes,
PacGAN high quality), and every ``eval_every`` steps high quality of the same 2,500 samples,
of which the last five give the ending's spread (max - min, points). Each finished run is
appended to ``benchmarks/levers.json`` (a list of rows), so a partial grid is still useful;
a (data, lever, seed, BLAS kernel) already there is skipped (rows without a ``kernel`` were made
under this machine's own, SkylakeX). One BLAS thread; seconds are wall time on whatever machine
ran it (the shared development machine: not a timing).

Image data (``mnist:test``, ``digits``): the library's own averaged G (the config's ``ema``) beside
the raw G, each scored at the end by ``scores.image_scores`` (2,500 samples against the held-out
split: the confident share and Frechet distance, beside real images' own).

``--time-main LEVER ...`` times the main job itself (``python -m scratchgan train --quiet`` with the
lever's overrides in the preset, run folder and figures included): user + system CPU seconds of
the one-thread process, the estimate of an idle core's time on a machine where other jobs run
(rows in ``benchmarks/levers_timing.json``).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from scratchgan import backend, evaluation, metrics, presets, train  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DECAYS = (0.99, 0.999)
# lever -> config overrides of the preset (plus "ttur": D's learning rate times this, G's unchanged)
LEVERS = {
    "base": {},
    "nd2": dict(noise_dim=2),
    "nd2_nodecay": dict(noise_dim=2, lr_decay=0.0),
    "nd2_ttur2": dict(noise_dim=2, ttur=2.0),
    "nd2_b1024": dict(noise_dim=2, batch_size=1024),
    "nd2_r1": dict(noise_dim=2, penalty="r1", penalty_weight=0.1),
    "nd2_9k": dict(noise_dim=2, steps=9000),
    "nd2_leaky": dict(noise_dim=2, g_act="leaky_relu"),
    "nd2_lr1e3": dict(noise_dim=2, lr=1e-3),
    "nd4": dict(noise_dim=4),
    "nodecay": dict(lr_decay=0.0),
    # issue 21's 30-second target: the nd2 preset made cheaper (overrides spelled out in full, so a row keeps
    # its meaning when the preset changes); the decay stays the same fraction (85%) of the shorter run
    "nd2_s3500": dict(noise_dim=2, steps=3500, batch_size=512),
    "nd2_b256": dict(noise_dim=2, steps=6000, batch_size=256),
    "nd2_s3000": dict(noise_dim=2, steps=3000, batch_size=512),
    "nd2_b256_e400": dict(noise_dim=2, steps=6000, batch_size=256, eval_every=400),  # nd2_b256, half the evaluations
    # session of 6 December, second part: a narrower D (its 256 x 256 layer is ~2/3 of a step's arithmetic)
    "nd2_dh128": dict(noise_dim=2, steps=6000, batch_size=512, d_hidden=128),
    "nd2_dh192": dict(noise_dim=2, steps=6000, batch_size=512, d_hidden=192),
    "nd2_dh96": dict(noise_dim=2, steps=6000, batch_size=512, d_hidden=96),
    "nd2_dh64": dict(noise_dim=2, steps=6000, batch_size=512, d_hidden=64),
    "nd2_dh128x3": dict(noise_dim=2, steps=6000, batch_size=512, d_hidden=128, d_layers=3),
    "dh128": dict(d_hidden=128),  # any preset's D narrower (the grid's: 256 x 3)
    "dh192": dict(d_hidden=192),
    # the image preset's levers (issue 21): the same 5,000 steps, one setting changed each, on the preset as it was
    # before it took two of them (lr 2e-4, no minibatch-std feature: check out 416e16a^ to run them again as recorded)
    "im_lr5e4": dict(lr=5e-4),
    "im_ema999": dict(ema=0.999),
    "im_ls": dict(label_smoothing=0.1),  # one-sided: real labels 0.9 (Salimans et al. 2016)
    "im_ttur2": dict(ttur=2.0),
    "im_mbstd": dict(minibatch_std=True),
    "im_decay": dict(lr_decay=0.5, lr_final=0.1),
    "im_lr1e3": dict(lr=1e-3),
    "im_lr5e4_mbstd": dict(lr=5e-4, minibatch_std=True),
    "im_lr5e4_ls": dict(lr=5e-4, label_smoothing=0.1),
    # a second screen, on top of the preset those chose (lr 5e-4, minibatch-std feature): one setting each
    "im2_lr7e4": dict(lr=7e-4),
    "im2_ema98": dict(ema=0.98),
    "im2_b32": dict(batch_size=32, steps=10000),  # the same images seen, twice the updates
    "im2_beta2_99": dict(beta2=0.99),
    # a third screen (6 December, afternoon), on the same preset (lr 5e-4, minibatch-std feature): settings that cost no time
    "im3_ttur05": dict(ttur=0.5),  # D at half G's rate
    "im3_ema995": dict(ema=0.995),
    "im3_lsgan": dict(loss="least_squares"),  # Mao et al. 2017
    "im3_hinge": dict(loss="hinge"),
    "im3_grelu": dict(g_act="relu"),
    "im3_anneal": dict(lr_decay=0.2, lr_final=0.2),  # the last fifth at a falling rate
    # the levers issue 21 names that had not been run over 5 seeds on the ring preset of 6 December (2-D z, D 128);
    # the preset's own settings are written out, so each row stays what it was if the preset moves again
    "p128_r1": dict(noise_dim=2, d_hidden=128, penalty="r1", penalty_weight=0.1),
    "p128_9k": dict(noise_dim=2, d_hidden=128, steps=9000),
    "p128_leaky": dict(noise_dim=2, d_hidden=128, g_act="leaky_relu"),
    "p128_nd4": dict(noise_dim=4, d_hidden=128),
    "p128_b1024": dict(noise_dim=2, d_hidden=128, batch_size=1024),
    # pairs of the ring levers that raised recall (a wider z) and high quality (a narrower D, more steps)
    "p_nd3": dict(noise_dim=3, d_hidden=128),
    "p_nd4_dh96": dict(noise_dim=4, d_hidden=96),
    "p_nd3_dh96": dict(noise_dim=3, d_hidden=96),
    "p_nd4_9k": dict(noise_dim=4, d_hidden=128, steps=9000),
    # the grid preset's high quality (95.3% against issue 21's 97%): more updates, or more rows a step
    "g_16k": dict(steps=16500),
    "g_b512": dict(batch_size=512),
    "g_16k_b512": dict(steps=16500, batch_size=512),  # both: 3x the training
}
DEFAULT_KERNEL = "SkylakeX"  # this machine's own OpenBLAS kernel: the rows made before rows recorded it


def kernel():
    """The OpenBLAS kernel this process runs (OPENBLAS_CORETYPE, else OpenBLAS's own report)."""
    sys.path.insert(0, HERE)
    from check_margins import blas_kernel
    return blas_kernel()


class Averages:
    """Running averages of G's parameters in float64, updated after each G step."""

    def __init__(self, params, steps, decays=DECAYS, half=True):
        self.t, self.half_start, self.n_half = 0, steps // 2 if half else 10**12, 0
        self.ema = {b: {k: np.zeros(p.shape) for k, p in params.items()} for b in decays}
        self.half = {k: np.zeros(p.shape) for k, p in params.items()}

    def update(self, params):
        self.t += 1
        for b, a in self.ema.items():
            for k, p in params.items():
                a[k] += (1 - b) * (backend.to_numpy(p) - a[k])
        if self.t > self.half_start:
            self.n_half += 1
            for k, p in params.items():
                self.half[k] += (backend.to_numpy(p) - self.half[k]) / self.n_half

    def weights(self):
        """name -> parameters (None: the raw G)."""
        out = {"raw": None}
        out.update({f"ema{b}": {k: v / (1 - b ** self.t) for k, v in a.items()} for b, a in self.ema.items()})
        out["half"] = self.half if self.n_half else None
        return out


def samples(result, params):
    """G's 2,500 samples of the run's fixed z in data units, with ``params`` swapped in (None: as is)."""
    G = result.gan.G
    kept = dict(G.params)
    if params is not None:
        G.params.update({k: backend.asarray(v, dtype=kept[k].dtype) for k, v in params.items()})
    try:
        x = backend.to_numpy(G(result.z_eval)).astype(np.float64)
    finally:
        G.params.update(kept)
    return x * result.scale + result.shift


def two_time_scales(game, ttur):
    """D's learning rate = ttur x G's from here on, following the schedule (Heusel et al. 2017); 1: unchanged."""
    if ttur != 1.0:
        opt = game.d_opt
        cls = type(opt)
        opt.__class__ = type("TTUR" + cls.__name__, (cls,), {
            "lr": property(lambda s: s.__dict__["_lr"] * ttur, lambda s, v: s.__dict__.__setitem__("_lr", v))})
        opt.lr = opt.__dict__.pop("lr")


def one_run(data, lever, seed, eval_every=None, lite=False):
    over = dict(LEVERS[lever])
    ttur = over.pop("ttur", 1.0)
    config = presets.preset(data, seed=seed, **over)
    if presets.preset_name(data) in ("mnist", "digits"):
        return image_run(config, lever, ttur)
    every = eval_every or config["eval_every"]
    config["eval_every"] = config["steps"]  # the loop's own evaluations: only the last; ours below
    result = train.restore(config)
    game, ds = result.gan, result.dataset
    avg = Averages(game.G.params, config["steps"], (0.99,) if lite else DECAYS, half=not lite)  # lite: raw, ema0.99
    real = metrics.real_rows(ds, 2500)[0]
    curve = {}
    two_time_scales(game, ttur)

    def callback(step, stats, gan):
        avg.update(gan.G.params)
        if (step + 1) % every == 0:
            for name, w in avg.weights().items():
                if name == "half" and w is None:
                    continue
                cov = metrics.mode_coverage(samples(result, w), ds.modes, ds.mode_std)
                curve.setdefault(name, []).append(round(cov["high_quality"], 4))

    t, cpu = time.time(), time.process_time()
    train.loop(result, callback=callback, progress=False)
    seconds, cpu = time.time() - t, time.process_time() - cpu
    row = {"data": data, "lever": lever, "seed": seed, "overrides": LEVERS[lever], "steps": config["steps"],
           "batch_size": config["batch_size"], "status": result.status, "seconds": round(seconds, 1),
           "cpu_seconds": round(cpu, 1), "eval_every": every, "kernel": kernel()}
    for name, w in avg.weights().items():
        if name == "half" and w is None:
            continue
        x = samples(result, w)
        p, r = metrics.precision_recall(real, x, k=3)
        cov = metrics.mode_coverage(x, ds.modes, ds.mode_std)
        last = curve.get(name, [])[-5:]
        row[name] = {"precision": round(float(p), 4), "recall": round(float(r), 4), "modes": cov["modes"],
                     "n_modes": cov["n_modes"], "high_quality": round(cov["high_quality"], 4),
                     "reverse_kl": round(float(cov["reverse_kl"]), 4),
                     "spread5": round(100 * (max(last) - min(last)), 2) if last else None,
                     "hq_curve": curve.get(name, [])}
    return row


def image_run(config, lever, ttur=1.0):
    """An image preset's run: raw and averaged G (the library's EMA) scored by ``scores.image_scores``
    (``train.train``'s restore, loop and measure, with D's rate set by ``ttur`` before the first step)."""
    config["eval_every"] = config["steps"]  # no evaluations on the way: only the final scores count here
    t = time.time()
    result = train.restore(config)
    two_time_scales(result.gan, ttur)
    train.loop(result, progress=False)
    evaluation.measure(result)
    m = result.metrics
    row = {"data": config["data"], "lever": lever, "seed": config["seed"], "overrides": LEVERS[lever],
           "steps": config["steps"], "batch_size": config["batch_size"], "status": result.status,
           "seconds": round(time.time() - t, 1), "kernel": kernel(), "ema": config["ema"],
           "confident_real": round(m["confident_real"], 4), "frechet_real": round(m["frechet_real"], 3)}
    for name, g in (("raw", "raw"), (f"ema{config['ema']}", "averaged")):
        row[name] = {k: round(float(v), 4) for k, v in m[g].items()}
    return row


def image_table(rows, data):
    """Image levers: per seed confident share / Frechet of raw and averaged G, means, and issue 21's rule
    for images (the averaged G when its mean Frechet distance is lower at a mean confident share no lower)."""
    rows = [r for r in rows if r["data"] == data]
    seeds = sorted({r["seed"] for r in rows})
    head = ["lever", "G"] + [f"seed {s}: conf. / FD" for s in seeds] + ["mean confident", "mean FD", "mean recall", "rule"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for lever in [lv for lv in LEVERS if any(r["lever"] == lv for r in rows)]:
        mine = {r["seed"]: r for r in rows if r["lever"] == lever}
        gs = [k for k, v in mine[min(mine)].items() if isinstance(v, dict) and k != "overrides"]  # raw, ema<beta>
        mean = {g: {k: np.mean([mine[s][g][k] for s in mine]) for k in ("confident", "frechet", "recall")} for g in gs}
        for g in gs:
            pick = ""
            if g != "raw":
                better = mean[g]["frechet"] < mean["raw"]["frechet"] and mean[g]["confident"] >= mean["raw"]["confident"]
                pick = "averaged" if better else "raw"
            out.append("| " + " | ".join([lever if g == "raw" else "", g] + [
                f"{100 * mine[s][g]['confident']:.1f}% / {mine[s][g]['frechet']:.2f}" if s in mine else "" for s in seeds] + [
                f"{100 * mean[g]['confident']:.1f}%", f"{mean[g]['frechet']:.2f}", f"{mean[g]['recall']:.3f}", pick]) + " |")
    real = [r for r in rows if "confident_real" in r]
    out.append(f"\nreal held-out digits: confident {100 * np.mean([r['confident_real'] for r in real]):.1f}%, "
               f"real-vs-real Frechet {np.mean([r['frechet_real'] for r in real]):.2f}")
    return "\n".join(out)


def time_main(levers, data="ring", reps=1, out=os.path.join(HERE, "levers_timing.json")):
    """CPU seconds (user + system) of ``python -m scratchgan train --data DATA --quiet`` with each lever's
    overrides put into the preset: the whole main job (imports, run folder, figures), one BLAS thread."""
    code = ("import json, sys; from scratchgan import presets; presets.PRESETS[sys.argv[1]].update(json.loads(sys.argv[2])); "
            "from scratchgan.cli import main; raise SystemExit(main(sys.argv[3:]))")
    rows = json.load(open(out)) if os.path.exists(out) else []
    for _ in range(reps):
        for lever in levers:
            with tempfile.TemporaryDirectory() as tmp:
                before, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
                subprocess.run([sys.executable, "-c", code, presets.preset_name(data), json.dumps(LEVERS[lever]),
                                "train", "--data", data, "--quiet", "--out", os.path.join(tmp, "run")], check=True,
                               stdout=subprocess.DEVNULL)
                wall, after = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN)
            user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
            row = {"data": data, "lever": lever, "overrides": LEVERS[lever], "cpu_seconds": round(user + system, 2),
                   "user": round(user, 2), "system": round(system, 2), "wall": round(wall, 2),
                   "load_1min": round(os.getloadavg()[0], 2), "kernel": kernel(), "time": time.strftime("%H:%M:%S")}
            rows.append(row)
            print(json.dumps(row), flush=True)
            with open(out, "w") as f:
                json.dump(rows, f, indent=1)


TARGETS = {"ring": (8, 0.98, 0.85), "grid": (25, 0.97, 0.80)}  # issue 21: modes, high quality, recall, on every seed


def targets(rows, data, lever, g):
    """Issue 21's toy targets for one lever's G, per BLAS kernel (markdown): worst and mean over the seeds run;
    each cell says met / missed by how much on the worst seed."""
    modes, hq, rec = TARGETS[data]
    out = ["| kernel | seeds | modes (min) | high quality %, mean (min) | recall, mean (min) | spread5 max (pts) |",
           "|---|---|---|---|---|---|"]
    for k in sorted({r.get("kernel", DEFAULT_KERNEL) for r in rows if (r["data"], r["lever"]) == (data, lever)}):
        rs = [r[g] for r in rows if (r["data"], r["lever"], r.get("kernel", DEFAULT_KERNEL)) == (data, lever, k)]
        h, c, m = [x["high_quality"] for x in rs], [x["recall"] for x in rs], min(x["modes"] for x in rs)
        verdict = lambda worst, bar, scale=1: "met" if worst >= bar else f"missed by {scale * (bar - worst):.2f}"  # noqa: E731
        out.append(f"| {k} | {len(rs)} | {m}/{modes} ({verdict(m, modes)}) | {100 * np.mean(h):.1f} ({100 * min(h):.1f}; "
                   f"{verdict(min(h), hq, 100)}) | {np.mean(c):.3f} ({min(c):.2f}; {verdict(min(c), rec)}) | "
                   f"{max(x['spread5'] for x in rs):.1f} ({'met' if max(x['spread5'] for x in rs) <= 2 else 'missed'}) |")
    return "\n".join(out)


def toy_rows(rows, data, lever, g, kernel_name=DEFAULT_KERNEL):
    """``benchmarks/toy_modes.py`` rows ("default" config) from this file's runs of ``lever``, generator ``g``."""
    return [{"data": data, "config": f"default, {g} G, {kernel_name}", "seed": r["seed"], "steps": r["steps"],
             "seconds": r.get("cpu_seconds", r["seconds"]), "source": f"levers.json: {lever}, {g}, {kernel_name}",
             **{k: r[g].get(k) for k in ("modes", "n_modes", "high_quality", "reverse_kl")}}
            for r in rows if (r["data"], r["lever"], r.get("kernel", DEFAULT_KERNEL)) == (data, lever, kernel_name)]


GS = ("raw", "ema0.99", "ema0.999", "half")


def table(rows, data="ring", kernel_name=DEFAULT_KERNEL):
    """The lever x seed table (markdown): per seed recall / high quality %, then means over the seeds
    done, and the rule of issue 21 (the averaged G when its mean recall is higher at a mean high
    quality no lower than the raw G's, over the same seeds). Rows of one BLAS kernel."""
    if presets.preset_name(data) in ("mnist", "digits"):
        return image_table(rows, data)
    rows = [r for r in rows if r["data"] == data and r.get("kernel", DEFAULT_KERNEL) == kernel_name]
    seeds = sorted({r["seed"] for r in rows})
    head = (["lever", "G"] + [f"seed {s}: R / HQ" for s in seeds] +
            ["mean P", "mean R", "mean HQ %", "min modes", "spread5 (pts, mean / max)", "rule"])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for lever in [lv for lv in LEVERS if any(r["lever"] == lv for r in rows)]:
        mine = {r["seed"]: r for r in rows if r["lever"] == lever}
        done = sorted(mine)
        gs = [g for g in GS if all(g in mine[s] for s in done)]  # --lite rows: raw and ema0.99 only
        mean = {g: {k: np.mean([mine[s][g][k] for s in done]) for k in ("precision", "recall", "high_quality")}
                for g in gs}
        for g in gs:
            cells = [f"{mine[s][g]['recall']:.2f} / {100 * mine[s][g]['high_quality']:.1f}" if s in mine else ""
                     for s in seeds]
            spread = [mine[s][g]["spread5"] for s in done]
            pick = ""
            if g != "raw":
                better = mean[g]["recall"] > mean["raw"]["recall"] and mean[g]["high_quality"] >= mean["raw"]["high_quality"]
                pick = "averaged" if better else "raw"
            out.append("| " + " | ".join([lever if g == "raw" else "", g] + cells + [
                f"{mean[g]['precision']:.3f}", f"{mean[g]['recall']:.3f}", f"{100 * mean[g]['high_quality']:.1f}",
                str(min(mine[s][g]["modes"] for s in done)), f"{np.mean(spread):.1f} / {np.max(spread):.1f}",
                pick + (f" ({len(done)} seeds)" if pick and len(done) < 5 else "")]) + " |")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="ring")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--levers", nargs="+", default=list(LEVERS))
    ap.add_argument("--out", default=os.path.join(HERE, "levers.json"))
    ap.add_argument("--seed-major", action="store_true", help="all levers for seed 0 first, then seed 1, ...")
    ap.add_argument("--table", action="store_true", help="print the table of --out's rows (markdown) and stop")
    ap.add_argument("--kernel", default=DEFAULT_KERNEL, help="--table: the rows of this BLAS kernel")
    ap.add_argument("--time-main", nargs="+", metavar="LEVER", help="time the main job with these levers and stop")
    ap.add_argument("--reps", type=int, default=1, help="--time-main: rounds over the levers")
    ap.add_argument("--targets", nargs=2, metavar=("LEVER", "G"), help="print issue 21's targets for a lever's G and stop")
    ap.add_argument("--lite", action="store_true", help="only the raw G and ema0.99 (cheaper runs)")
    ap.add_argument("--toy-rows", nargs=2, metavar=("LEVER", "G"), help="print toy_modes.py rows of a lever's G and stop")
    args = ap.parse_args(argv)
    if args.targets:
        print(targets(json.load(open(args.out)), args.data, *args.targets))
        return
    if args.toy_rows:
        print(json.dumps(toy_rows(json.load(open(args.out)), args.data, *args.toy_rows, args.kernel), indent=1))
        return
    if args.table:
        print(table(json.load(open(args.out)), args.data, args.kernel))
        return
    unknown = set(args.levers + (args.time_main or [])) - set(LEVERS)
    if unknown:
        ap.error(f"unknown levers {sorted(unknown)}; known: {sorted(LEVERS)}")
    if args.time_main:
        time_main(args.time_main, args.data, args.reps)
        return
    here = kernel()
    jobs = ([(lv, s) for s in args.seeds for lv in args.levers] if args.seed_major
            else [(lv, s) for lv in args.levers for s in args.seeds])
    for lever, seed in jobs:
        rows = json.load(open(args.out)) if os.path.exists(args.out) else []
        if any((r["data"], r["lever"], r["seed"], r.get("kernel", DEFAULT_KERNEL)) == (args.data, lever, seed, here)
               for r in rows):
            continue
        row = one_run(args.data, lever, seed, lite=args.lite)
        rows = json.load(open(args.out)) if os.path.exists(args.out) else []
        rows.append(row)
        with open(args.out + ".tmp", "w") as f:
            json.dump(rows, f, indent=1)
        os.replace(args.out + ".tmp", args.out)
        if "high_quality" not in row["raw"]:  # an image run
            print(f"{args.data} {lever} seed {seed}: " + json.dumps({k: row[k] for k in row if k == "raw" or k.startswith("ema")}))
            continue
        print(f"{args.data} {lever} seed {seed} ({here}): " + "  ".join(
            f"{n} P {row[n]['precision']:.2f} R {row[n]['recall']:.2f} HQ {100 * row[n]['high_quality']:.1f}% "
            f"{row[n]['modes']}/{row[n]['n_modes']} spread {row[n]['spread5']}"
            for n in GS if n in row) + f"  ({row['seconds']} s)", flush=True)


if __name__ == "__main__":
    main()
