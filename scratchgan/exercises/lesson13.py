"""Checks for the exercises of lesson 13 (other games).

The references are the closed-form optimal logits, ``penalty.gradient_penalty`` and
``losses.discriminator_loss``. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .validate import CheckFailed, rel_error, worst


@exercise("13.optimal_logit", hints=(
    "D chooses its output separately at each x: minimise p * (loss on a real logit) + q * (loss on a fake logit) "
    "over the single number l",
    "for the smooth losses set the derivative in l to zero; the hinge loss is piecewise linear, so compare the "
    "slope on [-1, 1] (where both terms are active) with what happens outside",
    "BCE asks for a logit, not a probability: your l* goes through a sigmoid before it is D*; least squares needs "
    "no sigmoid; the hinge answer lands on one of the two margins",
))
def check_optimal_logit(optimal_logit):
    rng = np.random.default_rng(13)
    p, q = rng.uniform(0.01, 2.0, 50), rng.uniform(0.01, 2.0, 50)
    refs = {"non_saturating": np.log(p / q), "least_squares": p / (p + q), "hinge": np.sign(p - q)}
    named = [(k, rel_error(np.asarray(optimal_logit(p.copy(), q.copy(), k), dtype=np.float64), ref)) for k, ref in refs.items()]
    return worst(named)


@exercise("13.wgan_gp_linear", hints=(
    "P depends on w only through its length ||w||: use the chain rule through the norm",
    "d||w||/dw is the unit vector w / ||w||; the outer function is lam (n - 1)^2",
    "check your answer at ||w|| = 1 (the gradient must vanish there) and for ||w|| > 1 (it must point along w)",
), host=True)
def check_wgan_gp_linear(wgan_gp_linear):
    from .. import layers, penalty
    rng = np.random.default_rng(14)
    named = []
    for d, scale, lam in ((1, 0.3, 10.0), (3, 1.0, 1.0), (5, 2.0, 10.0)):
        critic = layers.Dense(d, 1).astype("float64")
        critic.params["W"][...] = scale * rng.standard_normal((d, 1))
        w = critic.params["W"].copy()
        real, fake = rng.standard_normal((4, d)), rng.standard_normal((4, d))
        critic.zero_grad()
        P_ref = penalty.gradient_penalty(critic, real, fake, "wgan-gp", lam)
        out = wgan_gp_linear(w, lam)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise CheckFailed("return two things (P, dP_dw), got {kind}", kind=type(out).__name__)
        named += [(f"P d={d}", rel_error(np.float64(out[0]), np.float64(P_ref))),
                  (f"dP/dw d={d}", rel_error(np.asarray(out[1], dtype=np.float64), critic.grads["W"]))]
    return worst(named)


@exercise("13.hinge_d_loss", hints=(
    "each hinge term is either flat or a straight line: its gradient is 0 or a constant, depending on which side "
    "of its margin the logit sits",
    "the loss is a MEAN over each batch, so every logit's gradient carries 1 / (that batch's size); real logits are "
    "pushed up (negative gradient) while below 1, fake logits pushed down while above -1",
    "build boolean masks for the active terms and turn them into floats shaped like the logits",
), tol=1e-12)
def check_hinge_d_loss(hinge_d_loss):
    from .. import losses
    rng = np.random.default_rng(15)
    l_real, l_fake = 2 * rng.standard_normal((12, 1)), 2 * rng.standard_normal((9, 1))
    for a in (l_real, l_fake):
        a[np.abs(np.abs(a) - 1) < 1e-3] += 0.01  # keep off the kinks at +-1
    out = hinge_d_loss(l_real.copy(), l_fake.copy())
    if not isinstance(out, (tuple, list)) or len(out) != 3:
        raise CheckFailed("return three things (loss, d_real, d_fake), got {kind}", kind=type(out).__name__)
    ref = losses.discriminator_loss(l_real, l_fake, "hinge")
    named = [(name, rel_error(np.asarray(got, dtype=np.float64), r)) for name, got, r in zip(("loss", "d_real", "d_fake"), out, ref)]
    return worst(named)
