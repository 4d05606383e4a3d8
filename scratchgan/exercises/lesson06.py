"""Checks for the exercises of lesson 06 (the discriminator).

The references are closed forms of Gaussian densities written here, integrated on a
grid by the trapezoid rule. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import losses
from . import exercise
from .language import say
from .validate import rel_error


def _log_normal(x, mu, s):
    """log N(x; mu, s^2), elementwise."""
    return -0.5 * np.log(2 * np.pi * s**2) - (x - mu) ** 2 / (2 * s**2)


def _trapezoid(y, x):
    """The trapezoid rule on a grid (np.trapezoid is NumPy >= 2 only)."""
    return float(((y[1:] + y[:-1]) * np.diff(x)).sum() / 2)


@exercise("06.gaussian_optimal_logit", hints=(
    "stay in log space: a log of a ratio is a difference of logs, and a Gaussian's log has no exp in it",
    "write log N(x; mu, s^2) out in full for each density and subtract; the log(2 pi) parts cancel, the "
    "normalising constants leave one log of the two widths, and two squared terms remain",
    "at |x| = 60 each density is about exp(-7000), which is exactly 0 in float64, so forming p_data / p_g "
    "gives 0/0 = NaN there: never call np.exp",
), tol=1e-12)
def check_gaussian_optimal_logit(gaussian_optimal_logit):
    x = np.concatenate([np.linspace(-5, 10, 41), [-60.0, 60.0]])
    named = []
    for mu_d, s_d, mu_g, s_g in [(4.0, 0.5, 2.0, 1.3), (0.0, 1.0, 0.0, 1.0), (-1.0, 2.0, 3.0, 0.7)]:
        want = _log_normal(x, mu_d, s_d) - _log_normal(x, mu_g, s_g)
        named.append(rel_error(gaussian_optimal_logit(x.copy(), mu_d, s_d, mu_g, s_g), want))
    return max(named), say("three pairs of Gaussians on x in [-5, 10] and at x = -60, 60")


@exercise("06.value_on_grid", hints=(
    "log D and log(1 - D) each have a form in the logit that never rounds D to 0 or 1 (lesson 04)",
    "log sigmoid(l) and log(1 - sigmoid(l)) are both minus a softplus (losses.softplus), of -l and of l; "
    "weight them by the two densities (the exp of the given logs)",
    "the trapezoid rule (any grid spacing): sum over i of (f[i] + f[i+1]) / 2 * (x[i+1] - x[i])",
), tol=1e-10)
def check_value_on_grid(value_on_grid):
    x = np.linspace(-8, 14, 4001)
    log_pd, log_pg = _log_normal(x, 4.0, 0.5), _log_normal(x, 2.0, 1.0)
    named = []
    for logits in (log_pd - log_pg, 0.3 * x - 1.0, 40.0 * (x - 3.0)):  # D*, a poor D, a D that saturates
        want = _trapezoid(np.exp(log_pd) * -losses.softplus(-logits) + np.exp(log_pg) * -losses.softplus(logits), x)
        got = value_on_grid(logits.copy(), log_pd, log_pg, x)
        named.append(rel_error(np.asarray(got, dtype=float).reshape(()), want))
    return max(named), say("D* (V = -log 4 + 2 JSD), a linear logit and a saturated one")


@exercise("06.jsd_on_grid", hints=(
    "JSD compares each density with their average, the mixture m; build log m from the two logs without "
    "leaving log space",
    "log m = log((p + q) / 2): np.logaddexp adds two numbers given by their logs, and the /2 is a shift by log 2",
    "JSD is the mean of KL(p || m) and KL(q || m), each an integral of a density times a difference of logs "
    "(trapezoid rule); equal inputs must give 0 and far-apart ones log 2",
), tol=1e-8)
def check_jsd_on_grid(jsd_on_grid):
    x = np.linspace(-12, 16, 8001)
    named = []
    for mu1, s1, mu2, s2 in [(4.0, 0.5, 2.0, 1.0), (0.0, 1.0, 0.0, 1.0), (-3.0, 0.4, 6.0, 0.4)]:
        lp, lq = _log_normal(x, mu1, s1), _log_normal(x, mu2, s2)
        lm = np.logaddexp(lp, lq) - np.log(2)
        want = 0.5 * _trapezoid(np.exp(lp) * (lp - lm) + np.exp(lq) * (lq - lm), x)
        got = np.asarray(jsd_on_grid(lp, lq, x), dtype=float).reshape(())
        err = abs(float(got) - want) / max(want, np.log(2))  # JSD is in [0, log 2]: scale by log 2 at least
        named.append(err if np.isfinite(err) else np.inf)  # a NaN must fail, not vanish in max()
    return max(named), say("equal Gaussians (JSD 0), overlapping ones, and far-apart ones (JSD log 2)")
