"""The plane's computed layers: its box, D's heat map at a finer grid, G's honest arrows, G's manifold, the label.

Arrows. Their length is proportional to |dL_G/dx| (or to its log), on a scale fixed
by a view's first frame and shown in the key, so a vanishing gradient draws
vanishing arrows (``arrow_scale``, ``honest_arrows``).

Manifold (GAN Lab's "manifold" layer). G maps a latent space onto the plane; the image
of a regular grid of z shows how: its lines are G's warped grid lines. The grid's
coordinates are the normal quantiles Phi^-1((i + 1/2) / n), i = 0 .. n-1 (+-1.96 for
n = 20), so the band between two neighbouring lines holds 1/n of z's mass along that
axis and every cell of the grid holds the same share of G's samples: where G's warped
cells are small, its density is high; where they are stretched, it is thin. What is
drawn depends on z's dimension:

    1-D z    the curve G(z) itself (a line can only map to a curve: lesson 14's rank argument)
    2-D z    the images of the grid's n rows and n columns
    3+ D z   the same for a 2-D slice: z1 and z2 on the grid, every other coordinate 0 (z's mean)

Label. One line at the plane's top left says what the buttons do now (the teaching
mode, k, SGD, the G shown), so a collapsed settings section never hides it.

    >>> mode_label({"freeze": "D", "k": 3, "optimizer": "adam", "g_shown": "raw"})
    "freeze D: G's best reply · k = 3 D steps per G step"
    >>> latent_grid(2, 20).shape, latent_grid(1, 20).shape, float(latent_grid(3, 20)[0, 0, 2])
    ((20, 20, 2), (1, 80, 1), 0.0)
"""
from statistics import NormalDist

import numpy as np


# -- the box and D's heat map --------------------------------------------------------------------
def plane_box(s):
    """The plane's box (x0, x1, y0, y1) for a ``LabState`` s: square, around the real points and the modes.

    While drawing, the box the plane had when the drawing began (``s.draw_box``), so the
    axes do not move under the pen and each point lands where it was clicked.
    """
    drawn = s.settings["data"] == "drawn"
    if drawn and getattr(s, "draw_box", None) is not None:
        return tuple(s.draw_box)
    pts = s.real_show if s.dataset.modes is None else np.concatenate([s.real_show, s.dataset.modes])
    if drawn:  # room to draw more: at least the box [-1.5, 1.5]^2
        pts = np.concatenate([pts, [[-1.5, -1.5], [1.5, 1.5]]])
    lo, hi = pts.min(0), pts.max(0)
    mid, half = (lo + hi) / 2, 0.5 * (hi - lo).max() * 1.35 + 0.1
    return (mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half)


def upsample(a, f):
    """Bilinear interpolation of a grid of values a (n, n) at f points per cell: ((n - 1) f + 1, (n - 1) f + 1).

    The corners are a's own values; between them each value is the weighted mean of the 4 around it.
    """
    n = a.shape[0]
    t = np.linspace(0, n - 1, (n - 1) * f + 1)
    i = np.minimum(t.astype(int), n - 2)
    w = t - i
    rows = a[i] * (1 - w)[:, None] + a[i + 1] * w[:, None]  # along the first axis: (m, n)
    return rows[:, i] * (1 - w) + rows[:, i + 1] * w


# -- G's arrows -----------------------------------------------------------------------------------
def nice(v):
    """The 1-2-5 number nearest below v > 0 (0.0037 -> 0.002): a scale a key can print."""
    e = 10 ** np.floor(np.log10(v))
    return float(max(m for m in (1, 2, 5) if m * e <= v * (1 + 1e-9)) * e)


def arrow_scale(g, width):
    """The reference gradient size for arrows g (n, 2): a 1-2-5 number near their 90th-percentile length.

    A view fixes it once (its first frame) and keeps it, so a shrinking gradient draws shrinking arrows.
    """
    length = np.sqrt((g ** 2).sum(1))
    top = np.quantile(length, 0.9) if length.max() > 0 else 1.0
    return nice(max(top, 1e-12))


