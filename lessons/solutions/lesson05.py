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


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _moves_with_the_old_velocity(p, v, g, lr, mu):
    """Steps p with the old v, then updates v: the two lines in the wrong order."""
    return p - lr * v, mu * v + g


def _dampened(p, v, g, lr, mu):
    """v = mu v + (1 - mu) g: an average, not the lesson's (PyTorch's) sum of gradients."""
    v = mu * v + (1 - mu) * g
    return p - lr * v, v


def _no_bias_correction(p, m, v, g, t, lr, betas=(0.9, 0.999), eps=1e-8):
    """Forgets to divide by 1 - beta^t: the first steps are far too small."""
    b1, b2 = betas
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    return p - lr * m / (np.sqrt(v) + eps), m, v


def _eps_inside_the_root(p, m, v, g, t, lr, betas=(0.9, 0.999), eps=1e-8):
    """sqrt(v_hat + eps): for a gradient of 1e-7 the step shrinks a thousandfold."""
    b1, b2 = betas
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    return p - lr * (m / (1 - b1 ** t)) / np.sqrt(v / (1 - b2 ** t) + eps), m, v


def _returns_corrected_averages(p, m, v, g, t, lr, betas=(0.9, 0.999), eps=1e-8):
    """Hands back m_hat and v_hat as the new state: the next step corrects them again."""
    b1, b2 = betas
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


MISTAKES = {"momentum_step": [_moves_with_the_old_velocity, _dampened],
            "adam_step": [_no_bias_correction, _eps_inside_the_root, _returns_corrected_averages]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"momentum_step": [], "adam_step": []}  # names the step only
