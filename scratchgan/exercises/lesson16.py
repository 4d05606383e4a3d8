"""Checks for the exercises of lesson 16 (on a GPU).

Neither needs a GPU: a GPU, when there is one, only adds a CuPy run to the parity check.
Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import backend, gan, optim
from . import exercise
from .language import say
from .validate import CheckFailed, rel_error
from ..layers import Dense, LeakyReLU, Sequential


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
        raise CheckFailed("return a dict with the keys {keys}, got {got}", keys=sorted(want), got=got)
    for k, v in out.items():
        if not isinstance(v, np.ndarray):
            raise CheckFailed("{key} is a {kind}; return host NumPy arrays (backend.to_numpy)",
                              key=k, kind=f"{type(v).__module__}.{type(v).__name__}")
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
    try:
        backend.import_cupy()
    except backend.BackendUnavailable:
        return err, say("numpy {err:.1e} (no GPU here: the CuPy run is skipped)", err=err)
    on_gpu = _host_dict(parity_step(_tiny_gan, "cupy", real.copy(), z.copy(), 5), want)
    gpu_err = max(rel_error(on_gpu[k], want[k]) for k in want)
    return max(err, gpu_err), say("numpy {err:.1e}, cupy vs numpy {gpu_err:.1e}", err=err, gpu_err=gpu_err)


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
    return max(named), say("{n} stacks, from one 1 -> 1 layer to 784 -> 512 -> 256 -> 1", n=len(cases))
