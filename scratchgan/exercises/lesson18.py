"""Checks for the exercises of lesson 18 (the lab).

The references are V(D, G) from logits written with ``np.logaddexp`` and matplotlib's own
pixel-to-data transform. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import CheckFailed, rel_error


@exercise("18.game_value", hints=(
    "V is D's score averaged over each batch separately; a sure D (logits near +-60) must not give -inf",
    "write log sigma(l) and log(1 - sigma(l)) without ever forming sigma(l): lesson 04 turned both into softplus",
    "np.logaddexp(0, t) is softplus(t) computed safely for any t; mind which sign of the logit each term needs",
), tol=1e-10)
def check_game_value(game_value):
    rng = np.random.default_rng(18)
    worst, errs, scales = 0.0, [], (1.0, 60.0)
    for scale in scales:  # 60: D is sure, and log(sigmoid) written naively gives -inf
        l_real, l_fake = scale * rng.standard_normal(200), scale * rng.standard_normal(300)
        want = -(np.logaddexp(0, -l_real).mean() + np.logaddexp(0, l_fake).mean())
        got = game_value(l_real.copy(), l_fake.copy())
        if np.ndim(got) != 0:
            raise CheckFailed("return one number (the mean over both batches), got shape {shape}", shape=np.shape(got))
        err = rel_error(np.asarray(got, dtype=np.float64), np.asarray(want))
        worst = max(worst, err)
        errs.append(err)
    return worst, say("logits ~ {s1:g} N(0, 1): {e1:.1e}, logits ~ {s2:g} N(0, 1): {e2:.1e}",
                      s1=scales[0], e1=errs[0], s2=scales[1], e2=errs[1])


@exercise("18.pixel_to_data", hints=(
    "a click is a point in pixels; the axes box maps linearly onto the data limits, one axis at a time",
    "the image's rows count down from the top, but the box's y0, y1 count up from the bottom",
    "first turn py into a height from the bottom, then take the fraction of the box it lies at and scale it to the limits",
), tol=1e-9)
def check_pixel_to_data(pixel_to_data):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    rng = np.random.default_rng(18)
    worst = 0.0
    for _ in range(5):  # matplotlib's own transform is the reference
        W, H = rng.integers(300, 900, 2)
        fig = Figure(figsize=(W / 100, H / 100), dpi=100)
        FigureCanvasAgg(fig)
        left, bottom = rng.uniform(0.05, 0.3, 2)
        ax = fig.add_axes((left, bottom, rng.uniform(0.3, 0.9 - left), rng.uniform(0.3, 0.9 - bottom)))
        xmin, ymin = rng.uniform(-5, 0, 2)
        limits = (xmin, xmin + rng.uniform(0.5, 6), ymin, ymin + rng.uniform(0.5, 6))
        ax.set_xlim(limits[:2])
        ax.set_ylim(limits[2:])
        box = tuple(ax.get_window_extent().extents)  # (x0, y0, x1, y1) in pixels from the bottom left
        for _ in range(4):
            px, py = rng.uniform(0, W), rng.uniform(0, H)
            want = ax.transData.inverted().transform((px, H - py))
            got = np.asarray(pixel_to_data(px, py, box, limits, int(H)), dtype=np.float64)
            if got.shape != (2,):
                raise CheckFailed("return (x, y), two numbers; got shape {shape}", shape=got.shape)
            worst = max(worst, rel_error(got, want))
    return worst, say("20 clicks on 5 random axes")
