"""Checks for the exercises of lesson 02 (a dense layer by hand).

Each check builds fresh seeded inputs, runs the student's backward pass and compares it
with the derivative written out here. It returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import losses
from . import exercise
from .language import say
from .validate import rel_error, worst
from ..layers import sigmoid


@exercise("02.center_backward", hints=(
    "each output row depends on EVERY input row, through the batch mean: sum the chain rule over all the outputs "
    "that a variable touches, as section 2 did for W",
    "write dL/dx_mj = sum_n dy_nj * (d y_nj / d x_mj); for y_nj = x_nj - (1/B) sum_m x_mj that derivative is "
    "[n = m] - 1/B",
    "the answer is dy corrected by one term that is the same for every row; test yourself by hand: with a batch "
    "of one the output is always 0, so dx must be 0",
))
def check_center_backward(center_backward):
    rng = np.random.default_rng(2)
    named = []
    for B in (1, 2, 7):
        dy = rng.standard_normal((B, 4))
        dx_ref = dy - dy.mean(axis=0)  # dL/dx_mj = sum_n dy_nj ([n = m] - 1/B)
        named.append((f"B={B}", rel_error(center_backward(dy.copy()), dx_ref)))
    return worst(named)


@exercise("02.softplus_backward", hints=(
    "differentiate log(1 + e^x); then, since the cache holds only the output y, rewrite that slope through y",
    "the slope is e^x / (1 + e^x), the sigmoid of x (not of y); and y = log(1 + e^x) means e^y = 1 + e^x",
    "substitute e^x = e^y - 1 and simplify: the slope becomes a function of y alone, between 0 and 1; "
    "multiply it by dy",
))
def check_softplus_backward(softplus_backward):
    rng = np.random.default_rng(3)
    x = np.concatenate([4 * rng.standard_normal((6, 4)), [[-30.0, -5.0, 5.0, 30.0]]])
    dy = rng.standard_normal(x.shape)
    y = losses.softplus(x)
    return rel_error(softplus_backward(dy, y.copy()), dy * sigmoid(x)), say("on x from -30 to 30")
