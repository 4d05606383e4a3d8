"""Checks for the exercises of lessons 15 (arrays on CPU and GPU), 16 (on a GPU) and 17 (from scratch to PyTorch).

None of them needs a GPU or PyTorch: a GPU, when there is one, only adds a
CuPy run to the parity check. Each returns ``(worst relative error, detail)``.
"""
import time

import numpy as np

from .. import backend, gan, optim
from . import CheckFailed, exercise, rel_error, worst
from ..layers import Dense, LeakyReLU, Sequential


# ---- lesson 15: arrays on CPU and GPU ----

def _gpu():
    """True where CuPy and a GPU are there to check the CuPy half of an answer."""
    try:
        with backend.use("cupy"):
            return True
    except backend.BackendUnavailable:
        return False


def _on_gpu(a):
    return type(a).__module__.split(".")[0] == "cupy"


@exercise("15.standardize", hints=(
    "ask the input which array module it belongs to, and call only that module: then the result stays where x is",
    "backend.get_xp(x) is numpy or cupy; each column's statistics are taken over the rows (axis 0), and the "
    "standard deviation is the population one (ddof=0, the default)",
    "subtract each column's mean and divide by its standard deviation; np.mean on a CuPy array would fail or "
    "copy it to the host",
))
def check_standardize(standardize):
    x_host = np.random.default_rng(1).normal(3.0, 2.0, (64, 3))
    ref = (x_host - x_host.mean(0)) / x_host.std(0)
    named = []
    for name in ("numpy", "cupy") if _gpu() else ("numpy",):
        with backend.use(name):
            x = backend.asarray(x_host)
            out = standardize(x)
            if not hasattr(out, "shape") or _on_gpu(out) != _on_gpu(x):
                raise CheckFailed(f"on {name} the result is a {type(out).__module__}.{type(out).__name__}; "
                                  f"keep it on x's device ({type(x).__module__} array)")
            named.append((name, rel_error(out, ref)))
    return worst(named)


def _time_like_a_gpu(best_of, n, durations):
    """Run ``best_of(f, n)`` with an f that behaves like GPU work: f() only queues ``durations[i]``
    seconds of work and returns at once; ``backend.synchronize()`` does the queued work (sleeps)."""
    queue, calls = [], []

    def f():
        queue.append(durations[min(len(calls), len(durations) - 1)])
        calls.append(1)

    def synchronize():
        time.sleep(sum(queue))
        queue.clear()

    real_sync = backend.synchronize
    backend.synchronize = synchronize
    try:
        t = best_of(f, n)
    finally:
        backend.synchronize = real_sync
    if len(calls) != n + 1:
        raise CheckFailed(f"f was called {len(calls)} times for n={n}; call it once to warm up, then n times")
    if t is None:
        raise CheckFailed("your function returned None instead of a time in seconds (is a `return` missing?)")
    return float(t)


@exercise("15.best_of", hints=(
    "the three traps of section 5: a first call that pays one-off costs, a GPU that returns before its work is "
    "done, and interference that only ever adds time",
    "the warm-up call is not timed, and its queued work must be finished (backend.synchronize()) before the first "
    "timed call starts; each timed call needs backend.synchronize() between f() and the clock reading",
    "the check's f behaves like a GPU: f() only queues its work and backend.synchronize() does it; with n = 1 a "
    "forgotten warm-up, or a warm-up left unfinished, shows up at once",
), tol=0.7)  # a busy machine only ever adds time; the plausible mistakes are off by 140% or more
def check_best_of(best_of):
    named = []
    for n, durations in ((1, [0.12, 0.05]), (3, [0.12, 0.15, 0.04, 0.10])):  # warm-up first; the best is 0.05, 0.04 s
        best = min(durations[1:])
        t = _time_like_a_gpu(best_of, n, durations)
        if t < best / 2:
            raise CheckFailed(f"n={n}: your timer says {t:.4f} s, but the fastest call's work took {best} s; "
                              "f() returned before its work was done: wait for it before reading the clock")
        named.append((f"n={n}: {t:.3f} s for a best of {best} s", abs(t - best) / best))
    return worst(named)


# ---- lesson 16: on a GPU ----

def _tiny_gan():
    """A small GAN (noise 3 -> 2-D data) built on the active backend from the current seed."""
    G = Sequential(Dense(3, 16), LeakyReLU(0.2), Dense(16, 2))
    D = Sequential(Dense(2, 16), LeakyReLU(0.2), Dense(16, 1))
    return gan.GAN(G, D, optim.Adam(G, 1e-2, betas=(0.5, 0.999)), optim.Adam(D, 1e-2, betas=(0.5, 0.999)), noise_dim=3)


