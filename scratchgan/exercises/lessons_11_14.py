"""Checks for the exercises of lessons 11, 12 and 14: sensitivity, mode collapse, images.

Each check builds fresh inputs with a fixed seed, runs the student's
function and compares it with a reference: the library where it has the
piece (``metrics``, ``layers``, ``gan``, ``scores``), else a few lines
written here. It returns ``(worst relative error, detail)`` (see ``exercises``).
"""
import numpy as np

from . import CheckFailed, exercise, rel_error


def _worst(named):
    """Worst of several (name, relative error) pairs, and a detail string listing them all."""
    return max(r for _, r in named), ", ".join(f"{k} {r:.1e}" for k, r in named)


def _array(out, name):
    """The answer as a float64 host array; a clear failure for None or a non-array."""
    if out is None:
        raise CheckFailed(f"{name} returned None (is a `return` missing?)")
    return np.asarray(out, dtype=np.float64)


# ---- lesson 14: images ----

def _codes(seed, d=32):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(d), rng.standard_normal(d)


@exercise("14.interpolate", "t = np.linspace(0, 1, n)[:, None]; return (1 - t) * z0 + t * z1", tol=1e-12)
def check_interpolate(interpolate):
    named = []
    for n, seed in ((2, 0), (7, 1), (10, 2)):
        z0, z1 = _codes(seed)
        t = np.linspace(0, 1, n)[:, None]
        named.append((f"n={n}", rel_error(_array(interpolate(z0.copy(), z1.copy(), n), "interpolate"), (1 - t) * z0 + t * z1)))
    return _worst(named)


def _slerp(z0, z1, n):
    """Reference slerp (Shoemake 1985): sin((1-t) W)/sin W z0 + sin(t W)/sin W z1, cos W = z0.z1 / (|z0||z1|)."""
    omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1, 1))
    t = np.linspace(0, 1, n)[:, None]
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


@exercise("14.slerp", "omega = arccos(z0 @ z1 / (|z0| |z1|)); t = linspace(0, 1, n)[:, None]; "
          "z_t = (sin((1 - t) omega) z0 + sin(t omega) z1) / sin(omega)", tol=1e-10)
def check_slerp(slerp):
    named = []
    for n, seed in ((2, 3), (9, 4)):
        z0, z1 = _codes(seed)
        named.append((f"n={n}", rel_error(_array(slerp(z0.copy(), z1.copy(), n), "slerp"), _slerp(z0, z1, n))))
    z0, z1 = _codes(5)
    z1 *= np.linalg.norm(z0) / np.linalg.norm(z1)  # equal norms: every z_t keeps that norm
    norms = np.linalg.norm(_array(slerp(z0.copy(), z1.copy(), 11), "slerp"), axis=1)
    named.append(("norm kept", rel_error(norms, np.full(11, np.linalg.norm(z0)))))
    return _worst(named)


@exercise("14.classifier_score", "p_y = p.mean(axis=0); kl = sum over y of p log(p / p_y) per row, with 0 log 0 = 0 "
          "(np.where(p > 0, ..., 0)); return exp(kl.mean())", tol=1e-8)
def check_classifier_score(classifier_score):
    from .. import scores
    rng = np.random.default_rng(14)
    soft = rng.dirichlet(np.full(10, 0.3), size=200)
    cases = {"random": soft, "one-hot, 3 classes": np.eye(10)[rng.integers(0, 3, 100)],
             "uniform rows": np.full((50, 4), 0.25), "one-hot, all 10": np.eye(10)[np.arange(100) % 10]}
    named = []
    for name, p in cases.items():
        got = classifier_score(p.copy())
        if got is None:
            raise CheckFailed("classifier_score returned None (is a `return` missing?)")
        named.append((name, rel_error(np.float64(got), scores.classifier_score(p))))
    return _worst(named)


# ---- lesson 11: hyperparameter sensitivity ----

@exercise("11.log_grid", "t = np.linspace(0, 1, n); return np.exp((1 - t) * np.log(lo) + t * np.log(hi))", tol=1e-12)
def check_log_grid(log_grid):
    named = []
    for lo, hi, n in ((1e-4, 1e-1, 4), (2e-4, 5e-2, 7), (0.5, 0.999, 3)):
        got = _array(log_grid(lo, hi, n), "log_grid")
        named.append((f"({lo:g}, {hi:g}, {n})", rel_error(got, np.geomspace(lo, hi, n))))
    return _worst(named)


@exercise("11.grid_points", "[dict(zip(grid, values)) for values in itertools.product(*grid.values())]", tol=0)
def check_grid_points(grid_points):
    import itertools
    grids = [{"lr": [1e-3, 1e-2], "beta1": [0.0, 0.5]},
             {"lr": [1e-4, 1e-3, 1e-2], "beta1": [0.0, 0.5, 0.9], "d_steps": [1, 5]},
             {"batch_size": [64]}]
    for grid in grids:
        expected = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
        got = grid_points({k: list(v) for k, v in grid.items()})
        if got is None:
            raise CheckFailed("grid_points returned None (is a `return` missing?)")
        got = list(got)
        if len(got) != len(expected):
            raise CheckFailed(f"{len(got)} settings for a grid with {len(expected)} combinations: {grid}")
        for i, (a, b) in enumerate(zip(got, expected)):
            if dict(a) != b:
                raise CheckFailed(f"setting {i} is {a}, expected {b} (grid {grid}; the first key varies slowest)")
    return 0.0, f"{len(grids)} grids, every combination in order"


