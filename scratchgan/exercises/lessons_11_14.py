"""Checks for the exercises of lessons 11, 12 and 14: sensitivity, mode collapse, images.

Each check builds fresh inputs with a fixed seed, runs the student's
function and compares it with a reference: the library where it has the
piece (``metrics``, ``layers``, ``gan``, ``scores``), else a few lines
written here. It returns ``(worst relative error, detail)`` (see ``exercises``).
"""
import numpy as np

from . import CheckFailed, exercise, rel_error, worst


def _array(out, name):
    """The answer as a float64 host array; a clear failure for None or a non-array."""
    if out is None:
        raise CheckFailed(f"{name} returned None (is a `return` missing?)")
    return np.asarray(out, dtype=np.float64)


# ---- lesson 11: hyperparameter sensitivity ----

@exercise("11.log_grid", hints=(
    "a constant ratio between neighbours is a constant step on a logarithmic axis: space the points evenly there",
    "take the log of both ends, put n evenly spaced points between them (np.linspace includes both ends), then undo "
    "the log; np.logspace would want the exponents, not lo and hi",
), tol=1e-12)
def check_log_grid(log_grid):
    named = []
    for lo, hi, n in ((1e-4, 1e-1, 4), (2e-4, 5e-2, 7), (0.5, 0.999, 3)):
        got = _array(log_grid(lo, hi, n), "log_grid")
        named.append((f"({lo:g}, {hi:g}, {n})", rel_error(got, np.geomspace(lo, hi, n))))
    return worst(named)


@exercise("11.grid_points", hints=(
    "every combination of several lists is their Cartesian product; the standard library has it",
    "itertools.product(*lists) yields one tuple per combination in nested-loop order (the first list varies "
    "slowest); pair each tuple with the keys of the grid to make a dict",
), tol=0)
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


@exercise("11.seed_summary", hints=(
    "a spread estimated from the same few values as their mean has one degree of freedom fewer than values",
    "np.std divides by n unless you pass ddof=1 (divide by n - 1); the standard error of a mean of n independent "
    "values is the standard deviation divided by sqrt(n), not by n",
), tol=1e-12)
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
    return worst(named)


# The four runs of lesson 11, section 5, in the order of their panels A, B, C, D. The lesson asserts,
# cell by cell, that each run shows the features that name it (so this key is the runs' own verdict).
PITFALLS = ("healthy", "d_wins", "oscillation", "collapse")
CURVES_KEY = {"A": "oscillation", "B": "healthy", "C": "collapse", "D": "d_wins"}


@exercise("11.read_curves", hints=(
    "for each panel ask three things: where does D's loss settle compared with log 4, do D(x) and D(G(z)) meet "
    "or stay apart, and do the curves calm down or keep swinging",
    "D winning: D's loss heads for 0 while D(x) -> 1 and D(G(z)) -> 0; healthy: D's loss near log 4 = 1.39 with "
    "D(x) and D(G(z)) both near 1/2; oscillation: swings that do not die down",
    "collapse is the quiet one: a calm level below log 4 (section 5 works out where, for one of two modes) and "
    "fewer modes than the data has; D winning is not calm, it keeps falling",
), tol=0)
def check_read_curves(read_curves):
    got = read_curves()
    if not isinstance(got, dict) or set(got) != set(CURVES_KEY):
        have = sorted(got) if isinstance(got, dict) else type(got).__name__
        raise CheckFailed(f"return a dict with one entry per panel {sorted(CURVES_KEY)}, got {have}")
    unknown = sorted({str(v) for v in got.values()} - set(PITFALLS))
    if unknown:
        raise CheckFailed(f"unknown pitfall name(s) {unknown}: use {', '.join(PITFALLS)}")
    wrong = sum(got[k] != v for k, v in CURVES_KEY.items())
    return wrong / len(CURVES_KEY), f"{len(CURVES_KEY) - wrong} of {len(CURVES_KEY)} panels read right"


# ---- lesson 12: mode collapse ----

