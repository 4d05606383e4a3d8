"""Checks for the exercises of lesson 04 (sigmoid, BCE and logits).

The references are ``losses.softplus`` (on logits out to +-1e4, where a naive formula
overflows) and ``layers.sigmoid``, the latter compared entry by entry because the lesson is
about tiny values. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import backend, losses
from . import exercise
from .validate import outputs, rel_error, worst
from ..layers import sigmoid


LOGITS = np.array([-1e4, -800.0, -30.0, -1.0, 0.0, 2.0, 30.0, 800.0, 1e4])


@exercise("04.bce_loss", hints=(
    "never take the log of a sigmoid: rewrite both logs of the loss in terms of the logit itself",
    "log sigma(l) and log(1 - sigma(l)) are both minus a softplus (of -l and of l), so the loss is a weighted sum "
    "of two softplus terms",
    "softplus must not overflow either: factor e^max(l, 0) out of log(1 + e^l), and use np.log1p for the small "
    "remainder",
), tol=1e-12)
def check_bce_loss(bce_loss):
    named = []
    for t in (0.0, 1.0, 0.9):
        ref = t * losses.softplus(-LOGITS) + (1 - t) * losses.softplus(LOGITS)
        named.append((f"t={t}", rel_error(bce_loss(LOGITS.copy(), t), ref)))
    return worst(named)


def _entrywise_rel_error(got, expected):
    """max_i |got_i - expected_i| / max(|got_i|, |expected_i|): each entry must be right to its own size.

    A tensor-wide scale (``rel_error``) would hide an entry of 1e-17 computed as 0, which is the very
    loss of digits lesson 04 is about.
    """
    rel_error(got, expected)  # None, shape: the usual messages
    a = np.asarray(backend.to_numpy(got), dtype=np.float64)
    b = np.asarray(backend.to_numpy(expected), dtype=np.float64)
    if not np.isfinite(a).all():
        return float("inf")
    scale = np.maximum(np.abs(a), np.abs(b))
    return float(np.max(np.abs(a - b) / np.where(scale > 0, scale, 1.0), initial=0))


@exercise("04.generator_grads", hints=(
    "differentiate each loss in the logit; then ask which way of computing the result keeps its digits where the "
    "true value is tiny",
    "the minimax slope is minus sigma(l), the non-saturating one minus (1 - sigma(l)); this check compares entry "
    "by entry, down to values like 1e-17",
    "1 - sigma(l) typed as written loses most of its digits from l = 20 on, and all of them once sigma(l) rounds "
    "to 1 (l above about 37); 1 - sigma(l) is itself a sigmoid",
), tol=1e-12)
def check_generator_grads(generator_grads):
    l = np.linspace(-40, 40, 81)
    d_minimax, d_ns = outputs(generator_grads(l.copy()), 2, ["d_minimax", "d_non_saturating"])
    return worst([("minimax", _entrywise_rel_error(d_minimax, -sigmoid(l))),
                  ("non_saturating", _entrywise_rel_error(d_ns, -sigmoid(-l)))])