@exercise("11.seed_summary", "mean = values.mean(); std = values.std(ddof=1)  (divide by n - 1); stderr = std / sqrt(n)",
          tol=1e-12)
def check_seed_summary(seed_summary):
    rng = np.random.default_rng(11)
    named = []
    for n in (2, 5, 20):
        v = rng.integers(0, 9, n).astype(np.float64) if n != 2 else np.array([3.0, 8.0])
        out = seed_summary(v.copy())
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise CheckFailed(f"return three numbers (mean, std, stderr), got {type(out).__name__}")
        s = v.std(ddof=1)
        named.append((f"n={n}", rel_error(np.array([float(x) for x in out]), np.array([v.mean(), s, s / np.sqrt(n)]))))
    return _worst(named)


# ---- lesson 12: mode collapse ----

@exercise("12.mode_coverage", "d = |x - mu_k| / std for every mode; nearest = argmin, hq = min d < 3; "
          "n_k = bincount(nearest[hq], minlength=K); p = n_k[n_k > 0] / n_k.sum(); KL = sum p log(p K)", tol=1e-10)
def check_mode_coverage(mode_coverage):
    from .. import data, metrics
    rng = np.random.default_rng(12)
    ring, grid = data.get_dataset("ring"), data.get_dataset("grid")
    cases = {"ring, 3 modes": (ring, ring.modes[rng.integers(0, 3, 500)] + 0.02 * rng.standard_normal((500, 2))),
             "grid, blurred": (grid, grid.sample(800, rng) + 0.1 * rng.standard_normal((800, 2))),
             "ring, uniform": (ring, ring.sample(400, rng))}
    named = []
    for name, (ds, x) in cases.items():
        out = mode_coverage(x.copy(), ds.modes.copy(), ds.mode_std)
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise CheckFailed(f"return three numbers (captured, high_quality, reverse_kl), got {type(out).__name__}")
        ref = metrics.mode_coverage(x, ds.modes, ds.mode_std)
        named.append((name, rel_error(np.array([float(v) for v in out]), np.array([ref["modes"], ref["high_quality"], ref["reverse_kl"]]))))
    far = np.full((10, 2), 50.0)  # nothing within 3 std: no high-quality sample
    out = mode_coverage(far, ring.modes.copy(), ring.mode_std)
    if out is None or float(out[0]) != 0 or float(out[1]) != 0 or float(out[2]) != float("inf"):
        raise CheckFailed(f"samples far from every mode should give (0, 0.0, inf), got {out}")
    return _worst(named)


@exercise("12.pack", "x.reshape(B // m, m * dim): row i holds samples i*m ... i*m + m - 1", tol=0)
def check_pack(pack):
    from .. import backend, gan, layers, optim
    rng = np.random.default_rng(13)
    named = []
    for B, dim, m in ((8, 2, 2), (12, 3, 4), (5, 2, 1)):
        x = rng.standard_normal((B, dim))
        backend.seed(0)
        G, D = layers.Sequential(layers.Dense(1, dim)), layers.Sequential(layers.Dense(m * dim, 1))
        game = gan.GAN(G, D, optim.SGD(G, 0.1), optim.SGD(D, 0.1), noise_dim=1, pack=m)
        named.append((f"B={B}, dim={dim}, m={m}", rel_error(_array(pack(x.copy(), m), "pack"), game.packed(x))))
    return _worst(named)


def _packed_tv(P, Q, m):
    """Reference: TV between the m-fold products, through the outer products (K^m entries)."""
    Pm, Qm = np.ones(1), np.ones(1)
    for _ in range(m):
        Pm, Qm = np.outer(Pm, P).ravel(), np.outer(Qm, Q).ravel()
    return 0.5 * np.abs(Pm - Qm).sum()


@exercise("12.packed_tv", "for t in itertools.product(range(K), repeat=m): add |prod P[list(t)] - prod Q[list(t)]|; "
          "halve the sum", tol=1e-10)
def check_packed_tv(packed_tv):
    rng = np.random.default_rng(14)
    named = []
    missing = np.r_[np.full(7, 1 / 7), 0.0]
    for name, P, Q, m in (("missed mode, m=3", np.full(8, 1 / 8), missing, 3),
                          ("random, m=1", rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5)), 1),
                          ("random, m=4", rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4)), 4)):
        got = packed_tv(P.copy(), Q.copy(), m)
        if got is None:
            raise CheckFailed("packed_tv returned None (is a `return` missing?)")
        named.append((name, rel_error(np.float64(got), _packed_tv(P, Q, m))))
    return _worst(named)
