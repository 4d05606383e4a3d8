"""Checks for the exercises of lesson 12 (mode collapse).

The references are ``metrics.mode_coverage``, ``GAN.packed`` and a count of the packs by
enumeration. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say, text
from .validate import CheckFailed, float_array, rel_error, worst


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
    cases = {say("ring, 3 modes"): (ring, ring.modes[rng.integers(0, 3, 500)] + 0.02 * rng.standard_normal((500, 2))),
             say("grid, blurred"): (grid, grid.sample(800, rng) + 0.1 * rng.standard_normal((800, 2))),
             say("ring, uniform"): (ring, ring.sample(400, rng)),
             say("ring, 2 modes + far"): (ring, np.r_[ring.modes[rng.integers(0, 2, 300)] + 0.01 * rng.standard_normal((300, 2)),
                                                      rng.uniform(-1.5, 1.5, (200, 2))])}
    named = []
    for name, (ds, x) in cases.items():
        out = mode_coverage(x.copy(), ds.modes.copy(), ds.mode_std)
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise CheckFailed("return three numbers (captured, high_quality, reverse_kl), got {kind}",
                              kind=type(out).__name__)
        ref = metrics.mode_coverage(x, ds.modes, ds.mode_std)
        named.append((text(name), rel_error(np.array([float(v) for v in out]), np.array([ref["modes"], ref["high_quality"], ref["reverse_kl"]]))))
    far = np.full((10, 2), 50.0)  # nothing within 3 std: no high-quality sample
    out = mode_coverage(far, ring.modes.copy(), ring.mode_std)
    if out is None or float(out[0]) != 0 or float(out[1]) != 0 or float(out[2]) != float("inf"):
        raise CheckFailed("samples far from every mode should give (0, 0.0, inf), got {out}", out=out)
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
        named.append((f"B={B}, dim={dim}, m={m}", rel_error(float_array(pack(x.copy(), m), "pack"), game.packed(x))))
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
), tol=0, measure="cases wrong")
def check_smallest_pack(smallest_pack):
    cases = [(8, 1, 0.5), (8, 1, 0.3), (4, 2, 0.9), (5, 1, 0.6), (6, 3, 0.95), (8, 2, 0.2), (3, 1, 0.1)]
    want = [_smallest_pack_by_enumeration(K, j, tau) for K, j, tau in cases]
    cases.append((25, 1, 0.5))  # the 5 x 5 grid missing one mode: K^m is too many tuples to list; the count says 17
    want.append(int(np.ceil(np.log(0.5) / np.log(24 / 25))))
    got = []
    for K, j, tau in cases:
        m = smallest_pack(K, j, tau)
        if m is None:
            raise CheckFailed("{name} returned None (is a `return` missing?)", name="smallest_pack")
        if float(m) != int(float(m)):
            raise CheckFailed("smallest_pack({K}, {j}, {tau}) = {m}: a pack holds a whole number of samples",
                              K=K, j=j, tau=tau, m=m)
        got.append(int(float(m)))
    wrong = [say("(K={K}, j={j}, tau={tau}): {g}, expected {w}", K=K, j=j, tau=tau, g=g, w=w)
             for (K, j, tau), g, w in zip(cases, got, want) if g != w]
    if wrong:
        return float(len(wrong)), say("{n} of {total} wrong, e.g. {first}",
                                      n=len(wrong), total=len(cases), first=wrong[0])
    return 0.0, say("{n} cases, from m = {low} to m = {high}", n=len(cases), low=min(want), high=max(want))
