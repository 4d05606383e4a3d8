"""Solutions to lesson 17 (from scratch to PyTorch), for teachers. No PyTorch needed."""
from scratchgan import losses


def from_torch_grads(torch_grads):
    """PyTorch names and layout ("i.weight" (out, in), "i.bias") -> ours ("i.W" (in, out), "i.b")."""
    out = {}
    for key, g in torch_grads.items():
        i, name = key.split(".")
        out[f"{i}.W" if name == "weight" else f"{i}.b"] = g.T if name == "weight" else g
    return out


def g_grads_from_d_loss(G, D, real, z):
    """What d_loss.backward() puts in G's .grad without fake.detach(): dL_D/dtheta_G, into G.grads; return L_D.

    Only the fake half -mean log(1 - sigma(l_fake)) depends on G, so this is minus the gradient of the
    saturating G loss mean log(1 - sigma(l_fake)): a G step on it would help D.
    """
    G.zero_grad()
    fake, g_cache = G.forward(z)
    (l_real, _), (l_fake, d_cache) = D.forward(real), D.forward(fake)
    loss, _, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    G.backward(D.backward(d_fake, d_cache), g_cache)
    return loss


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _reshape_not_transpose(torch_grads):
    """Reshapes (out, in) to (in, out): the right shape, the numbers scrambled."""
    out = {}
    for key, g in torch_grads.items():
        i, name = key.split(".")
        out[f"{i}.W" if name == "weight" else f"{i}.b"] = g.reshape(g.shape[::-1]) if name == "weight" else g
    return out


def _no_transpose(torch_grads):
    """Renames the keys and keeps PyTorch's (out, in) layout."""
    return {k.replace("weight", "W").replace("bias", "b"): g for k, g in torch_grads.items()}


def _the_g_step_gradient(G, D, real, z):
    """Backpropagates G's own (non-saturating) loss: the G step's gradient, not the one L_D leaves behind."""
    G.zero_grad()
    fake, g_cache = G.forward(z)
    l_fake, d_cache = D.forward(fake)
    _, dl = losses.generator_loss(l_fake, "non_saturating")
    G.backward(D.backward(dl, d_cache), g_cache)
    return losses.discriminator_loss(D(real), l_fake, "non_saturating")[0]


def _sign_flipped(G, D, real, z):
    """The saturating G loss's gradient as it is: the right size, the wrong sign."""
    G.zero_grad()
    fake, g_cache = G.forward(z)
    l_fake, d_cache = D.forward(fake)
    _, dl = losses.generator_loss(l_fake, "minimax")
    G.backward(D.backward(dl, d_cache), g_cache)
    return losses.discriminator_loss(D(real), l_fake, "non_saturating")[0]


def _grads_not_zeroed(G, D, real, z):
    """Forgets G.zero_grad(): backward adds to whatever G.grads held."""
    fake, g_cache = G.forward(z)
    (l_real, _), (l_fake, d_cache) = D.forward(real), D.forward(fake)
    loss, _, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    G.backward(D.backward(d_fake, d_cache), g_cache)
    return loss


MISTAKES = {"from_torch_grads": [_reshape_not_transpose, _no_transpose],
            "g_grads_from_d_loss": [_the_g_step_gradient, _sign_flipped, _grads_not_zeroed]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"from_torch_grads": [], "g_grads_from_d_loss": []}  # arguments and the quantity only
