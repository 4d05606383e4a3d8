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
