"""Finite-difference gradient checks, in float64.

The central difference of a scalar f along one coordinate,

    (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps) = df/dtheta_i + O(eps^2),

is compared with the analytic gradient from backward. In float64 with
eps = 1e-6 the truncation error (~eps^2) and the round-off (~1e-16 |f| / eps)
are both around 1e-10, so a correct backward agrees to ~1e-8 or better; in
float32 round-off alone is ~1e-1 and the check is useless, which is why every
check here casts to float64 first.

A layer's output is a tensor, not a scalar, so ``check_layer`` takes
f(x, params) = sum(forward(x) * dy) with a random upstream gradient dy: its
gradient is exactly what ``backward(dy)`` computes.

Each tensor gets one number, its worst difference relative to its largest entry,
    rel = max_i |analytic_i - numeric_i| / max(max_i |analytic_i|, max_i |numeric_i|)
(``rel_error``), and a report lists them, with the index where the worst one sits.
"""
import copy

import numpy as np

from . import backend


def rel_error(a, b):
    """max |a - b| / max(max |a|, max |b|) on host float64 copies; the shapes must match.

    0 for identical arrays, about 1e-16 for float64 round-off, 1 when they share
    nothing; inf when a non-finite entry differs. All zeros on both sides give 0.
    """
    a = np.asarray(backend.to_numpy(a), dtype=np.float64)
    b = np.asarray(backend.to_numpy(b), dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: shapes {a.shape} and {b.shape} differ")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return float("inf") if not np.array_equal(a, b, equal_nan=True) else 0.0
    scale = float(max(np.abs(a).max(initial=0), np.abs(b).max(initial=0)))
    diff = float(np.abs(a - b).max(initial=0))
    return diff / scale if scale > 0 else diff


class GradReport:
    """Worst relative error per tensor; ``.ok`` when all are below ``tol``."""

    def __init__(self, title, tol):
        self.title, self.tol, self.rows = title, tol, []

    def add(self, name, analytic, numeric):
        a, n = backend.to_numpy(analytic).astype(np.float64), backend.to_numpy(numeric).astype(np.float64)
        if a.shape != n.shape:
            raise ValueError(f"{name}: analytic gradient has shape {a.shape}, numerical {n.shape}")
        diff = np.abs(a - n)
        rel = rel_error(a, n)
        where = np.unravel_index(diff.argmax(), diff.shape) if diff.size else ()
        self.rows.append(dict(name=name, rel=rel, where=tuple(int(i) for i in where),
                              analytic=float(a[where]) if a.size else 0.0,
                              numeric=float(n[where]) if n.size else 0.0))

    @property
    def worst(self):
        return max((r["rel"] for r in self.rows), default=0.0)

    @property
    def ok(self):
        return self.worst < self.tol

    def __getitem__(self, name):
        return next(r["rel"] for r in self.rows if r["name"] == name)

    def __repr__(self):
        lines = [f"{self.title}: {'OK' if self.ok else 'FAILED'} (worst relative error {self.worst:.2e}, tolerance {self.tol:.0e})"]
        for r in self.rows:
            mark = "ok " if r["rel"] < self.tol else "BAD"
            lines.append(f"  {mark} {r['name']:<12} rel {r['rel']:.2e}   worst at {r['where']}: "
                         f"analytic {r['analytic']:+.6e}, numerical {r['numeric']:+.6e}")
        return "\n".join(lines)


def numerical_gradient(f, a, eps=1e-6):
    """Central differences of the scalar ``f()`` w.r.t. every element of ``a`` (perturbed in place)."""
    grad = np.zeros(a.shape)
    flat = a.reshape(-1)  # a view: writing flat[i] moves a
    for i in range(flat.size):
        old = flat[i].item()
        flat[i] = old + eps
        f_plus = float(f())
        flat[i] = old - eps
        f_minus = float(f())
        flat[i] = old
        grad.reshape(-1)[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _directional(report, f, tensors, analytic, eps, rng):
    """Compare f's slope along one random unit direction u with sum(grad * u): two evaluations."""
    xp = backend.get_xp(*tensors.values())
    u = {k: backend.asarray(rng.standard_normal(t.shape)) for k, t in tensors.items()}
    norm = sum(float((d * d).sum()) for d in u.values()) ** 0.5
    slope = sum(float((analytic[k] * u[k]).sum()) for k in u) / norm
    saved = {k: t.copy() for k, t in tensors.items()}
    for sign in (1, -1):
        for k, t in tensors.items():
            t[...] = saved[k] + sign * eps * u[k] / norm
        if sign == 1:
            f_plus = float(f())
    f_minus = float(f())
    for k, t in tensors.items():
        t[...] = saved[k]
    report.add("direction", xp.asarray(slope), xp.asarray((f_plus - f_minus) / (2 * eps)))


def check_tensors(f, tensors, analytic, title="gradient check", eps=1e-6, tol=1e-6, directional=False, seed=0):
    """The general check: ``f()`` is a scalar of the float64 arrays in ``tensors``
    (a dict name -> array, perturbed in place); ``analytic`` holds the claimed
    gradients under the same names. Every element is checked, or with
    ``directional=True`` one random direction through all of them at once.
    """
    report = GradReport(title, tol)
    for k, t in tensors.items():
        if t.dtype != np.float64:
            raise TypeError(f"{k} is {t.dtype}; gradient checks need float64 (round-off in float32 swamps the differences)")
    if directional:
        _directional(report, f, tensors, analytic, eps, np.random.default_rng(seed))
        return report
    for k, t in tensors.items():
        report.add(k, analytic[k], numerical_gradient(f, t, eps))
    return report


def _nudge_off_kinks(layer, x, margin=1e-3):
    """When x goes straight into a kink (the layer, or a Sequential's first layer, is a
    ReLU or LeakyReLU), move the entries of x within ``margin`` of it to kink +- margin:
    a central difference straddling the kink measures neither slope. Kinks deeper in a
    network see other inputs than x and are left alone (random inputs rarely land there)."""
    first = layer
    while hasattr(first, "layers"):  # a Sequential, maybe nested: its first layer sees x
        first = first.layers[0]
    if not hasattr(first, "kink"):
        return x
    xp = backend.get_xp(x)
    close = abs(x - first.kink) < margin
    return xp.where(close, first.kink + xp.where(x >= first.kink, margin, -margin), x)


class _WithLabels:
    """A conditional player with its labels bound, so that ``forward(x)`` works as for any layer."""

    def __init__(self, player, labels):
        self.player, self.labels, self.params, self.grads = player, labels, player.params, player.grads

    def forward(self, x):
        return self.player.forward(x, self.labels)

    def backward(self, dy, cache, **flags):
        return self.player.backward(dy, cache, **flags)

    def zero_grad(self, set_to_none=False):
        self.player.zero_grad(set_to_none)

    def __repr__(self):
        return f"{self.player!r} with labels"


def check_layer(layer, x, eps=1e-6, tol=1e-6, directional=False, seed=0, *, labels=None):
    """Check a layer's (or a Sequential's) backward for its input and every parameter.

    Works on a float64 copy; the caller's layer is left untouched. Entries of x
    on the first layer's kink are nudged off it first (``_nudge_off_kinks``).
    labels: integer labels for a conditional player (``forward(x, labels)``, conditional.py);
    they are held fixed, so only x and the parameters are checked.
    """
    layer = copy.deepcopy(layer).astype("float64")
    x = _nudge_off_kinks(layer, backend.asarray(x, dtype="float64").copy())
    if labels is not None:
        layer = _WithLabels(layer, backend.asarray(labels))
    y, cache = layer.forward(x)
    dy = backend.asarray(np.random.default_rng(seed).standard_normal(y.shape))
    layer.zero_grad()
    analytic = {"x": layer.backward(dy, cache)}
    analytic.update({k: g.copy() for k, g in layer.grads.items()})
    tensors = {"x": x, **dict(layer.params.items())}
    return check_tensors(lambda: (layer.forward(x)[0] * dy).sum(), tensors, analytic,
                         f"check_layer({layer!r})".replace("\n", " "), eps, tol, directional, seed)


def check_loss(loss_fn, *inputs, eps=1e-6, tol=1e-6, directional=False, seed=0):
    """Check a loss ``loss_fn(*inputs) -> (loss, dinput_0, dinput_1, ...)``."""
    inputs = [backend.asarray(a, dtype="float64").copy() for a in inputs]
    loss, *grads = loss_fn(*inputs)
    if len(grads) != len(inputs):
        raise ValueError(f"loss_fn returned {len(grads)} gradients for {len(inputs)} inputs")
    names = [f"input{i}" for i in range(len(inputs))]
    return check_tensors(lambda: loss_fn(*inputs)[0], dict(zip(names, inputs)), dict(zip(names, grads)),
                         "check_loss", eps, tol, directional, seed)


def check_model(loss_and_backward, model, eps=1e-6, tol=1e-6, directional=False, seed=0):
    """Check any scalar function of a network against ``model.grads``.

    ``loss_and_backward()`` must zero the model's grads, compute the loss,
    backpropagate into ``model.grads`` and return the loss. The model's params
    must already be float64 (``model.astype("float64")``). This is how the
    gradient of a generator loss *through* a frozen discriminator is checked.
    """
    loss_and_backward()
    analytic = {k: g.copy() for k, g in model.grads.items()}
    return check_tensors(loss_and_backward, dict(model.params.items()), analytic,
                         "check_model", eps, tol, directional, seed)
