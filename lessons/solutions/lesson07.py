"""Solutions to lesson 07 (the generator), for teachers."""
import numpy as np

from scratchgan import losses


def gradient_to_generator(D, fake):
    """dL_G/dfake (B, dim) for the non-saturating loss: D's backward with respect to its input."""
    logits, cache = D.forward(fake)
    _, dlogits = losses.generator_loss(logits, "non_saturating")
    return D.backward(dlogits, cache)  # also adds into D.grads, which a generator step never applies


def generator_loss_and_backward(G, D, z):
    """Zero G's grads, L_G = -mean log D(G(z)), backpropagate through D into G.grads; return L_G."""
    G.zero_grad()
    fake, g_cache = G.forward(z)
    logits, d_cache = D.forward(fake)
    loss, dlogits = losses.generator_loss(logits, "non_saturating")
    G.backward(D.backward(dlogits, d_cache), g_cache)
    return loss


def pushforward_density(G, z):
    """p_g(G(z)) = p_z(z) / |G'(z)| for a monotone 1-D G and z of shape (B, 1); returns shape (B,)."""
    x, cache = G.forward(z)
    dG_dz = G.backward(np.ones_like(x), cache)  # rows are independent: row i holds G'(z_i)
    return (np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi) / np.abs(dG_dz))[:, 0]
