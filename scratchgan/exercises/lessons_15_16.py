"""Checks for the exercises of lessons 15 (on a GPU) and 16 (from scratch to PyTorch).

None of them needs a GPU or PyTorch: a GPU, when there is one, only adds a
CuPy run to the parity check. Each returns ``(worst relative error, detail)``.
"""
import numpy as np

from .. import backend, gan, optim
from . import CheckFailed, exercise, rel_error
from ..layers import Dense, LeakyReLU, Sequential


# ---- lesson 15: on a GPU ----

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


@exercise("15.parity_step", "with backend.use(name): backend.seed(seed); game = make_gan(); "
          "game.train_step(backend.asarray(real), backend.asarray(z)); return {k: v for k, v in "
          "game.state_dict().items() if k.startswith(('G/', 'D/'))} (state_dict already copies to the host)", tol=1e-5)
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


@exercise("15.mlp_flops", "each Dense(i, o) costs 2*B*i*o forward, 2*B*i*o for dW and 2*B*i*o for dx: "
          "sum 6 * batch * i * o over zip(sizes[:-1], sizes[1:])", tol=0)
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


# ---- lesson 16: from scratch to PyTorch ----

@exercise("16.from_torch_grads", "for each key 'i.weight' return 'i.W' = the array transposed (.T); "
          "'i.bias' becomes 'i.b' unchanged", tol=0)
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


@exercise("16.discriminator_loss_and_backward", "D.zero_grad(); (lr, cr), (lf, cf) = D.forward(real), "
          "D.forward(fake); loss, dr, df = losses.discriminator_loss(lr, lf, 'non_saturating'); "
          "D.backward(dr, cr); D.backward(df, cf); return loss", tol=1e-6)
def check_discriminator_loss_and_backward(discriminator_loss_and_backward):
    from .. import gradcheck, losses
    rng = np.random.default_rng(61)
    D = Sequential(Dense(2, 8, dtype="float64", rng=rng), LeakyReLU(0.2), Dense(8, 1, dtype="float64", rng=rng))
    real, fake = rng.standard_normal((10, 2)) + 2.0, rng.standard_normal((10, 2))
    for g in D.grads.values():
        g[...] = 1.0  # junk: a correct answer zeroes it first
    loss = discriminator_loss_and_backward(D, real, fake)
    if loss is None:
        raise CheckFailed("return the loss (a number) as well as filling D.grads")
    want = float(losses.discriminator_loss(D(real), D(fake), "non_saturating")[0])
    loss_err = rel_error(np.reshape(np.asarray(loss, dtype=float), ()), want)
    report = gradcheck.check_model(lambda: discriminator_loss_and_backward(D, real, fake), D)
    detail = f"loss {loss_err:.1e}; " + ", ".join(f"D.grads[{r['name']!r}] {r['rel']:.1e}" for r in report.rows)
    return max(loss_err, report.worst), detail + " (gradcheck.check_model, float64)"
