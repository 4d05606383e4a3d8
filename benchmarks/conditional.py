"""Conditional GANs (issue 24): does G draw the class it is asked for? Seeds x data sets, one table.

    python benchmarks/conditional.py --data ring --seeds 0 1 2 3 4 --out benchmarks/conditional_ring.json
    python benchmarks/conditional.py --data mnist:test --seeds 0 --out benchmarks/conditional_mnist.json
    python benchmarks/conditional.py --data mnist:test --endings preset decay25 --out ...   # levers, one prefix
    python benchmarks/conditional.py --table benchmarks/conditional_mnist_test.json

Each run is ``train.train(presets.preset(data, conditional=...))`` (the conditional preset, figures
off) and is judged by ``agreement.evaluate`` on its 2,500 final samples: the ring by the share within
3 std of the requested mode (``within_3std``) and the nearest-mode agreement; images by the project's
classifier (``agreement``, worst class, and the classifier's own held-out accuracy). Every row has
the raw G's and the averaged G's numbers side by side (``raw``, ``averaged``: ``evaluation.side_by_side``).
With ``--baseline`` each seed also trains the unconditional GAN of the same preset, steps and
pack (1): the same networks without labels, to show what conditioning changes (modes caught).

``--endings``: levers that change only the last part of a run (``ENDINGS``: the learning rate's
fall over the last quarter). The common first part is trained once per seed, and each ending
continues from a copy of it, its noise stream included: the same numbers as whole runs (a resumed
run equals an uninterrupted one, tests/test_train.py), at a fraction of the CPU. ``process_s`` is
the CPU time of the process (one BLAS thread: the run's time on an idle core, an estimate of its
wall time there); ``seconds`` the wall time at whatever load the machine had.
"""
import argparse
import copy
import json
import time

from scratchgan import backend, checkpoint, evaluation, kernels, presets, train

KEYS = ("agreement", "agreement_worst", "agreement_worst_class", "within_3std", "within_3std_worst", "modes",
        "high_quality", "judge_accuracy", "accuracy", "precision", "recall", "agreement_by_class")
# name -> (share of the run it changes at the end, config overrides); "preset": the preset unchanged
ENDINGS = {"preset": (0.0, {}),
           "decay25": (0.25, dict(lr_decay=0.25, lr_final=0.1))}  # lr falls linearly to 10% over the last quarter


def row_of(result, data, seed, conditional, seconds, process_s, ending=None):
    """One run's row: its essentials, seconds, the numbers of KEYS it has, both Gs and the curve."""
    row = {"data": data, "seed": seed, "conditional": conditional, "steps": result.step,
           "seconds": round(seconds, 1), "process_s": round(process_s, 1)}
    if ending:
        row["ending"] = ending
    row["use_average"] = result.uses_average
    row.update({k: result.metrics[k] for k in KEYS if k in result.metrics})
    for name in ("raw", "averaged"):
        if name in result.metrics:
            row[name] = result.metrics[name]
    row["curve"] = [(e["step"], e.get("agreement"), e.get("within_3std"),
                     e.get("averaged", {}).get("agreement"), e.get("raw", {}).get("agreement")) for e in result.evals]
    return row


def tweak(game, embed_scale=1.0, d_lr=1.0):
    """Levers of the projection D tried without changing the library: its embedding E starts as
    N(0, embed_scale^2 / F) instead of N(0, 1 / F), and D's learning rate is d_lr x G's (on the schedule)."""
    if embed_scale != 1.0:
        game.D.embed.params["E"] *= embed_scale
    if d_lr != 1.0:  # as benchmarks/levers.py's two time-scales: the loop sets .lr, D's optimizer reads d_lr x it
        opt, cls = game.d_opt, type(game.d_opt)
        opt.__class__ = type("Scaled" + cls.__name__, (cls,), {
            "lr": property(lambda s: s.__dict__["_lr"] * d_lr, lambda s, v: s.__dict__.__setitem__("_lr", v))})
        opt.lr = opt.__dict__.pop("lr")


def run(data, seed, conditional, steps=None, **tweaks):
    """A whole run's row (conditional=None: the conditional preset's settings, trained without labels);
    ``tweaks``: see ``tweak`` (recorded in the row)."""
    config = presets.preset(data, conditional=conditional or "concat", seed=seed, steps=steps)
    config["conditional"] = conditional
    t, c = time.perf_counter(), time.process_time()
    if tweaks:  # train.train's restore, loop and measure, with the players changed before the first step
        result = train.restore(config)
        tweak(result.gan, **tweaks)
        train.loop(result, progress=False)
        evaluation.measure(result)
    else:
        result = train.train(config, progress=False, figures=False)
    row = row_of(result, data, seed, conditional, time.perf_counter() - t, time.process_time() - c)
    return {**row, **({"tweaks": tweaks} if tweaks else {})}


