"""Pitfalls of GAN training, measured: vanishing gradients, hyperparameter sweeps, mode collapse.

Vanishing gradients (Goodfellow et al. 2014, Sec. 3; Arjovsky & Bottou 2017, Sec. 2.2).
G's two classic losses differ only in how they read D's logit l on a fake:

    minimax (saturating):  L_G = mean log(1 - sigma(l)),   dL_G/dl = -sigma(l) / B
    non-saturating:        L_G = -mean log sigma(l),       dL_G/dl = -sigma(-l) / B

When D confidently rejects G's samples (l << 0, D(G(z)) = sigma(l) -> 0), the
first vanishes like sigma(l) ~ e^l while the second tends to -1/B. So the
better D gets, the less the minimax G learns: ``vanishing_gradients`` trains D
ahead of a fixed G for k steps and measures ||dL_G/dtheta_G|| for both losses.

Sensitivity (Lucic et al. 2018, "Are GANs created equal?"): the same GAN
succeeds or fails with the learning rate and Adam's beta1. ``sweep`` trains
once per grid point and seed through the normal trainer (``train.train``) and
returns a table (``table``, ``grid_of``); ``plots.plot_sweep`` draws it as a heat map of modes captured.

Mode collapse: ``METHODS`` names the fixes compared in ``benchmarks/mode_collapse.py``
(PacGAN packing, minibatch std, WGAN with clipping, least-squares and hinge
losses, R1 and WGAN-GP penalties) as config overrides for ``presets.preset``.

Host-side module: it drives the GAN through ``gan.GAN`` and reads numbers back. It measures;
the figures of these measurements are in ``plots/pitfalls.py``.
"""
import itertools

import numpy as np

from . import backend, losses, optim
from .gan import GAN
from .layers import Dense, LeakyReLU, Sequential, Tanh

G_LOSSES = ("minimax", "non_saturating")


def generator_grad_norm(gan, z, kind):
    """||dL_G/dtheta_G|| for G's loss ``kind`` through the current D, without updating anything.

    Returns the norm and mean D(G(z)) as Python floats; G's grads are left at zero.
    """
    fake, g_cache = gan.G.forward(z)
    _, dfake = gan.fake_gradient(fake, kind)  # D is frozen: its grads are not touched
    gan.G.zero_grad()
    gan.G.backward(dfake, g_cache)
    sq = sum(float((g * g).sum()) for g in gan.G.grads.values())
    gan.G.zero_grad()
    return sq ** 0.5, float(losses.sigmoid(gan.D(gan.packed(fake))).mean())


def vanishing_gradients(ks=(1, 5, 25), batch_size=256, lr=0.1, hidden=16, data_mean=4.0, data_std=0.5, seed=0):
    """Train D alone for max(ks) steps against a fixed G; at each k in ks measure G's gradient norms.

    The setting is early training: data N(data_mean, data_std^2) in 1-D, G a small
    fresh MLP whose samples sit near 0, D an MLP (1 -> hidden -> hidden -> 1,
    LeakyReLU) trained with Adam(lr, betas=(0.5, 0.999)) on fresh minibatches. The
    large lr lets D become confident within a few dozen steps. Returns a dict of
    lists, one entry per k: ``k``, ``minimax`` and ``non_saturating`` (the norms,
    on one fixed z batch), ``d_fake`` (mean D(G(z)) there) and ``ratio``
    (non-saturating / minimax).
    """
    if not ks or any(int(k) != k or k < 0 for k in ks):
        raise ValueError(f"ks must be whole numbers of D steps >= 0, got {ks}")
    backend.seed(seed)
    G = Sequential(Dense(1, 16), Tanh(), Dense(16, 1, init="xavier"))
    D = Sequential(Dense(1, hidden), LeakyReLU(0.2), Dense(hidden, hidden), LeakyReLU(0.2), Dense(hidden, 1))
    gan = GAN(G, D, optim.SGD(G, 1e-3), optim.Adam(D, lr, betas=(0.5, 0.999)), noise_dim=1)
    rng = backend.host_rng()
    z = gan.noise(batch_size)
    out = {"k": [], "minimax": [], "non_saturating": [], "d_fake": [], "ratio": []}
    for k in range(int(max(ks)) + 1):
        if k in ks:
            for kind in G_LOSSES:
                norm, d_fake = generator_grad_norm(gan, z, kind)
                out[kind].append(norm)
            out["k"].append(k)
            out["d_fake"].append(d_fake)
            out["ratio"].append(out["non_saturating"][-1] / max(out["minimax"][-1], 1e-300))
        real = backend.asarray(data_mean + data_std * rng.standard_normal((batch_size, 1)), dtype="float32")
        gan.d_step(real, G(gan.noise(batch_size)))  # G never moves
    return out


