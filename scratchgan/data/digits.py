"""Offline digits: 0-9 drawn from matplotlib's bundled fonts, warped like handwriting.

No download, no disk cache: each digit of each font is rasterised once (with
matplotlib's TextPath), then every sample is that glyph seen through its own
random affine map, sampled with bilinear interpolation for all images at once.

For an output pixel p (row, col of the 28x28 image) the glyph is read at

    q = centroid + A^-1 (p - centre - t),   A = R(theta) @ Shear(k) @ diag(s_row, s_col)

so the glyph's centre of mass lands on the image centre plus a small shift t,
as MNIST centres its digits by mass (an affine map moves the centroid with it).
Stroke width comes from dilating the glyph, blur from a 3x3 filter mixed in
by a random amount. Pixels follow MNIST's scaling: background -1, strokes +1.
``draw(n, seed)`` makes the images; ``dataset`` the "digits" set of ``data.get_dataset``.

    >>> from scratchgan.data import digits
    >>> x, labels = digits.draw(n=10, seed=3)
    >>> float(x.min()), float(x.max())
    (-1.0, 1.0)
    >>> sorted(labels.tolist())
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
"""
import functools
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath

from .dataset import table_rows

FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
         "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf")
S = 4  # master resolution: S master pixels per output pixel
SIDE = 28  # output images are SIDE x SIDE
HEIGHT = 19.0  # glyph height in output pixels (MNIST fits digits in a 20x20 box)
DILATIONS = (0, 1, 3)  # stroke thickening, in master pixels (0 to 0.75 output pixel)


def _rasterise(char, face):
    """Binary (SIDE*S, SIDE*S) image of one glyph, HEIGHT*S pixels tall, centred by its box."""
    path = TextPath((0, 0), char, prop=FontProperties(fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / face)), size=100)
    box = path.get_extents()
    n = SIDE * S
    scale = HEIGHT * S / box.height
    rows, cols = np.mgrid[0:n, 0:n] + 0.5
    # image row grows downwards, font y grows upwards
    pts = np.c_[(cols.ravel() - n / 2) / scale + (box.x0 + box.x1) / 2,
                (n / 2 - rows.ravel()) / scale + (box.y0 + box.y1) / 2]
    inside = np.zeros(len(pts), bool)
    for polygon in path.to_polygons():  # even-odd rule: the holes of 0, 4, 6, 8, 9 stay empty
        inside ^= MplPath(polygon).contains_points(pts)
    return inside.reshape(n, n)


def _dilate(img, r):
    """Max over a disc of radius r pixels: every stroke grows by r on each side."""
    out = img.copy()
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if 0 < dy * dy + dx * dx <= r * r:
                out |= np.roll(np.roll(img, dy, 0), dx, 1)
    return out


