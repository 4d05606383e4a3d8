"""Checks for the exercises of lessons 15 (arrays on CPU and GPU), 16 (on a GPU) and 17 (from scratch to PyTorch).

None of them needs a GPU or PyTorch: a GPU, when there is one, only adds a
CuPy run to the parity check. Each returns ``(worst relative error, detail)``.
"""
import time

import numpy as np

from .. import backend, gan, optim
from . import CheckFailed, exercise, rel_error, worst
from ..layers import Dense, LeakyReLU, Sequential


# ---- lesson 16: arrays on CPU and GPU ----

def _gpu():
    try:
        backend._import_cupy()
        return True
    except backend.BackendUnavailable:
        return False


@exercise("15.standardize", "xp = backend.get_xp(x), then (x - x.mean(axis=0)) / x.std(axis=0); "
          "never call numpy directly, so the result stays on x's device")
def check_standardize(standardize):
    x_host = np.random.default_rng(1).normal(3.0, 2.0, (64, 3))
    ref = (x_host - x_host.mean(0)) / x_host.std(0)
    named = []
    for name in ("numpy", "cupy") if _gpu() else ("numpy",):
        with backend.use(name):
            x = backend.asarray(x_host)
            out = standardize(x)
            if not hasattr(out, "shape") or backend._is_cupy(out) != backend._is_cupy(x):
                raise CheckFailed(f"on {name} the result is a {type(out).__module__}.{type(out).__name__}; "
                                  f"keep it on x's device ({type(x).__module__} array)")
            named.append((name, rel_error(out, ref)))
    return worst(named)


@exercise("15.best_of", "call f() once to warm up, then n times, each between backend.synchronize() "
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
        backend._import_cupy()
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
    errors = {k: rel_error(got[k], want[k]) for k in want}
    return max(errors.values()), ", ".join(f"{k} {e:.0e}" for k, e in errors.items())


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
