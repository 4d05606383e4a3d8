"""Layers with hand-written backprop.

Every layer follows one contract:

* ``forward(x) -> (y, cache)``: the output and whatever backward needs.
* ``backward(dy, cache, param_grads=True, need_dx=True) -> dx``: given dL/dy,
  return dL/dx and ADD dL/dparam into ``self.grads``; the flags have defaults,
  so ``backward(dy, cache)`` is the plain call. Nothing is stored on the layer between the two calls,
  so a discriminator can see a real batch and a fake batch before either
  backward, and the two contributions simply add up in ``grads``.
* ``params`` and ``grads`` are dicts of arrays with the same keys and shapes;
  ``zero_grad()`` sets the gradients to zero before a new sum starts
  (``zero_grad(set_to_none=True)``: to None, and the first backward takes
  its gradient instead of adding it to zeros, as PyTorch does).

An activation y = s(x) owns its derivative: ``slope(y)`` is s'(x) read off
the output, so backward is ``dy * slope(y)``; ``curvature(y)`` is s''(x)
(None where it is zero), which the gradient penalties need (``penalty.py``).

Every layer's backward takes the same two flags, for work the caller knows
it does not need (RESULTS.md measured each at 2-9% of a training step):
``param_grads=False`` (the parameters are frozen: dL/dx only, as for D in G's
half; a layer without parameters has nothing to skip) and ``need_dx=False``
(the input is data: no dL/dx, backward returns None). So ``Sequential.backward``
is one loop, and a layer of your own must accept the two flags too (ignoring
them only costs the work they save: ``gan.py`` clears gradients formed under
``param_grads=False`` before any optimizer reads them, and drops an unwanted dx).

All maths is written once with ``xp = get_xp(x)``: the same lines run on NumPy
and CuPy. No numpy import here (a test checks it). A method marked
``@kernels.fast_form`` is overridden by a faster form in ``kernels.py``,
checked equal to the lines written here (``SCRATCHGAN_REFERENCE=1`` runs these).
"""
from collections.abc import MutableMapping

from . import backend, kernels


