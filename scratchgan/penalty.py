"""Gradient penalties on D, with the "backward of backward" derived by hand.

Both penalties are functions of g = grad_x D(x), the gradient of D's output
logit with respect to its input, one row per sample (B rows, d features):

    R1       (Mescheder et al. 2018):  P = (gamma/2) * mean_b ||g_b||^2      at x = real
    WGAN-GP  (Gulrajani et al. 2017):  P = gamma * mean_b (||g_b|| - 1)^2    at x_hat = eps*real + (1-eps)*fake,
                                                                             eps ~ U(0, 1), one per sample

To train D on P we need dP/dtheta for D's parameters theta -- a gradient of
a gradient. Write D = L_n o ... o L_1 with a_0 = x and a_i = L_i(a_{i-1}):

1. forward:         a_i = L_i(a_{i-1})                        (caches kept)
2. input gradient:  g_n = 1 (B, 1),  g_{i-1} = J_i^T g_i,  g = g_0
   (ordinary backprop of sum_b D(x_b); rows never mix, so row b of g_0 is
   grad_x D(x_b)). This pass is itself a network: its "inputs" are g_n and
   the cached a_i, its "weights" are D's weights.
3. backward of (2): with v_i = dP/dg_i and v_0 = dP/dg, run (2) in reverse,
   i.e. FORWARD through the layers, i = 1..n:
     Dense,       g_{i-1} = g_i W^T:       v_i = v_{i-1} W,   dP/dW += v_{i-1}^T g_i   (no bias term)
     activation,  g_{i-1} = g_i * s'(u):   v_i = v_{i-1} * s'(u),
                  and (2) also read u = a_{i-1}, so a_{i-1} gets  abar_{i-1} += v_{i-1} * g_i * s''(u)
   v travels forward like a tangent (a Jacobian-vector product): this is
   forward-mode differentiation hiding inside reverse mode.
4. backward of (1): the a_i received gradients abar in step 3, so backprop
   them through the forward pass as usual, i = n..1:
     abar_{i-1} = L_i.backward(abar_i) + (step 3's abar_{i-1}),
   and each Dense's ordinary backward adds x^T abar to dW and sum abar to db.

Every activation gives s'(u) and s''(u) from its cached output y: its
``slope(y)`` and ``curvature(y)`` (``layers.py``), the same methods its own
backward uses. Piecewise-linear nets (ReLU, LeakyReLU) have s'' = 0
(curvature None), so step 4 has nothing to carry and the biases get no
gradient: grad_x D does not depend on them.

Device module: no numpy import; every line works on NumPy and CuPy alike.
"""
from . import backend
from .layers import Activation, Dense, Sequential

KINDS = ("r1", "wgan-gp")  # a game's ``penalty`` is one of these or None (no penalty)
SUPPORTED = (Dense, Activation)


def check_kind(kind, allow_none=True):
    """Raise ValueError listing the choices unless ``kind`` is a penalty kind (or None, when allowed)."""
    if kind is None and allow_none:
        return
    if kind not in KINDS:
        choices = ("None, " if allow_none else "") + ", ".join(repr(k) for k in KINDS)
        raise ValueError(f"unknown penalty {kind!r}; choose one of {choices}")


def _flatten(model, cache):
    """[(layer, cache), ...] in forward order, unpacking nested Sequentials."""
    if isinstance(model, Sequential):
        return [pair for layer, c in zip(model.layers, cache) for pair in _flatten(layer, c)]
    if not isinstance(model, SUPPORTED):
        raise TypeError(f"gradient penalty: {model!r} is not supported; the double backward is written for "
                        f"Sequentials of Dense layers and activations (ReLU, LeakyReLU, Tanh, Sigmoid). "
                        f"Drop the penalty or build D from those layers.")
    return [(model, cache)]


