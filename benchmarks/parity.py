"""NumPy vs CuPy parity: the same seed and the same host data give the same GAN after many steps.

Both runs build the benchmark GAN (``bench_step.build_gan``: the initial
weights come from the host generator, so they are identical), then take
the same train_steps on the same real batches and the same noise z, both
drawn on the host and passed in (each device's own noise generator would
differ). Every parameter of G and D is then compared with the norm-wise
relative error ||a - b|| / ||a||; the worst must stay under ``--rtol``.

The two devices sum in different orders, and Adam amplifies that round-off:
its step lr * m / sqrt(v) is nearly lr * sign(g), so a gradient that is
mostly noise flips the step. On the CPU alone, 1 vs 2 BLAS threads (nothing
but summation order) give, after 100 float32 steps, a worst error of 2e-2
(a bias that started at 0) and 2e-3 over weights; after 10 steps 1e-6; in
float64 after 100 steps 3e-15. So the judged checks are float64 over 100
steps (the maths is the same on both devices) and float32 over 10 steps
(the float32 kernels agree); float32 over 100 steps is printed as drift.
Two NumPy runs agree bit for bit.

    python benchmarks/parity.py                 # numpy vs cupy
    python benchmarks/parity.py --against numpy # numpy vs numpy (CPU only): must be exact
Exit status: 0 agree (or CuPy unavailable: skipped, says why), 1 disagree.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_step import NOISE, build_gan  # noqa: E402
from scratchgan import backend  # noqa: E402


def run(name, steps=100, batch=64, seed=0, dtype="float32"):
    """Train ``steps`` steps on backend ``name`` in ``dtype``; G's and D's parameters as host arrays."""
    with backend.use(name):
        gan = build_gan(seed)
        gan.G.astype(dtype), gan.D.astype(dtype)
        rng = np.random.default_rng(seed + 1)
        for _ in range(steps):
            real = rng.uniform(-1, 1, (batch, 784)).astype(dtype)
            z = rng.standard_normal((batch, NOISE)).astype(dtype)
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


CHECKS = (("float64", 100, True), ("float32", 10, True), ("float32", 100, False))  # (dtype, steps, pass/fail?)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--against", choices=["cupy", "numpy"], default="cupy")
    ap.add_argument("--json", help="also write the result to this file")
    a = ap.parse_args(argv)
    result = {"status": "ok", "checks": []}
    if a.against == "cupy":
        try:
            backend.import_cupy()
        except backend.BackendUnavailable as err:
            print(f"parity skipped: {err}")
            result = {"status": "skipped", "reason": str(err), "checks": []}
    if result["status"] != "skipped":
        result = compare_all(a.against, a.batch, a.rtol)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)
    return result


def compare_all(against, batch, rtol):
    """Every check of CHECKS, printed as it finishes."""
    checks = []
    for dtype, steps, judged in CHECKS:
        errors = relative_errors(run("numpy", steps, batch, dtype=dtype), run(against, steps, batch, dtype=dtype))
        worst = max(errors, key=errors.get)
        ok = errors[worst] <= rtol
        verdict = ("OK" if ok else "FAIL") if judged else "(drift, not judged)"
        print(f"parity numpy vs {against}, {dtype}, {steps} steps at batch {batch}: worst {worst} "
              f"{errors[worst]:.2e} {'<=' if ok else '>'} {rtol:g} {verdict}", flush=True)
        checks.append({"dtype": dtype, "steps": steps, "judged": judged, "ok": ok, "worst": errors[worst],
                       "worst_name": worst, "errors": errors})
    failed = any(c["judged"] and not c["ok"] for c in checks)
    return {"status": "fail" if failed else "ok", "checks": checks}


if __name__ == "__main__":
    sys.exit(1 if main()["status"] == "fail" else 0)
