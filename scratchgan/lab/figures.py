"""The lab's figures: each on its own Agg canvas, encoded fast as PNG for the page.

    >>> fig = new_figure(2.0, 1.0)
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
"""
import io

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
    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="png", compress_level=1)  # PIL drops alpha faster than a NumPy view's copy
    return out.getvalue()
