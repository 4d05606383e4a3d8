"""Checks for the exercises of lessons 00-05 (registered into ``exercises``).

Each check builds fresh inputs with a fixed seed, runs the student's
function, and compares it with a reference: the library itself where it has
the piece (``layers.Dense``, ``optim.Adam``, ...), else a few lines written
here. It returns ``(worst relative error, detail)``.
"""
import time

import numpy as np

from .. import backend, losses, optim
from . import CheckFailed, exercise, rel_error
from ..layers import Dense, Layer, Tanh, sigmoid


def _outputs(out, n, names):
    """The answer's tuple of ``n`` outputs, or CheckFailed saying what came back instead."""
    if not isinstance(out, (tuple, list)) or len(out) != n:
        raise CheckFailed(f"return {n} arrays ({', '.join(names)}), got {type(out).__name__}")
    return out


def _worst(named):
    """Worst of several (name, relative error) pairs, and a detail string listing them all."""
    return max(r for _, r in named), ", ".join(f"{k} {r:.1e}" for k, r in named)


# ---- lesson 00: generative vs discriminative ----

def _gaussian_problem(seed, dim=2):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((dim, dim))
    cov = A @ A.T + 0.5 * np.eye(dim)
    return rng, rng.standard_normal((2, dim)), cov


def _linear_log_odds(means, cov, priors):
    """Shared covariance: log p(1|x)/p(0|x) = w.x + b with w = S^-1 (mu1 - mu0), the reference."""
    w = np.linalg.solve(cov, means[1] - means[0])
    b = -0.5 * means[1] @ np.linalg.solve(cov, means[1]) + 0.5 * means[0] @ np.linalg.solve(cov, means[0])
    return w, b + np.log(priors[1] / priors[0])


@exercise("00.log_odds_weights", "expand log p(x|1)p(1) - log p(x|0)p(0): the x^T S^-1 x terms cancel, "
          "what multiplies x is w (use np.linalg.solve for S^-1 v), the rest is b, log(p1/p0) included")
def check_log_odds_weights(log_odds_weights):
    named = []
    for dim in (2, 3):
        _, means, cov = _gaussian_problem(dim, dim)
        priors = np.array([0.25, 0.75])
        w_ref, b_ref = _linear_log_odds(means, cov, priors)
        w, b = _outputs(log_odds_weights(means, cov, priors), 2, ["w", "b"])
        named += [(f"w (dim {dim})", rel_error(w, w_ref)), (f"b (dim {dim})", rel_error(b, b_ref))]
    return _worst(named)


@exercise("00.posterior", "work with log p(x|k) + log p(k) and subtract the larger of the two before "
          "exponentiating (log-sum-exp): then one term is exp(0) = 1 and nothing underflows to 0/0")
def check_posterior(posterior):
    rng, means, cov = _gaussian_problem(7)
    priors = np.array([0.3, 0.7])
    x = np.concatenate([1.5 * rng.standard_normal((60, 2)), 200 * rng.standard_normal((20, 2))])  # some far out
    w, b = _linear_log_odds(means, cov, priors)
    return rel_error(posterior(x, means, cov, priors), sigmoid(x @ w + b)), "on 60 points near the data and 20 far out"


# ---- lesson 01: arrays on CPU and GPU ----

def _gpu():
    try:
        backend.import_cupy()
        return True
    except backend.BackendUnavailable:
        return False


@exercise("01.standardize", "xp = backend.get_xp(x), then (x - x.mean(axis=0)) / x.std(axis=0); "
          "never call numpy directly, so the result stays on x's device")
def check_standardize(standardize):
    x_host = np.random.default_rng(1).normal(3.0, 2.0, (64, 3))
    ref = (x_host - x_host.mean(0)) / x_host.std(0)
    named = []
    for name in ("numpy", "cupy") if _gpu() else ("numpy",):
        with backend.use(name):
            x = backend.asarray(x_host)
            out = standardize(x)
            if not hasattr(out, "shape") or backend.is_cupy(out) != backend.is_cupy(x):
                raise CheckFailed(f"on {name} the result is a {type(out).__module__}.{type(out).__name__}; "
                                  f"keep it on x's device ({type(x).__module__} array)")
            named.append((name, rel_error(out, ref)))
    return _worst(named)


@exercise("01.best_of", "call f() once to warm up, then n times, each between backend.synchronize() "
          "and time.perf_counter() readings; return the smallest time", tol=0.3)
def check_best_of(best_of):
    durations = [0.1, 0.08, 0.04, 0.06]  # warm-up, then three timed calls: the best is 0.04 s
    calls, syncs = [], []

    def f():
        time.sleep(durations[min(len(calls), len(durations) - 1)])
        calls.append(1)

    real_sync = backend.synchronize
    backend.synchronize = lambda: syncs.append(1)
    try:
        t = best_of(f, 3)
    finally:
        backend.synchronize = real_sync
    if len(calls) != 4:
        raise CheckFailed(f"f was called {len(calls)} times for n=3; call it once to warm up, then n times")
    if len(syncs) < 3:
        raise CheckFailed(f"backend.synchronize() was called {len(syncs)} times; call it before each clock reading "
                          "after f() (GPU work is queued, not finished, when f returns)")
    return abs(float(t) - 0.04) / 0.04, f"returned {float(t):.4f} s, the best call took 0.04 s"


# ---- lesson 02: a dense layer by hand ----

