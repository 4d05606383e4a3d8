"""Solutions to lesson 10 (vanishing gradients), for teachers."""
import numpy as np

from scratchgan import losses


def saturation_logit(eps):
    """The logit l* with sigma(l*) = eps: l* = log(eps / (1 - eps)), written to keep tiny eps exact."""
    return np.log(eps) - np.log1p(-eps)


def generator_grad_norm(G, D, z, kind):
    """||dL_G/dtheta_G|| for losses.generator_loss(kind), backpropagated through D into G; nothing is updated."""
    G.zero_grad()
    fake, g_cache = G.forward(z)
    logits, d_cache = D.forward(fake)
    _, dlogits = losses.generator_loss(logits, kind)
    G.backward(D.backward(dlogits, d_cache), g_cache)
    return float(np.sqrt(sum(float((g * g).sum()) for g in G.grads.values())))


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _grad_norm_without_zeroing(G, D, z, kind):
    """Forgets G.zero_grad(): keeps whatever was in G.grads."""
    fake, gc = G.forward(z)
    logits, dc = D.forward(fake)
    G.backward(D.backward(losses.generator_loss(logits, kind)[1], dc), gc)
    return float(np.sqrt(sum(float((g * g).sum()) for g in G.grads.values())))


MISTAKES = {"saturation_logit": [np.log],  # sigma(l) ~ e^l holds only for very negative l
            "generator_grad_norm": [_grad_norm_without_zeroing]}
