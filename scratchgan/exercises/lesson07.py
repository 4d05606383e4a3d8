"""Checks for the exercises of lesson 07 (the generator).

The references are central differences (``gradcheck``, float64) for the gradient that D
sends back into G, the layers' own backward for the gradients derived by hand, and the
change-of-variables density written here. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import gradcheck, losses
from . import exercise
from .language import say
from .validate import CheckFailed, rel_error
from ..layers import Dense, Sequential, Tanh


def _small_nets(seed=7):
    """A float64 G (2 -> 8 -> 2) and D (2 -> 8 -> 1) with seeded weights, and the rng that drew them (for the inputs)."""
    rng = np.random.default_rng(seed)
    G = Sequential(Dense(2, 8, dtype="float64", rng=rng), Tanh(), Dense(8, 2, dtype="float64", rng=rng))
    D = Sequential(Dense(2, 8, dtype="float64", rng=rng), Tanh(), Dense(8, 1, dtype="float64", rng=rng))
    return G, D, rng


@exercise("07.gradient_to_generator", hints=(
    "the fake batch is D's input: D's backward pass hands back the gradient with respect to its input",
    "forward the fakes through D keeping the cache, get dL/dlogits from the generator's (non-saturating) loss, "
    "then run D's backward with that cache",
    "return what D.backward returns, shaped like fake; it also adds into D.grads, which a generator step never uses",
), tol=1e-6, host=True)
def check_gradient_to_generator(gradient_to_generator):
    _, D, rng = _small_nets()
    fake = rng.standard_normal((16, 2))
    got = gradient_to_generator(D, fake.copy())
    if got is None or tuple(np.shape(got)) != fake.shape:
        raise CheckFailed("return dL/dfake with the fake batch's shape {want}, got {shape}", want=fake.shape,
                          shape=np.shape(got))
    report = gradcheck.check_tensors(lambda: losses.generator_loss(D(fake), "non_saturating")[0],
                                     {"fake": fake}, {"fake": np.asarray(got, dtype=float)}, "dL_G/dfake")
    return report.worst, say("against central differences on 16 fake points, float64")


def _affine_pair(w, b, a, c):
    """G(z) = w z + b and a logistic-regression D with logit a x + c, as float64 Dense(1, 1) layers."""
    G, D = Dense(1, 1, dtype="float64"), Dense(1, 1, dtype="float64")
    G.params["W"][...], G.params["b"][...] = w, b
    D.params["W"][...], D.params["b"][...] = a, c
    return G, D


@exercise("07.affine_generator_grads", hints=(
    "the chain rule three times: loss -> each logit -> each fake point -> w and b; the loss is a batch mean",
    "d softplus(u)/du = sigmoid(u); the non-saturating loss is a softplus of -logit, the minimax loss minus a "
    "softplus of +logit; each fake x_i moves logit_i by a per unit",
    "dL/db sums dL/dx_i over the batch, dL/dw weights each term by its z_i; where D rejects a fake hard (logit "
    "-30) one of the two losses has a gradient of about 1e-13 / m: compute that sigmoid directly, not as 1 minus "
    "something close to 1",
), tol=1e-10, host=True)
def check_affine_generator_grads(affine_generator_grads):
    rng = np.random.default_rng(17)
    named = []
    for w, b, a, c in [(1.0, 2.0, 1.5, -4.0), (-0.7, 0.5, -2.0, 1.0), (0.8, 3.0, 2.0, -36.0)]:  # the last: D rejects every fake
        z = rng.standard_normal(9)
        for kind in ("non_saturating", "minimax"):
            G, D = _affine_pair(w, b, a, c)
            fake, g_cache = G.forward(z[:, None])
            logits, d_cache = D.forward(fake)
            G.backward(D.backward(losses.generator_loss(logits, kind)[1], d_cache), g_cache)
            out = affine_generator_grads(w, b, a, c, z.copy(), kind)
            if not isinstance(out, (tuple, list)) or len(out) != 2:
                raise CheckFailed("return two numbers (dL/dw, dL/db), got {kind}", kind=type(out).__name__)
            for name, got, want in (("dw", out[0], G.grads["W"]), ("db", out[1], G.grads["b"])):
                named.append((f"{kind} c={c:g} {name}", rel_error(np.reshape(np.asarray(got, dtype=float), (1,)),
                                                                 np.reshape(want, (1,)))))
    worst_name, worst_rel = max(named, key=lambda t: t[1])
    return worst_rel, say("each gradient relative to its own size, 3 (G, D) pairs x 2 losses (worst: {worst_name})",
                          worst_name=worst_name)


@exercise("07.pushforward_density", hints=(
    "change of variables: the noise density at z, divided by how much G stretches space at z",
    "G'(z) is one backward pass with an upstream gradient of ones: the rows are independent, so row i gets G'(z_i)",
    "a decreasing G has G' < 0 and a density cannot be negative; return a flat array of shape (B,)",
), tol=1e-10, host=True)
def check_pushforward_density(pushforward_density):
    z = np.linspace(-3, 3, 25)[:, None]
    p_z = np.exp(-0.5 * z[:, 0] ** 2) / np.sqrt(2 * np.pi)
    up = Sequential(Dense(1, 1, dtype="float64"), Tanh(), Dense(1, 1, dtype="float64"))
    for k, v in {"0.W": 1.2, "0.b": 0.3, "2.W": 2.0, "2.b": 1.0}.items():
        up.params[k][...] = v
    down = Dense(1, 1, dtype="float64")
    down.params["W"][...], down.params["b"][...] = -2.0, 5.0
    slope_up = 2.0 * 1.2 * (1 - np.tanh(1.2 * z[:, 0] + 0.3) ** 2)
    e_up = rel_error(np.reshape(pushforward_density(up, z.copy()), -1), p_z / slope_up)
    e_down = rel_error(np.reshape(pushforward_density(down, z.copy()), -1), p_z / 2.0)
    return max(e_up, e_down), say("increasing tanh G {e_up:.1e}, decreasing affine G {e_down:.1e}",
                                  e_up=e_up, e_down=e_down)
