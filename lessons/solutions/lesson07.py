"""Solutions to lesson 07 (the generator), for teachers."""
import numpy as np

from scratchgan import layers, losses


def gradient_to_generator(D, fake):
    """dL_G/dfake (B, dim) for the non-saturating loss: D's backward with respect to its input."""
    logits, cache = D.forward(fake)
    _, dlogits = losses.generator_loss(logits, "non_saturating")
    return D.backward(dlogits, cache)  # also adds into D.grads, which a generator step never applies


def affine_generator_grads(w, b, a, c, z, kind):
    """(dL/dw, dL/db) for G(z) = w z + b against a logistic D with logit l(x) = a x + c, by hand.

    x_i = w z_i + b, l_i = a x_i + c.  Non-saturating L = mean softplus(-l): dL/dl_i = -sigmoid(-l_i) / m;
    minimax L = mean log(1 - sigmoid(l)) = -mean softplus(l): dL/dl_i = -sigmoid(l_i) / m.
    dL/dx_i = a dL/dl_i;  dL/db = sum_i dL/dx_i;  dL/dw = sum_i z_i dL/dx_i.
    """
    logits = a * (w * z + b) + c
    sign = -1.0 if kind == "non_saturating" else 1.0
    dl = -layers.sigmoid(sign * logits) / len(z)  # sigmoid(l) itself, never 1 - sigmoid(-l): tiny values keep their digits
    dx = a * dl
    return float((z * dx).sum()), float(dx.sum())


def pushforward_density(G, z):
    """p_g(G(z)) = p_z(z) / |G'(z)| for a monotone 1-D G and z of shape (B, 1); returns shape (B,)."""
    x, cache = G.forward(z)
    dG_dz = G.backward(np.ones_like(x), cache)  # rows are independent: row i holds G'(z_i)
    return (np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi) / np.abs(dG_dz))[:, 0]


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _minimax_gradient_for_the_wrong_loss(D, fake):
    """Uses the minimax (saturating) loss instead of the non-saturating one."""
    logits, cache = D.forward(fake)
    return D.backward(losses.generator_loss(logits, "minimax")[1], cache)


def _the_direction_not_the_gradient(D, fake):
    """Returns -dL/dfake (the way a G step moves each point), not the gradient."""
    return -gradient_to_generator(D, fake)


def _discriminator_fake_gradient(D, fake):
    """Backpropagates D's own loss gradient on the fakes (discriminator_loss), not G's."""
    logits, cache = D.forward(fake)
    _, _, d_fake = losses.discriminator_loss(logits, logits, "non_saturating")
    return D.backward(d_fake, cache)


def _losses_swapped(w, b, a, c, z, kind):
    """sigmoid(-l) for the minimax loss and sigmoid(l) for the non-saturating one: the two losses mixed up."""
    return affine_generator_grads(w, b, a, c, z, "minimax" if kind == "non_saturating" else "non_saturating")


def _sum_not_mean(w, b, a, c, z, kind):
    """Forgets the 1/m of the batch mean."""
    dw, db = affine_generator_grads(w, b, a, c, z, kind)
    return dw * len(z), db * len(z)


def _sign_error(w, b, a, c, z, kind):
    """d softplus(-l)/dl taken as +sigmoid(-l): the gradient points the wrong way."""
    dw, db = affine_generator_grads(w, b, a, c, z, kind)
    return -dw, -db


def _one_minus_sigmoid(w, b, a, c, z, kind):
    """sigmoid(l) written as 1 - sigmoid(-l): right in exact arithmetic, but 1e-13 loses its digits."""
    logits = a * (w * z + b) + c
    s = layers.sigmoid(-logits) if kind == "non_saturating" else 1 - layers.sigmoid(-logits)
    dx = a * -s / len(z)
    return float((z * dx).sum()), float(dx.sum())


def _no_z_in_dw(w, b, a, c, z, kind):
    """dL/dw taken as the sum of dL/dx_i, forgetting that x_i moves with w by z_i."""
    _, db = affine_generator_grads(w, b, a, c, z, kind)
    return db, db


def _no_absolute_value(G, z):
    """p_z / G' without |.|: a decreasing G gets a negative density."""
    x, cache = G.forward(z)
    return (np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi) / G.backward(np.ones_like(x), cache))[:, 0]


def _times_the_slope(G, z):
    """p_z * |G'|: stretching thins the density out, it does not pile it up."""
    x, cache = G.forward(z)
    return (np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi) * np.abs(G.backward(np.ones_like(x), cache)))[:, 0]


def _noise_density_at_x(G, z):
    """Evaluates p_z at x = G(z) instead of at z."""
    x, cache = G.forward(z)
    return (np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi) / np.abs(G.backward(np.ones_like(x), cache)))[:, 0]


MISTAKES = {"gradient_to_generator": [_minimax_gradient_for_the_wrong_loss, _the_direction_not_the_gradient,
                                      _discriminator_fake_gradient],
            "affine_generator_grads": [_losses_swapped, _sum_not_mean, _sign_error, _one_minus_sigmoid, _no_z_in_dw],
            "pushforward_density": [_no_absolute_value, _times_the_slope, _noise_density_at_x]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"gradient_to_generator": [],  # the quantity and its shape
             "affine_generator_grads": [],  # argument shapes only: the derivation is the exercise
             "pushforward_density": []}  # the quantity and its shape
