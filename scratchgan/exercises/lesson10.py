"""Checks for the exercises of lesson 10 (vanishing gradients).

The references are the sigmoid itself, the closed form -e^l / B of the logits' gradient,
and a grid integral of the KL gradient it must reproduce. Each check returns
``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import CheckFailed, worst


@exercise("10.saturation_logit", hints=(
    "invert the sigmoid: solve sigma(l) = eps for l by hand, then think about which logarithm keeps tiny eps exact",
    "sigma(l) = eps  <=>  e^(-l) = 1/eps - 1; the answer is negative for eps < 1/2",
    "log(1 - eps) for eps ~ 1e-12 rounds: write it with np.log1p; sigma(l) ~ e^l (so l ~ log eps) is only "
    "the tail approximation",
), tol=1e-12)
def check_saturation_logit(saturation_logit):
    from ..layers import sigmoid
    eps = np.array([0.3, 1e-2, 1e-6, 1e-12, 1e-30])
    got = np.array([float(saturation_logit(e)) for e in eps])
    back = sigmoid(got)  # the answer must give sigma(l*) = eps, relative to eps
    return float(np.abs(back / eps - 1).max()), say("sigma(your l*) / eps - 1 for eps = {eps}",
                                                    eps=", ".join(f"{e:g}" for e in eps))


@exercise("10.max_likelihood_dlogits", hints=(
    "hold D* fixed, write the gradient of KL(p_data || p_g) as an expectation over p_g, and ask which function of "
    "the logit l* = log(p_data / p_g) appears inside it",
    "grad KL(p_data || p_g) = -sum_x p_data grad p_g / p_g = -sum_x grad p_g * (p_data / p_g); and "
    "grad E_{p_g}[f(l*)] = sum_x grad p_g * f(l*). Match the two",
    "f(l) must equal -(p_data / p_g) written in l*, up to a constant; the loss is a MEAN over the batch, "
    "so each logit's gradient carries 1/B",
), tol=1e-9)
def check_max_likelihood_dlogits(max_likelihood_dlogits):
    rng = np.random.default_rng(10)
    named = []
    for B in (1, 7, 64):
        logits = rng.uniform(-30, 3, (B, 1))
        got = max_likelihood_dlogits(logits.copy())
        ref = -np.exp(logits) / B
        if np.shape(got) != logits.shape:
            raise CheckFailed("return dL/dlogits shaped like the logits {want}, got {shape}",
                              want=logits.shape, shape=np.shape(got))
        rel = np.abs(np.asarray(got, dtype=np.float64) / ref - 1).max()  # per element: the tiny slopes are the point
        named.append((f"B={B}", float(rel)))
    # the claim itself, on a grid: with D* frozen, E_{p_g}[f'(l*) dl*/dx] = d/dtheta KL(p_data || N(theta, s^2))
    x = np.linspace(-12, 12, 48001)
    dx = x[1] - x[0]
    mu, sd, theta, s = 0.7, 1.0, -0.4, 1.3
    log_p = -0.5 * ((x - mu) / sd) ** 2 - np.log(sd * np.sqrt(2 * np.pi))
    log_q = -0.5 * ((x - theta) / s) ** 2 - np.log(s * np.sqrt(2 * np.pi))
    l_star = (log_p - log_q)[:, None]
    f_prime = np.asarray(max_likelihood_dlogits(l_star.copy()), dtype=np.float64).ravel() * x.size
    dl_dx = -(x - mu) / sd ** 2 + (x - theta) / s ** 2
    lhs = float((np.exp(log_q) * f_prime * dl_dx).sum() * dx)  # G(z) = theta + s z, so dx/dtheta = 1
    rhs = (theta - mu) / s ** 2                                 # d/dtheta of -E_p log N(x; theta, s^2)
    grid = abs(lhs - rhs) / abs(rhs)
    rel, _ = worst(named + [("grid", grid)])
    return rel, say("{sizes}, grid: grad matches grad KL(p_data||p_g) {grid:.1e}", sizes=worst(named)[1], grid=grid)
