"""The lab's figures: each on its own Agg canvas, encoded fast as PNG for the page.

    >>> fig = new_figure(2.0, 1.0)
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
"""
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def new_figure(width, height, dpi=80):
    """A Figure on its own Agg canvas (not pyplot's: many live views, none shown by accident)."""
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig, draw=True):
    """A matplotlib Figure (on an Agg canvas) as PNG bytes, encoded fast (zlib level 1, 3 colour channels).

    draw=False: the caller has just drawn the canvas itself (a blitted live frame), so it is not drawn again.
    """
    from PIL import Image
    if draw:
        fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    out = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(out, format="png", compress_level=1)
    return out.getvalue()
