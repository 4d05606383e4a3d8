"""Pictures of samples over time: image grids, fixed-z snapshots, a training GIF.

Images are rows of side*side pixels (or (n, side, side) arrays) with values
in [-1, 1], the range of G's tanh output: -1 is drawn black, 1 white.
Snapshots are G's samples of one fixed z recorded during training, so any
change between them is G learning, not new noise.
"""
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .. import backend
from .base import FAKE, REAL, finish, new_figure


def as_images(x):
    """(n, side*side), (n, side, side) or (n, 1, side, side) -> (n, side, side) floats in [-1, 1]."""
    x = np.asarray(backend.to_numpy(x), dtype=np.float64)
    n = x.shape[0] if x.ndim else 0
    flat = x.reshape(n, -1) if n else x
    side = int(round(math.sqrt(flat.shape[-1]))) if n else 0
    if n == 0 or side * side != flat.shape[-1]:
        raise ValueError(f"expected square images: (n, side*side) or (n, side, side), got shape {x.shape}")
    return np.clip(flat.reshape(n, side, side), -1, 1)


def montage(images, ncols, pad=2, fill=0.0):
    """Tile images (n, h, w) into one (rows*(h+pad)-pad, ncols*(w+pad)-pad) array, blank cells = ``fill``."""
    n, h, w = images.shape
    rows = math.ceil(n / ncols)
    out = np.full((rows * (h + pad) - pad, ncols * (w + pad) - pad), fill)
    for i, img in enumerate(images):
        r, c = divmod(i, ncols)
        out[r * (h + pad):r * (h + pad) + h, c * (w + pad):c * (w + pad) + w] = img
    return out


