"""Figure 1 of Goodfellow et al. (2014), drawn from a real 1-D run.

Each panel shows, over the x axis,

* p_data(x), the data density (black dots),
* p_g(x), the density of x = G(z) with z ~ N(0, 1) (solid, vermillion),
* D(x), the learned discriminator (dashed, blue, right-hand axis),
* D*(x) = p_data(x) / (p_data(x) + p_g(x)), the best D for this G (dash-dot, green),

and below it the map z -> x = G(z): lines from equal-probability quantiles
of z on a lower axis to where G sends them. Where the lines bunch up, p_g is
high. At the end of a good run p_g = p_data, so D* = 1/2 everywhere.

p_g is ``game1d.generator_density`` (computed, not guessed from a few samples),
D is ``base.d_output`` and D* is ``metrics.optimal_d``; ``game1d.train_1d`` makes
the snapshots that ``figure1_panels`` draws.
"""
from statistics import NormalDist

import numpy as np

from .. import game1d  # by module: game1d imports plots.base, so its names are read at call time
from ..losses import BCE_KINDS
from ..metrics import optimal_d
from .base import DISC, FAKE, OPTIMAL, REAL, d_label, d_output, finish, g_output, new_figure

BINS = 240


def _density_and_range(data):
    """(p_data callable on (n,) -> (n,), default x range) from a Dataset, its name, or a callable."""
    if isinstance(data, str):
        from ..data import get_dataset
        data = get_dataset(data)
    if callable(data):
        return (lambda x: np.asarray(data(np.asarray(x)[:, None]), dtype=np.float64).ravel()), None
    if getattr(data, "dim", 1) != 1 or data.density(np.zeros((1, 1))) is None:
        raise ValueError(f"figure 1 needs 1-D data with a known density, got {data!r}; "
                         "pass a 1-D Gaussian mixture or a callable p_data(x)")
    modes = np.asarray(data.modes).ravel()
    span = (modes.min() - 4 * data.mode_std, modes.max() + 4 * data.mode_std)
    return (lambda x: data.density(np.asarray(x)[:, None])), span


def _x_range(gan, span, units):
    """The data's span widened to hold the middle 98% of G's samples (at most 2 spans each side)."""
    z = np.random.default_rng(0).standard_normal((2000, gan.noise_dim))
    lo, hi = np.quantile(g_output(gan, z, *units)[:, 0], [0.01, 0.99])
    if np.isfinite(span[0]):
        width = span[1] - span[0]
        lo, hi = max(min(lo, span[0]), span[0] - 2 * width), min(max(hi, span[1]), span[1] + 2 * width)
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad


def draw_panel(ax, ax_map, gan, p_data, x_range, units=(0.0, 1.0), n_lines=21):
    """Draw one Figure-1 panel: p_data, p_g, D and (BCE losses) D* on ``ax``, the z -> x map on ``ax_map``.

    p_data: a callable on x (n,) -> (n,); x_range: (lo, hi) in data units. Returns D's axis
    (the right-hand twin of ``ax``), so a caller can gather every legend handle.
    """
    edges = np.linspace(*x_range, BINS + 1)
    x = 0.5 * (edges[:-1] + edges[1:])
    pd, pg = p_data(x), game1d.generator_density(gan, edges, units=units)
    ax.plot(x[::2], pd[::2], ".", color=REAL, ms=6, label="p_data(x): real data")
    ax.plot(x, pg, "-", color=FAKE, lw=2.5, label="p_g(x): generator")
    top = 1.25 * max(pd.max(), min(pg.max(), 2.5 * pd.max()))
    ax.set(xlim=x_range, ylim=(0, top), ylabel="density")
    axd = ax.twinx()
    axd.plot(x, d_output(gan, x[:, None], *units), "--", color=DISC, lw=2.5, label=f"learned {d_label(gan)}")
    if gan.loss in BCE_KINDS:
        d_star = np.where(pd + pg > 1e-3 * (pd + pg).max(), optimal_d(pd, pg), np.nan)  # where either has mass
        axd.plot(x, d_star, "-.", color=OPTIMAL, lw=2.5, label="D*(x) = p_data / (p_data + p_g)")
        axd.axhline(0.5, color="0.6", lw=1, ls=":")
        axd.set_ylim(0, 1.05)
    axd.set_ylabel("D(x)")
    # the map: equal-probability quantiles of z, drawn on the same width as x
    q = np.array([NormalDist().inv_cdf((k + 0.5) / n_lines) for k in range(n_lines)])
    z = np.zeros((n_lines, gan.noise_dim))
    z[:, 0] = q
    gx = g_output(gan, z, *units)[:, 0]
    mid, half = 0.5 * (x_range[0] + x_range[1]), 0.5 * (x_range[1] - x_range[0])
    zx = mid + q / 2.5 * half * 0.9
    for a, b in zip(zx, gx):
        ax_map.plot([a, b], [0, 1], color=FAKE, lw=1.2, alpha=0.8)
    ax_map.lines[0].set_label("z -> x = G(z)")
    ax_map.axhline(0, color="k", lw=1.5)
    ax_map.axhline(1, color="k", lw=1.5)
    ax_map.set(xlim=x_range, ylim=(-0.15, 1.15), yticks=[0, 1], yticklabels=["z", "x"], xlabel="x")
    return axd


def figure1(gan, data, x_range=None, title=None, units=(0.0, 1.0)):
    """One Figure-1 panel for the current G and D, as a 1,200 x 700 px Figure.

    data: a 1-D dataset with ``density`` (``data.get_dataset("gaussian")``, or its name) or a
    callable p_data(x) for x of shape (n, 1); then give ``x_range``.
    units = (shift, scale) when G and D work on (x - shift) / scale (``train.train``).
    """
    p_data, span = _density_and_range(data)
    fig = new_figure(12, 7)
    ax, ax_map = fig.subplots(2, 1, height_ratios=[3, 1], sharex=True)
    x_range = x_range or _x_range(gan, span or (np.inf, -np.inf), units)
    axd = draw_panel(ax, ax_map, gan, p_data, x_range, units)
    _legend(fig, ax, axd, ax_map)
    if title:
        fig.suptitle(title)
    return finish(fig)


def _legend(fig, *axes):
    handles = [h for a in axes for h in a.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)


def figure1_panels(gan, snapshots, data, x_range=None, units=(0.0, 1.0)):
    """Figure 1 (a)-(d) from four snapshots of one run, as a 1,400 x 1,000 px Figure.

    snapshots: a list of {"step": int, "state": gan.state_dict()} (``game1d.train_1d``
    records them); the panels are drawn for the first four. The GAN's own
    weights are put back afterwards.
    """
    if len(snapshots) < 4:
        raise ValueError(f"figure1_panels needs 4 snapshots, got {len(snapshots)}; record more steps")
    p_data, span = _density_and_range(data)
    saved = gan.state_dict()
    fig = new_figure(14, 10)
    cells = fig.subfigures(2, 2, wspace=0.04, hspace=0.04)
    if x_range is None:
        lo, hi = span or (np.inf, -np.inf)
        for snap in snapshots[:4]:
            game1d.load_players(gan, snap["state"])
            a, b = _x_range(gan, span or (np.inf, -np.inf), units)
            lo, hi = min(lo, a), max(hi, b)
        x_range = (lo, hi)
    try:
        for letter, cell, snap in zip("abcd", cells.ravel(), snapshots[:4]):
            game1d.load_players(gan, snap["state"])
            ax, ax_map = cell.subplots(2, 1, height_ratios=[3, 1], sharex=True)
            axd = draw_panel(ax, ax_map, gan, p_data, x_range, units)
            ax.set_title(f"({letter}) step {snap['step']}", loc="left")
    finally:
        gan.load_state_dict(saved)
    _legend(fig, ax, axd, ax_map)
    return finish(fig)