@exercise("12.mode_coverage", hints=(
    "measure distances in units of the mixture's standard deviation, and let only high-quality samples vote for a mode",
    "distances (N, K) by broadcasting x[:, None] - modes[None]; the nearest mode is the argmin over K; a sample is "
    "high quality when that distance is under 3 std; np.bincount(..., minlength=K) counts the votes per mode",
    "the reverse KL sums only over modes that got votes (0 log 0 = 0), with p_k = n_k / (all votes) and the "
    "uniform 1/K inside the log; with no vote at all return (0, 0.0, inf)",
), tol=1e-10)
def check_mode_coverage(mode_coverage):
    from .. import data, metrics
    rng = np.random.default_rng(12)
    ring, grid = data.get_dataset("ring"), data.get_dataset("grid")
    cases = {"ring, 3 modes": (ring, ring.modes[rng.integers(0, 3, 500)] + 0.02 * rng.standard_normal((500, 2))),
             "grid, blurred": (grid, grid.sample(800, rng) + 0.1 * rng.standard_normal((800, 2))),
             "ring, uniform": (ring, ring.sample(400, rng)),
             "ring, 2 modes + far": (ring, np.r_[ring.modes[rng.integers(0, 2, 300)] + 0.01 * rng.standard_normal((300, 2)),
                                                 rng.uniform(-1.5, 1.5, (200, 2))])}
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
    return worst(named)


@exercise("12.pack", hints=(
    "one reshape does it, once you know which index runs fastest through memory",
    "NumPy's default (C) order runs the last axis fastest: reading a (B, dim) array row after row and cutting the "
    "stream every m * dim numbers puts m consecutive samples side by side",
), tol=0)
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
    return worst(named)


def _packed_tv(P, Q, m):
    """TV(P^m, Q^m) = 1/2 sum over the K^m mode tuples of |P^m - Q^m|, the products built by outer products."""
    Pm, Qm = np.ones(1), np.ones(1)
    for _ in range(m):
        Pm, Qm = np.outer(Pm, P).ravel(), np.outer(Qm, Q).ravel()
    return 0.5 * np.abs(Pm - Qm).sum()


def _smallest_pack_by_enumeration(K, j, tau):
    """The smallest m with TV(P^m, Q^m) >= tau, P uniform on K modes, Q uniform on the first K - j (K^m <= 4e5)."""
    P, Q = np.full(K, 1 / K), np.r_[np.full(K - j, 1 / (K - j)), np.zeros(j)]
    m = 1
    while _packed_tv(P, Q, m) < tau:
        m += 1
    return m


@exercise("12.smallest_pack", hints=(
    "redo section 4's count with j missing modes instead of one: which real packs can the generator never produce?",
    "a real pack avoids all j missing modes with probability (1 - j/K)^m, and on exactly those tuples Q^m > P^m; "
    "so the total variation is one minus that probability",
    "set that total variation >= tau and solve for m with logarithms (dividing by a negative log flips the "
    "inequality); m is a whole number, so round up",
), tol=0)
def check_smallest_pack(smallest_pack):
    cases = [(8, 1, 0.5), (8, 1, 0.3), (4, 2, 0.9), (5, 1, 0.6), (6, 3, 0.95), (8, 2, 0.2), (3, 1, 0.1)]
    want = [_smallest_pack_by_enumeration(K, j, tau) for K, j, tau in cases]
    cases.append((25, 1, 0.5))  # the 5 x 5 grid missing one mode: K^m is too many tuples to list; the count says 17
    want.append(int(np.ceil(np.log(0.5) / np.log(24 / 25))))
    got = []
    for K, j, tau in cases:
        m = smallest_pack(K, j, tau)
        if m is None:
            raise CheckFailed("smallest_pack returned None (is a `return` missing?)")
        if float(m) != int(float(m)):
            raise CheckFailed(f"smallest_pack({K}, {j}, {tau}) = {m}: a pack holds a whole number of samples")
        got.append(int(float(m)))
    wrong = [f"(K={K}, j={j}, tau={tau}): {g}, expected {w}" for (K, j, tau), g, w in zip(cases, got, want) if g != w]
    if wrong:
        return float(len(wrong)), f"{len(wrong)} of {len(cases)} wrong, e.g. {wrong[0]}"
    return 0.0, f"{len(cases)} cases, from m = {min(want)} to m = {max(want)}"


