"""Solutions to lesson 04 (sigmoid, BCE and logits), for teachers."""
import numpy as np

from scratchgan.layers import sigmoid


def softplus(l):
    """log(1 + e^l) without overflow."""
    return np.maximum(l, 0) + np.log1p(np.exp(-np.abs(l)))


def bce_loss(l, t):
    """Elementwise BCE from logits: t softplus(-l) + (1 - t) softplus(l), finite for every finite l."""
    return t * softplus(-l) + (1 - t) * softplus(l)


def generator_grads(l):
    """Per-logit gradients of the minimax log(1 - s(l)) and the non-saturating -log s(l) generator losses."""
    return -sigmoid(l), -sigmoid(-l)
