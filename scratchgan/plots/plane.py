"""The GAN Lab view of a 2-D game (after Kahng et al. 2018, poloclub/ganlab).

* a heat map of D over the plane: P(x is real) for the BCE losses, the critic
  score for the others,
* real points (black) and fake points G(z) (vermillion),
* arrows on the fake points: -dL_G/dx, the direction in which the generator's
  loss falls fastest, computed by D's own backward pass (so G moves its
  samples along these arrows, through its weights),
* for mixtures, each mode centre marked captured (circle) or missed (cross).

Mode capture follows PacGAN (Lin et al. 2018): assign every sample to its
nearest mode in std-normalised distance |x - mu_k| / std; a mode is captured
when at least one sample lies within 3 std of it (``metrics.mode_coverage``).

``generator_arrows`` is THE home of "G's arrows": the plane view and the lab both call it.
"""
import numpy as np

from .. import backend, losses
from ..losses import BCE_KINDS
from ..metrics import mode_coverage
from .base import FAKE, OKABE_ITO, REAL, d_label, d_output, finish, g_output, new_figure


def generator_arrows(gan, fake, shift=0.0, scale=1.0, labels=None):
    """-dL_G/dx at the fake points x (n, dim) -> host (n, dim), with L_G the mean generator loss.

    Chain rule through D only (``GAN.fake_gradient``): L_G = mean l(D_logit(x_i)) so
    dL_G/dx_i = l'(logit_i) / n * dlogit/dx_i, and D's backward gives the second factor.
    With standardised data x' = (x - shift) / scale, dL/dx = dL/dx' / scale.
    A conditional GAN's fakes come with ``labels`` (n,) ints, the classes they were asked for.
    """
    x = backend.asarray(((np.asarray(fake, dtype=np.float64) - shift) / scale).astype(np.float32))
    _, dx = gan.fake_gradient(x) if labels is None else gan.fake_gradient(x, labels=backend.asarray(labels))
    return -backend.to_numpy(dx).astype(np.float64) / scale


def generator_loss_at(gan, fake, shift=0.0, scale=1.0):
    """L_G for the fake batch x (n, dim) as a Python float (what the arrows make smaller)."""
    x = ((np.asarray(fake, dtype=np.float64) - shift) / scale).astype(np.float32)
    logits = gan.D(gan.packed(backend.asarray(x)))
    return float(losses.generator_loss(logits, gan.loss)[0])


def captured_modes(samples, modes, std, radius=3.0):
    """Which modes (K,) are captured by samples (n, dim), by the PacGAN rule above: bools (K,)."""
    return np.asarray(mode_coverage(samples, modes, std, threshold=radius)["counts"]) > 0


def _extent(real, fake, modes):
    """Square-ish box around real data and modes, widened for fakes up to one box width."""
    pts = np.concatenate([real] + ([modes] if modes is not None else []))
    lo, hi = pts.min(0), pts.max(0)
    w = hi - lo
    lo = np.maximum(np.minimum(lo, np.quantile(fake, 0.02, axis=0)), lo - w)
    hi = np.minimum(np.maximum(hi, np.quantile(fake, 0.98, axis=0)), hi + w)
    pad = 0.12 * (hi - lo).max()
    return lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad


def plane(gan, real, modes=None, mode_std=None, n_fake=512, n_arrows=120, grid=160, seed=0,
          extent=None, title=None, units=(0.0, 1.0), n_count=2500):
    """The GAN Lab picture of D, G and the data in 2-D, as a 1,200 x 950 px Figure.

    real: (n, 2) host array of data; modes (K, 2) and mode_std to mark coverage.
    Fake points use z from ``np.random.default_rng(seed)``, so a seed fixes them;
    n_fake are drawn, and modes are counted on n_count of them (2,500 as in PacGAN).
    units = (shift, scale) when G and D work on (x - shift) / scale (``train.train``).
    """
    real = np.asarray(backend.to_numpy(real), dtype=np.float64)
    if real.ndim != 2 or real.shape[1] != 2:
        raise ValueError(f"plane() draws 2-D data; real has shape {real.shape}, expected (n, 2)")
    rng = np.random.default_rng(seed)
    many = g_output(gan, rng.standard_normal((max(n_fake, n_count), gan.noise_dim)), *units)
    fake = many[:n_fake]
    x0, x1, y0, y1 = extent or _extent(real, fake, modes)
    gx, gy = np.meshgrid(np.linspace(x0, x1, grid), np.linspace(y0, y1, grid))
    heat = d_output(gan, np.stack([gx.ravel(), gy.ravel()], 1), *units).reshape(grid, grid)

    fig = new_figure(12, 9.5)
    ax = fig.subplots()
    if gan.loss in BCE_KINDS:
        norm = dict(vmin=0, vmax=1)
    else:
        m = np.abs(heat).max() or 1.0
        norm = dict(vmin=-m, vmax=m)
    img = ax.imshow(heat, origin="lower", extent=(x0, x1, y0, y1), cmap="PRGn", alpha=0.8, aspect="auto", **norm)
    packed = f", on {gan.pack} copies of x" if gan.pack > 1 else ""
    fig.colorbar(img, ax=ax, label=f"{d_label(gan)}{packed}  (green: real)", shrink=0.9)
    ax.scatter(fake[:, 0], fake[:, 1], s=10, color=FAKE, label="fake G(z)", zorder=3)
    ax.scatter(real[:, 0], real[:, 1], s=8, color=REAL, label="real data", zorder=4)
    k = min(n_arrows, n_fake) // gan.pack * gan.pack  # PacGAN's D reads whole packs
    g = generator_arrows(gan, fake[:k], *units)
    length = np.sqrt((g ** 2).sum(1))
    top = np.quantile(length, 0.95) if length.max() > 0 else 1.0
    g = g / top * 0.07 * max(x1 - x0, y1 - y0) * np.minimum(1, top / np.maximum(length, 1e-30))[:, None]
    ax.quiver(fake[:k, 0], fake[:k, 1], g[:, 0], g[:, 1], angles="xy", scale_units="xy", scale=1,
              color=OKABE_ITO["blue"], width=0.003, zorder=4, label="-dL_G/dx: where G pushes its samples")
    heading = title or "D over the plane, data, samples and G's gradient"
    if modes is not None and mode_std is not None:
        hit = captured_modes(many, modes, mode_std)
        if hit.any():
            ax.scatter(*np.asarray(modes)[hit].T, s=450, facecolors="none", edgecolors="k",
                       linewidths=3, zorder=5, label="mode captured (a sample within 3 std)")
        if not hit.all():
            ax.scatter(*np.asarray(modes)[~hit].T, s=260, marker="X", color=OKABE_ITO["yellow"], edgecolors="k",
                       linewidths=1.5, zorder=5, label="mode missed")
        heading += f"\n{hit.sum()} of {len(hit)} modes captured by {len(many)} samples"
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="x1", ylabel="x2", title=heading, aspect="equal")
    legend = fig.legend(loc="outside lower center", ncols=3, frameon=False)
    for handle in legend.legend_handles:  # one readable marker size, whatever the plot uses
        if hasattr(handle, "set_sizes"):
            handle.set_sizes([90])
    return finish(fig)