def run_endings(data, seed, conditional, endings, steps=None):
    """One row per ending: the first part (up to the earliest ending's start) is trained once, then
    each ending continues from a deep copy of it, with the device noise stream put back as it was."""
    config = presets.preset(data, conditional=conditional, seed=seed, steps=steps)
    total = config["steps"]
    first = int(round(total * (1 - max(ENDINGS[e][0] for e in endings))))
    t, c = time.perf_counter(), time.process_time()
    prefix = train.restore({**config, "steps": first, "schedule_steps": total})
    train.loop(prefix, progress=False)
    noise = checkpoint.rng_state(backend.device_rng())
    shared = (time.perf_counter() - t, time.process_time() - c)
    rows = []
    for name in endings:
        t, c = time.perf_counter(), time.process_time()
        result = copy.deepcopy(prefix, {id(prefix.dataset): prefix.dataset})
        checkpoint.set_rng_state(backend.device_rng(), noise)
        result.config.update(ENDINGS[name][1], steps=total - first)
        train.loop(result, progress=False)
        evaluation.measure(result)
        rows.append(row_of(result, data, seed, conditional, shared[0] + time.perf_counter() - t,
                           shared[1] + time.process_time() - c, ending=name))
        print(json.dumps(brief(rows[-1])), flush=True)
    return rows


def brief(row):
    """A row without its long lists, for the terminal."""
    return {k: v for k, v in row.items() if k not in ("curve", "agreement_by_class")}


def cell(numbers):
    """"agreement / worst class (class)" in %, of one G's numbers."""
    return (f"{100 * numbers['agreement']:.2f} / {100 * numbers['agreement_worst']:.1f} "
            f"({numbers['agreement_worst_class']})")


def table(path):
    """Markdown: one line per seed, a column per (ending, G) of "agreement / worst class (class)" %,
    then the means over the seeds and the lowest worst class; from a JSON file of rows with both Gs."""
    rows = [r for r in json.load(open(path)) if "raw" in r]
    if not rows:
        raise SystemExit(f"{path}: no row has both Gs' numbers (rows made before runs kept an averaged G); nothing to tabulate")
    endings = list(dict.fromkeys(r.get("ending", "preset") for r in rows))
    cols = [(e, g) for e in endings for g in ("raw", "averaged")]
    print("| seed | " + " | ".join(f"{e}, {g} G" for e, g in cols) + " | judge % | process s (" + endings[0] + ") |")
    print("|---" * (len(cols) + 3) + "|")
    by = {(r["seed"], r.get("ending", "preset")): r for r in rows}
    seeds = sorted({r["seed"] for r in rows})
    for seed in seeds:
        line = [str(seed)] + [cell(by[seed, e][g]) if (seed, e) in by else "" for e, g in cols]
        first = by.get((seed, endings[0]))
        line += [f"{100 * first['judge_accuracy']:.1f}" if first else "", f"{first['process_s']:.0f}" if first else ""]
        print("| " + " | ".join(line) + " |")
    mean = []
    for e, g in cols:
        group = [by[s, e][g] for s in seeds if (s, e) in by]
        m = {k: sum(x[k] for x in group) / len(group) for k in ("agreement", "agreement_worst")}
        mean.append(f"**{100 * m['agreement']:.2f} / {100 * m['agreement_worst']:.2f}** "
                    f"(lowest {100 * min(x['agreement_worst'] for x in group):.1f})")
    print(f"| mean of {len(seeds)} | " + " | ".join(mean) + " | | |")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="ring")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    p.add_argument("--conditional", default="concat", choices=presets.CONDITIONINGS)
    p.add_argument("--steps", type=int, help="default: the conditional preset's")
    p.add_argument("--baseline", action="store_true", help="also the unconditional preset, same seeds")
    p.add_argument("--endings", nargs="+", choices=sorted(ENDINGS), help="levers of the run's last part (see above)")
    p.add_argument("--embed-scale", type=float, default=1.0, help="projection D: E starts as N(0, s^2/F)")
    p.add_argument("--d-lr", type=float, default=1.0, help="D's learning rate = this x G's")
    p.add_argument("--out", help="JSON file of the rows (rewritten after each seed)")
    p.add_argument("--table", metavar="JSON", help="print the Markdown table of a JSON file of rows and stop")
    args = p.parse_args(argv)
    if args.table:
        return table(args.table)
    kernels.limit_blas_threads()
    rows = []
    for seed in args.seeds:
        if args.endings:
            rows += run_endings(args.data, seed, args.conditional, args.endings, args.steps)
        for conditional in ([] if args.endings else [args.conditional]) + ([None] if args.baseline else []):
            tweaks = {k: v for k, v in (("embed_scale", args.embed_scale), ("d_lr", args.d_lr)) if v != 1.0}
            rows.append(run(args.data, seed, conditional, args.steps, **tweaks))
            print(json.dumps(brief(rows[-1])), flush=True)
        if args.out:
            with open(args.out, "w") as f:
                json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
