"""Solutions to lesson 00 (a GAN on one screen), for teachers.

D's logit is l = w0 + w1 u + w2 u^2 with u = (x - c)/s; G(z) = a z + b, so p_g = N(b, a^2).
"""
import numpy as np


def first_discriminator_gradient(mu, sigma, a, b, c, s):
    """E dV/dw at w = 0: D = 1/2 everywhere, so dV/dw = 1/2 E_data phi - 1/2 E_g phi.

    For x ~ N(m, v): E u = (m - c)/s and E u^2 = Var u + (E u)^2 = (v + (m - c)^2)/s^2.
    The first entry is 0; D's first step compares the means (w1) and the second moments (w2).
    """
    def moments(m, std):
        return np.array([1.0, (m - c) / s, (std ** 2 + (m - c) ** 2) / s ** 2])
    return 0.5 * (moments(mu, sigma) - moments(b, a))


def best_reply(w, c, s):
    """argmax_x D(x) for w2 < 0: dl/du = w1 + 2 w2 u = 0, so u* = -w1/(2 w2) and x* = c + s u*.

    For w2 > 0 the logit grows without bound in both directions: there is no best point,
    and G's best reply runs off to infinity.
    """
    return c - s * w[1] / (2 * w[2])


def optimal_weights(mu, sigma, a, b, c, s):
    """w* with w0 + w1 u + w2 u^2 = log N(x; mu, sigma^2) - log N(x; b, a^2).

    With x = c + s u, (x - m)^2 = s^2 u^2 + 2 s (c - m) u + (c - m)^2, so
    log N(x; m, v) = -log sqrt(2 pi v) - [s^2 u^2 + 2 s (c - m) u + (c - m)^2] / (2 v).
    Subtract the one for p_g (v = a^2) from the one for the data (v = sigma^2).
    When p_g = p_data every entry is 0: D* = 1/2.
    """
    v_d, v_g = sigma ** 2, a ** 2
    w2 = -s ** 2 / (2 * v_d) + s ** 2 / (2 * v_g)
    w1 = -s * (c - mu) / v_d + s * (c - b) / v_g
    w0 = np.log(abs(a) / sigma) - (c - mu) ** 2 / (2 * v_d) + (c - b) ** 2 / (2 * v_g)
    return np.array([w0, w1, w2])


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _second_moment_without_variance(mu, sigma, a, b, c, s):
    """Takes E u^2 = (E u)^2, forgetting the variance: D would not see a difference in spread."""
    def moments(m, std):
        return np.array([1.0, (m - c) / s, ((m - c) / s) ** 2])
    return 0.5 * (moments(mu, sigma) - moments(b, a))


def _fake_minus_real(mu, sigma, a, b, c, s):
    """Sign error: fakes minus reals, the gradient of G's side."""
    return -first_discriminator_gradient(mu, sigma, a, b, c, s)


def _without_the_half(mu, sigma, a, b, c, s):
    """Forgets that D = 1/2 weights both terms: twice the gradient."""
    return 2 * first_discriminator_gradient(mu, sigma, a, b, c, s)


def _best_u_not_x(w, c, s):
    """Returns the best point in standardised units u, never mapped back to x."""
    return -w[1] / (2 * w[2])


def _missing_two(w, c, s):
    """Differentiates w2 u^2 as w2 u: drops the factor 2."""
    return c - s * w[1] / w[2]


def _standard_deviation_for_variance(mu, sigma, a, b, c, s):
    """Divides by the standard deviations a and sigma where the variances belong."""
    w2 = -s ** 2 / (2 * sigma) + s ** 2 / (2 * abs(a))
    w1 = -s * (c - mu) / sigma + s * (c - b) / abs(a)
    w0 = np.log(abs(a) / sigma) - (c - mu) ** 2 / (2 * sigma) + (c - b) ** 2 / (2 * abs(a))
    return np.array([w0, w1, w2])


def _forgotten_normalisers(mu, sigma, a, b, c, s):
    """Drops log(|a| / sigma) from w0, as if both densities had the same normalising constant."""
    return optimal_weights(mu, sigma, a, b, c, s) - np.array([np.log(abs(a) / sigma), 0.0, 0.0])


def _weights_in_x_not_u(mu, sigma, a, b, c, s):
    """Expands in powers of x instead of u = (x - c)/s."""
    v_d, v_g = sigma ** 2, a ** 2
    return np.array([np.log(abs(a) / sigma) - mu ** 2 / (2 * v_d) + b ** 2 / (2 * v_g),
                     mu / v_d - b / v_g, -1 / (2 * v_d) + 1 / (2 * v_g)])


MISTAKES = {
    "first_discriminator_gradient": [_second_moment_without_variance, _fake_minus_real, _without_the_half],
    "best_reply": [_best_u_not_x, _missing_two],
    "optimal_weights": [_standard_deviation_for_variance, _forgotten_normalisers, _weights_in_x_not_u],
}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"first_discriminator_gradient": [],  # names the quantity (E dV/dw at w = 0), no formula
             "best_reply": [],  # names the objective D(x); the argmax is the derivation
             "optimal_weights": []}  # the defining identity, not the weights
