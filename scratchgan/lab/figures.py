"""The lab's figures: each on its own Agg canvas, encoded fast (PNG, or JPEG for live frames); D's live heat map.

    >>> fig = new_figure(2.0, 1.0)
    >>> figure_png(fig)[:4], figure_jpeg(fig)[:3]
    (b'\\x89PNG', b'\\xff\\xd8\\xff')
"""
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.transforms import IdentityTransform

JPEG_QUALITY = 90  # live frames: ~3x smaller and ~3x faster to encode than PNG level 1; no chroma subsampling (4:4:4),
# so thin blue arrows and small dots keep their colour edges (4:2:0 smears them over 2 x 2 pixels)


def new_figure(width, height, dpi=80):
    """A Figure on its own Agg canvas (not pyplot's: many live views, none shown by accident)."""
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _rgb(fig, draw):
    from PIL import Image
    if draw:
        fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return image.convert("RGB")  # PIL drops alpha faster than a NumPy view's copy


def figure_png(fig, draw=True):
    """A matplotlib Figure (on an Agg canvas) as PNG bytes, encoded fast (zlib level 1, 3 colour channels).

    draw=False: the caller has just drawn the canvas itself (a blitted live frame), so it is not drawn again.
    """
    out = io.BytesIO()
    _rgb(fig, draw).save(out, format="png", compress_level=1)
    return out.getvalue()


def figure_jpeg(fig, draw=True, quality=JPEG_QUALITY):
    """The same picture as JPEG bytes (quality 90, 4:4:4): what a live frame sends to the page (``figure_png``'s draw)."""
    out = io.BytesIO()
    _rgb(fig, draw).save(out, format="jpeg", quality=quality, subsampling=0)
    return out.getvalue()


class HeatImage(AxesImage):
    """A heat map drawn at the screen's own pixels: each pixel of the axes gets the bilinear interpolation of a
    grid of values (n, n) at the pixel's centre, coloured by the image's colormap and norm; nothing resampled.

    ``set_grid(values, extent)``: the values at the grid points, the grid spanning extent (x0, x1, y0, y1) in
    data units. The interpolation is two matrix products, R_y @ values @ R_x^T, with R (pixels, n) the bilinear
    weights of each pixel centre (two non-zeros a row), made once per box of pixels; the colours come from a
    256-entry table, as the colormap itself picks them (value -> floor(N * norm(value))). A live plane used
    imshow at 4x the grid: drawing it (matplotlib resamples the image to the screen) took 10-17 ms of a frame
    under load; this takes ~4 ms (interpolation 0.4, colours 1.5, Agg's blending 1.5).
    """

    def __init__(self, ax, **kwargs):
        super().__init__(ax, **kwargs)
        self._cache = None

    def set_grid(self, values, extent):
        """The values (n, n) at the grid points (row i at y_i, column j at x_j), the grid's extent (x0, x1, y0, y1)."""
        self.grid_values, self.grid_extent = np.asarray(values, dtype=np.float64), tuple(extent)
        self.set_data(self.grid_values)  # the mappable's array (the colour bar), never resampled here
        self.stale = True

    def pixel_values(self, renderer=None):
        """The interpolated values at the pixel centres of the axes' box, its bottom-left pixel (l, b) and rows from
        the bottom, as Agg's ``draw_image`` takes them: ((l, b), (H, W) array)."""
        box = self.axes.bbox
        l, b = int(round(box.x0)), int(round(box.y0))  # the whole pixels of the box (Agg's clip snaps alike)
        W, H = int(round(box.x1)) - l, int(round(box.y1)) - b
        n = self.grid_values.shape[0]
        key = (l, b, W, H, self.grid_extent, n, tuple(self.axes.viewLim.bounds))
        if self._cache is None or self._cache[0] != key:
            inv = self.axes.transData.inverted()
            xs = inv.transform(np.stack([l + np.arange(W) + 0.5, np.full(W, box.y0)], 1))[:, 0]
            ys = inv.transform(np.stack([np.full(H, box.x0), b + np.arange(H) + 0.5], 1))[:, 1]
            x0, x1, y0, y1 = self.grid_extent
            self._cache = (key, bilinear_weights(xs, x0, x1, n), bilinear_weights(ys, y0, y1, n))
        _, rx, ry = self._cache
        return (l, b), ry @ self.grid_values @ rx.T

    def make_image(self, renderer, magnification=1.0, unsampled=False):
        (l, b), v = self.pixel_values(renderer)
        N = self.cmap.N
        lut = self.cmap(np.arange(N), bytes=True)  # (N, 4) uint8, the colormap's own table
        lut[:, 3] = np.round(lut[:, 3] * self._get_scalar_alpha())  # the image's alpha (Agg's draw_image ignores it)
        t = self.norm(v)
        idx = np.clip(np.asarray(t, dtype=np.float64) * N, 0, N - 1).astype(np.intp)
        rgba = lut.view(np.uint32)[idx, 0].view(np.uint8).reshape(*idx.shape, 4)  # a 4-byte gather: 4x lut[idx]
        return rgba, l, b, IdentityTransform()


def bilinear_weights(t, t0, t1, n):
    """Weights R (m, n): R @ a is the linear interpolation at points t (m,) of values a at n points spanning [t0, t1]
    (clamped at the ends)."""
    f = np.clip((np.asarray(t) - t0) / (t1 - t0) * (n - 1), 0, n - 1)
    i = np.minimum(f.astype(int), n - 2)
    w = f - i
    r = np.zeros((len(f), n))
    r[np.arange(len(f)), i] = 1 - w
    r[np.arange(len(f)), i + 1] = w
    return r
