"""Solutions to lesson 04 (sigmoid, BCE and logits), for teachers."""
import numpy as np

from scratchgan.layers import sigmoid


def _softplus(l):
    """log(1 + e^l) without overflow."""
    return np.maximum(l, 0) + np.log1p(np.exp(-np.abs(l)))


def bce_loss(l, t):
    """Elementwise BCE from logits: t softplus(-l) + (1 - t) softplus(l), finite for every finite l."""
    return t * _softplus(-l) + (1 - t) * _softplus(l)


def generator_grads(l):
    """Per-logit gradients of the minimax log(1 - s(l)) and the non-saturating -log s(l) generator losses."""
    return -sigmoid(l), -sigmoid(-l)


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _naive_bce(l, t):
    """The log of a sigmoid, typed in: -inf and NaN at large |l|."""
    with np.errstate(all="ignore"):
        s = 1 / (1 + np.exp(-l))
        return -(t * np.log(s) + (1 - t) * np.log(1 - s))


def _clipped_bce(l, t):
    """Clips sigma into [1e-7, 1 - 1e-7]: finite, but capped near 16 and wrong at large |l|."""
    with np.errstate(all="ignore"):
        s = np.clip(1 / (1 + np.exp(-l)), 1e-7, 1 - 1e-7)
    return -(t * np.log(s) + (1 - t) * np.log(1 - s))


def _softplus_overflows(l, t):
    """log1p(exp(l)) as softplus: exp overflows to inf at l = 800."""
    with np.errstate(all="ignore"):
        return t * np.log1p(np.exp(-l)) + (1 - t) * np.log1p(np.exp(l))


def _naive_non_saturating(l):
    """-(1 - sigma(l)) as written: 0 instead of -4e-18 at l = 40, a few digits at l = 20."""
    return -sigmoid(l), -(1 - sigmoid(l))


def _sign_flipped(l):
    """The slopes of the losses G maximises, not minimises: the signs are wrong."""
    return sigmoid(l), sigmoid(-l)


MISTAKES = {"bce_loss": [_naive_bce, _clipped_bce, _softplus_overflows],
            "generator_grads": [_naive_non_saturating, _sign_flipped]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

def _stub_text_bce(l, y):
    """Binary cross-entropy, as the docstring names it, typed in through the sigmoid of the logits."""
    return -(y * np.log(1 / (1 + np.exp(-l))) + (1 - y) * np.log(1 - 1 / (1 + np.exp(-l))))


def _stub_text_derivatives(l):
    """The docstring's d/dl log(1 - sigmoid(l)) and d/dl [-log sigmoid(l)], typed in as central differences."""
    h = 1e-6
    minimax = lambda l: np.log(1 - sigmoid(l))
    non_saturating = lambda l: -np.log(sigmoid(l))
    return tuple((f(l + h) - f(l - h)) / (2 * h) for f in (minimax, non_saturating))


STUB_TEXT = {"bce_loss": [_stub_text_bce], "generator_grads": [_stub_text_derivatives]}