# ---- lesson 14: images ----

def _codes(seed, d=32):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(d), rng.standard_normal(d)


@exercise("14.interpolate", hints=(
    "one value of t per row, evenly spaced with both ends included; broadcasting does the rest",
    "make t a column of shape (n, 1) (np.linspace includes the end point); z0 and z1 of shape (d,) then "
    "broadcast against it; t = 0 must give z0",
), tol=1e-12)
def check_interpolate(interpolate):
    named = []
    for n, seed in ((2, 0), (7, 1), (10, 2)):
        z0, z1 = _codes(seed)
        t = np.linspace(0, 1, n)[:, None]
        named.append((f"n={n}", rel_error(_array(interpolate(z0.copy(), z1.copy(), n), "interpolate"), (1 - t) * z0 + t * z1)))
    return worst(named)


def _slerp(z0, z1, n):
    """Reference slerp (Shoemake 1985): sin((1-t) W)/sin W z0 + sin(t W)/sin W z1, cos W = z0.z1 / (|z0||z1|)."""
    omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1, 1))
    t = np.linspace(0, 1, n)[:, None]
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


@exercise("14.slerp", hints=(
    "you walk along the angle between the two codes; get that angle from their dot product, normalised",
    "cos Omega is the dot product divided by both norms (clip it to [-1, 1] before np.arccos); t is a column of "
    "shape (n, 1) as in exercise 1; the weights are the two sines of the formula above the cell",
), tol=1e-10)
def check_slerp(slerp):
    named = []
    for n, seed in ((2, 3), (9, 4)):
        z0, z1 = _codes(seed)
        named.append((f"n={n}", rel_error(_array(slerp(z0.copy(), z1.copy(), n), "slerp"), _slerp(z0, z1, n))))
    z0, z1 = _codes(5)
    z1 *= np.linalg.norm(z0) / np.linalg.norm(z1)  # equal norms: every z_t keeps that norm
    norms = np.linalg.norm(_array(slerp(z0.copy(), z1.copy(), 11), "slerp"), axis=1)
    named.append(("norm kept", rel_error(norms, np.full(11, np.linalg.norm(z0)))))
    return worst(named)


def _k_class_predictions(k, K, eps, reps=3):
    """p(y|x) of a generator that draws classes 0..k-1 equally, each sample (1 - eps) sure of its class."""
    p = np.full((k * reps, K), eps / (K - 1))
    p[np.arange(k * reps), np.arange(k * reps) % k] = 1 - eps
    return p


@exercise("14.score_of_k_classes", hints=(
    "every sample has the same KL to p(y) by symmetry, so find p(y) first: which classes get mass, and how much",
    "a drawn class gets (1 - eps) from the 1/k of samples that are its own and eps/(K - 1) from the other drawn "
    "samples; an undrawn class gets eps/(K - 1) from every sample",
    "one row's KL has three groups of terms: its own class, the k - 1 other drawn classes, and the K - k undrawn "
    "ones (which add 0, since there p(y|x) = p(y))",
), tol=1e-9)
def check_score_of_k_classes(score_of_k_classes):
    from .. import scores
    named = []
    for k, K, eps in ((10, 10, 0.0), (3, 10, 0.0), (3, 10, 0.1), (1, 10, 0.2), (7, 10, 0.05), (5, 5, 0.3), (2, 4, 0.01)):
        got = score_of_k_classes(k, K, eps)
        if got is None:
            raise CheckFailed("score_of_k_classes returned None (is a `return` missing?)")
        want = scores.classifier_score(_k_class_predictions(k, K, eps))
        named.append((f"k={k}, K={K}, eps={eps}", rel_error(np.float64(got), want)))
    return worst(named)
