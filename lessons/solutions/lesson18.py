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


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _naive_logs(l_real, l_fake):
    """log(sigmoid) written directly: -inf once D is sure."""
    s_real, s_fake = 1 / (1 + np.exp(-l_real)), 1 / (1 + np.exp(-l_fake))
    return np.log(s_real).mean() + np.log(1 - s_fake).mean()


def _one_mean_over_both(l_real, l_fake):
    """One mean over the concatenated batches: weights the bigger batch more."""
    return -np.concatenate([np.logaddexp(0, -l_real), np.logaddexp(0, l_fake)]).mean()


def _rows_from_the_top(px, py, box, limits, height):
    """Forgets that image rows count down from the top."""
    x0, y0, x1, y1 = box
    xmin, xmax, ymin, ymax = limits
    return (xmin + (px - x0) / (x1 - x0) * (xmax - xmin), ymin + (py - y0) / (y1 - y0) * (ymax - ymin))


MISTAKES = {"game_value": [_naive_logs, _one_mean_over_both], "pixel_to_data": [_rows_from_the_top]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

def _stub_text_value(l_real, l_fake):
    """V(D, G), as the docstring names it, typed in from its definition with D = sigmoid(logit)."""
    return np.mean(np.log(1 / (1 + np.exp(-l_real)))) + np.mean(np.log(1 - 1 / (1 + np.exp(-l_fake))))


STUB_TEXT = {"game_value": [_stub_text_value], "pixel_to_data": []}
