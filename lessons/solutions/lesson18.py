"""Solutions to lesson 18 (the lab), for teachers."""
import numpy as np


def game_value(l_real, l_fake):
    """V(D, G) from D's logits on a real batch (n,) and a fake batch (m,): a float."""
    return -(np.logaddexp(0, -l_real).mean() + np.logaddexp(0, l_fake).mean())


def pixel_to_data(px, py, box, limits, height):
    """A click at pixel (px, py) (origin top left) -> (x, y) in data units.

    box = (x0, y0, x1, y1): the axes in pixels from the bottom left; limits = (xmin, xmax, ymin, ymax).
    """
    x0, y0, x1, y1 = box
    xmin, xmax, ymin, ymax = limits
    y_pix = height - py
    return (xmin + (px - x0) / (x1 - x0) * (xmax - xmin), ymin + (y_pix - y0) / (y1 - y0) * (ymax - ymin))
