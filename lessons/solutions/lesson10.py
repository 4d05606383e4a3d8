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
