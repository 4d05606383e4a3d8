"""Every figure of scratchgan, for a notebook, a run folder or a projector.

Each function returns a ``matplotlib.figure.Figure`` (built without pyplot,
so nothing is left open and nothing is shown): save it with
``plots.save(fig, "name.png")`` or display it in a notebook. Figures are at
least 1,200 pixels wide, with 12+ point text and the Okabe-Ito colour-blind-safe
palette. Arrays may live on the GPU: they come to the host through
``backend.to_numpy``.

    figure1, figure1_panels, train_1d   Goodfellow et al. (2014) Fig. 1 from a real 1-D run  (plots_1d)
    plane, generator_arrows             the GAN Lab view of a 2-D game                      (plots_2d)
    curves                              losses, D outputs, V(D, G), gradient norms, modes   (here)
    image_grid, snapshot_grid           samples as pictures                                 (plots_images)
    training_gif                        an animation of fixed-z snapshots                   (plots_images)
    write_run_figures                   all of the above that fit a run, into its folder    (here)

    >>> import numpy as np
    >>> fig = curves({"step": np.arange(1, 101), "d_loss": np.linspace(1.4, 1.2, 100)})
    >>> round(fig.get_figwidth() * fig.dpi), fig.axes[0].get_ylabel()
    (1200, 'loss')
"""
import math
import os

import numpy as np

from .losses import BCE_KINDS
from .metrics import optimal_d
from .plots_1d import figure1, figure1_panels, generator_density, load_players, make_1d_gan, train_1d
from .plots_2d import captured_modes, generator_arrows, generator_loss_at, plane
from .plots_base import CYCLE, FAKE, REAL, finish, new_figure, save
from .plots_images import image_grid, montage, snapshot_grid, training_gif

__all__ = ["figure1", "figure1_panels", "train_1d", "make_1d_gan", "generator_density", "optimal_d",
           "load_players", "plane", "generator_arrows", "generator_loss_at", "captured_modes", "curves",
           "histogram", "image_grid", "montage", "snapshot_grid", "training_gif", "write_run_figures", "save"]

# (panel y label, [(history key, legend label), ...]) in drawing order
PANELS = [
    ("loss", [("d_loss", "D loss"), ("g_loss", "G loss")]),
    ("mean D output", [("d_real", "mean D(x), real"), ("d_fake", "mean D(G(z)), fake")]),
    ("V(D, G)", [("value", "V(D, G)")]),
    ("gradient norm (log scale)", [("d_grad_norm", "|dL_D/d theta_D|"), ("g_grad_norm", "|dL_G/d theta_G|")]),
    ("modes captured", [("modes", "modes captured")]),
]


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


