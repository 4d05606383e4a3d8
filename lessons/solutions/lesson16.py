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
