"""Solutions to lesson 13 (other games), for teachers."""
import numpy as np


def optimal_logit(p, q, kind):
    """Pointwise minimiser of D's expected loss p * loss_real(l) + q * loss_fake(l)."""
    if kind == "non_saturating":
        return np.log(p / q)
    if kind == "least_squares":
        return p / (p + q)
    if kind == "hinge":
        return np.sign(p - q)
    raise ValueError(f"unknown kind {kind!r}")


def wgan_gp_linear(w, lam):
    """P = lam (||w|| - 1)^2 for D(x) = x w + b (grad_x D = w for every sample); dP/dw = 2 lam (||w|| - 1) w / ||w||."""
    n = np.sqrt((w * w).sum())
    return float(lam * (n - 1) ** 2), 2 * lam * (n - 1) * w / n


def hinge_d_loss(l_real, l_fake):
    """mean relu(1 - l_r) + mean relu(1 + l_f) and its gradients w.r.t. each logit array."""
    loss = np.maximum(0, 1 - l_real).mean() + np.maximum(0, 1 + l_fake).mean()
    d_real = -(l_real < 1).astype(l_real.dtype) / l_real.size
    d_fake = (l_fake > -1).astype(l_fake.dtype) / l_fake.size
    return loss, d_real, d_fake


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

MISTAKES = {
    "optimal_logit": [
        lambda p, q, kind: optimal_logit(q, p, kind),                                  # p and q swapped
        lambda p, q, kind: p / (p + q) if kind != "hinge" else np.sign(p - q),         # BCE: D* instead of its logit
        lambda p, q, kind: np.clip(optimal_logit(p, q, kind), 0, None) if kind == "hinge"
        else optimal_logit(p, q, kind),                                                # hinge as 0/1, not -1/+1
    ],
    "wgan_gp_linear": [
        lambda w, lam: (wgan_gp_linear(w, lam)[0], 2 * lam * w),                       # gradient of lam ||w||^2
        lambda w, lam: (wgan_gp_linear(w, lam)[0], 2 * lam * (np.sqrt((w * w).sum()) - 1) * w),  # forgets 1/||w||
    ],
    "hinge_d_loss": [
        lambda lr, lf: hinge_d_loss(lf, lr),                                           # real and fake swapped
        lambda lr, lf: (hinge_d_loss(lr, lf)[0], -(lr < 1).astype(float), (lf > -1).astype(float)),  # no 1/n
    ],
}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"optimal_logit": [], "wgan_gp_linear": [], "hinge_d_loss": []}  # no text beyond the shapes
