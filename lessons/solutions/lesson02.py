"""Solutions to lesson 02 (a dense layer by hand), for teachers."""
import numpy as np


def center_backward(dy):
    """dL/dx for y = x - mean over the batch: dy (B, D) -> dx (B, D).

    y_nj = x_nj - (1/B) sum_m x_mj, so dy_nj/dx_mj = [n = m] - 1/B and
    dx_mj = sum_n dy_nj ([n = m] - 1/B) = dy_mj - mean_n dy_nj.
    """
    return dy - dy.mean(axis=0)


def softplus_backward(dy, y):
    """dL/dx for y = softplus(x) = log(1 + e^x), from the output y.

    The slope is sigma(x) = e^x / (1 + e^x); with e^x = e^y - 1 it is (e^y - 1) / e^y = 1 - e^-y,
    written -expm1(-y) so that it keeps its digits when y is tiny.
    """
    return dy * -np.expm1(-y)


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _rows_independent(dy):
    """Treats the layer as row by row, like Dense's dx: forgets that the mean couples the rows."""
    return dy.copy()


def _sum_not_mean(dy):
    """Subtracts the batch sum of dy instead of its mean (the 1/B lost)."""
    return dy - dy.sum(axis=0)


def _sigmoid_of_the_output(dy, y):
    """The slope sigma(x) evaluated at the output y instead of the input x."""
    return dy / (1 + np.exp(-y))


def _tanh_rule_copied(dy, y):
    """Tanh's 1 - y^2 reused for softplus."""
    return dy * (1 - y * y)


MISTAKES = {"center_backward": [_rows_independent, _sum_not_mean],
            "softplus_backward": [_sigmoid_of_the_output, _tanh_rule_copied]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"center_backward": [],  # describes the layer in words, no formula
             "softplus_backward": []}  # gives the forward softplus, which is no backward
