"""Checks for the exercises of lesson 14 (images).

The references are linear and spherical interpolation written here and
``scores.classifier_score``. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say, text
from .validate import CheckFailed, float_array, rel_error, worst


def _codes(seed, d=32):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(d), rng.standard_normal(d)


@exercise("14.interpolate", hints=(
    "one value of t per row, evenly spaced with both ends included; broadcasting does the rest",
    "make t a column of shape (n, 1) (np.linspace includes the end point); z0 and z1 of shape (d,) then "
    "broadcast against it; t = 0 must give z0",
), tol=1e-12)
def check_interpolate(interpolate):
    named = []
    for n, seed in ((2, 0), (7, 1), (10, 2)):
        z0, z1 = _codes(seed)
        t = np.linspace(0, 1, n)[:, None]
        named.append((f"n={n}", rel_error(float_array(interpolate(z0.copy(), z1.copy(), n), "interpolate"), (1 - t) * z0 + t * z1)))
    return worst(named)


def _slerp(z0, z1, n):
    """Reference slerp (Shoemake 1985): sin((1-t) W)/sin W z0 + sin(t W)/sin W z1, cos W = z0.z1 / (|z0||z1|)."""
    omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1, 1))
    t = np.linspace(0, 1, n)[:, None]
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


@exercise("14.slerp", hints=(
    "you walk along the angle between the two codes; get that angle from their dot product, normalised",
    "cos Omega is the dot product divided by both norms (clip it to [-1, 1] before np.arccos); t is a column of "
    "shape (n, 1) as in exercise 1; the weights are the two sines of the formula above the cell",
), tol=1e-10)
def check_slerp(slerp):
    named = []
    for n, seed in ((2, 3), (9, 4)):
        z0, z1 = _codes(seed)
        named.append((f"n={n}", rel_error(float_array(slerp(z0.copy(), z1.copy(), n), "slerp"), _slerp(z0, z1, n))))
    z0, z1 = _codes(5)
    z1 *= np.linalg.norm(z0) / np.linalg.norm(z1)  # equal norms: every z_t keeps that norm
    norms = np.linalg.norm(float_array(slerp(z0.copy(), z1.copy(), 11), "slerp"), axis=1)
    named.append((text(say("norm kept")), rel_error(norms, np.full(11, np.linalg.norm(z0)))))
    return worst(named)


def _k_class_predictions(k, K, eps, reps=3):
    """p(y|x) of a generator that draws classes 0..k-1 equally, each sample (1 - eps) sure of its class."""
    p = np.full((k * reps, K), eps / (K - 1))
    p[np.arange(k * reps), np.arange(k * reps) % k] = 1 - eps
    return p


@exercise("14.score_of_k_classes", hints=(
    "every sample has the same KL to p(y) by symmetry, so find p(y) first: which classes get mass, and how much",
    "a drawn class gets (1 - eps) from the 1/k of samples that are its own and eps/(K - 1) from the other drawn "
    "samples; an undrawn class gets eps/(K - 1) from every sample",
    "one row's KL has three groups of terms: its own class, the k - 1 other drawn classes, and the K - k undrawn "
    "ones (which add 0, since there p(y|x) = p(y))",
), tol=1e-9)
def check_score_of_k_classes(score_of_k_classes):
    from .. import scores
    named = []
    for k, K, eps in ((10, 10, 0.0), (3, 10, 0.0), (3, 10, 0.1), (1, 10, 0.2), (7, 10, 0.05), (5, 5, 0.3), (2, 4, 0.01)):
        got = score_of_k_classes(k, K, eps)
        if got is None:
            raise CheckFailed("{name} returned None (is a `return` missing?)", name="score_of_k_classes")
        want = scores.classifier_score(_k_class_predictions(k, K, eps))
        named.append((f"k={k}, K={K}, eps={eps}", rel_error(np.float64(got), want)))
    return worst(named)
