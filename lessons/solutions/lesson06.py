"""Solutions to lesson 06 (the discriminator), for teachers."""
import numpy as np

from scratchgan import losses


def gaussian_optimal_logit(x, mu_d, sigma_d, mu_g, sigma_g):
    """l*(x) = log N(x; mu_d, sigma_d^2) - log N(x; mu_g, sigma_g^2), expanded so no density is ever formed."""
    return np.log(sigma_g / sigma_d) - (x - mu_d) ** 2 / (2 * sigma_d**2) + (x - mu_g) ** 2 / (2 * sigma_g**2)


def value_on_grid(logits, log_p_data, log_p_g, x):
    """V(D, G) = integral p_data log D + p_g log(1 - D) dx, D = sigmoid(logits), by the trapezoid rule."""
    integrand = np.exp(log_p_data) * -losses.softplus(-logits) + np.exp(log_p_g) * -losses.softplus(logits)
    return float(((integrand[1:] + integrand[:-1]) * np.diff(x)).sum() / 2)


def jsd_on_grid(log_p, log_q, x):
    """JSD(p || q) = 0.5 KL(p || m) + 0.5 KL(q || m), m = (p + q)/2, from log-densities on a grid."""
    log_m = np.logaddexp(log_p, log_q) - np.log(2)
    integrand = 0.5 * (np.exp(log_p) * (log_p - log_m) + np.exp(log_q) * (log_q - log_m))
    return float(((integrand[1:] + integrand[:-1]) * np.diff(x)).sum() / 2)


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _ratio_of_densities(x, mu_d, sigma_d, mu_g, sigma_g):
    """log(p_data / p_g) from the densities themselves: 0/0 = NaN where both underflow (|x| = 60)."""
    def normal(mu, s):
        return np.exp(-(x - mu) ** 2 / (2 * s**2)) / np.sqrt(2 * np.pi * s**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(normal(mu_d, sigma_d) / normal(mu_g, sigma_g))


def _forgot_the_normalisers(x, mu_d, sigma_d, mu_g, sigma_g):
    """Drops log(sigma_g / sigma_d): right only when the two widths are equal."""
    return -(x - mu_d) ** 2 / (2 * sigma_d**2) + (x - mu_g) ** 2 / (2 * sigma_g**2)


def _swapped_densities(x, mu_d, sigma_d, mu_g, sigma_g):
    """log p_g - log p_data: the logit of 1 - D*."""
    return -gaussian_optimal_logit(x, mu_d, sigma_d, mu_g, sigma_g)


def _log_of_sigmoid(logits, log_p_data, log_p_g, x):
    """The naive log(sigmoid(l)) and log(1 - sigmoid(l)): -inf (and 0 * -inf = NaN) where D saturates."""
    D = 1 / (1 + np.exp(-logits))
    with np.errstate(divide="ignore", invalid="ignore"):
        integrand = np.exp(log_p_data) * np.log(D) + np.exp(log_p_g) * np.log(1 - D)
    return float(((integrand[1:] + integrand[:-1]) * np.diff(x)).sum() / 2)


def _softplus_signs_swapped(logits, log_p_data, log_p_g, x):
    """log D = -softplus(l) (wrong sign inside): that is log(1 - D)."""
    integrand = np.exp(log_p_data) * -losses.softplus(logits) + np.exp(log_p_g) * -losses.softplus(-logits)
    return float(((integrand[1:] + integrand[:-1]) * np.diff(x)).sum() / 2)


def _mixture_without_the_half(log_p, log_q, x):
    """log m = logaddexp(log p, log q), forgetting the - log 2: m = p + q is not a density."""
    log_m = np.logaddexp(log_p, log_q)
    integrand = 0.5 * (np.exp(log_p) * (log_p - log_m) + np.exp(log_q) * (log_q - log_m))
    return float(((integrand[1:] + integrand[:-1]) * np.diff(x)).sum() / 2)


def _sum_of_the_kls(log_p, log_q, x):
    """KL(p || m) + KL(q || m) without the 1/2: that is 2 JSD."""
    return 2 * jsd_on_grid(log_p, log_q, x)


MISTAKES = {"gaussian_optimal_logit": [_ratio_of_densities, _forgot_the_normalisers, _swapped_densities],
            "value_on_grid": [_log_of_sigmoid, _softplus_signs_swapped],
            "jsd_on_grid": [_mixture_without_the_half, _sum_of_the_kls]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

def _stub_text_log_densities(x, mu_d, sigma_d, mu_g, sigma_g):
    """The comment's log N(x; mu_d, sigma_d^2) - log N(x; mu_g, sigma_g^2), typed in as logs of the two densities."""
    def normal(x, mu, sigma):
        return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    return np.log(normal(x, mu_d, sigma_d)) - np.log(normal(x, mu_g, sigma_g))


def _stub_text_value(logits, log_p_data, log_p_g, x):
    """The comment's integral of p_data log D + p_g log(1 - D), D = sigmoid(logits), by np.trapezoid, typed in."""
    D = 1 / (1 + np.exp(-logits))
    return np.trapezoid(np.exp(log_p_data) * np.log(D) + np.exp(log_p_g) * np.log(1 - D), x)


def _stub_text_jsd(log_p, log_q, x):
    """The comment's 0.5 KL(p || m) + 0.5 KL(q || m), m = (p + q) / 2, typed in from the densities."""
    p, q = np.exp(log_p), np.exp(log_q)
    m = (p + q) / 2
    return 0.5 * np.trapezoid(p * np.log(p / m), x) + 0.5 * np.trapezoid(q * np.log(q / m), x)


STUB_TEXT = {"gaussian_optimal_logit": [_stub_text_log_densities], "value_on_grid": [_stub_text_value],
             "jsd_on_grid": [_stub_text_jsd]}