def _reference_parity_step(name, real, z, seed):
    with backend.use(name):
        backend.seed(seed)
        game = _tiny_gan()
        game.train_step(backend.asarray(real), backend.asarray(z))
        return {k: v for k, v in game.state_dict().items() if k[:2] in ("G/", "D/")}


def _host_dict(out, want):
    if not isinstance(out, dict) or set(out) != set(want):
        got = sorted(out) if isinstance(out, dict) else type(out).__name__
        raise CheckFailed(f"return a dict with the keys {sorted(want)}, got {got}")
    for k, v in out.items():
        if not isinstance(v, np.ndarray):
            raise CheckFailed(f"{k} is a {type(v).__module__}.{type(v).__name__}; return host NumPy arrays (backend.to_numpy)")
    return out


@exercise("16.parity_step", hints=(
    "two runs can be compared number by number only if everything random is fixed before it is drawn, on the "
    "backend being tested",
    "inside `with backend.use(name)`: seed first, then build with make_gan(), move real and z onto the device, "
    "take one train_step",
    "game.state_dict() already copies every array to the host; keep only its keys that start with 'G/' or 'D/'",
), tol=1e-5)
def check_parity_step(parity_step):
    rng = np.random.default_rng(15)
    real, z = rng.standard_normal((32, 2)).astype("float32"), rng.standard_normal((32, 3)).astype("float32")
    want = _reference_parity_step("numpy", real, z, seed=5)
    backend.seed(99)  # a seed left over from elsewhere must not matter
    first = _host_dict(parity_step(_tiny_gan, "numpy", real.copy(), z.copy(), 5), want)
    second = _host_dict(parity_step(_tiny_gan, "numpy", real.copy(), z.copy(), 5), want)
    if any(not np.array_equal(first[k], second[k]) for k in want):
        raise CheckFailed("two runs with the same seed, real and z differ: seed before building the GAN")
    err = max(rel_error(first[k], want[k]) for k in want)
    detail = f"numpy {err:.1e}"
    try:
        backend.import_cupy()
    except backend.BackendUnavailable:
        return err, detail + " (no GPU here: the CuPy run is skipped)"
    on_gpu = _host_dict(parity_step(_tiny_gan, "cupy", real.copy(), z.copy(), 5), want)
    gpu_err = max(rel_error(on_gpu[k], want[k]) for k in want)
    return max(err, gpu_err), detail + f", cupy vs numpy {gpu_err:.1e}"


@exercise("16.mlp_flops", hints=(
    "count the matrix products one Dense layer does in the forward and in the backward pass, then add up the layers",
    "a (B, i) by (i, o) product is B*i*o multiply-adds, and a multiply-add is two flops; the backward pass does two "
    "products of that size (one for dW, one for dx)",
), tol=0)
def check_mlp_flops(mlp_flops):
    cases = [(1, [1, 1]), (64, [2, 128, 128, 1]), (1000, [784, 512, 256, 1]), (3, [5, 7, 11, 13, 2])]
    named = []
    for batch, sizes in cases:
        want = sum(6 * batch * i * o for i, o in zip(sizes[:-1], sizes[1:]))
        got = mlp_flops(batch, list(sizes))
        if got is None:
            raise CheckFailed("your function returned None (is a `return` missing?)")
        named.append(abs(float(got) - want) / want)
    return max(named), f"{len(cases)} stacks, from one 1 -> 1 layer to 784 -> 512 -> 256 -> 1"


# ---- lesson 17: from scratch to PyTorch ----

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
        raise CheckFailed(f"return a dict with the keys {sorted(want)}, got "
                          f"{sorted(got) if isinstance(got, dict) else type(got).__name__}")
    return worst([(k, rel_error(got[k], want[k])) for k in want])


@exercise("17.g_grads_from_d_loss", hints=(
    "only one half of D's loss depends on G; follow that half back through D into G, as the G step does",
    "the fake half of L_D is -mean log(1 - sigma(l_fake)); losses.discriminator_loss already returns dL_D/dl_fake, "
    "and D.backward turns it into dL_D/dfake for G.backward (zero G's grads first)",
    "compare with the G step: G's loss there differs, so the gradient differs; in fact it is exactly minus the "
    "gradient of the saturating (minimax) G loss",
), tol=1e-6)
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
    detail = f"L_D {loss_err:.1e}; " + ", ".join(f"G.grads[{r['name']!r}] {r['rel']:.1e}" for r in report.rows)
    return max(loss_err, report.worst), detail + " (against central differences of L_D in G's weights, float64)"
