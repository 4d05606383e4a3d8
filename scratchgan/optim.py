"""Optimizers: SGD with momentum and Adam, updating ``model.params`` in place.

Both read ``model.grads`` (filled by backward) and keep their state in dicts
keyed by the parameter's name, so a student can print ``opt.state``. Each
``update`` is the textbook's lines; Adam's is overridden by a faster form
(``kernels.adam``, checked equal to these lines in tests/test_kernels.py)
unless ``SCRATCHGAN_REFERENCE=1`` or ``kernels.use_reference()``.
"""
from . import backend, kernels


class Optimizer:
    """Shared plumbing: the model, its learning rate, per-parameter state."""

    def __init__(self, model, lr):
        if lr <= 0:
            raise ValueError(f"learning rate must be positive, got {lr}")
        self.model, self.lr, self.state = model, lr, {}

    def zero_grad(self, set_to_none=False):
        self.model.zero_grad(set_to_none)

    def step(self):
        """Move every parameter p (in place) by its gradient g: ``update(p, g, state)``."""
        for k, p in self.model.params.items():
            g = self.model.grads[k]
            if g is None:
                raise ValueError(f"{type(self).__name__}: grad {k} is None (zero_grad(set_to_none=True) and no backward "
                                 f"reached it); run backward first, or zero_grad() to step with zeros")
            if g.shape != p.shape:
                raise ValueError(f"{type(self).__name__}: grad {k} has shape {g.shape}, param has {p.shape}")
            self.update(p, g, self.state.setdefault(k, {}))

    def update(self, p, g, state):
        raise NotImplementedError

    def state_dict(self):
        """Optimizer state as plain host arrays and numbers (for checkpoints)."""
        out = {}
        for k, s in self.state.items():
            for name, v in s.items():
                out[f"{k}/{name}"] = backend.to_numpy(v).copy()
        return out

    def load_state_dict(self, flat):
        """Replace the state by one from ``state_dict`` (copies onto the active device, so later in-place
        steps leave ``flat`` alone; Adam's t an int)."""
        self.state = {}
        for key, v in flat.items():
            k, name = key.rsplit("/", 1)
            value = backend.asarray(v, dtype=v.dtype).copy() if v.ndim else int(v) if name == "t" else v
            self.state.setdefault(k, {})[name] = value


class SGD(Optimizer):
    """p -= lr * v with v = momentum * v + g (PyTorch's convention; v = g when momentum = 0)."""

    def __init__(self, model, lr, momentum=0.0):
        super().__init__(model, lr)
        self.momentum = momentum

    def update(self, p, g, state):
        if self.momentum:
            v = state.setdefault("v", backend.get_xp(p).zeros_like(p))
            v *= self.momentum
            v += g
            g = v
        p -= self.lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias correction, step t = 1, 2, ...

    The corrections undo the zero start of m and v: after one step
    m_hat = g and v_hat = g^2, so the first step is lr * sign(g) (up to eps,
    which is added after the square root, as in the paper).
    """

    def __init__(self, model, lr, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(model, lr)
        self.betas, self.eps = tuple(betas), eps

    def start_step(self, p, state):
        """Count this step in ``state`` and return its moments m, v (zeros at t = 1) and t."""
        if "m" not in state:
            xp = backend.get_xp(p)
            state.update(m=xp.zeros_like(p), v=xp.zeros_like(p), t=0)
        state["t"] += 1
        return state["m"], state["v"], state["t"]

    @kernels.fast_form("adam")  # kernels.adam overrides these lines (SCRATCHGAN_REFERENCE=1 runs them)
    def update(self, p, g, state):
        """Kingma & Ba's four lines, writing p, m and v in place."""
        m, v, t = self.start_step(p, state)
        b1, b2 = self.betas
        m[...] = b1 * m + (1 - b1) * g  # a running mean of g
        v[...] = b2 * v + (1 - b2) * g ** 2  # a running mean of g^2
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        p -= self.lr * m_hat / (backend.get_xp(p).sqrt(v_hat) + self.eps)
