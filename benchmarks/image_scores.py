"""Image scores against training steps and seconds, for the classic MLP GAN.

    python benchmarks/image_scores.py --data digits --steps 4000 --every 500
    python benchmarks/image_scores.py --data mnist:test --steps 4000 --every 500

The model is the image preset: G 100 -> 256 -> 512 -> 1024 -> 784 (LeakyReLU
0.2, tanh), D 784 -> 512 -> 256 -> 1 (LeakyReLU 0.2), non-saturating loss,
Adam 2e-4 with beta1 = 0.5, batch 64. Data: ``digits`` trains on 10,000
offline digits (seed 0) and scores against 1,000 others (seed 1);
``mnist:test`` trains on 9,000 of the shared MNIST test images and scores
against the 1,000 held out (``data.mnist.holdout_split``). Every ``--every`` steps
2,500 samples are scored (``scores.image_scores``); "seconds" counts training
only. Prints a markdown table and writes JSON (and a PNG of the last samples)
beside --out.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scratchgan import backend, gan, layers, optim, parzen, scores  # noqa: E402
from scratchgan.data import digits, mnist  # noqa: E402


def mlp(sizes, last):
    """Dense + LeakyReLU(0.2) between every pair of sizes, ``last`` (or nothing) after the final Dense."""
    out = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        out += [layers.Dense(a, b), layers.LeakyReLU(0.2)]
    return layers.Sequential(*out[:-1], *([last] if last else []))


def load(name):
    if name == "digits":
        x, labels = digits.draw(10000, seed=0)
        return (x, labels) + digits.draw(1000, seed=1)
    x, labels = mnist.load("test")
    return mnist.holdout_split(x, labels, 1000)


def save_grid(samples, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    grid = samples[:100].reshape(10, 10, 28, 28).transpose(0, 2, 1, 3).reshape(280, 280)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.imshow(grid, cmap="gray", vmin=-1, vmax=1)
    ax.axis("off")
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="digits", choices=["digits", "mnist:test"])
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--every", type=int, default=500)
    ap.add_argument("--backend", default="numpy", choices=["numpy", "cupy"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="image_scores.json")
    a = ap.parse_args(argv)
    backend.set_backend(a.backend)
    backend.seed(a.seed)
    x, labels, held, held_labels = load(a.data)
    t = time.perf_counter()
    scores.classifier(x, labels, a.data)
    clf_seconds = time.perf_counter() - t
    G = mlp([100, 256, 512, 1024, 784], layers.Tanh())
    D = mlp([784, 512, 256, 1], None)
    game = gan.GAN(G, D, optim.Adam(G, 2e-4, (0.5, 0.999)), optim.Adam(D, 2e-4, (0.5, 0.999)), noise_dim=100)
    rng, x_dev = np.random.default_rng(a.seed), backend.asarray(x)
    rows, seconds = [], 0.0
    keys = ("classifier_score", "frechet", "confident", "classes_covered", "parzen_nats")
    print(f"| step | seconds | {' | '.join(keys)} |\n|" + " --- |" * (len(keys) + 2))
    for step in range(a.steps + 1):
        if step % a.every == 0 or step == a.steps:
            s = scores.image_scores(game.sample(2500), x, labels, held, held_labels, a.data)
            rows.append(dict(step=step, seconds=round(seconds, 1), **s))
            print(f"| {step} | {seconds:.0f} | " + " | ".join(f"{s[k]:.3g}" for k in keys) + " |", flush=True)
        if step == a.steps:
            break
        backend.synchronize()
        t = time.perf_counter()
        game.train_step(x_dev[backend.asarray(rng.integers(0, len(x), 64))])
        backend.synchronize()
        seconds += time.perf_counter() - t
    real = {k: rows[-1][k] for k in rows[-1] if k.endswith("_real") or k == "accuracy"}
    print("real-vs-real:", {k: round(v, 3) if isinstance(v, float) else v for k, v in real.items() if "hist" not in k})
    # the paper's protocol: 10,000 samples, sigma from logspace(-1, 0, 10) on a validation half, pixels in [0, 1]
    held01 = (held.astype(np.float64) + 1) / 2
    p = parzen.parzen_score((backend.to_numpy(game.sample(10000)).astype(np.float64) + 1) / 2, held01[:500], held01[500:])
    print(f"Parzen, 10,000 samples: {p['nats']:.0f} +/- {p['stderr']:.0f} nats (sigma {p['sigma']:.3f})")
    out = Path(a.out)
    out.write_text(json.dumps(dict(args=vars(a), classifier_seconds=clf_seconds, rows=rows, parzen_10k=p), indent=1))
    save_grid(backend.to_numpy(game.sample(100)), out.with_suffix(".png"))


if __name__ == "__main__":
    main()
