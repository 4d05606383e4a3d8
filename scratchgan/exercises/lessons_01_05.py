"""Checks for the exercises of lessons 01-05 (registered into ``exercises``).

Each check builds fresh inputs with a fixed seed, runs the student's
function, and compares it with a reference: the library itself where it has
the piece (``optim.Adam``, ``losses.softplus``, ...), else a few lines written
here. It returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import backend, losses, optim
from . import CheckFailed, exercise, rel_error, worst
from ..layers import Layer, sigmoid


def _outputs(out, n, names):
    """The answer's tuple of ``n`` outputs, or CheckFailed saying what came back instead."""
    if not isinstance(out, (tuple, list)) or len(out) != n:
        raise CheckFailed(f"return {n} arrays ({', '.join(names)}), got {type(out).__name__}")
    return out


# ---- lesson 01: generative vs discriminative ----

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


@exercise("01.log_odds_weights", hints=(
    "write out the log of each numerator p(x|k) pi_k and subtract the two: some terms appear in both and cancel",
    "with one shared covariance the quadratic terms -x^T S^-1 x / 2 cancel; what is left is linear in x: "
    "what multiplies x is w, everything else (the priors included) is b",
    "w is built from the two means through S^-1 (np.linalg.solve(cov, v) gives S^-1 v without inverting); "
    "b has one quadratic form mu_k^T S^-1 mu_k per class, each with a factor 1/2, and the log of the prior ratio",
))
def check_log_odds_weights(log_odds_weights):
    named = []
    for dim in (2, 3):
        _, means, cov = _gaussian_problem(dim, dim)
        priors = np.array([0.25, 0.75])
        w_ref, b_ref = _linear_log_odds(means, cov, priors)
        w, b = _outputs(log_odds_weights(means, cov, priors), 2, ["w", "b"])
        named += [(f"w (dim {dim})", rel_error(w, w_ref)), (f"b (dim {dim})", rel_error(b, b_ref))]
    return worst(named)


@exercise("01.posterior", hints=(
    "far from the data both densities underflow to 0 and the ratio is 0/0: stay in logs, and rescale before "
    "leaving them",
    "let a_k = log p(x|k) + log pi_k; subtracting the same number from a_0 and a_1 leaves the posterior unchanged, "
    "so pick the number that makes the larger exponent exactly 0",
    "after that shift one class gives exp(0) = 1 and the other a number in [0, 1]: nothing underflows to 0/0. "
    "(Or: the posterior is a sigmoid of a_1 - a_0, and layers.sigmoid is stable.)",
))
def check_posterior(posterior):
    rng, means, cov = _gaussian_problem(7)
    priors = np.array([0.3, 0.7])
    x = np.concatenate([1.5 * rng.standard_normal((60, 2)), 200 * rng.standard_normal((20, 2))])  # some far out
    w, b = _linear_log_odds(means, cov, priors)
    return rel_error(posterior(x, means, cov, priors), sigmoid(x @ w + b)), "on 60 points near the data and 20 far out"


# ---- lesson 02: a dense layer by hand ----

@exercise("02.center_backward", hints=(
    "each output row depends on EVERY input row, through the batch mean: sum the chain rule over all the outputs "
    "that a variable touches, as section 2 did for W",
    "write dL/dx_mj = sum_n dy_nj * (d y_nj / d x_mj); for y_nj = x_nj - (1/B) sum_m x_mj that derivative is "
    "[n = m] - 1/B",
    "the answer is dy corrected by one term that is the same for every row; test yourself by hand: with a batch "
    "of one the output is always 0, so dx must be 0",
))
def check_center_backward(center_backward):
    rng = np.random.default_rng(2)
    named = []
    for B in (1, 2, 7):
        dy = rng.standard_normal((B, 4))
        dx_ref = dy - dy.mean(axis=0)  # dL/dx_mj = sum_n dy_nj ([n = m] - 1/B)
        named.append((f"B={B}", rel_error(center_backward(dy.copy()), dx_ref)))
    return worst(named)


@exercise("02.softplus_backward", hints=(
    "differentiate log(1 + e^x); then, since the cache holds only the output y, rewrite that slope through y",
    "the slope is e^x / (1 + e^x), the sigmoid of x (not of y); and y = log(1 + e^x) means e^y = 1 + e^x",
    "substitute e^x = e^y - 1 and simplify: the slope becomes a function of y alone, between 0 and 1; "
    "multiply it by dy",
))
def check_softplus_backward(softplus_backward):
    rng = np.random.default_rng(3)
    x = np.concatenate([4 * rng.standard_normal((6, 4)), [[-30.0, -5.0, 5.0, 30.0]]])
    dy = rng.standard_normal(x.shape)
    y = losses.softplus(x)
    return rel_error(softplus_backward(dy, y.copy()), dy * sigmoid(x)), "on x from -30 to 30"


# ---- lesson 03: gradient checking ----

def _step_error(h, u, f, f3):
    """The lesson's error model of a central difference: truncation h^2 |f'''| / 6 plus round-off u |f| / h."""
    return h * h * f3 / 6 + u * f / h