class Layer:
    """Base class: a layer with no parameters unless a subclass adds some."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dy, cache, param_grads=True, need_dx=True):
        """dL/dx from dL/dy, ADDING dL/dparam into ``grads`` (not when param_grads=False);
        None when need_dx=False."""
        raise NotImplementedError

    def __call__(self, x):
        """Forward without keeping a cache: for sampling and plots."""
        return self.forward(x)[0]

    def zero_grad(self, set_to_none=False):
        """Set every gradient to zeros shaped and typed like its parameter.

        ``set_to_none=True`` sets them to None instead (PyTorch's choice): the
        next backward then *takes* its gradient (``accumulate``), later ones
        add, and no zeros are written only to be added to.
        """
        for k, p in self.params.items():
            self.grads[k] = None if set_to_none else backend.get_xp(p).zeros_like(p)

    def accumulate(self, name, g):
        """grads[name] += g; a gradient set to None by ``zero_grad(set_to_none=True)`` takes g itself."""
        if self.grads[name] is None:
            self.grads[name] = g.astype(self.params[name].dtype, copy=False)  # typed like its parameter
        else:
            self.grads[name] += g

    def astype(self, dtype):
        """Cast every parameter to ``dtype`` (e.g. float64 for gradient checks); returns self."""
        for k in list(self.params):
            self.params[k] = self.params[k].astype(dtype)
        self.zero_grad()
        return self

    def state_dict(self):
        """Parameters as plain host NumPy arrays (for checkpoints)."""
        return {k: backend.to_numpy(p).copy() for k, p in self.params.items()}

    def load_state_dict(self, state):
        """Load arrays saved by ``state_dict``; keys and shapes must match. The layer takes copies: ``state``
        stays the caller's (on NumPy, asarray alone would alias it, and every in-place step would change it)."""
        if set(state) != set(self.params):
            raise ValueError(f"{self!r}: state has keys {sorted(state)}, expected {sorted(self.params)}")
        for k, v in state.items():
            if tuple(v.shape) != tuple(self.params[k].shape):
                raise ValueError(f"{self!r}: {k} has shape {tuple(v.shape)}, expected {tuple(self.params[k].shape)}")
            self.params[k] = backend.asarray(v, dtype=v.dtype).copy()
        self.zero_grad()

    def _check_dy(self, dy, shape):
        if tuple(dy.shape) != tuple(shape):
            raise ValueError(f"{self!r}.backward: dy has shape {tuple(dy.shape)}, expected {tuple(shape)} (the forward output's)")

    def __repr__(self):
        return f"{type(self).__name__}()"


class Dense(Layer):
    """Affine map ``y = x @ W + b`` with x (B, in), W (in, out), b (out,).

    Backward, from dL/dy (B, out):
        dW = x.T @ dy   (in, out)   -- each weight's gradient sums over the batch
        db = sum_B dy   (out,)
        dx = dy @ W.T   (B, in)
    ``init="he"`` draws W ~ N(0, 2/in) (for ReLU-like layers, He et al. 2015);
    ``init="xavier"`` draws W ~ U(-a, a), a = sqrt(6/(in+out)) (Glorot & Bengio 2010).
    Biases start at zero. Weights come from ``backend.host_rng()`` so a seed
    gives the same network on CPU and GPU.
    """

    def __init__(self, in_features, out_features, init="he", dtype="float32", rng=None):
        super().__init__()
        rng = rng or backend.host_rng()
        if init == "he":
            W = rng.standard_normal((in_features, out_features)) * (2.0 / in_features) ** 0.5
        elif init == "xavier":
            a = (6.0 / (in_features + out_features)) ** 0.5
            W = rng.uniform(-a, a, (in_features, out_features))
        else:
            raise ValueError(f"unknown init {init!r}; choose 'he' or 'xavier'")
        self.in_features, self.out_features, self.init = in_features, out_features, init
        self.params["W"] = backend.asarray(W, dtype=dtype)
        self.params["b"] = backend.xp().zeros(out_features, dtype=dtype)
        self.zero_grad()

    def forward(self, x):
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(f"{self!r}: expected input of shape (batch, {self.in_features}), got {tuple(x.shape)}")
        return x @ self.params["W"] + self.params["b"], x

    def backward(self, dy, x, param_grads=True, need_dx=True):
        """Add dW and db into grads (not when param_grads=False); return dx (None when need_dx=False)."""
        self._check_dy(dy, (x.shape[0], self.out_features))
        if param_grads:
            dW, db = x.T @ dy, dy.sum(axis=0)
            self.accumulate("W", dW)  # grads["W"] += dW
            self.accumulate("b", db)
        if need_dx:
            return dy @ self.params["W"].T

    def __repr__(self):
        return f"Dense({self.in_features} -> {self.out_features})"


class Activation(Layer):
    """An elementwise y = s(x) without parameters; the cache is y, and backward is dy * s'(x)."""

    def backward(self, dy, y, param_grads=True, need_dx=True):
        """dx = dy * s'(x) (None when need_dx=False); no parameters, so param_grads changes nothing."""
        self._check_dy(dy, y.shape)
        if need_dx:
            return dy * self.slope(y)

    def slope(self, y):
        """s'(x), read off the output y."""
        raise NotImplementedError

    def curvature(self, y):
        """s''(x), read off the output y; None where it is zero everywhere (piecewise-linear s)."""
        return None


class ReLU(Activation):
    """y = max(x, 0); dy/dx = 1 where x > 0, else 0 (the kink at 0 takes 0)."""

    kink = 0.0

    def forward(self, x):
        y = backend.get_xp(x).maximum(x, 0)
        return y, y

    def slope(self, y):
        return y > 0  # booleans: dy * slope keeps dy's dtype


class LeakyReLU(Activation):
    """y = x for x > 0, alpha*x otherwise (0 <= alpha <= 1); dy/dx = 1 or alpha.

    With alpha <= 1 that is y = max(x, alpha*x). The cache is y, which has
    x's sign, so the slope needs nothing else.
    """

    kink = 0.0

    def __init__(self, alpha=0.2):
        super().__init__()
        if not 0 <= alpha <= 1:
            raise ValueError(f"LeakyReLU slope alpha must be in [0, 1], got {alpha}")
        self.alpha = alpha

    def forward(self, x):
        y = backend.get_xp(x).maximum(x, self.alpha * x)
        return y, y

    @kernels.fast_form("leaky_relu_slope")  # kernels.leaky_relu_slope overrides this line on the CPU
    def slope(self, y):
        return backend.get_xp(y).where(y > 0, 1.0, self.alpha).astype(y.dtype)  # 1 or alpha, in y's dtype

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class Tanh(Activation):
    """y = tanh(x); dy/dx = 1 - y^2 and d2y/dx2 = -2y(1 - y^2), both from the output."""

    def forward(self, x):
        y = backend.get_xp(x).tanh(x)
        return y, y

    def slope(self, y):
        return 1 - y * y

    def curvature(self, y):
        return -2 * y * (1 - y * y)


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x), exact for any finite x.

    With e = exp(-|x|) <= 1 nothing overflows: sigma(x) = 1/(1+e) for x >= 0
    and e/(1+e) for x < 0 (the same value, rewritten). Tiny outputs keep
    their relative precision, which ``1 - sigma(-x)`` would lose.
    """
    xp = backend.get_xp(x)
    e = xp.exp(-abs(x))
    return xp.where(x >= 0, 1, e) / (1 + e)


class Sigmoid(Activation):
    """y = sigma(x); dy/dx = y(1 - y) and d2y/dx2 = y(1 - y)(1 - 2y), both from the output."""

    def forward(self, x):
        y = sigmoid(x)
        return y, y

    def slope(self, y):
        return y * (1 - y)

    def curvature(self, y):
        return y * (1 - y) * (1 - 2 * y)


class _Flat(MutableMapping):
    """A live view of a Sequential's per-layer dicts under keys "i.name"."""

    def __init__(self, layers, attr):
        self._layers, self._attr = layers, attr

    def _split(self, key):
        i, _, name = key.partition(".")
        d = getattr(self._layers[int(i)], self._attr)
        if name not in d:
            raise KeyError(key)
        return d, name

    def __getitem__(self, key):
        d, name = self._split(key)
        return d[name]

    def __setitem__(self, key, value):
        d, name = self._split(key)
        d[name] = value

    def __delitem__(self, key):
        raise TypeError("a Sequential's parameters cannot be deleted")

    def __iter__(self):
        for i, layer in enumerate(self._layers):
            for name in getattr(layer, self._attr):
                yield f"{i}.{name}"

    def __len__(self):
        return sum(len(getattr(layer, self._attr)) for layer in self._layers)


