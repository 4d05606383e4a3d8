"""Checks for the exercises of lesson 00 (a GAN on one screen).

The lesson's discriminator is a logistic regression on phi(x) = (1, u, u^2),
u = (x - c)/s, and its generator G(z) = a z + b pushes N(0, 1) to N(b, a^2).
Each check compares the student's closed form with one computed here a
different way (moments of the two Gaussians, a grid search, a least-squares
fit of the log-density difference), on several settings, and returns
``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import CheckFailed, float_array, rel_error

SETTINGS = [  # (mu, sigma, a, b, c, s): data N(mu, sigma^2), G(z) = a z + b, D's standardisation (c, s)
    (4.0, 0.5, 1.0, 0.0, 4.01, 0.49),
    (4.0, 0.5, -0.3, 4.5, 4.0, 0.5),
    (-1.0, 2.0, 0.7, 3.0, 0.0, 1.0),
    (2.0, 1.5, 1.5, 2.0, 1.0, 3.0),
]


def _moments(mean, std, c, s):
    """E phi(x) = (1, E u, E u^2) for x ~ N(mean, std^2), u = (x - c)/s."""
    return np.array([1.0, (mean - c) / s, (std ** 2 + (mean - c) ** 2) / s ** 2])


@exercise("00.first_discriminator_gradient", hints=(
    "with w = 0, D is the same number everywhere, so the gradient is a difference of two expectations of phi(x)",
    "D = 1/2 makes both weights 1/2; then you need E[u] and E[u^2] of a Gaussian: the second one is not E[u]^2",
    "E[u^2] = Var(u) + E[u]^2, with Var(u) = std^2 / s^2 and E[u] = (mean - c) / s; the answer has three entries, "
    "the first one is 0",
), tol=1e-12)
def check_first_discriminator_gradient(first_discriminator_gradient):
    named = []
    for mu, sigma, a, b, c, s in SETTINGS:
        want = 0.5 * (_moments(mu, sigma, c, s) - _moments(b, abs(a), c, s))
        got = float_array(first_discriminator_gradient(mu, sigma, a, b, c, s), "first_discriminator_gradient")
        if got.shape != (3,):
            raise CheckFailed("return the gradient for (w0, w1, w2), shape (3,), got shape {shape}", shape=got.shape)
        named.append(rel_error(got, want))
    return max(named), say("{n} pairs of Gaussians, against their moments", n=len(SETTINGS))


@exercise("00.best_reply", hints=(
    "sigmoid is increasing, so D is largest where its logit is largest: maximise a parabola in u, then go back to x",
    "set d l / d u = w1 + 2 w2 u to zero; the u you find is in standardised units, and x = c + s u",
), tol=1e-9)
def check_best_reply(best_reply):
    named = []
    rng = np.random.default_rng(0)
    for _ in range(6):
        w = np.array([rng.normal(), rng.normal(scale=2), -rng.uniform(0.2, 3)])
        c, s = rng.normal(scale=3), rng.uniform(0.3, 3)
        u = np.linspace(-20, 20, 400_001)
        u_best = u[np.argmax(w[0] + w[1] * u + w[2] * u * u)]  # a grid search, then one Newton step (exact for a parabola)
        u_best -= (w[1] + 2 * w[2] * u_best) / (2 * w[2])
        got = float_array(best_reply(w.copy(), c, s), "best_reply").reshape(())
        named.append(rel_error(got, c + s * u_best))
    return max(named), say("six discriminators with w2 < 0, against a grid search")


def _log_normal(x, mean, std):
    return -np.log(abs(std)) - 0.5 * np.log(2 * np.pi) - (x - mean) ** 2 / (2 * std ** 2)


@exercise("00.optimal_weights", hints=(
    "the log of a Gaussian density is a quadratic in x; write x = c + s u and collect the powers of u",
    "log N(x; m, v) = -log sqrt(2 pi v) - (s u + c - m)^2 / (2 v): expand the square, for the data and for p_g "
    "(whose variance is a^2), and subtract; the 2 pi cancels but the log of the standard deviations does not",
), tol=1e-9)
def check_optimal_weights(optimal_weights):
    named = []
    for mu, sigma, a, b, c, s in SETTINGS:
        x = np.linspace(-6, 10, 33)
        u = (x - c) / s
        target = _log_normal(x, mu, sigma) - _log_normal(x, b, a)
        want = np.linalg.lstsq(np.stack([np.ones_like(u), u, u * u], axis=1), target, rcond=None)[0]  # exact fit
        got = float_array(optimal_weights(mu, sigma, a, b, c, s), "optimal_weights")
        if got.shape != (3,):
            raise CheckFailed("return (w0, w1, w2), shape (3,), got shape {shape}", shape=got.shape)
        named.append(rel_error(got, want))
    return max(named), say("{n} pairs of Gaussians, against a least-squares fit of log p_data - log p_g", n=len(SETTINGS))
