"""NumPy vs CuPy parity: the same seed and the same host data give the same GAN after many steps.

Both runs build the benchmark GAN (``bench_step.build_gan``: the initial
weights come from the host generator, so they are identical), then take
``--steps`` train_steps on the same real batches and the same noise z, both
drawn on the host and passed in (each device's own noise generator would
differ). Every parameter of G and D is then compared with the norm-wise
relative error ||a - b|| / ||a||; the worst must stay under ``--rtol``.
Float32 sums run in different orders on the two devices, so exact equality
is not expected; two NumPy runs, though, must agree bit for bit.

    python benchmarks/parity.py                 # numpy vs cupy, 100 steps
    python benchmarks/parity.py --against numpy # numpy vs numpy (CPU only): must be exact
Exit status: 0 agree (or CuPy unavailable: skipped, says why), 1 disagree.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_step import NOISE, build_gan  # noqa: E402
from scratchgan import backend  # noqa: E402


def run(name, steps=100, batch=64, seed=0):
    """Train ``steps`` steps on backend ``name``; G's and D's parameters as host arrays."""
    with backend.use(name):
        gan = build_gan(seed)
        rng = np.random.default_rng(seed + 1)
        for _ in range(steps):
            real = rng.uniform(-1, 1, (batch, 784)).astype(np.float32)
            z = rng.standard_normal((batch, NOISE)).astype(np.float32)
            gan.train_step(backend.asarray(real), backend.asarray(z))
        return {k: v for k, v in gan.state_dict().items() if k.startswith(("G/", "D/"))}


def relative_errors(a, b):
    """{name: ||a - b|| / ||a||} over the shared keys (0 where both are zero)."""
    if set(a) != set(b):
        raise ValueError(f"the runs hold different parameters: {sorted(set(a) ^ set(b))}")
    out = {}
    for k in sorted(a):
        x, y = a[k].astype(np.float64), b[k].astype(np.float64)
        scale = np.linalg.norm(x)
        out[k] = float(np.linalg.norm(x - y) / scale) if scale else float(np.abs(y).max(initial=0))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--against", choices=["cupy", "numpy"], default="cupy")
    a = ap.parse_args(argv)
    if a.against == "cupy":
        try:
            backend._import_cupy()
        except backend.BackendUnavailable as err:
            print(f"parity skipped: {err}")
            return {"status": "skipped", "reason": str(err)}
    errors = relative_errors(run("numpy", a.steps, a.batch), run(a.against, a.steps, a.batch))
    worst = max(errors, key=errors.get)
    ok = errors[worst] <= a.rtol
    for k, e in errors.items():
        print(f"{k:10s} {e:.2e}")
    print(f"parity numpy vs {a.against}, {a.steps} steps at batch {a.batch}: worst {worst} {errors[worst]:.2e} "
          f"{'<=' if ok else '>'} {a.rtol:g}: {'OK' if ok else 'FAIL'}")
    return {"status": "ok" if ok else "fail", "worst": errors[worst], "worst_name": worst, "errors": errors}


if __name__ == "__main__":
    sys.exit(0 if main()["status"] != "fail" else 1)
