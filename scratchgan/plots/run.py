"""The figures of a run folder (``runs.write_run_folder`` calls ``write_run_figures``).

    samples.png   the 2-D plane view, the 1-D histogram or the image grid; a conditional run's
                  image grid has one row per class (the same z along a column), its 2-D view
                  colours each sample by the class it was asked for
    curves.png    the training curves of ``run_history``
    training.gif  the fixed-z snapshots (one frame each)
    figure1.png   1-D data: Goodfellow's figure 1 for this run
"""
import os
import warnings

import numpy as np

from ..losses import BCE_KINDS
from .base import save
from .curves import curves, histogram
from .images import image_grid, training_gif
from .line import figure1, figure1_panels
from .plane import plane


def _get(result, name, default=None):
    """result.name or result[name] (a train.Result or a plain dict)."""
    if isinstance(result, dict):
        return result.get(name, default)
    return getattr(result, name, default)


def run_history(result):
    """What curves.png shows for a run: its history with "step", and "modes"/"modes_step" from its evals.

    result: a ``train.Result`` or a dict with ``history`` (name -> array, as
    ``history.HISTORY`` records it), ``evals`` and ``config``. V(D, G) is the "value"
    that ``gan.d_step`` records every step for the BCE losses (not -d_loss, which
    also holds a gradient penalty). A history recorded before "value" was (an older
    run folder) has no V to show: the panel is left out and a warning says so.
    """
    h = {k: np.asarray(v) for k, v in (_get(result, "history") or {}).items()}
    n = max((len(v) for v in h.values()), default=0)
    h.setdefault("step", np.arange(1, n + 1))
    config = _get(result, "config") or {}
    if n and "value" not in h and config.get("loss") in BCE_KINDS:
        warnings.warn("this run's history holds no V(D, G): it was recorded before history.HISTORY kept 'value'; "
                      "its curves leave the V panel out", stacklevel=2)
    evals = [e for e in (_get(result, "evals") or []) if "modes" in e and e.get("n_modes", 2) > 1]
    if len(evals) > 1:  # a curve needs two points; one mode needs no curve
        h["modes"], h["modes_step"] = np.array([e["modes"] for e in evals]), np.array([e["step"] for e in evals])
    return h


def _four(n):
    """Four snapshot indices: the start, two early ones where most change happens, the end."""
    return sorted({0, max(1, n // 10), max(2, n // 3), n - 1})


def labelled_scatter(samples, labels, real, ds, title=None):
    """2-D samples coloured by their requested class (real data in grey, each mode numbered)."""
    from .base import finish, new_figure
    fig = new_figure(8, 8)
    ax = fig.subplots()
    ax.scatter(real[:, 0], real[:, 1], s=4, c="0.88", label="data")
    cmap, top = ("tab20", 19) if ds.n_classes > 10 else ("tab10", 9)  # colours repeat past 20 classes: modes are numbered
    points = ax.scatter(samples[:, 0], samples[:, 1], s=3, c=labels % (top + 1), cmap=cmap, vmin=0, vmax=top)
    if ds.modes is not None:
        for k, m in enumerate(ds.modes):
            ax.annotate(str(k), m, textcoords="offset points", xytext=(6, 6))
    ax.set_aspect("equal")
    ax.legend(*points.legend_elements(num=min(ds.n_classes, 10)), title="asked for", loc="best", fontsize=8)
    if title:
        ax.set_title(title)
    return finish(fig)


def write_run_figures(run_dir, result):
    """Write a run's figures into ``run_dir`` (see the module docstring); returns {file name: path}.

    result: a ``train.Result`` (or a dict with the same names): ``gan``,
    ``dataset``, ``history``, ``evals``, ``snapshots`` + ``snapshot_steps``,
    ``samples``, ``shift``/``scale`` (the standardisation G and D work in),
    ``config``, ``step``; for 1-D data optionally ``states`` (G/D state dicts
    per snapshot) for the four panels of figure 1.
    """
    os.makedirs(run_dir, exist_ok=True)
    gan, ds = _get(result, "gan"), _get(result, "dataset")
    units = (np.asarray(_get(result, "shift", 0.0)), float(_get(result, "scale", 1.0)))
    step, samples = _get(result, "step", 0), np.asarray(_get(result, "samples"))
    real = ds.sample(2500, np.random.default_rng(1)) if ds.kind != "image" else None
    name = f"{ds.name}, step {step}"
    out = {k: os.path.join(run_dir, k) for k in ("samples.png", "curves.png", "training.gif")}
    conditional = _get(result, "labels_eval") is not None
    if conditional and ds.kind == "image":
        cols = 10
        fig = image_grid(result.class_grid(cols), ncols=cols,
                         title=f"{name}: one row per class 0-{ds.n_classes - 1}, the same z down each column")
    elif conditional and ds.kind == "2d":
        fig = labelled_scatter(samples, _get(result, "labels_eval")[:len(samples)], real[:1000], ds,
                               title=f"{name}: samples coloured by the class asked for")
    elif ds.kind == "2d":
        fig = plane(gan, real[:1000], ds.modes, ds.mode_std, units=units, title=f"{name}: D, data and G")
    elif ds.kind == "image":
        fig = image_grid(samples[:64], title=f"{name}: 64 samples")
    elif ds.kind == "1d":
        fig = histogram(samples, real, ds.density if ds.modes is not None else None, title=f"{name}: samples")
    else:  # a table of dim > 2: the first coordinate
        fig = histogram(samples[:, 0], real[:, 0], title=f"{name}: first coordinate of {ds.dim}")
    labels = getattr(ds, "columns", None)  # a CSV header's names
    if labels and ds.kind != "image":
        fig.axes[0].set_xlabel(labels[0])
        if ds.kind == "2d":
            fig.axes[0].set_ylabel(labels[1])
    save(fig, out["samples.png"])
    save(curves(run_history(result), n_modes=None if ds.modes is None else len(ds.modes),
                title=f"{name}: training curves"), out["curves.png"])
    training_gif(out["training.gif"], _get(result, "snapshots"), _get(result, "snapshot_steps"),
                 real=None if real is None else real[:500], kind="image" if ds.kind == "image" else None,
                 labels=labels if ds.kind in ("1d", "2d") else None)
    if ds.kind == "1d" and ds.modes is not None and not conditional:  # figure 1 draws D(x) without a label
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
