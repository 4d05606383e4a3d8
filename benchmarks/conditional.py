"""Conditional GANs (issue 24): does G draw the class it is asked for? Seeds x data sets, one table.

    python benchmarks/conditional.py --data ring --seeds 0 1 2 3 4 --out benchmarks/conditional_ring.json
    python benchmarks/conditional.py --data mnist:test --seeds 0 --out benchmarks/conditional_mnist.json

Each run is ``train.train(presets.preset(data, conditional=...))`` (the conditional preset, figures
off) and is judged by ``agreement.evaluate`` on its 2,500 final samples: the ring by the share within
3 std of the requested mode (``within_3std``) and the nearest-mode agreement; images by the project's
classifier (``agreement``, worst class, and the classifier's own held-out accuracy).
With ``--baseline`` each seed also trains the unconditional GAN of the same preset, steps and
pack (1): the same networks without labels, to show what conditioning changes (modes caught).
"""
import argparse
import json
import time

from scratchgan import presets, train

KEYS = ("agreement", "agreement_worst", "agreement_worst_class", "within_3std", "within_3std_worst", "modes",
        "high_quality", "judge_accuracy", "accuracy", "precision", "recall")


def run(data, seed, conditional, steps=None):
    """One run's row: the config's essentials, seconds and the numbers of KEYS it has
    (conditional=None: the conditional preset's settings, trained without labels)."""
    config = presets.preset(data, conditional=conditional or "concat", seed=seed, steps=steps)
    config["conditional"] = conditional
    t = time.perf_counter()
    result = train.train(config, progress=False, figures=False)
    row = {"data": data, "seed": seed, "conditional": conditional, "steps": result.step,
           "seconds": round(time.perf_counter() - t, 1)}
    row.update({k: result.metrics[k] for k in KEYS if k in result.metrics})
    row["curve"] = [(e["step"], e.get("agreement"), e.get("within_3std")) for e in result.evals]
    return row


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default="ring")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    p.add_argument("--conditional", default="concat", choices=presets.CONDITIONINGS)
    p.add_argument("--steps", type=int, help="default: the conditional preset's")
    p.add_argument("--baseline", action="store_true", help="also the unconditional preset, same seeds")
    p.add_argument("--out", help="JSON file of the rows (rewritten after each run)")
    args = p.parse_args(argv)
    rows = []
    for seed in args.seeds:
        for conditional in [args.conditional] + ([None] if args.baseline else []):
            rows.append(run(args.data, seed, conditional, args.steps))
            print(json.dumps({k: v for k, v in rows[-1].items() if k != "curve"}), flush=True)
            if args.out:
                with open(args.out, "w") as f:
                    json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