def _box_blur(img, w):
    """Mean over a w x w window (anti-aliasing before sampling at 1/w of the resolution)."""
    out = sum(np.roll(img, d, 0) for d in range(-(w // 2), w - w // 2)) / w
    return sum(np.roll(out, d, 1) for d in range(-(w // 2), w - w // 2)) / w


@functools.lru_cache(maxsize=1)
def masters():
    """Every glyph variant, float32 (10, faces, dilations, SIDE*S, SIDE*S) in [0, 1],
    and each variant's centroid in output-pixel units, shape (10, faces, dilations, 2)."""
    n = SIDE * S
    ink = np.zeros((10, len(FACES), len(DILATIONS), n, n), np.float32)
    for c in range(10):
        for f, face in enumerate(FACES):
            glyph = _rasterise(str(c), face)
            for w, r in enumerate(DILATIONS):
                ink[c, f, w] = _box_blur(_dilate(glyph, r).astype(np.float32), S)
    coord = (np.arange(n) + 0.5) / S - 0.5  # master pixel j's centre in output-pixel units
    mass = ink.sum(axis=(-2, -1))
    centroid = np.stack([(ink.sum(-1) * coord).sum(-1) / mass, (ink.sum(-2) * coord).sum(-1) / mass], -1)
    return ink, centroid


def _bilinear(flat_ink, v, r, c, n):
    """Sample glyph variants v (B,) at master coordinates (r, c) (B, P), bilinearly.

    Coordinates are clamped to the canvas, whose border rows and columns are
    empty (the glyph fills its middle), so reads outside the glyph give 0.
    """
    r, c = np.clip(r, 0, n - 1.001), np.clip(c, 0, n - 1.001)
    r0, c0 = r.astype(np.int32), c.astype(np.int32)  # floor, as both are >= 0
    fr, fc = r - r0, c - c0
    i = v[:, None].astype(np.int32) * (n * n) + r0 * n + c0
    top = flat_ink[i] * (1 - fc) + flat_ink[i + 1] * fc
    bottom = flat_ink[i + n] * (1 - fc) + flat_ink[i + n + 1] * fc
    return top * (1 - fr) + bottom * fr


def draw(n=10000, seed=0, chunk=2000):
    """n offline digits: x float32 (n, 784) in [-1, 1], labels int64 (n,), balanced classes.

    Deterministic per seed (its own NumPy Generator; global random state untouched).
    Each sample draws: font and stroke width, rotation +-15 deg, scale 0.85-1.1 (rows)
    and 0.7-1.0 (columns), shear +-0.3, shift N(0, 0.7) px, blur 0-0.8, contrast 1.1-1.6.
    """
    if n < 1:
        raise ValueError(f"digits.draw(n={n}): n must be a positive number of images")
    ink, centroid = masters()
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n) % 10)
    face = rng.integers(len(FACES), size=n)
    width = rng.integers(len(DILATIONS), size=n)
    theta = np.deg2rad(rng.uniform(-15, 15, n))
    s_row, s_col = rng.uniform(0.85, 1.1, n), rng.uniform(0.7, 1.0, n)
    shear = rng.uniform(-0.3, 0.3, n)
    shift = rng.normal(0, 0.7, (n, 2)).astype(np.float32)
    blur, gain = rng.uniform(0, 0.8, n), rng.uniform(1.1, 1.6, n)
    # A = R @ Shear @ diag(s_row, s_col) acting on (row, col) offsets; invert each 2x2
    cos, sin = np.cos(theta), np.sin(theta)
    R = np.stack([np.stack([cos, -sin], -1), np.stack([sin, cos], -1)], -2)
    K = np.zeros((n, 2, 2))
    K[:, 0, 0] = K[:, 1, 1] = 1
    K[:, 0, 1] = shear
    A = R @ K @ (np.eye(2) * np.stack([s_row, s_col], -1)[:, None, :])
    A_inv = np.linalg.inv(A).astype(np.float32)
    rows, cols = (g.reshape(-1).astype(np.float32) - SIDE / 2 for g in np.mgrid[0:SIDE, 0:SIDE])  # MNIST: mass at (14, 14)
    m = SIDE * S
    flat_ink = ink.reshape(-1)
    v = (labels * len(FACES) + face) * len(DILATIONS) + width
    q0 = (centroid.reshape(-1, 2)[v].astype(np.float32) + 0.5) * S - 0.5  # in master pixels
    x = np.empty((n, SIDE * SIDE), np.float32)
    for a in range(0, n, chunk):
        b = slice(a, min(a + chunk, n))
        dr, dc = rows[None] - shift[b, 0:1], cols[None] - shift[b, 1:2]  # (B, 784) offsets from the centre
        r = q0[b, 0:1] + S * (A_inv[b, 0, 0:1] * dr + A_inv[b, 0, 1:2] * dc)
        c = q0[b, 1:2] + S * (A_inv[b, 1, 0:1] * dr + A_inv[b, 1, 1:2] * dc)
        x[b] = _bilinear(flat_ink, v[b], r, c, m)
    img = x.reshape(n, SIDE, SIDE)
    soft = np.pad(img, ((0, 0), (1, 1), (1, 1)))
    soft = (soft[:, :-2] + 2 * soft[:, 1:-1] + soft[:, 2:]) / 4  # [1 2 1]/4 down the rows
    soft = (soft[:, :, :-2] + 2 * soft[:, :, 1:-1] + soft[:, :, 2:]) / 4  # and along the columns
    img = (1 - blur[:, None, None]) * img + blur[:, None, None] * soft
    img = np.clip(gain[:, None, None] * img, 0, 1)
    return (2 * img - 1).reshape(n, SIDE * SIDE).astype(np.float32), labels.astype(np.int64)


def dataset(n=10000, seed=0):
    """The "digits" data set: ``n`` images drawn with ``seed`` to train on, and 1,000 more
    drawn with seed + 1 held out (G and D never see them; the image scores compare against them)."""
    x, labels = draw(n=n, seed=seed)
    held, held_labels = draw(n=1000, seed=seed + 1)
    return table_rows("digits", x, "image", labels=labels, held_out=held, held_out_labels=held_labels)
