"""Solutions to lesson 14 (images), for teachers."""
import numpy as np


def interpolate(z0, z1, n):
    """The n codes (1 - t) z0 + t z1 for t = 0, 1/(n-1), ..., 1: shape (n, d)."""
    t = np.linspace(0, 1, n)[:, None]
    return (1 - t) * z0 + t * z1


def slerp(z0, z1, n):
    """Spherical interpolation: sin((1 - t) W)/sin W z0 + sin(t W)/sin W z1 with cos W = z0.z1 / (|z0| |z1|)."""
    cos = z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1))
    omega = np.arccos(np.clip(cos, -1.0, 1.0))
    t = np.linspace(0, 1, n)[:, None]
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


def score_of_k_classes(k, K, eps):
    """Classifier score of a generator that draws k of K classes equally, each sample (1 - eps) sure of its class.

    With e = eps / (K - 1): p(y) = a = (1 - eps)/k + (k - 1) e / k on a drawn class, e on an undrawn one.
    Every row has the same KL to p(y): (1 - eps) log((1 - eps)/a) + (k - 1) e log(e/a) + (K - k) e log(e/e).
    eps = 0 gives log k: the score counts the classes drawn.
    """
    e = eps / (K - 1)
    a = (1 - eps) / k + (k - 1) * e / k
    kl = (1 - eps) * np.log((1 - eps) / a) + ((k - 1) * e * np.log(e / a) if e > 0 else 0.0)
    return float(np.exp(kl))


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _endpoint_left_out(z0, z1, n):
    """t = i / n: the last code stops short of z1."""
    t = (np.arange(n) / n)[:, None]
    return (1 - t) * z0 + t * z1


def _weights_swapped(z0, z1, n):
    """t z0 + (1 - t) z1: walks from z1 to z0."""
    t = np.linspace(0, 1, n)[:, None]
    return t * z0 + (1 - t) * z1


def _angle_from_raw_dot(z0, z1, n):
    """Omega from z0 . z1 without dividing by the norms (clipped, so it does not crash)."""
    omega = np.arccos(np.clip(z0 @ z1, -1.0, 1.0))
    t = np.linspace(0, 1, n)[:, None]
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


def _normalised_lerp(z0, z1, n):
    """The straight line, each point rescaled to the interpolated norm: right norms, wrong directions."""
    z = interpolate(z0, z1, n)
    target = np.linspace(np.linalg.norm(z0), np.linalg.norm(z1), n)[:, None]
    return z / np.linalg.norm(z, axis=1, keepdims=True) * target


def _count_of_classes(k, K, eps):
    """Ignores the uncertainty eps: the score of k sure, equally common classes."""
    return float(k)


def _uniform_marginal(k, K, eps):
    """Takes p(y) to be uniform over all K classes, as if every class were drawn."""
    e = eps / (K - 1)
    return float(np.exp((1 - eps) * np.log((1 - eps) * K) + ((K - 1) * e * np.log(e * K) if e > 0 else 0.0)))


def _other_drawn_classes_forgotten(k, K, eps):
    """Keeps only the own-class term of the KL."""
    e = eps / (K - 1)
    a = (1 - eps) / k + (k - 1) * e / k
    return float(np.exp((1 - eps) * np.log((1 - eps) / a)))


MISTAKES = {"interpolate": [_endpoint_left_out, _weights_swapped],
            "slerp": [_angle_from_raw_dot, _normalised_lerp],
            "score_of_k_classes": [_count_of_classes, _uniform_marginal, _other_drawn_classes_forgotten]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"interpolate": [], "slerp": [], "score_of_k_classes": []}  # shapes and quantities only