DECADES = 3  # log arrows: the key's length is the reference size; each third of it one factor of 10 below


def honest_arrows(g, ref, width, mode="linear"):
    """Arrows g (n, 2) = -dL_G/dx as drawn: the reference size ``ref`` is 10% of the box ``width``.

    linear: length proportional to |g| (a 10x smaller gradient draws a 10x shorter arrow; none is cut);
    log: length 0.1 width * (1 + log10(|g| / ref) / DECADES), 0 below ref / 10^DECADES.
    Directions are kept.
    """
    unit = 0.1 * width
    if mode == "linear":
        return g * (unit / ref)
    length = np.sqrt((g ** 2).sum(1))
    drawn = unit * np.maximum(0.0, 1 + np.log10(np.maximum(length, 1e-300) / ref) / DECADES)
    return g * (drawn / np.maximum(length, 1e-300))[:, None]


# -- G's manifold ---------------------------------------------------------------------------------
MANIFOLD_LINES = 20  # grid lines per axis: one G forward on 20 x 20 = 400 points a frame


def latent_grid(noise_dim, n=MANIFOLD_LINES):
    """The latent points whose images draw G's manifold, float32 (L, P, noise_dim): L polylines of P points.

    noise_dim >= 2: the n x n grid, row i at z1 = q_i, column j at z2 = q_j, with q the normal quantiles
    Phi^-1((i + 1/2) / n); coordinates past the second are 0. noise_dim = 1: one line of 4n quantiles.
    """
    if noise_dim < 1:
        raise ValueError(f"noise_dim must be at least 1, got {noise_dim}")
    if noise_dim == 1:
        q = np.array([NormalDist().inv_cdf((i + 0.5) / (4 * n)) for i in range(4 * n)])
        return q.reshape(1, -1, 1).astype(np.float32)
    q = np.array([NormalDist().inv_cdf((i + 0.5) / n) for i in range(n)])
    z = np.zeros((n, n, noise_dim), dtype=np.float32)
    z[..., 0], z[..., 1] = np.meshgrid(q, q, indexing="ij")  # z[i, j] = (q_i, q_j, 0, ...)
    return z


def manifold_lines(generate, noise_dim, n=MANIFOLD_LINES):
    """G's warped grid lines on the plane, (L, P, 2) in data units, for a LineCollection.

    generate: host z (m, noise_dim) -> host x (m, 2), e.g. ``LabState.generate``. 2-D or more z:
    the images of the grid's n rows, then of its n columns (L = 2n, P = n); 1-D z: the curve G(z) (L = 1).
    """
    z = latent_grid(noise_dim, n)
    x = np.asarray(generate(z.reshape(-1, noise_dim))).reshape(*z.shape[:2], -1)
    return x if noise_dim == 1 else np.concatenate([x, x.transpose(1, 0, 2)])


def manifold_note(noise_dim):
    """The manifold's entry in the plane's key: what is drawn for this z dimension."""
    if noise_dim == 1:
        return "G's manifold: the curve G(z)"
    if noise_dim == 2:
        return "G's manifold: G of a z grid"
    held = "z3" if noise_dim == 3 else f"z3..z{noise_dim}"  # the coordinates the grid holds at 0
    return f"G's manifold: G of a z grid (z1, z2; {held} = 0)"


# -- the label ------------------------------------------------------------------------------------
FREEZE_WORDS = {None: "train both", "G": "freeze G: D alone learns (D -> D*)", "D": "freeze D: G's best reply"}


def mode_label(settings):
    """What the step buttons do now, one line: the teaching mode, then k, SGD and the G shown (where not the default)."""
    parts = [FREEZE_WORDS[settings["freeze"]]]
    if settings["k"] > 1:
        parts.append(f"k = {settings['k']} D steps per G step")
    if settings["optimizer"] == "sgd":
        parts.append("SGD steps")
    if settings.get("g_shown", "raw") != "raw":
        parts.append(f"G shown: {settings['g_shown']}")
    return " · ".join(parts)