def _input_gradient_pass(D, x):
    """Steps 1-2: returns g_0 (B, d) and the trace [(layer, cache, g_i)] in forward order."""
    logits, cache = D.forward(x)
    if logits.ndim != 2 or logits.shape[1] != 1:
        raise ValueError(f"gradient penalty: D must give one logit per row, shape (B, 1); got {tuple(logits.shape)}")
    pairs = _flatten(D, cache)
    g, gs = backend.get_xp(logits).ones_like(logits), []
    for layer, c in reversed(pairs):  # plain backprop, but written here so it adds nothing to D.grads
        gs.append(g)
        g = g @ layer.params["W"].T if isinstance(layer, Dense) else g * layer.slope(c)
    return g, [(layer, c, gi) for (layer, c), gi in zip(pairs, reversed(gs))]


def input_gradient(D, x):
    """grad_x D(x), shape (B, d): row b is the gradient of D's logit at x_b. Leaves D.grads alone."""
    return _input_gradient_pass(D, x)[0]


def double_backward(trace, v):
    """Steps 3-4: given v = dP/dg_0 (B, d), ADD dP/dtheta into every layer's grads."""
    abar_in = []
    for layer, c, g in trace:  # step 3, forward through the layers
        if isinstance(layer, Dense):
            layer.accumulate("W", v.T @ g)
            v, extra = v @ layer.params["W"], None
        else:  # an activation; its cache c is its output y
            d2 = layer.curvature(c)
            extra = None if d2 is None else v * g * d2
            v = v * layer.slope(c)
        abar_in.append(extra)
    abar = None  # step 4, ordinary backprop of what step 3 left on the activations
    for i in reversed(range(len(trace))):
        layer, c, _ = trace[i]
        if abar is not None:
            abar = layer.backward(abar, c, need_dx=i > 0)  # x is the penalty point, not a parameter: no dP/dx
        extra = abar_in[i]
        if extra is not None:
            abar = extra if abar is None else abar + extra


def penalty_of_gradient(g, kind, weight):
    """P and dP/dg for g (B, d). Means are over the B rows.

    r1:      P = (w/2) mean ||g_b||^2,      dP/dg_b = w g_b / B
    wgan-gp: P = w mean (||g_b|| - 1)^2,    dP/dg_b = 2 w (||g_b|| - 1) g_b / (||g_b|| B)
    """
    xp = backend.get_xp(g)
    B = g.shape[0]
    sq = (g * g).sum(axis=1, keepdims=True)
    if kind == "r1":
        return 0.5 * weight * sq.mean(), weight * g / B
    norm = xp.sqrt(sq)
    safe = xp.maximum(norm, xp.finfo(g.dtype).tiny)  # the norm's slope is undefined at g = 0; use 0 there
    return weight * ((norm - 1) ** 2).mean(), 2 * weight * (norm - 1) / safe * g / B


def penalty_point(real, fake, kind, eps=None):
    """Where the penalty is taken: real rows for r1, eps*real + (1-eps)*fake for wgan-gp.

    eps: (B, 1), drawn from ``backend.rand`` when None; pass it to repeat an evaluation exactly.
    """
    check_kind(kind, allow_none=False)
    if kind == "r1":
        return real
    if tuple(real.shape) != tuple(fake.shape):
        raise ValueError(f"wgan-gp mixes real and fake row by row; shapes {tuple(real.shape)} and {tuple(fake.shape)} differ")
    if eps is None:
        eps = backend.rand(real.shape[0], 1)
    if tuple(eps.shape) != (real.shape[0], 1):
        raise ValueError(f"eps must have shape ({real.shape[0]}, 1), one number per row; got {tuple(eps.shape)}")
    eps = eps.astype(real.dtype)
    return eps * real + (1 - eps) * fake


def gradient_penalty(D, real, fake, kind, weight, eps=None):
    """Return the penalty (0-d array) and ADD its gradient w.r.t. D's parameters into ``D.grads``.

    real, fake: (B, d) exactly as D sees them (already packed). kind: "r1" or "wgan-gp".
    weight: gamma. eps: wgan-gp's mixing weights (B, 1); drawn when None.
    """
    x = penalty_point(real, fake, kind, eps)
    g, trace = _input_gradient_pass(D, x)
    value, v = penalty_of_gradient(g, kind, weight)
    double_backward(trace, v)
    return value
