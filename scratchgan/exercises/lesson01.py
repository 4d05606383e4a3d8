"""Checks for the exercises of lesson 01 (generative vs discriminative).

The reference is the closed form of two Gaussian classes with one shared covariance,
written here. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import outputs, rel_error, worst
from ..layers import sigmoid


def _gaussian_problem(seed, dim=2):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((dim, dim))
    cov = A @ A.T + 0.5 * np.eye(dim)
    return rng, rng.standard_normal((2, dim)), cov


def _linear_log_odds(means, cov, priors):
    """Shared covariance: log p(1|x)/p(0|x) = w.x + b with w = S^-1 (mu1 - mu0), the reference."""
    w = np.linalg.solve(cov, means[1] - means[0])
    b = -0.5 * means[1] @ np.linalg.solve(cov, means[1]) + 0.5 * means[0] @ np.linalg.solve(cov, means[0])
    return w, b + np.log(priors[1] / priors[0])


@exercise("01.log_odds_weights", hints=(
    "write out the log of each numerator p(x|k) pi_k and subtract the two: some terms appear in both and cancel",
    "with one shared covariance the quadratic terms -x^T S^-1 x / 2 cancel; what is left is linear in x: "
    "what multiplies x is w, everything else (the priors included) is b",
    "w is built from the two means through S^-1 (np.linalg.solve(cov, v) gives S^-1 v without inverting); "
    "b has one quadratic form mu_k^T S^-1 mu_k per class, each with a factor 1/2, and the log of the prior ratio",
))
def check_log_odds_weights(log_odds_weights):
    named = []
    for dim in (2, 3):
        _, means, cov = _gaussian_problem(dim, dim)
        priors = np.array([0.25, 0.75])
        w_ref, b_ref = _linear_log_odds(means, cov, priors)
        w, b = outputs(log_odds_weights(means, cov, priors), 2, ["w", "b"])
        named += [(f"w (dim {dim})", rel_error(w, w_ref)), (f"b (dim {dim})", rel_error(b, b_ref))]
    return worst(named)


@exercise("01.posterior", hints=(
    "far from the data both densities underflow to 0 and the ratio is 0/0: stay in logs, and rescale before "
    "leaving them",
    "let a_k = log p(x|k) + log pi_k; subtracting the same number from a_0 and a_1 leaves the posterior unchanged, "
    "so pick the number that makes the larger exponent exactly 0",
    "after that shift one class gives exp(0) = 1 and the other a number in [0, 1]: nothing underflows to 0/0. "
    "(Or: the posterior is a sigmoid of a_1 - a_0, and layers.sigmoid is stable.)",
))
def check_posterior(posterior):
    rng, means, cov = _gaussian_problem(7)
    priors = np.array([0.3, 0.7])
    x = np.concatenate([1.5 * rng.standard_normal((60, 2)), 200 * rng.standard_normal((20, 2))])  # some far out
    w, b = _linear_log_odds(means, cov, priors)
    return rel_error(posterior(x, means, cov, priors), sigmoid(x @ w + b)), say("on 60 points near the data and 20 far out")
