"""Checks for the exercises of lessons 11, 12 and 14: sensitivity, mode collapse, images.

Each check builds fresh inputs with a fixed seed, runs the student's
function and compares it with a reference: the library where it has the
piece (``metrics``, ``layers``, ``gan``, ``scores``), else a few lines
written here. It returns ``(worst relative error, detail)`` (see ``exercises``).
"""
import numpy as np

from .exercises import CheckFailed, exercise, rel_error


def _worst(named):
    """Worst of several (name, relative error) pairs, and a detail string listing them all."""
    return max(r for _, r in named), ", ".join(f"{k} {r:.1e}" for k, r in named)


def _array(out, name):
    """The answer as a float64 host array; a clear failure for None or a non-array."""
    if out is None:
        raise CheckFailed(f"{name} returned None (is a `return` missing?)")
    return np.asarray(out, dtype=np.float64)


# ---- lesson 14: images ----

def _codes(seed, d=32):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(d), rng.standard_normal(d)


@exercise("14.interpolate", "t = np.linspace(0, 1, n)[:, None]; return (1 - t) * z0 + t * z1", tol=1e-12)
def check_interpolate(interpolate):
    named = []
    for n, seed in ((2, 0), (7, 1), (10, 2)):
        z0, z1 = _codes(seed)
        t = np.linspace(0, 1, n)[:, None]
        named.append((f"n={n}", rel_error(_array(interpolate(z0.copy(), z1.copy(), n), "interpolate"), (1 - t) * z0 + t * z1)))
    return _worst(named)


def _slerp(z0, z1, n):
    """Reference slerp (Shoemake 1985): sin((1-t) W)/sin W z0 + sin(t W)/sin W z1, cos W = z0.z1 / (|z0||z1|)."""
    omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1, 1))
    t = np.linspace(0, 1, n)[:, None]
    return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)


@exercise("14.slerp", "omega = arccos(z0 @ z1 / (|z0| |z1|)); t = linspace(0, 1, n)[:, None]; "
          "z_t = (sin((1 - t) omega) z0 + sin(t omega) z1) / sin(omega)", tol=1e-10)
def check_slerp(slerp):
    named = []
    for n, seed in ((2, 3), (9, 4)):
        z0, z1 = _codes(seed)
        named.append((f"n={n}", rel_error(_array(slerp(z0.copy(), z1.copy(), n), "slerp"), _slerp(z0, z1, n))))
    z0, z1 = _codes(5)
    z1 *= np.linalg.norm(z0) / np.linalg.norm(z1)  # equal norms: every z_t keeps that norm
    norms = np.linalg.norm(_array(slerp(z0.copy(), z1.copy(), 11), "slerp"), axis=1)
    named.append(("norm kept", rel_error(norms, np.full(11, np.linalg.norm(z0)))))
    return _worst(named)


@exercise("14.classifier_score", "p_y = p.mean(axis=0); kl = sum over y of p log(p / p_y) per row, with 0 log 0 = 0 "
          "(np.where(p > 0, ..., 0)); return exp(kl.mean())", tol=1e-8)
def check_classifier_score(classifier_score):
    from . import scores
    rng = np.random.default_rng(14)
    soft = rng.dirichlet(np.full(10, 0.3), size=200)
    cases = {"random": soft, "one-hot, 3 classes": np.eye(10)[rng.integers(0, 3, 100)],
             "uniform rows": np.full((50, 4), 0.25), "one-hot, all 10": np.eye(10)[np.arange(100) % 10]}
    named = []
    for name, p in cases.items():
        got = classifier_score(p.copy())
        if got is None:
            raise CheckFailed("classifier_score returned None (is a `return` missing?)")
        named.append((name, rel_error(np.float64(got), scores.classifier_score(p))))
    return _worst(named)
