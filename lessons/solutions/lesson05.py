"""Solutions to lesson 05 (optimizers), for teachers."""
import numpy as np


def momentum_step(p, v, g, lr, mu):
    """SGD with momentum, PyTorch's convention: v = mu v + g; p = p - lr v. Returns (p, v)."""
    v = mu * v + g
    return p - lr * v, v


def adam_step(p, m, v, g, t, lr, betas=(0.9, 0.999), eps=1e-8):
    """One Adam step (Kingma & Ba 2015) at step t = 1, 2, ...: returns (p, m, v)."""
    b1, b2 = betas
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)  # undo the zero start
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
