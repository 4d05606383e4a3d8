"""The run folder: everything a finished (or stopped) training run leaves behind.

    metrics.json     config, seconds, status, final metrics, evaluations, history
    samples.npy      2,500 final samples, float32, shape (2500, dim), data units
    samples.png      the samples against the data (scatter, histogram or digits)
    training.gif     the fixed-z snapshots as an animation
    checkpoint.npz   everything needed to resume (``checkpoint.py``)

Figures come from ``scratchgan.plots.write_run_figures(run_dir, result)``
when that exists; otherwise the plain versions below are drawn.
"""
import json
import math
import os

import numpy as np

from . import backend, checkpoint

MAX_HISTORY_POINTS = 2000


def _clean(v):
    """JSON-safe: NumPy numbers to Python, NaN/inf to None."""
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if isinstance(v, (np.floating, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    return v


def write_run_folder(out, r, figures=True):
    """Write the run folder for ``train.Result`` r into ``out`` (the two pictures only with ``figures``)."""
    os.makedirs(out, exist_ok=True)
    step, state, data_rng, noise_rng = r.last_good
    meta = {"step": step, "data_rng": data_rng, "noise_rng": noise_rng, "status": r.status,
            "backend": backend.get_backend(), "shift": r.shift.tolist(), "scale": r.scale}
    history = {k: v[:step] for k, v in r.history.items()}
    checkpoint.save(os.path.join(out, "checkpoint.npz"), state, r.config, meta, history)
    np.save(os.path.join(out, "samples.npy"), r.samples.astype(np.float32))
    n = r.step
    every = max(1, math.ceil(n / MAX_HISTORY_POINTS))
    record = {"config": r.config, "status": r.status, "message": r.message, "steps_done": r.step,
              "seconds": r.seconds, "metrics": r.metrics, "evals": r.evals,
              "history": {"every": every, **{k: v[::every].tolist() for k, v in r.history.items()}}}
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(_clean(record), f, indent=1)
    if not figures:
        return
    try:
        from . import plots
        write = getattr(plots, "write_run_figures", None)
    except ImportError:
        write = None
    if write is not None:
        try:
            write(out, r)
            return
        except Exception as err:  # a figure must never cost the run folder
            import warnings
            warnings.warn(f"plots.write_run_figures failed ({type(err).__name__}: {err}); drew plain figures instead")
    plain_figures(out, r)


def _draw(ax, x, r, real):
    """One panel: G's samples x (n, dim) against ``real`` samples."""
    ds = r.dataset
    if ds.kind == "image":
        side = int(round(math.sqrt(ds.dim)))
        k = int(math.sqrt(len(x)))
        tiles = x[:k * k].reshape(k, k, side, side).transpose(0, 2, 1, 3).reshape(k * side, k * side)
        ax.imshow(tiles, cmap="gray", vmin=-1, vmax=1)
        ax.axis("off")
    elif ds.dim == 1:
        lo, hi = min(real.min(), x.min()), max(real.max(), x.max())
        ax.hist(real.ravel(), 80, range=(lo, hi), density=True, alpha=0.5, label="data")
        ax.hist(x.ravel(), 80, range=(lo, hi), density=True, alpha=0.5, label="G")
        ax.legend(loc="upper right")
    else:
        ax.scatter(real[:, 0], real[:, 1], s=2, c="tab:blue", alpha=0.3, label="data")
        ax.scatter(x[:, 0], x[:, 1], s=2, c="tab:orange", alpha=0.6, label="G")
        if ds.modes is not None:
            ax.scatter(ds.modes[:, 0], ds.modes[:, 1], s=30, marker="+", c="k", label="modes")
        ax.set_aspect("equal")
        ax.legend(loc="upper right", markerscale=3)


def plain_figures(out, r):
    """samples.png (final samples vs data) and training.gif (the snapshots), with Agg."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter

    real = r.dataset.sample(2500, np.random.default_rng(1))
    fig, ax = plt.subplots(figsize=(5, 5))
    shown = r.samples if r.dataset.kind != "image" else r.samples[:36]
    _draw(ax, shown, r, real)
    ax.set_title(f"{r.dataset.name}: {r.config['loss']} GAN, step {r.step}")
    fig.savefig(os.path.join(out, "samples.png"), dpi=80)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(4, 4))
    lims = None
    if r.dataset.kind == "2d":
        both = np.concatenate([real] + [s for s in r.snapshots])
        lims = np.percentile(both, [0.5, 99.5], axis=0)

    def frame(i):
        ax.clear()
        _draw(ax, r.snapshots[i], r, real[:500])
        if lims is not None:
            pad = 0.1 * (lims[1] - lims[0])
            ax.set_xlim(lims[0, 0] - pad[0], lims[1, 0] + pad[0])
            ax.set_ylim(lims[0, 1] - pad[1], lims[1, 1] + pad[1])
        ax.set_title(f"step {r.snapshot_steps[i]}")
    anim = FuncAnimation(fig, frame, frames=len(r.snapshots))
    anim.save(os.path.join(out, "training.gif"), writer=PillowWriter(fps=4), dpi=60)
    plt.close(fig)