@exercise("03.optimal_step", hints=(
    "one term of the error grows with h and the other shrinks: the best h is where the error's derivative in h is zero",
    "d/dh [h^2 |f'''| / 6 + u |f| / h] = h |f'''| / 3 - u |f| / h^2; set it to zero and solve for h^3",
    "setting the two terms EQUAL is a different rule (it gives an h larger by 2^(1/3)); "
    "return the error model evaluated at your h as the second number",
), tol=1e-10)
def check_optimal_step(optimal_step):
    named = []
    for u, f, f3 in [(2.0 ** -53, 0.79, 1.31), (2.0 ** -24, 0.79, 1.31), (2.0 ** -53, 100.0, 1e-3), (1e-10, 1e-4, 50.0)]:
        h_ref = (3 * u * f / f3) ** (1 / 3)
        h, err = _outputs(optimal_step(u, f, f3), 2, ["h", "error"])
        named += [(f"h (u={u:.0e})", rel_error(np.float64(h), h_ref)),
                  (f"error (u={u:.0e})", rel_error(np.float64(err), _step_error(h_ref, u, f, f3)))]
    return max(r for _, r in named), "on 4 settings of (u, |f|, |f'''|)"


@exercise("03.relative_error", hints=(
    "one number for the whole array, on a scale that does not blow up where single entries are near zero "
    "and that treats a and b alike",
    "divide max|a - b| by the larger of max|a| and max|b|: not by each |a_i| (that blows up where an entry is 0), "
    "and not by max|a| alone (then rel(a, b) != rel(b, a))",
    "when both arrays are all zeros the scale is 0: return 0.0 there instead of dividing",
), tol=1e-12)
def check_relative_error(relative_error):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((4, 3))
    pairs = [(a, a + 1e-7 * rng.standard_normal(a.shape)), (a, -a), (np.zeros(5), np.zeros(5)),
             (np.array([0.0, 3.0]), np.array([1e-3, 3.0])), (np.array([1.0, 0.5]), np.array([4.0, 0.5]))]
    got = [float(relative_error(p, q)) for p, q in pairs]
    ref = [rel_error(p, q) for p, q in pairs]
    return rel_error(np.array(got), np.array(ref)), f"on {len(pairs)} pairs, one of them all zeros"


# ---- lesson 04: sigmoid, BCE and logits ----

LOGITS = np.array([-1e4, -800.0, -30.0, -1.0, 0.0, 2.0, 30.0, 800.0, 1e4])


@exercise("04.bce_loss", hints=(
    "never take the log of a sigmoid: rewrite both logs of the loss in terms of the logit itself",
    "log sigma(l) and log(1 - sigma(l)) are both minus a softplus (of -l and of l), so the loss is a weighted sum "
    "of two softplus terms",
    "softplus must not overflow either: factor e^max(l, 0) out of log(1 + e^l), and use np.log1p for the small "
    "remainder",
), tol=1e-12)
def check_bce_loss(bce_loss):
    named = []
    for t in (0.0, 1.0, 0.9):
        ref = t * losses.softplus(-LOGITS) + (1 - t) * losses.softplus(LOGITS)
        named.append((f"t={t}", rel_error(bce_loss(LOGITS.copy(), t), ref)))
    return worst(named)


def _entrywise_rel_error(got, expected):
    """max_i |got_i - expected_i| / max(|got_i|, |expected_i|): each entry must be right to its own size.

    A tensor-wide scale (``rel_error``) would hide an entry of 1e-17 computed as 0, which is the very
    loss of digits lesson 04 is about.
    """
    rel_error(got, expected)  # None, shape: the usual messages
    a = np.asarray(backend.to_numpy(got), dtype=np.float64)
    b = np.asarray(backend.to_numpy(expected), dtype=np.float64)
    if not np.isfinite(a).all():
        return float("inf")
    scale = np.maximum(np.abs(a), np.abs(b))
    return float(np.max(np.abs(a - b) / np.where(scale > 0, scale, 1.0), initial=0))


@exercise("04.generator_grads", hints=(
    "differentiate each loss in the logit; then ask which way of computing the result keeps its digits where the "
    "true value is tiny",
    "the minimax slope is minus sigma(l), the non-saturating one minus (1 - sigma(l)); this check compares entry "
    "by entry, down to values like 1e-17",
    "1 - sigma(l) typed as written loses most of its digits from l = 20 on, and all of them once sigma(l) rounds "
    "to 1 (l above about 37); 1 - sigma(l) is itself a sigmoid",
), tol=1e-12)
def check_generator_grads(generator_grads):
    l = np.linspace(-40, 40, 81)
    d_minimax, d_ns = _outputs(generator_grads(l.copy()), 2, ["d_minimax", "d_non_saturating"])
    return worst([("minimax", _entrywise_rel_error(d_minimax, -sigmoid(l))),
                  ("non_saturating", _entrywise_rel_error(d_ns, -sigmoid(-l)))])


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
        p, v = _outputs(momentum_step(p.copy(), v.copy(), g, 0.1, 0.8), 2, ["p", "v"])
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
        p, m, v = _outputs(adam_step(p.copy(), m.copy(), v.copy(), g, t, 0.01, (0.5, 0.999), 1e-8), 3, ["p", "m", "v"])
    s = adam.state["p"]
    return worst([("p", rel_error(p, model.params["p"])), ("m", rel_error(m, s["m"])), ("v", rel_error(v, s["v"]))])
