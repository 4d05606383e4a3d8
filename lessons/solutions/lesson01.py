"""Solutions to lesson 01 (generative vs discriminative), for teachers."""
import numpy as np


def _log_gaussian(x, mean, cov):
    """log N(x; mean, cov) for each row of x (N, D) -> (N,)."""
    d = x - mean
    maha = np.einsum("ni,ni->n", d, np.linalg.solve(cov, d.T).T)  # (x-mu)^T S^-1 (x-mu), row by row
    return -0.5 * maha - 0.5 * np.linalg.slogdet(2 * np.pi * cov)[1]


def posterior(x, means, cov, priors):
    """p(y=1 | x) by Bayes' rule, stable far from the data: x (N, D), means (2, D), priors (2,) -> (N,)."""
    log_joint = np.stack([_log_gaussian(x, means[k], cov) + np.log(priors[k]) for k in (0, 1)])  # (2, N)
    log_joint -= log_joint.max(axis=0)  # subtract the larger: one term is exp(0) = 1, nothing underflows
    joint = np.exp(log_joint)
    return joint[1] / joint.sum(axis=0)


def log_odds_weights(means, cov, priors):
    """w, b with log p(y=1|x)/p(y=0|x) = x.w + b for Gaussians sharing cov: means (2, D) -> w (D,), b scalar."""
    S_inv_mu = np.linalg.solve(cov, means.T).T  # rows S^-1 mu_k
    w = S_inv_mu[1] - S_inv_mu[0]
    b = -0.5 * means[1] @ S_inv_mu[1] + 0.5 * means[0] @ S_inv_mu[0] + np.log(priors[1] / priors[0])
    return w, b


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _posterior_from_densities(x, means, cov, priors):
    """Bayes' rule on the densities themselves: far from the data both underflow to 0, and 0/0 is NaN."""
    with np.errstate(all="ignore"):
        joint = [np.exp(_log_gaussian(x, means[k], cov)) * priors[k] for k in (0, 1)]
        return joint[1] / (joint[0] + joint[1])


def _posterior_without_priors(x, means, cov, priors):
    """Stable, but forgets the priors pi_k (right only when they are equal)."""
    return posterior(x, means, cov, np.array([0.5, 0.5]))


def _log_odds_without_priors(means, cov, priors):
    """Forgets log(pi_1 / pi_0) in b."""
    w, b = log_odds_weights(means, cov, priors)
    return w, b - np.log(priors[1] / priors[0])


def _log_odds_without_the_half(means, cov, priors):
    """Drops the 1/2 of the quadratic forms in b."""
    S_inv_mu = np.linalg.solve(cov, means.T).T
    return S_inv_mu[1] - S_inv_mu[0], -means[1] @ S_inv_mu[1] + means[0] @ S_inv_mu[0] + np.log(priors[1] / priors[0])


MISTAKES = {"posterior": [_posterior_from_densities, _posterior_without_priors],
            "log_odds_weights": [_log_odds_without_priors, _log_odds_without_the_half]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"posterior": [], "log_odds_weights": []}  # shapes and the quantity only
