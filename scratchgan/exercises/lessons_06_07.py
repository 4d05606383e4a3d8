"""Checks for the exercises of lessons 06 (the discriminator) and 07 (the generator).

Each check builds fresh seeded inputs, runs the student's function and
compares it with a reference: closed forms written here for the densities of
lesson 06, and central differences (``gradcheck``, float64) for the gradients
that lesson 07 sends from D back into G. It returns ``(worst relative error, detail)``.
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


@exercise("06.gaussian_optimal_logit", "stay in logs: log(sigma_g / sigma_d) - (x - mu_d)^2 / (2 sigma_d^2) "
          "+ (x - mu_g)^2 / (2 sigma_g^2); a density underflows to 0 at |x| = 60 and 0/0 is NaN", tol=1e-12)
def check_gaussian_optimal_logit(gaussian_optimal_logit):
    x = np.concatenate([np.linspace(-5, 10, 41), [-60.0, 60.0]])
    named = []
    for mu_d, s_d, mu_g, s_g in [(4.0, 0.5, 2.0, 1.3), (0.0, 1.0, 0.0, 1.0), (-1.0, 2.0, 3.0, 0.7)]:
        want = _log_normal(x, mu_d, s_d) - _log_normal(x, mu_g, s_g)
        named.append(rel_error(gaussian_optimal_logit(x.copy(), mu_d, s_d, mu_g, s_g), want))
    return max(named), "three pairs of Gaussians on x in [-5, 10] and at x = -60, 60"


@exercise("06.value_on_grid", "log D = -softplus(-l) and log(1 - D) = -softplus(l) (losses.softplus); "
          "integrate p_data log D + p_g log(1 - D) with the trapezoid rule; never take the log of a sigmoid",
          tol=1e-10)
def check_value_on_grid(value_on_grid):
    x = np.linspace(-8, 14, 4001)
    log_pd, log_pg = _log_normal(x, 4.0, 0.5), _log_normal(x, 2.0, 1.0)
    named = []
    for logits in (log_pd - log_pg, 0.3 * x - 1.0, 40.0 * (x - 3.0)):  # D*, a poor D, a D that saturates
        want = _trapezoid(np.exp(log_pd) * -losses.softplus(-logits) + np.exp(log_pg) * -losses.softplus(logits), x)
        got = value_on_grid(logits.copy(), log_pd, log_pg, x)
        named.append(rel_error(np.asarray(got, dtype=float).reshape(()), want))
    return max(named), "D* (V = -log 4 + 2 JSD), a linear logit and a saturated one"


@exercise("06.jsd_on_grid", "m = (p + q)/2 and log m = np.logaddexp(log_p, log_q) - log 2; "
          "JSD = 0.5 * integral p (log p - log m) + 0.5 * integral q (log q - log m), trapezoid rule", tol=1e-8)
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


@exercise("07.gradient_to_generator", "logits, cache = D.forward(fake); loss, dlogits = "
          "losses.generator_loss(logits, 'non_saturating'); return D.backward(dlogits, cache)", tol=1e-6)
def check_gradient_to_generator(gradient_to_generator):
    _, D, rng = _small_nets()
    fake = rng.standard_normal((16, 2))
    got = gradient_to_generator(D, fake.copy())
    if got is None or tuple(np.shape(got)) != fake.shape:
        raise CheckFailed(f"return dL/dfake with the fake batch's shape {fake.shape}, got {np.shape(got)}")
    report = gradcheck.check_tensors(lambda: losses.generator_loss(D(fake), "non_saturating")[0],
                                     {"fake": fake}, {"fake": np.asarray(got, dtype=float)}, "dL_G/dfake")
    return report.worst, "against central differences on 16 fake points, float64"


@exercise("07.generator_loss_and_backward", "G.zero_grad(); fake, g_cache = G.forward(z); logits, d_cache = "
          "D.forward(fake); loss, dlogits = losses.generator_loss(logits, 'non_saturating'); "
          "G.backward(D.backward(dlogits, d_cache), g_cache); return loss", tol=1e-6)
def check_generator_loss_and_backward(generator_loss_and_backward):
    G, D, rng = _small_nets()
    z = rng.standard_normal((12, 2))
    for g in G.grads.values():
        g[...] = 1.0  # junk: a correct answer zeroes it first
    loss = generator_loss_and_backward(G, D, z)
    if loss is None:
        raise CheckFailed("return the loss (a number) as well as filling G.grads")
    want = float(losses.generator_loss(D(G(z)), "non_saturating")[0])
    loss_err = rel_error(np.reshape(np.asarray(loss, dtype=float), ()), want)
    report = gradcheck.check_model(lambda: generator_loss_and_backward(G, D, z), G)
    grads = {row["name"]: row["rel"] for row in report.rows}
    detail = f"loss {loss_err:.1e}; " + ", ".join(f"G.grads[{k!r}] {r:.1e}" for k, r in grads.items())
    return max(loss_err, report.worst), detail + " (gradcheck.check_model, float64)"


@exercise("07.pushforward_density", "x, cache = G.forward(z); dG = G.backward(ones like x, cache) is G'(z); "
          "return exp(-z^2/2) / sqrt(2 pi) / |G'(z)| with shape (B,); the |.| matters for a decreasing G", tol=1e-10)
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
