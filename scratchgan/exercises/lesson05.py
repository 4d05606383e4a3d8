"""Checks for the exercises of lesson 05 (optimizers).

The reference is the library's ``optim.SGD`` and ``optim.Adam``, stepped on the same
gradients as the student's update. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import optim
from . import exercise
from .validate import outputs, rel_error, worst
from ..layers import Layer


def _point(p):
    """A one-parameter 'model' for the optimizers: params {"p": p}."""
    model = Layer()
    model.params["p"] = p.copy()
    model.zero_grad()
    return model


def _gradients(seed, steps=6):
    g = np.random.default_rng(seed).standard_normal((steps, 3))
    g[:, 2] *= 1e-7  # a tiny gradient, where eps matters
    return g


@exercise("05.momentum_step", hints=(
    "two updates, in order: first the velocity, from its old value and the new gradient; then p, moved by the NEW "
    "velocity",
    "the lesson's (PyTorch's) convention: the gradient enters v whole, with no (1 - mu) factor, and lr multiplies v",
    "return both new arrays, p first; the check feeds your v back in at the next step, so a v that is off by a "
    "factor, or a p moved by the old v, shows up within a few steps",
), tol=1e-12)
def check_momentum_step(momentum_step):
    p0 = np.array([1.0, -2.0, 0.5])
    model = _point(p0)
    sgd = optim.SGD(model, lr=0.1, momentum=0.8)
    p, v = p0.copy(), np.zeros(3)
    for g in _gradients(6):
        model.grads["p"][...] = g
        sgd.step()
        p, v = outputs(momentum_step(p.copy(), v.copy(), g, 0.1, 0.8), 2, ["p", "v"])
    return worst([("p", rel_error(p, model.params["p"])), ("v", rel_error(v, sgd.state["p"]["v"]))])


@exercise("05.adam_step", hints=(
    "two running averages (of g and of g^2), each corrected for having started at zero, then one step per coordinate",
    "the correction divides by 1 - beta^t with t counting from 1; eps is added AFTER the square root "
    "(the check has a gradient of 1e-7, where the place of eps changes the step)",
    "return the UNcorrected m and v: the corrected ones only make the step, and the next call carries on from m and v",
), tol=1e-10)
def check_adam_step(adam_step):
    p0 = np.array([1.0, -2.0, 0.5])
    model = _point(p0)
    adam = optim.Adam(model, lr=0.01, betas=(0.5, 0.999))
    p, m, v = p0.copy(), np.zeros(3), np.zeros(3)
    for t, g in enumerate(_gradients(7), start=1):
        model.grads["p"][...] = g
        adam.step()
        p, m, v = outputs(adam_step(p.copy(), m.copy(), v.copy(), g, t, 0.01, (0.5, 0.999), 1e-8), 3, ["p", "m", "v"])
    s = adam.state["p"]
    return worst([("p", rel_error(p, model.params["p"])), ("m", rel_error(m, s["m"])), ("v", rel_error(v, s["v"]))])
