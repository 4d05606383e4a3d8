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
        # _update either moves p itself (SGD; Adam on the GPU) or hands back CPU jobs, one per
        # cache-sized piece, that _apply(*job) then runs on all CPU threads (Adam on the CPU)
        jobs = []
        for k, p in self.model.params.items():
            g = self.model.grads[k]
            if g.shape != p.shape:
                raise ValueError(f"{type(self).__name__}: grad {k} has shape {g.shape}, param has {p.shape}")
            jobs += self._update(k, p, g) or []
        if jobs:
            backend.parallel(self._apply, jobs)

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


PIECE = 1 << 16  # CPU: elements per piece; p, g, m, v, tmp of a piece (5 x 256 KB) stay in a core's L2 cache


def pieces(*arrays):
    """Flat slices of same-shaped ``arrays``, piece by piece: each piece is read
    from memory once and all of Adam's passes over it hit the cache. The GPU
    (and any non-contiguous array) takes the arrays whole."""
    n = arrays[0].size
    if backend.get_xp(*arrays).__name__ != "numpy" or n <= PIECE or not all(a.flags.c_contiguous for a in arrays):
        return [arrays]
    flat = [a.reshape(-1) for a in arrays]  # views: writing into a piece writes into the array
    return [[a[i:i + PIECE] for a in flat] for i in range(0, n, PIECE)]


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) with bias correction.

        m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g^2
        p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)

    The corrections undo the zero start of m and v: after one step
    m/(1 - b1) = g and v/(1 - b2) = g^2, so the first step is lr * sign(g)
    (up to eps). ``t`` counts steps per parameter.

    On the CPU every line works in place through one scratch array per
    parameter (``tmp``, not part of the state): no temporaries, no float64;
    the cache-sized pieces of all parameters are shared among the CPU threads
    (``backend.parallel``). On the GPU the same lines run as one fused kernel
    (c1 = 1 - b1, c2 = 1 - b2).
    """

    def __init__(self, model, lr, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(model, lr)
        self.betas, self.eps = tuple(betas), eps
        self.scratch = {}

    def _update(self, k, p, g):
        xp = backend.get_xp(p)
        s = self.state.setdefault(k, {})
        if "m" not in s:
            s.update(m=xp.zeros_like(p), v=xp.zeros_like(p), t=0)
        b1, b2 = self.betas
        s["t"] += 1
        t = s["t"]
        # bias corrections folded into two Python scalars: lr_t and eps_t
        lr_t = self.lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
        eps_t = self.eps * (1 - b2 ** t) ** 0.5
        if hasattr(xp, "ElementwiseKernel"):  # CuPy: the same update as one GPU kernel, 1 launch instead of 11
            _gpu_adam(xp)(g, b1, 1 - b1, b2, 1 - b2, lr_t, eps_t, p, s["m"], s["v"])
            return None  # done: no CPU jobs
        tmp = self.scratch.get(k)
        if tmp is None or tmp.shape != p.shape or tmp.dtype != p.dtype:  # first step, or the model was cast
            tmp = self.scratch[k] = xp.empty_like(p)
        return [(xp, *piece, b1, b2, lr_t, eps_t) for piece in pieces(p, g, s["m"], s["v"], tmp)]

    @staticmethod
    def _apply(*job):
        _adam_update(*job)


def _adam_update(xp, p, g, m, v, tmp, b1, b2, lr_t, eps_t):
    """p -= lr_t m / (sqrt(v) + eps_t) after the moment updates, all in place."""
    m *= b1
    m += xp.multiply(g, 1 - b1, out=tmp)  # m = b1 m + (1 - b1) g
    v *= b2
    xp.multiply(g, g, out=tmp)
    tmp *= 1 - b2
    v += tmp  # v = b2 v + (1 - b2) g^2
    xp.sqrt(v, out=tmp)
    tmp += eps_t
    xp.divide(m, tmp, out=tmp)
    tmp *= lr_t
    p -= tmp


_KERNELS = {}
# the CUDA body of the kernel: C, and also valid Python (a test runs it with NumPy against _adam_update)
ADAM_KERNEL = "m = b1 * m + c1 * g; v = b2 * v + c2 * (g * g); p -= lr_t * (m / (sqrt(v) + eps_t))"


def _gpu_adam(cupy):
    """``_adam_update`` written once more as a CUDA elementwise kernel (compiled on first use)."""
    if "adam" not in _KERNELS:
        _KERNELS["adam"] = cupy.ElementwiseKernel(
            "T g, T b1, T c1, T b2, T c2, T lr_t, T eps_t", "T p, T m, T v", ADAM_KERNEL, "scratchgan_adam")
    return _KERNELS["adam"]