@exercise("02.dense_backward", "dx = dy @ W.T (B, in), dW = x.T @ dy (in, out), db = dy.sum(axis=0) (out,)")
def check_dense_backward(dense_backward):
    rng = np.random.default_rng(2)
    layer = Dense(4, 3, rng=rng).astype("float64")
    x, dy = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    y, cache = layer.forward(x)
    dx_ref = layer.backward(dy, cache)
    dx, dW, db = _outputs(dense_backward(dy, x, layer.params["W"].copy()), 3, ["dx", "dW", "db"])
    return _worst([("dx", rel_error(dx, dx_ref)), ("dW", rel_error(dW, layer.grads["W"])),
                   ("db", rel_error(db, layer.grads["b"]))])


@exercise("02.tanh_backward", "y = tanh(x) is what forward kept; dtanh/dx = 1 - tanh(x)^2 = 1 - y^2, times dy")
def check_tanh_backward(tanh_backward):
    rng = np.random.default_rng(3)
    x, dy = 2 * rng.standard_normal((6, 4)), rng.standard_normal((6, 4))
    y, cache = Tanh().forward(x)
    return rel_error(tanh_backward(dy, y.copy()), Tanh().backward(dy, cache)), ""


# ---- lesson 03: gradient checking ----

@exercise("03.central_difference", "for each index i: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps); "
          "perturb a copy (or restore x), and use x.flat[i] or np.ndindex for any shape")
def check_central_difference(central_difference):
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    x_before = x.copy()
    grad = central_difference(lambda v: float((np.sin(v) * w).sum() + 0.5 * (v * v).sum()), x, 1e-6)
    if not np.array_equal(x, x_before):
        raise CheckFailed("your function left x changed; put every perturbed element back")
    return rel_error(grad, np.cos(x) * w + x), ""


@exercise("03.relative_error", "max|a - b| / max(max|a|, max|b|), and 0.0 when both are all zeros", tol=1e-12)
def check_relative_error(relative_error):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((4, 3))
    pairs = [(a, a + 1e-7 * rng.standard_normal(a.shape)), (a, -a), (np.zeros(5), np.zeros(5)),
             (np.array([0.0, 3.0]), np.array([1e-3, 3.0]))]
    got = [float(relative_error(p, q)) for p, q in pairs]
    ref = [rel_error(p, q) for p, q in pairs]
    return rel_error(np.array(got), np.array(ref)), f"on {len(pairs)} pairs, one of them all zeros"


# ---- lesson 04: sigmoid, BCE and logits ----

LOGITS = np.array([-1e4, -800.0, -30.0, -1.0, 0.0, 2.0, 30.0, 800.0, 1e4])


@exercise("04.bce_loss", "y * softplus(-l) + (1 - y) * softplus(l), with softplus(l) = max(l, 0) + log1p(exp(-|l|))",
          tol=1e-12)
def check_bce_loss(bce_loss):
    named = []
    for t in (0.0, 1.0, 0.9):
        ref = t * losses.softplus(-LOGITS) + (1 - t) * losses.softplus(LOGITS)
        named.append((f"t={t}", rel_error(bce_loss(LOGITS.copy(), t), ref)))
    return _worst(named)


@exercise("04.generator_grads", "d/dl log(1 - s(l)) = -s(l) and d/dl [-log s(l)] = -(1 - s(l)) = -s(-l); "
          "use scratchgan.layers.sigmoid", tol=1e-12)
def check_generator_grads(generator_grads):
    l = np.linspace(-40, 40, 81)
    d_minimax, d_ns = _outputs(generator_grads(l.copy()), 2, ["d_minimax", "d_non_saturating"])
    return _worst([("minimax", rel_error(d_minimax, -sigmoid(l))), ("non_saturating", rel_error(d_ns, -sigmoid(-l)))])


# ---- lesson 05: optimizers ----

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


@exercise("05.momentum_step", "v = mu * v + g, then p = p - lr * v; return (p, v)", tol=1e-12)
def check_momentum_step(momentum_step):
    p0 = np.array([1.0, -2.0, 0.5])
    model = _point(p0)
    sgd = optim.SGD(model, lr=0.1, momentum=0.8)
    p, v = p0.copy(), np.zeros(3)
    for g in _gradients(6):
        model.grads["p"][...] = g
        sgd.step()
        p, v = _outputs(momentum_step(p.copy(), v.copy(), g, 0.1, 0.8), 2, ["p", "v"])
    return _worst([("p", rel_error(p, model.params["p"])), ("v", rel_error(v, sgd.state["p"]["v"]))])


@exercise("05.adam_step", "m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; m_hat = m / (1 - b1^t); "
          "v_hat = v / (1 - b2^t); p -= lr m_hat / (sqrt(v_hat) + eps); t starts at 1", tol=1e-10)
def check_adam_step(adam_step):
    p0 = np.array([1.0, -2.0, 0.5])
    model = _point(p0)
    adam = optim.Adam(model, lr=0.01, betas=(0.5, 0.999))
    p, m, v = p0.copy(), np.zeros(3), np.zeros(3)
    for t, g in enumerate(_gradients(7), start=1):
        model.grads["p"][...] = g
        adam.step()
        p, m, v = _outputs(adam_step(p.copy(), m.copy(), v.copy(), g, t, 0.01, (0.5, 0.999), 1e-8), 3, ["p", "m", "v"])
    s = adam.state["p"]
    return _worst([("p", rel_error(p, model.params["p"])), ("m", rel_error(m, s["m"])), ("v", rel_error(v, s["v"]))])
