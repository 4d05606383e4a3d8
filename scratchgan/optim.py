"""Optimizers: SGD with momentum and Adam, updating ``model.params`` in place.

Both read ``model.grads`` (filled by backward) and keep their state in dicts
keyed by the parameter's name, so a student can print ``opt.state``.
"""
from . import backend


class Optimizer:
    """Shared plumbing: the model, its learning rate, per-parameter state."""

    def __init__(self, model, lr):
        if lr <= 0:
            raise ValueError(f"learning rate must be positive, got {lr}")
        self.model, self.lr, self.state = model, lr, {}

    def zero_grad(self):
        self.model.zero_grad()

    def step(self):
        for k, p in self.model.params.items():
            g = self.model.grads[k]
            if g.shape != p.shape:
                raise ValueError(f"{type(self).__name__}: grad {k} has shape {g.shape}, param has {p.shape}")
            self._update(k, p, g)

    def state_dict(self):
        """Optimizer state as plain host arrays and numbers (for checkpoints)."""
        out = {}
        for k, s in self.state.items():
            for name, v in s.items():
                out[f"{k}/{name}"] = backend.to_numpy(v).copy()
        return out

    def load_state_dict(self, flat):
        self.state = {}
        for key, v in flat.items():
            k, name = key.rsplit("/", 1)
            value = backend.asarray(v, dtype=v.dtype) if v.ndim else int(v) if name == "t" else v
            self.state.setdefault(k, {})[name] = value


class SGD(Optimizer):
    """p -= lr * v with v = momentum * v + g (PyTorch's convention; v = g when momentum = 0)."""

    def __init__(self, model, lr, momentum=0.0):
        super().__init__(model, lr)
        self.momentum = momentum

    def _update(self, k, p, g):
        if self.momentum:
            v = self.state.setdefault(k, {}).setdefault("v", backend.get_xp(p).zeros_like(p))
            v *= self.momentum
            v += g
            g = v
        p -= self.lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias correction.

        m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g^2
        p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)

    The corrections undo the zero start of m and v: after one step
    m/(1 - b1) = g and v/(1 - b2) = g^2, so the first step is lr * sign(g)
    (up to eps). ``t`` counts steps per parameter.
    """

    def __init__(self, model, lr, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(model, lr)
        self.betas, self.eps = tuple(betas), eps

    def _update(self, k, p, g):
        xp = backend.get_xp(p)
        s = self.state.setdefault(k, {})
        if "m" not in s:
            s.update(m=xp.zeros_like(p), v=xp.zeros_like(p), t=0)
        b1, b2 = self.betas
        s["t"] += 1
        m, v, t = s["m"], s["v"], s["t"]
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        # bias corrections folded into two Python scalars: lr_t and eps_t
        lr_t = self.lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
        eps_t = self.eps * (1 - b2 ** t) ** 0.5
        p -= lr_t * m / (xp.sqrt(v) + eps_t)
