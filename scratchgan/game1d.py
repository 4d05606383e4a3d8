"""The 1-D game of lesson 08 and Figure 1: a small GAN on N(mean, std^2), trained with
snapshots, and its generator's density computed exactly.

    make_1d_gan         G (affine or a small MLP) and D (an MLP), Adam(beta1 = 0.5) for both
    train_1d            train it on N(mean, std^2), keeping (G, D) at chosen steps
    load_players        put a snapshot's G and D weights back into a GAN
    generator_density   p_g on bins: the push-forward of z ~ N(0, 1) through G

p_g is computed, not guessed from a few samples: for 1-D noise,

    P(G(z) in bin) = integral over z of phi(z) [G(z) in bin] dz

is a sum over 4,000 segments of a piecewise-linear G (exact up to the 1e-9 of
mass beyond 6 std); for higher-dimensional noise it is a histogram of 20,000
seeded samples. ``plots.figure1`` draws what this module computes.

    >>> run = train_1d(steps=(0, 5))
    >>> [s["step"] for s in run["snapshots"]], len(run["history"]["d_loss"])
    ([0, 5], 5)
"""
from statistics import NormalDist

import numpy as np

from . import backend, layers, optim
from .gan import GAN
from .plots.base import g_output


def make_1d_gan(generator="affine", hidden=16, loss="non_saturating", lr=3e-3, seed=0):
    """A small 1-D GAN with Adam(beta1 = 0.5) for both players.

    G: "affine" is x = a z + b, which can represent N(mu, s^2) exactly (a = s, b = mu),
    so the run ends at p_g = p_data; "mlp" is 1 -> hidden -> 1 with LeakyReLU.
    D: 1 -> hidden -> hidden -> 1 with tanh. In our trials (seeds 0 and 1,
    3,000 steps on N(4, 0.5^2)) the affine G reached mean 4.00 +- 0.01, std
    0.50 +- 0.01 and D = 0.50; deeper generators often shrank p_g's width.
    """
    if generator not in ("affine", "mlp"):
        raise ValueError(f"unknown generator {generator!r}; choose 'affine' or 'mlp'")
    backend.seed(seed)
    G = (layers.Sequential(layers.Dense(1, 1)) if generator == "affine" else
         layers.Sequential(layers.Dense(1, hidden), layers.LeakyReLU(), layers.Dense(hidden, 1)))
    D = layers.Sequential(layers.Dense(1, hidden), layers.Tanh(), layers.Dense(hidden, hidden),
                          layers.Tanh(), layers.Dense(hidden, 1))
    return GAN(G, D, optim.Adam(G, lr, betas=(0.5, 0.999)), optim.Adam(D, lr, betas=(0.5, 0.999)),
               noise_dim=1, loss=loss)


def train_1d(steps=(0, 400, 1200, 3000), mean=4.0, std=0.5, batch_size=128, seed=0, **gan_kw):
    """Train ``make_1d_gan`` on N(mean, std^2) and snapshot (G, D) at ``steps``.

    Returns {"gan", "snapshots": [{"step", "state"}, ...], "history": {name: array}}.
    Step s means "after s updates", so step 0 is the untrained pair.
    """
    if not steps or min(steps) < 0 or list(steps) != sorted(steps):
        raise ValueError(f"steps must be increasing non-negative integers, got {steps!r}")
    gan = make_1d_gan(seed=seed, **gan_kw)
    rng = np.random.default_rng(seed)
    snapshots, rows = [], []
    for step in range(max(steps) + 1):
        if step in steps:
            snapshots.append({"step": step, "state": gan.state_dict()})
        if step < max(steps):
            rows.append(gan.train_step(mean + std * rng.standard_normal((batch_size, 1))))
    history = {k: np.array([r[k] for r in rows]) for k in (rows[0] if rows else {})}
    history["step"] = np.arange(1, len(rows) + 1)
    return {"gan": gan, "snapshots": snapshots, "history": history}


def load_players(gan, state):
    """Load G's and D's weights from a state dict (``gan.state_dict()``; optimizer entries are ignored)."""
    for prefix, model in (("G", gan.G), ("D", gan.D)):
        model.load_state_dict({k[len(prefix) + 1:]: v for k, v in state.items() if k.startswith(prefix + "/")})


def generator_density(gan, edges, seed=0, units=(0.0, 1.0)):
    """p_g on the bins ``edges`` (m+1,) -> (m,): the pushforward of N(0, I) through G.

    1-D noise: G is taken as linear between 4,001 points z_i on [-6, 6]; the
    segment [z_i, z_i+1] carries mass Phi(z_i+1) - Phi(z_i), spread evenly over
    [G(z_i), G(z_i+1)], so the CDF of x at every edge is a sum over segments
    (exact for a piecewise-linear G, e.g. Dense + LeakyReLU, up to the 1e-9 beyond 6 std).
    Otherwise: a histogram of 20,000 samples of z from ``seed``.
    units = (shift, scale): G works on standardised data, x = G(z) * scale + shift.
    """
    edges = np.asarray(edges, dtype=np.float64)
    if gan.noise_dim != 1:
        z = np.random.default_rng(seed).standard_normal((20000, gan.noise_dim))
        count, _ = np.histogram(g_output(gan, z, *units)[:, 0], bins=edges)
        return count / len(z) / np.diff(edges)
    z = np.linspace(-6, 6, 4001)
    x = g_output(gan, z[:, None], *units)[:, 0]
    mass = np.diff([NormalDist().cdf(v) for v in z])  # (4000,)
    lo, hi = np.minimum(x[:-1], x[1:]), np.maximum(x[:-1], x[1:])
    with np.errstate(over="ignore"):  # a flat segment (hi = lo) is a step: its fraction jumps 0 -> 1
        frac = np.clip((edges[None, :] - lo[:, None]) / np.maximum(hi - lo, 1e-300)[:, None], 0, 1)
    cdf = mass @ frac
    return np.diff(cdf) / np.diff(edges)