class Sequential(Layer):
    """Layers applied in order; backward applies the chain rule in reverse.

    ``params["0.W"]`` is layer 0's W (the same array, not a copy), so an
    optimizer updating ``params`` updates the layers.
    """

    def __init__(self, *layers):
        self.layers = list(layers)
        self.params = _Flat(self.layers, "params")
        self.grads = _Flat(self.layers, "grads")

    def forward(self, x):
        caches = []
        for layer in self.layers:
            x, cache = layer.forward(x)
            caches.append(cache)
        return x, caches

    def backward(self, dy, caches, param_grads=True, need_dx=True):
        """The chain rule, last layer first; returns dL/dx (None when need_dx=False).

        ``param_grads`` goes to every layer; ``need_dx`` to the first one (every
        later layer's dx is the dy of the layer before it).
        """
        for i in reversed(range(len(self.layers))):
            dy = self.layers[i].backward(dy, caches[i], param_grads=param_grads, need_dx=need_dx or i > 0)
        return dy

    def zero_grad(self, set_to_none=False):
        for layer in self.layers:
            layer.zero_grad(set_to_none)

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self):
        return "Sequential(\n" + "".join(f"  ({i}) {layer!r}\n" for i, layer in enumerate(self.layers)) + ")"


class MinibatchStd(Layer):
    """Minibatch standard deviation (Karras et al. 2018): x (B, F) -> y (B, F + 1).

    One extra feature, the same for every row, tells D how varied the batch is,
    so a generator that collapses to a few points gets caught:
        mu_f = mean_b x_bf,   s_f = sqrt(mean_b (x_bf - mu_f)^2 + eps),   m = mean_f s_f,
        y = [x, m * 1].
    Backward, with dm = sum_b dy[b, F] (m feeds every row):
        dm/dx_bf = (1/F) ds_f/dx_bf = (x_bf - mu_f) / (F B s_f)
    (the mu_f term drops out because sum_b (x_bf - mu_f) = 0), so
        dx = dy[:, :F] + dm * (x - mu) / (F B s).
    The std is the biased one (divide by B); a batch of one row has m = sqrt(eps).
    """

    def __init__(self, eps=1e-8):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        if x.ndim != 2:
            raise ValueError(f"{self!r}: expected input of shape (batch, features), got {tuple(x.shape)}")
        xp = backend.get_xp(x)
        centred = x - x.mean(axis=0)
        s = xp.sqrt((centred * centred).mean(axis=0) + self.eps)  # (F,)
        m = s.mean()
        return xp.concatenate([x, xp.full((x.shape[0], 1), m, dtype=x.dtype)], axis=1), (centred, s)

    def backward(self, dy, cache, param_grads=True, need_dx=True):
        """dx as above (None when need_dx=False); no parameters, so param_grads changes nothing."""
        centred, s = cache
        B, F = centred.shape
        self._check_dy(dy, (B, F + 1))
        if need_dx:
            dm = dy[:, F:].sum()
            return dy[:, :F] + dm * centred / (F * B * s)

    def __repr__(self):
        return f"MinibatchStd(eps={self.eps})"
