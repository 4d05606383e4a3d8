"""Training curves, one panel per quantity, and a 1-D histogram of G's samples.

The panels are a table (``PANELS``): what the y axis shows, which history keys
it draws, a reference line and a scale. ``curves`` draws each panel whose keys
the history holds, so a new curve is one more row, not one more branch.

    >>> import numpy as np
    >>> fig = curves({"step": np.arange(1, 101), "d_loss": np.linspace(1.4, 1.2, 100)})
    >>> round(fig.get_figwidth() * fig.dpi), fig.axes[0].get_ylabel()
    (1200, 'loss')
"""
import math
from typing import NamedTuple

import numpy as np

from .base import CYCLE, FAKE, REAL, finish, new_figure


class Panel(NamedTuple):
    """One panel of ``curves``: y label, ((history key, legend), ...), a reference line, a y scale.

    line: (y, legend) of a dashed horizontal line, or None; y = "n_modes" means the
    number of modes ``curves`` is given (no line without it). evaluations: the keys are
    points of the periodic evaluation (a staircase through them), not per-step curves.
    """
    label: str
    keys: tuple
    line: tuple = None
    scale: str = "linear"
    evaluations: bool = False


PANELS = (
    Panel("loss", (("d_loss", "D loss"), ("g_loss", "G loss"))),
    Panel("mean D output", (("d_real", "mean D(x), real"), ("d_fake", "mean D(G(z)), fake")),
          line=(0.5, "D = 1/2 (equilibrium)")),
    # V(D, G) as gan.d_step records it: with a gradient penalty, d_loss = -V + penalty, so V is not -d_loss
    Panel("V(D, G)", (("value", "V(D, G)"),), line=(-math.log(4), "-log 4 (p_g = p_data)")),  # Goodfellow Thm 1
    Panel("gradient norm (log scale)", (("d_grad_norm", "|dL_D/d theta_D|"), ("g_grad_norm", "|dL_G/d theta_G|")),
          scale="log"),
    Panel("modes captured", (("modes", "modes captured"),), line=("n_modes", "all {} modes"), evaluations=True),
)
SMOOTH_ABOVE = 200  # points; longer curves are drawn as a moving average with a 10-90% band


def _smooth(y, k, points=120):
    """Moving average and 10-90% band over windows of k steps, at ~``points`` centres (NaN-aware).

    Returns (centres, mean, low, high). A band instead of every raw point
    keeps a noisy 10,000-step curve readable and its PNG small.
    """
    centres = np.unique(np.linspace(0, len(y) - 1, min(points, len(y))).astype(int))
    stats = []
    for i in centres:
        w = y[max(0, i - k // 2):i + k // 2 + 1]
        w = w[np.isfinite(w)]
        stats.append((w.mean(), *np.quantile(w, [0.1, 0.9])) if len(w) else (np.nan,) * 3)
    mean, low, high = np.array(stats).T
    return centres, mean, low, high


def _has(history, key):
    """Whether ``history`` holds at least one finite number under ``key`` (V is all NaN for a critic loss)."""
    return key in history and bool(np.isfinite(np.asarray(history[key], dtype=np.float64)).any())


def _draw(ax, panel, history, n_modes):
    """One panel: its curves (smoothed when long), its reference line, labels and legend."""
    for (key, name), colour in zip(panel.keys, CYCLE):
        if not _has(history, key):
            continue
        y = np.asarray(history[key], dtype=np.float64).ravel()
        x = np.asarray(history.get(key + "_step", history.get("step", np.arange(1, len(y) + 1)))).ravel()[:len(y)]
        if panel.evaluations:
            ax.step(x, y, where="post", color=colour, lw=2.5, marker="o", label=name)
            continue
        if len(y) > SMOOTH_ABOVE:
            i, y, low, high = _smooth(y, max(5, len(y) // 25))
            x = x[i]
            ax.fill_between(x, low, high, color=colour, alpha=0.2, lw=0)
            name += " (moving average, 10-90% band)"
        ax.plot(x, y, color=colour, lw=2.5, label=name)
    if panel.line is not None:
        y, name = panel.line
        if y == "n_modes":  # the run's mode count, when known
            y, name = (n_modes, name.format(n_modes)) if n_modes else (None, None)
            if y is not None:
                ax.set_ylim(-0.3, n_modes + 0.7)
        if y is not None:
            ax.axhline(y, color=REAL, ls="--", lw=1.5, label=name)
    ax.set(xlabel="training step", ylabel=panel.label, yscale=panel.scale)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", framealpha=0.85)


def curves(history, n_modes=None, title=None):
    """Training curves from ``history``: a dict name -> 1-D array, with "step" (else 1, 2, ...).

    One panel per row of ``PANELS`` whose keys hold a finite number: the losses; mean
    D(x) and D(G(z)) against the equilibrium 1/2; V(D, G) ("value") against -log 4,
    the value of the game at p_g = p_data (Goodfellow et al. 2014, Theorem 1); the
    gradient norms on a log scale; modes captured (out of ``n_modes``), with its own
    x values in "modes_step". Curves over 200 points are drawn as a moving average
    over 4% of the run with a band from the 10th to the 90th percentile of each window.
    A history with the known curves but no finite point (NaN at step 1) gets a figure
    that says so; one with none of them is a ValueError.
    """
    if not isinstance(history, dict):
        raise ValueError(f"curves() takes a dict name -> 1-D array, got {type(history).__name__}")
    panels = [p for p in PANELS if any(_has(history, key) for key, _ in p.keys)]
    known = [key for p in PANELS for key, _ in p.keys]
    if not panels and not any(k in history for k in known):
        raise ValueError(f"history has none of the known curves; keys were {sorted(history)}, expected some of {known}")
    ncols = 1 if len(panels) <= 1 else 2 if len(panels) <= 4 else 3
    nrows = max(1, math.ceil(len(panels) / ncols))
    fig = new_figure(max(12.0, 7.0 * ncols), 4.6 * nrows + 0.5 if panels else 4.0)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    for ax, panel in zip(axes, panels):
        _draw(ax, panel, history, n_modes)
    if not panels:  # the curves exist but no training step finished
        fig.text(0.5, 0.5, "no training step finished, so there is nothing to plot", ha="center", va="center")
    if title:
        fig.suptitle(title)
    return finish(fig)


def histogram(samples, real=None, density=None, title=None):
    """1-D samples of G (n,) against real data (histogram) and/or the true density (callable on (m, 1))."""
    x = np.asarray(samples, dtype=np.float64).ravel()
    both = np.concatenate([x] + ([np.ravel(real)] if real is not None else []))
    lo, hi = np.quantile(both, [0.002, 0.998])
    pad = 0.1 * (hi - lo) + 1e-9
    bins = np.linspace(lo - pad, hi + pad, 81)
    fig = new_figure(12, 6)
    ax = fig.subplots()
    if real is not None:
        ax.hist(np.ravel(real), bins, density=True, color="0.78", label="real data (histogram)")
    if density is not None:
        t = np.linspace(bins[0], bins[-1], 400)
        ax.plot(t, np.ravel(density(t[:, None])), ":", color=REAL, lw=3, label="p_data(x) (true density)")
    ax.hist(x, bins, density=True, histtype="step", lw=3, color=FAKE, label="generator samples G(z)")
    ax.set(xlabel="x", ylabel="density", title=title or f"{len(x)} samples of G against the data")
    ax.legend(loc="best")
    return finish(fig)
