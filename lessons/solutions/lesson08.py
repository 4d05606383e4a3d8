"""Solutions to lesson 08 (the minimax game), for teachers."""
import numpy as np


def optimal_discriminator(p_data, p_g):
    """D* = p_data / (p_data + p_g) pointwise, 1/2 where both densities are 0."""
    s = p_data + p_g
    return np.where(s > 0, p_data / np.where(s > 0, s, 1.0), 0.5)


def js_divergence(p, q):
    """JSD(p || q) in nats for probability vectors: (KL(p || m) + KL(q || m)) / 2 with m = (p + q) / 2."""
    m = (p + q) / 2
    kl_p = (p[p > 0] * np.log(p[p > 0] / m[p > 0])).sum()
    kl_q = (q[q > 0] * np.log(q[q > 0] / m[q > 0])).sum()
    return float(0.5 * kl_p + 0.5 * kl_q)


def game_value(p, q, d):
    """V = sum p log d + sum q log(1 - d) on a finite set; zero-probability terms count as 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(p > 0, p * np.log(d), 0).sum() + np.where(q > 0, q * np.log1p(-d), 0).sum())