# -- hyperparameter sweeps -----------------------------------------------------------------
METRICS = ("modes", "n_modes", "high_quality", "reverse_kl")
# The lesson-sized sweep: 3 x 3 points of (lr, beta1), one seed, a small ring GAN.
LESSON_GRID = {"lr": [1e-4, 1e-3, 1e-2], "beta1": [0.0, 0.5, 0.9]}
LESSON_OVERRIDES = dict(steps=4000, batch_size=128, hidden=64, layers=2, d_hidden=64, d_layers=2, noise_dim=4,
                        lr_decay=0.5, eval_every=4000)


def sweep(grid, preset="ring", seeds=(0,), **overrides):
    """Train once per point of ``grid`` and per seed through ``train.train``; return the table.

    grid: {config key: [values]}, e.g. {"lr": [1e-4, 1e-3], "beta1": [0.0, 0.5]}; every
    combination is run. preset: a ``presets.preset`` name; overrides: fixed config changes.
    Returns a list of rows (dicts): the grid values, ``seed``, ``status``, ``seconds``
    and the final metrics (modes, n_modes, high_quality, reverse_kl).
    """
    from . import presets, train
    if not isinstance(grid, dict) or not grid or not all(len(v) for v in grid.values()):
        raise ValueError(f"grid must map config keys to non-empty lists of values, e.g. "
                         f"{{'lr': [1e-4, 1e-3]}}; got {grid!r}")
    rows = []
    for values in itertools.product(*grid.values()):
        point = dict(zip(grid, values))
        for seed in seeds:
            r = train.train(presets.preset(preset, **{**overrides, **point, "seed": seed}), progress=False)
            rows.append({**point, "seed": seed, "status": r.status, "seconds": r.seconds,
                         **{k: r.metrics.get(k) for k in METRICS}})
    return rows


def table(rows, columns=None):
    """The rows of ``sweep`` as a Markdown table (numbers to 3 significant figures)."""
    columns = columns or list(rows[0])
    cell = lambda v: f"{v:.3g}" if isinstance(v, float) else str(v)  # noqa: E731
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return "\n".join(lines + ["| " + " | ".join(cell(r.get(c)) for c in columns) + " |" for r in rows])


def grid_of(rows, x, y, value="modes"):
    """Mean of ``value`` over seeds on the (y, x) grid: returns xs, ys, array (len(ys), len(xs))."""
    xs, ys = sorted({r[x] for r in rows}), sorted({r[y] for r in rows})
    out = np.full((len(ys), len(xs)), np.nan)
    for i, yv in enumerate(ys):
        for j, xv in enumerate(xs):
            vals = [r[value] for r in rows if r[x] == xv and r[y] == yv and r[value] is not None]
            out[i, j] = np.mean(vals) if vals else np.nan
    return xs, ys, out


# -- mode collapse: the fixes, as trainer config overrides ---------------------------------
# each method = the plain GAN plus one change (presets may pack); judged on the last iterate (the raw G), as PacGAN
# does, so a preset's use_average choice never changes what this benchmark compares
PLAIN = dict(pack=1, minibatch_std=False, use_average=False)
METHODS = {
    "GAN": dict(PLAIN),
    "PacGAN2": dict(PLAIN, pack=2),
    "PacGAN4": dict(PLAIN, pack=4),
    "minibatch std": dict(PLAIN, minibatch_std=True),
    # the WGANs take 5 critic steps per G step (Arjovsky et al. 2017; Gulrajani et al. 2017), so half the G steps
    "WGAN, clip 0.01": dict(PLAIN, loss="wasserstein", clip=0.01, d_steps=5, steps=3000),
    "LSGAN": dict(PLAIN, loss="least_squares"),
    "hinge": dict(PLAIN, loss="hinge"),
    "R1, gamma 1": dict(PLAIN, penalty="r1", penalty_weight=1.0),
    "WGAN-GP, gamma 10": dict(PLAIN, loss="wasserstein", penalty="wgan-gp", penalty_weight=10.0, d_steps=5, steps=3000),
}
