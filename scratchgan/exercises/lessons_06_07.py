"""Checks for the exercises of lessons 06 (the discriminator) and 07 (the generator).

Each check builds fresh seeded inputs, runs the student's function and
compares it with a reference: closed forms written here for the densities of
lesson 06; central differences (``gradcheck``, float64) for the gradient that
lesson 07 sends from D back into G, and the layers' own backward for the
gradients derived by hand. It returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import gradcheck, losses
from . import CheckFailed, exercise, rel_error
from ..layers import Dense, Sequential, Tanh


# ---- lesson 06: the discriminator ----

def _log_normal(x, mu, s):
    """log N(x; mu, s^2), elementwise."""
    return -0.5 * np.log(2 * np.pi * s**2) - (x - mu) ** 2 / (2 * s**2)


def _trapezoid(y, x):
    """The trapezoid rule on a grid (np.trapezoid is NumPy >= 2 only)."""
    return float(((y[1:] + y[:-1]) * np.diff(x)).sum() / 2)


@exercise("06.gaussian_optimal_logit", hints=(
    "stay in log space: a log of a ratio is a difference of logs, and a Gaussian's log has no exp in it",
    "write log N(x; mu, s^2) out in full for each density and subtract; the log(2 pi) parts cancel, the "
    "normalising constants leave one log of the two widths, and two squared terms remain",
    "at |x| = 60 each density is about exp(-7000), which is exactly 0 in float64, so forming p_data / p_g "
    "gives 0/0 = NaN there: never call np.exp",
), tol=1e-12)
def check_gaussian_optimal_logit(gaussian_optimal_logit):
    x = np.concatenate([np.linspace(-5, 10, 41), [-60.0, 60.0]])
    named = []
    for mu_d, s_d, mu_g, s_g in [(4.0, 0.5, 2.0, 1.3), (0.0, 1.0, 0.0, 1.0), (-1.0, 2.0, 3.0, 0.7)]:
        want = _log_normal(x, mu_d, s_d) - _log_normal(x, mu_g, s_g)
        named.append(rel_error(gaussian_optimal_logit(x.copy(), mu_d, s_d, mu_g, s_g), want))
    return max(named), "three pairs of Gaussians on x in [-5, 10] and at x = -60, 60"


@exercise("06.value_on_grid", hints=(
    "log D and log(1 - D) each have a form in the logit that never rounds D to 0 or 1 (lesson 04)",
    "log sigmoid(l) and log(1 - sigmoid(l)) are both minus a softplus (losses.softplus), of -l and of l; "
    "weight them by the two densities (the exp of the given logs)",
    "the trapezoid rule (any grid spacing): sum over i of (f[i] + f[i+1]) / 2 * (x[i+1] - x[i])",
), tol=1e-10)
def check_value_on_grid(value_on_grid):
    x = np.linspace(-8, 14, 4001)
    log_pd, log_pg = _log_normal(x, 4.0, 0.5), _log_normal(x, 2.0, 1.0)
    named = []
    for logits in (log_pd - log_pg, 0.3 * x - 1.0, 40.0 * (x - 3.0)):  # D*, a poor D, a D that saturates
        want = _trapezoid(np.exp(log_pd) * -losses.softplus(-logits) + np.exp(log_pg) * -losses.softplus(logits), x)
        got = value_on_grid(logits.copy(), log_pd, log_pg, x)
        named.append(rel_error(np.asarray(got, dtype=float).reshape(()), want))
    return max(named), "D* (V = -log 4 + 2 JSD), a linear logit and a saturated one"


@exercise("06.jsd_on_grid", hints=(
    "JSD compares each density with their average, the mixture m; build log m from the two logs without "
    "leaving log space",
    "log m = log((p + q) / 2): np.logaddexp adds two numbers given by their logs, and the /2 is a shift by log 2",
    "JSD is the mean of KL(p || m) and KL(q || m), each an integral of a density times a difference of logs "
    "(trapezoid rule); equal inputs must give 0 and far-apart ones log 2",
), tol=1e-8)
def check_jsd_on_grid(jsd_on_grid):
    x = np.linspace(-12, 16, 8001)
    named = []
    for mu1, s1, mu2, s2 in [(4.0, 0.5, 2.0, 1.0), (0.0, 1.0, 0.0, 1.0), (-3.0, 0.4, 6.0, 0.4)]:
        lp, lq = _log_normal(x, mu1, s1), _log_normal(x, mu2, s2)
        lm = np.logaddexp(lp, lq) - np.log(2)
        want = 0.5 * _trapezoid(np.exp(lp) * (lp - lm) + np.exp(lq) * (lq - lm), x)
        got = np.asarray(jsd_on_grid(lp, lq, x), dtype=float).reshape(())
        named.append(abs(float(got) - want) / max(want, np.log(2)))  # JSD is in [0, log 2]: scale by log 2 at least
    return max(named), "equal Gaussians (JSD 0), overlapping ones, and far-apart ones (JSD log 2)"


# ---- lesson 07: the generator ----

def _small_nets(seed=7):
    """A float64 G (2 -> 8 -> 2) and D (2 -> 8 -> 1) with fixed weights, and the generator of their inputs."""
    rng = np.random.default_rng(seed)
    G = Sequential(Dense(2, 8, dtype="float64", rng=rng), Tanh(), Dense(8, 2, dtype="float64", rng=rng))
    D = Sequential(Dense(2, 8, dtype="float64", rng=rng), Tanh(), Dense(8, 1, dtype="float64", rng=rng))
    return G, D, rng


@exercise("07.gradient_to_generator", hints=(
    "the fake batch is D's input: D's backward pass hands back the gradient with respect to its input",
    "forward the fakes through D keeping the cache, get dL/dlogits from the generator's (non-saturating) loss, "
    "then run D's backward with that cache",
    "return what D.backward returns, shaped like fake; it also adds into D.grads, which a generator step never uses",
), tol=1e-6)
def check_gradient_to_generator(gradient_to_generator):
    _, D, rng = _small_nets()
    fake = rng.standard_normal((16, 2))
    got = gradient_to_generator(D, fake.copy())
    if got is None or tuple(np.shape(got)) != fake.shape:
        raise CheckFailed(f"return dL/dfake with the fake batch's shape {fake.shape}, got {np.shape(got)}")
    report = gradcheck.check_tensors(lambda: losses.generator_loss(D(fake), "non_saturating")[0],
                                     {"fake": fake}, {"fake": np.asarray(got, dtype=float)}, "dL_G/dfake")
    return report.worst, "against central differences on 16 fake points, float64"


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
), tol=1e-10)
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
                raise CheckFailed(f"return two numbers (dL/dw, dL/db), got {type(out).__name__}")
            for name, got, want in (("dw", out[0], G.grads["W"]), ("db", out[1], G.grads["b"])):
                named.append((f"{kind} c={c:g} {name}", rel_error(np.reshape(np.asarray(got, dtype=float), (1,)),
                                                                 np.reshape(want, (1,)))))
    worst_name, worst_rel = max(named, key=lambda t: t[1])
    return worst_rel, f"each gradient relative to its own size, 3 (G, D) pairs x 2 losses (worst: {worst_name})"


@exercise("07.pushforward_density", hints=(
    "change of variables: the noise density at z, divided by how much G stretches space at z",
    "G'(z) is one backward pass with an upstream gradient of ones: the rows are independent, so row i gets G'(z_i)",
    "a decreasing G has G' < 0 and a density cannot be negative; return a flat array of shape (B,)",
), tol=1e-10)
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
    return max(e_up, e_down), f"increasing tanh G {e_up:.1e}, decreasing affine G {e_down:.1e}"
