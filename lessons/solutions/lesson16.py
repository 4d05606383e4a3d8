"""Solutions to lesson 16 (on a GPU), for teachers."""
from scratchgan import backend


def parity_step(make_gan, name, real, z, seed):
    """One train_step on backend ``name`` from seeded weights and host (real, z); host copies of G's and D's params."""
    with backend.use(name):
        backend.seed(seed)  # before building: the weights are drawn from the host generator
        game = make_gan()
        game.train_step(backend.asarray(real), backend.asarray(z))
        return {k: v for k, v in game.state_dict().items() if k.startswith(("G/", "D/"))}  # state_dict copies to host


def mlp_flops(batch, sizes):
    """Flops of forward + backward (x W, x.T dy, dy W.T) through Dense layers of widths sizes = [in, ..., out]."""
    return sum(6 * batch * i * o for i, o in zip(sizes[:-1], sizes[1:]))


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _seeded_after_building(make_gan, name, real, z, seed):
    """Seeds after make_gan(): the weights come from whatever state the generator was left in."""
    with backend.use(name):
        game = make_gan()
        backend.seed(seed)
        game.train_step(backend.asarray(real), backend.asarray(z))
        return {k: v for k, v in game.state_dict().items() if k.startswith(("G/", "D/"))}


def _only_the_d_step(make_gan, name, real, z, seed):
    """Takes D's half of the step only: G's parameters never move."""
    with backend.use(name):
        backend.seed(seed)
        game = make_gan()
        game.d_step(backend.asarray(real), game.G(backend.asarray(z)))
        return {k: v for k, v in game.state_dict().items() if k.startswith(("G/", "D/"))}


def _forward_only(batch, sizes):
    """Counts the forward pass x W only."""
    return sum(2 * batch * i * o for i, o in zip(sizes[:-1], sizes[1:]))


def _no_dx(batch, sizes):
    """Forgets dx = dy W.T in the backward pass."""
    return sum(4 * batch * i * o for i, o in zip(sizes[:-1], sizes[1:]))


def _multiply_adds(batch, sizes):
    """Counts a multiply-add as one operation instead of two flops."""
    return sum(3 * batch * i * o for i, o in zip(sizes[:-1], sizes[1:]))


MISTAKES = {"parity_step": [_seeded_after_building, _only_the_d_step],
            "mlp_flops": [_forward_only, _no_dx, _multiply_adds]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"parity_step": [], "mlp_flops": []}  # arguments and the quantity only
