"""The data a teacher draws: points clicked (or dragged) on the plane, made a data set with modes.

``LabState`` trains on ``drawn_dataset(points)`` when the setting ``data`` is "drawn";
the widget collects the points (``widget.Lab.add_points``, ``inputs.ClickInput``) and
``overlays.plane_box`` holds the plane's box still while they come. ``from scratchgan.lab
import drawn_dataset`` imports it from here.

    >>> ds = drawn_dataset([(0.0, 0.0), (0.01, 0.0), (1.0, 1.0)])
    >>> len(ds.modes), ds.sample(4, __import__("numpy").random.default_rng(0)).shape
    (2, (4, 2))
"""
import numpy as np

from .. import data


def drawn_dataset(points, std=0.05):
    """A data set from points a teacher clicked, (n, 2): each step draws rows uniformly, plus N(0, std^2) jitter.

    The modes (what the strip counts as captured or missed) are the clusters of the points:
    a point within 3 std of an earlier mode joins it, so two clicks on one spot make one mode.
    """
    x = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(x) < 1:
        raise ValueError("no points drawn yet; click on the plane to add data points")
    mix = data.gaussian_mixture("drawn", x, std)  # a draw: one clicked point, plus N(0, std^2) jitter
    modes = []  # clicks within 3 std of an earlier one count as the same mode
    for p in x:
        if not modes or np.min(np.abs(np.asarray(modes) - p).max(1)) > 3 * std:
            modes.append(p)
    return data.Dataset("drawn", 2, mix.kind, mix.sample, modes=modes, mode_std=std)
