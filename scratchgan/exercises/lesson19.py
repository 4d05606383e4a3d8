"""Checks for the exercises of lesson 19 (conditional GANs: "draw a 7").

References: ``layers.Dense`` on the concatenation [x, onehot(y)] (Mirza & Osindero 2014) and
``conditional.ProjectionD`` with phi = the identity (Miyato & Koyama 2018), both from the library,
in float64. Labels repeat and leave a class out, so a gradient that forgets repeats or unused rows
shows. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import CheckFailed, outputs, rel_error, worst
from .. import backend, conditional, layers


def _case(seed, B=9, F=4, C=5):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, C - 1, B)  # class C-1 never drawn; with B > C - 1 some classes repeat
    return rng, labels, B, F, C


@exercise("19.concat_first_layer", hints=(
    "write h = [x, onehot(y)] @ W + b as two products, one for each block of columns of the input [x, onehot(y)], "
    "i.e. of rows of W",
    "the x block meets W's first F rows; a one-hot row times a matrix picks one row of it: which row of W does "
    "class y pick, counting from the top of the whole W?",
), tol=1e-12)
def check_concat_first_layer(concat_first_layer):
    named = []
    for seed in (0, 1):
        rng, labels, B, F, C = _case(seed)
        x, W, b = rng.standard_normal((B, F)), rng.standard_normal((F + C, 3)), rng.standard_normal(3)
        want = np.concatenate([x, backend.to_numpy(conditional.one_hot(labels, C, "float64"))], 1) @ W + b
        got = concat_first_layer(x.copy(), labels.copy(), W.copy(), b.copy())
        if got is None:
            raise CheckFailed("{name} returned None (is a `return` missing?)", name="concat_first_layer")
        named.append((seed, rel_error(np.asarray(got, dtype=np.float64), want)))
    (s0, r0), (s1, r1) = named
    return worst(named)[0], say("seed {s0} {r0:.1e}, seed {s1} {r1:.1e}", s0=s0, r0=r0, s1=s1, r1=r1)


@exercise("19.projection_backward", hints=(
    "the logit has two terms that both contain h: each gives h a gradient, and they add up",
    "d(e . h)/dh = e and d(e . h)/de = h, each times the upstream dl; for E, row y_b of the table gets "
    "row b's gradient, and a class drawn twice gets both",
    "build dE as zeros shaped like E and add every row's gradient into its class's row with np.add.at: "
    "dE[labels] += ... keeps only one of the repeated rows",
), tol=1e-12)
def check_projection_backward(projection_backward):
    named, seeds = [], (2, 3)
    for seed in seeds:
        rng, labels, B, F, C = _case(seed)
        h, dl = rng.standard_normal((B, F)), rng.standard_normal((B, 1))
        D = conditional.ProjectionD(layers.Sequential(), F, C, rng=rng).astype("float64")  # phi = identity: x is h
        E, w = backend.to_numpy(D.params["embed.E"]).copy(), backend.to_numpy(D.params["psi.W"]).copy()
        D.zero_grad()
        _, cache = D.forward(backend.asarray(h), labels)
        dh_want = backend.to_numpy(D.backward(backend.asarray(dl), cache))
        dE_want = backend.to_numpy(D.grads["embed.E"])
        dh, dE = outputs(projection_backward(dl.copy(), h.copy(), E.copy(), labels.copy(), w.copy()), 2, ("dh", "dE"))
        named += [("dh", rel_error(np.asarray(dh, np.float64), dh_want)),
                  ("dE", rel_error(np.asarray(dE, np.float64), dE_want))]
    (_, h0), (_, e0), (_, h1), (_, e1) = named
    return worst(named)[0], say("dh (seed {s0}) {h0:.1e}, dE (seed {s0}) {e0:.1e}, "
                                "dh (seed {s1}) {h1:.1e}, dE (seed {s1}) {e1:.1e}",
                                s0=seeds[0], s1=seeds[1], h0=h0, e0=e0, h1=h1, e1=e1)