def curves(history, n_modes=None, title=None):
    """Training curves from ``history``: a dict name -> 1-D array, with "step" (else 1, 2, ...).

    Panels, each drawn only when its keys are present: d_loss/g_loss;
    d_real/d_fake (with the equilibrium D = 1/2); value against -log 4, the
    value of the game at p_g = p_data (Goodfellow et al. 2014, Theorem 1);
    d_grad_norm/g_grad_norm on a log scale; modes captured (out of ``n_modes``).
    "modes" may have its own x values in "modes_step". Runs over 200 steps are
    shown as a moving average over 4% of the run with a band from the 10th to
    the 90th percentile of the raw values in each window.
    """
    if not isinstance(history, dict):
        raise ValueError(f"curves() takes a dict name -> 1-D array, got {type(history).__name__}")
    panels = [(label, [(k, n) for k, n in keys if k in history and len(history[k])]) for label, keys in PANELS]
    panels = [p for p in panels if p[1]]
    known = [k for _, keys in PANELS for k, _ in keys]
    if not panels and any(k in history for k in known):  # the curves exist but no step finished (NaN at step 1)
        fig = new_figure(12.0, 4.0)
        ax = fig.subplots()
        ax.text(0.5, 0.5, "no training step finished, so there is nothing to plot", ha="center", va="center",
                fontsize=16)
        ax.set_axis_off()
        if title:
            fig.suptitle(title)
        return finish(fig)
    if not panels:
        raise ValueError(f"history has none of the known curves; keys were {sorted(history)}, expected some of {known}")
    ncols = 1 if len(panels) == 1 else 2 if len(panels) <= 4 else 3
    nrows = math.ceil(len(panels) / ncols)
    fig = new_figure(max(12.0, 7.0 * ncols), 4.6 * nrows + 0.5)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    for ax, (label, keys) in zip(axes, panels):
        for (key, name), colour in zip(keys, CYCLE):
            y = np.asarray(history[key], dtype=np.float64).ravel()
            x = np.asarray(history.get(key + "_step", history.get("step", np.arange(1, len(y) + 1)))).ravel()[:len(y)]
            if key == "modes":
                ax.step(x, y, where="post", color=colour, lw=2.5, marker="o", label=name)
                continue
            if len(y) > 200:
                i, y, low, high = _smooth(y, max(5, len(y) // 25))
                x = x[i]
                ax.fill_between(x, low, high, color=colour, alpha=0.2, lw=0)
                name += " (moving average, 10-90% band)"
            ax.plot(x, y, color=colour, lw=2.5, label=name)
        if label == "mean D output":
            ax.axhline(0.5, color=REAL, ls=":", lw=1.5, label="D = 1/2 (equilibrium)")
        if label == "V(D, G)":
            ax.axhline(-math.log(4), color=REAL, ls="--", lw=1.5, label="-log 4 (p_g = p_data)")
        if label.startswith("gradient"):
            ax.set_yscale("log")
        if label == "modes captured" and n_modes:
            ax.axhline(n_modes, color=REAL, ls="--", lw=1.5, label=f"all {n_modes} modes")
            ax.set_ylim(-0.3, n_modes + 0.7)
        ax.set(xlabel="training step", ylabel=label)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", framealpha=0.85)
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


def _get(result, name, default=None):
    """result.name or result[name] (a train.Result or a plain dict)."""
    if isinstance(result, dict):
        return result.get(name, default)
    return getattr(result, name, default)


def write_run_figures(run_dir, result):
    """Write a run's figures into ``run_dir``; returns the paths written.

    result: a ``train.Result`` (or a dict with the same names): ``gan``,
    ``dataset``, ``history``, ``evals``, ``snapshots`` + ``snapshot_steps``,
    ``samples``, ``shift``/``scale`` (the standardisation G and D work in),
    ``config``, ``step``; for 1-D data optionally ``states`` (G/D state dicts
    per snapshot) for the four panels of figure 1.

    samples.png  the 2-D plane view, the 1-D histogram or the image grid
    curves.png   the training curves
    training.gif the fixed-z snapshots (one frame each)
    figure1.png  1-D data: Goodfellow's figure 1 for this run
    """
    os.makedirs(run_dir, exist_ok=True)
    gan, ds = _get(result, "gan"), _get(result, "dataset")
    units = (np.asarray(_get(result, "shift", 0.0)), float(_get(result, "scale", 1.0)))
    step, samples = _get(result, "step", 0), np.asarray(_get(result, "samples"))
    real = ds.sample(2500, np.random.default_rng(1)) if ds.kind != "image" else None
    name = f"{ds.name}, step {step}"
    out = {k: os.path.join(run_dir, k) for k in ("samples.png", "curves.png", "training.gif")}
    if ds.kind == "2d":
        fig = plane(gan, real[:1000], ds.modes, ds.mode_std, units=units, title=f"{name}: D, data and G")
    elif ds.kind == "image":
        fig = image_grid(samples[:64], title=f"{name}: 64 samples")
    elif ds.kind == "1d":
        fig = histogram(samples, real, ds.density if ds.modes is not None else None, title=f"{name}: samples")
    else:  # a table of dim > 2: the first two coordinates
        fig = histogram(samples[:, 0], real[:, 0], title=f"{name}: first coordinate of {ds.dim}")
    labels = getattr(ds, "columns", None)  # a CSV header's names
    if labels and ds.kind != "image":
        fig.axes[0].set_xlabel(labels[0])
        if ds.kind == "2d":
            fig.axes[0].set_ylabel(labels[1])
    save(fig, out["samples.png"])
    save(curves(_run_history(result), n_modes=None if ds.modes is None else len(ds.modes),
                title=f"{name}: training curves"), out["curves.png"])
    training_gif(out["training.gif"], _get(result, "snapshots"), _get(result, "snapshot_steps"),
                 real=None if real is None else real[:500], kind="image" if ds.kind == "image" else None,
                 labels=labels if ds.kind in ("1d", "2d") else None)
    if ds.kind == "1d" and ds.modes is not None:
        out["figure1.png"] = os.path.join(run_dir, "figure1.png")
        states = _get(result, "states")
        if states and len(states) >= 4:
            steps = _get(result, "snapshot_steps")
            snaps = [{"step": steps[i], "state": states[i]} for i in _four(len(states))]
            fig = figure1_panels(gan, snaps, ds, units=units)
        else:
            fig = figure1(gan, ds, units=units, title=f"{name}: p_data, p_g, D and D*")
        save(fig, out["figure1.png"])
    return out


def _four(n):
    """Four snapshot indices: the start, two early ones where most change happens, the end."""
    return sorted({0, max(1, n // 10), max(2, n // 3), n - 1})


def _run_history(result):
    """The history of a train.Result as curves() wants it: steps, V(D,G) for BCE, modes from evals."""
    h = {k: np.asarray(v) for k, v in (_get(result, "history") or {}).items()}
    n = max((len(v) for v in h.values()), default=0)
    h.setdefault("step", np.arange(1, n + 1))
    config = _get(result, "config") or {}
    if "value" not in h and "d_loss" in h and config.get("loss") in BCE_KINDS and not config.get("label_smoothing"):
        h["value"] = -h["d_loss"]  # the BCE D loss is exactly -V(D, G)
    evals = [e for e in (_get(result, "evals") or []) if "modes" in e and e.get("n_modes", 2) > 1]
    if len(evals) > 1:  # a curve needs two points; one mode needs no curve
        h["modes"], h["modes_step"] = np.array([e["modes"] for e in evals]), np.array([e["step"] for e in evals])
    return h
