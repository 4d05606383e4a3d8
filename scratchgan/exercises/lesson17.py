"""Checks for the exercises of lesson 17 (from scratch to PyTorch).

Neither needs PyTorch: the references are a transpose written here and central differences
(``gradcheck``, float64). Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import CheckFailed, rel_error, worst
from ..layers import Dense, LeakyReLU, Sequential


@exercise("17.from_torch_grads", hints=(
    "PyTorch's Linear stores its weight the other way round from our Dense, and names it differently",
    "split each key at the dot: 'weight' becomes 'W', an (out, in) array turned into (in, out); 'bias' becomes 'b', "
    "unchanged",
    "turn it with a transpose, not a reshape: a reshape keeps the numbers in memory order and scrambles the matrix",
), tol=0)
def check_from_torch_grads(from_torch_grads):
    rng = np.random.default_rng(16)
    widths = [(3, 5), (5, 5), (5, 1)]  # a square layer too: a missing transpose keeps its shape
    torch_grads, want = {}, {}
    for j, (i, o) in enumerate(widths):
        weight, bias = rng.standard_normal((o, i)), rng.standard_normal(o)
        torch_grads[f"{2 * j}.weight"], torch_grads[f"{2 * j}.bias"] = weight, bias
        want[f"{2 * j}.W"], want[f"{2 * j}.b"] = weight.T.copy(), bias.copy()
    got = from_torch_grads({k: v.copy() for k, v in torch_grads.items()})
    if not isinstance(got, dict) or set(got) != set(want):
        raise CheckFailed("return a dict with the keys {keys}, got {got}", keys=sorted(want),
                          got=sorted(got) if isinstance(got, dict) else type(got).__name__)
    return worst([(k, rel_error(got[k], want[k])) for k in want])


@exercise("17.g_grads_from_d_loss", hints=(
    "only one half of D's loss depends on G; follow that half back through D into G, as the G step does",
    "the fake half of L_D is -mean log(1 - sigma(l_fake)); losses.discriminator_loss already returns dL_D/dl_fake, "
    "and D.backward turns it into dL_D/dfake for G.backward (zero G's grads first)",
    "compare with the G step: G's loss there differs, so the gradient differs; how is the fake half of L_D "
    "related to the saturating (minimax) G loss?",
), tol=1e-6, host=True)
def check_g_grads_from_d_loss(g_grads_from_d_loss):
    from .. import gradcheck, losses
    rng = np.random.default_rng(61)
    G = Sequential(Dense(3, 8, dtype="float64", rng=rng), LeakyReLU(0.2), Dense(8, 2, dtype="float64", rng=rng))
    D = Sequential(Dense(2, 8, dtype="float64", rng=rng), LeakyReLU(0.2), Dense(8, 1, dtype="float64", rng=rng))
    real, z = rng.standard_normal((10, 2)) + 2.0, rng.standard_normal((10, 3))
    for g in G.grads.values():
        g[...] = 1.0  # junk: a correct answer zeroes it first
    D_before = {k: v.copy() for k, v in D.params.items()}
    loss = g_grads_from_d_loss(G, D, real.copy(), z.copy())
    if loss is None:
        raise CheckFailed("return L_D (a number) as well as filling G.grads")
    if any(not np.array_equal(D.params[k], v) for k, v in D_before.items()):
        raise CheckFailed("D's parameters changed: compute gradients only, take no optimizer step")
    want = float(losses.discriminator_loss(D(real), D(G(z)), "non_saturating")[0])
    loss_err = rel_error(np.reshape(np.asarray(loss, dtype=float), ()), want)
    report = gradcheck.check_model(lambda: g_grads_from_d_loss(G, D, real, z), G)
    grads = ", ".join(f"G.grads[{r['name']!r}] {r['rel']:.1e}" for r in report.rows)
    return max(loss_err, report.worst), say("L_D {loss_err:.1e}; {grads} (against central differences of L_D in "
                                            "G's weights, float64)", loss_err=loss_err, grads=grads)
