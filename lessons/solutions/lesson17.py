"""Solutions to lesson 17 (from scratch to PyTorch), for teachers. No PyTorch needed."""
from scratchgan import losses


def from_torch_grads(torch_grads):
    """PyTorch names and layout ("i.weight" (out, in), "i.bias") -> ours ("i.W" (in, out), "i.b")."""
    out = {}
    for key, g in torch_grads.items():
        i, name = key.split(".")
        out[f"{i}.W" if name == "weight" else f"{i}.b"] = g.T if name == "weight" else g
    return out


def discriminator_loss_and_backward(D, real, fake):
    """Zero D's grads, L_D = BCE(D(real), 1) + BCE(D(fake), 0), both batches backpropagated into D.grads; return L_D."""
    D.zero_grad()
    (l_real, c_real), (l_fake, c_fake) = D.forward(real), D.forward(fake)
    loss, d_real, d_fake = losses.discriminator_loss(l_real, l_fake, "non_saturating")
    D.backward(d_real, c_real)  # the two backward calls add up in D.grads
    D.backward(d_fake, c_fake)
    return loss