def _show(fig, ax, tiles):
    img = ax.imshow(tiles, cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
    bar = fig.colorbar(img, ax=ax, shrink=0.8, ticks=[-1, 0, 1])
    bar.set_label("pixel value (-1 black, 1 white)")
    return img


def image_grid(images, ncols=None, title=None):
    """All n images in one grid (ncols default ceil(sqrt(n))), as a Figure >= 1,200 px wide."""
    images = as_images(images)
    ncols = ncols or math.ceil(math.sqrt(len(images)))
    rows = math.ceil(len(images) / ncols)
    fig = new_figure(12, max(4.0, min(12.0, 10.0 * rows / ncols + 1.5)))
    ax = fig.subplots()
    _show(fig, ax, montage(images, ncols))
    ax.set(xticks=[], yticks=[], xlabel=f"{len(images)} samples, {images.shape[1]}x{images.shape[1]} pixels")
    if title:
        ax.set_title(title)
    return finish(fig)


def _snapshots(snapshots, steps):
    """Accept [(step, x), ...], [{"step", "samples"}, ...] or (list of arrays, steps) -> two lists."""
    if steps is not None:
        return list(steps), list(snapshots)
    if snapshots and isinstance(snapshots[0], dict):
        return [s["step"] for s in snapshots], [s["samples"] for s in snapshots]
    return [s for s, _ in snapshots], [x for _, x in snapshots]


def evenly_spaced(n, k):
    """At most k indices spread evenly over range(n), first and last included (all of them when n <= k).

    The rows of ``snapshot_grid`` and the frames of ``training_gif`` of a long run; k = 1 keeps the last.
    """
    if n <= k:
        return list(range(n))
    if k < 1:
        raise ValueError(f"keep at least one of the {n}, got k = {k}")
    return [n - 1] if k == 1 else sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


def snapshot_grid(snapshots, steps=None, per_row=10, max_rows=8):
    """Fixed-z image samples over training: one row per snapshot, labelled by step.

    snapshots: arrays of images (see ``as_images``) with ``steps``, or
    [(step, images), ...]. At most ``max_rows`` rows, spread over the run.
    """
    steps, xs = _snapshots(snapshots, steps)
    rows = evenly_spaced(len(xs), max_rows)
    strips = [montage(as_images(xs[i])[:per_row], per_row) for i in rows]
    s = strips[0].shape[0]
    tiles = montage(np.stack(strips), 1, pad=6)
    fig = new_figure(12, max(4.0, min(12.0, 12.0 * len(rows) * s / strips[0].shape[1] + 1.5)))
    ax = fig.subplots()
    _show(fig, ax, tiles)
    ax.set(xticks=[], yticks=[(s + 6) * r + s / 2 for r in range(len(rows))],
           yticklabels=[f"step {steps[i]}" for i in rows], xlabel=f"the same {per_row} z, left to right",
           title="G(z) for a fixed z during training")
    return finish(fig)


def training_gif(path, snapshots, steps=None, real=None, kind=None, fps=4, width=10.0, max_frames=30, labels=None):
    """Write an animated GIF of the snapshots to ``path`` (Pillow: no ffmpeg); returns frame count.

    kind: "1d" (histogram of samples, data behind), "2d" (scatter), "image"
    (grid); guessed from the shape when None. real: data samples for 1-D/2-D.
    labels: the axis names of the coordinates (e.g. a CSV header), else x / x1, x2.
    Each snapshot is one frame (at most ``max_frames``, spread over the run,
    which keeps even noisy image frames under 5 MB); ``width`` inches at 100 dpi.
    """
    steps, xs = _snapshots(snapshots, steps)
    keep = evenly_spaced(len(xs), max_frames)
    steps, xs = [steps[i] for i in keep], [xs[i] for i in keep]
    xs = [np.asarray(backend.to_numpy(x), dtype=np.float64) for x in xs]
    if not xs:
        raise ValueError("training_gif needs at least one snapshot")
    dim = xs[0].reshape(len(xs[0]), -1).shape[1]
    kind = kind or ("1d" if dim == 1 else "2d" if dim == 2 else "image")
    real = None if real is None else np.asarray(real, dtype=np.float64).reshape(-1, dim)
    fig = new_figure(width, width * 0.6)
    ax = fig.subplots()
    both = np.concatenate(xs + ([real] if real is not None else [])).reshape(-1, dim)
    lo, hi = np.quantile(both, 0.005, axis=0), np.quantile(both, 0.995, axis=0)
    pad = 0.08 * (hi - lo) + 1e-9
    top = None
    if kind == "1d":  # one y scale for every frame, so heights can be compared
        bins = np.linspace(lo[0] - pad[0], hi[0] + pad[0], 61)
        top = 1.1 * max(np.histogram(x, bins, density=True)[0].max() for x in xs + ([real] if real is not None else []))
    frames, moving, canvas = [], None, FigureCanvasAgg(fig)
    for step, x in zip(steps, xs):
        if moving is not None:  # a 2-D frame after the first: only G's points and the step change
            moving.set_offsets(x[:, :2])
            ax.title.set_text(f"training step {step}")
        else:
            ax.clear()
            _frame(fig, ax, x, real, kind, lo - pad, hi + pad, labels)
            if top:
                ax.set_ylim(0, top)
            ax.set_title(f"training step {step}")
            finish(fig)
            moving = ax.collections[-1] if kind == "2d" else None  # G's scatter, drawn last
        frames.append(_gif_frame(canvas))
        fig.set_layout_engine("none")  # frames share the first frame's layout: no per-frame solve
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=int(1000 / fps), loop=0)
    return len(xs)


def _gif_frame(canvas):
    """The figure on ``canvas`` (Agg) as one GIF frame: drawn, then reduced to 256 colours by Pillow's
    fast octree (its default median cut took ~0.1 s a frame, half the GIF's time)."""
    canvas.draw()
    rgb = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    return rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def _frame(fig, ax, x, real, kind, lo, hi, labels=None):
    """Draw one GIF frame of samples x on ax."""
    if kind == "image":
        ims = as_images(x)[:36]
        ax.imshow(montage(ims, math.ceil(math.sqrt(len(ims)))), cmap="gray", vmin=-1, vmax=1)
        ax.set(xticks=[], yticks=[], xlabel="samples G(z) of one fixed z")
        return
    if kind == "1d":
        bins = np.linspace(lo[0], hi[0], 60)
        if real is not None:
            ax.hist(real.ravel(), bins, density=True, color="0.75", label="real data")
        ax.hist(x.ravel(), bins, density=True, histtype="step", lw=2.5, color=FAKE, label="generator G(z)")
        ax.set(xlim=(lo[0], hi[0]), xlabel=(labels or ["x"])[0], ylabel="density")
    else:
        if real is not None:
            ax.scatter(real[:, 0], real[:, 1], s=6, color=REAL, alpha=0.4, label="real data")
        ax.scatter(x[:, 0], x[:, 1], s=8, color=FAKE, label="generator G(z)")
        x1, x2 = (labels or ["x1", "x2"])[:2]
        ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel=x1, ylabel=x2, aspect="equal")
    ax.legend(loc="upper right")
