"""Conditional GANs: the game for p(x | y), with a class label y in {0, ..., C-1}.

Two ways to hand the label to the players:

* concatenation (Mirza & Osindero 2014): G(z || onehot(y)) and D(x || onehot(y)).
  ``Conditional(net, n_classes)`` wraps any network whose input has C more
  features than the data (or the noise);
* the projection discriminator (Miyato & Koyama 2018):
  D(x, y) = psi(phi(x)) + e_y . phi(x), with e_y a learned row of an
  ``Embedding`` table: ``ProjectionD``.

A conditional player has ``n_classes``, ``forward(x, labels) -> (out, cache)`` with
integer labels of shape (B,), and the layers' one backward,
``backward(dy, cache, param_grads=True, need_dx=True) -> dx``: dx is dL/dx for the
float input x alone, since a label is data, not a number to nudge. ``GAN`` sees
``n_classes`` on both players and then asks for labels (gan.py).
"""
from . import backend
from .layers import Dense, Layer, _Flat


def check_labels(labels, n_classes, n=None):
    """Integer class labels (n,) in [0, n_classes) as a device array, or one clear ValueError.

    labels: a list, NumPy or CuPy array of integers; n: the rows they must label (None: any).
    """
    labels = backend.asarray(labels)
    if labels.ndim != 1 or (n is not None and labels.shape[0] != n):
        want = "(n,)" if n is None else f"({n},), one per row"
        raise ValueError(f"labels must have shape {want}; got {tuple(labels.shape)}")
    if labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be integers 0..{n_classes - 1}; got dtype {labels.dtype} "
                         "(class numbers, not one-hot rows or scores: cast whole numbers with .astype(int))")
    if labels.size and not 0 <= int(labels.min()) <= int(labels.max()) < n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1} ({n_classes} classes); "
                         f"got values from {int(labels.min())} to {int(labels.max())}")
    return labels


def one_hot(labels, n_classes, dtype="float32"):
    """onehot(y) (B, C): row b is 1 in column y_b and 0 elsewhere."""
    labels = check_labels(labels, n_classes)
    xp = backend.get_xp(labels)
    return (labels[:, None] == xp.arange(n_classes)[None, :]).astype(dtype)


class Conditional(Layer):
    """net(x || onehot(y)): a network told the label by C extra input features (Mirza & Osindero).

    x (B, F), labels (B,) -> net's output; net's input must have F + C features.
    With h = [x, onehot(y)] (B, F + C), net's backward gives dL/dh, and
        dL/dx = dL/dh[:, :F]
    since x_bf is h_bf. The other C columns, dL/donehot(y), are DROPPED: the label
    is an integer, data like x in D's half or z in G's half, and no parameter sits
    before it (nudging a one-hot row to 0.99 would not be a label at all), so nothing
    upstream could use that gradient.
    ``params`` and ``grads`` are net's own (the same dicts), so an optimizer of this
    player updates net.
    """

    def __init__(self, net, n_classes):
        if n_classes < 2:
            raise ValueError(f"a conditional player needs at least 2 classes, got n_classes={n_classes}")
        self.net, self.n_classes = net, n_classes
        self.params, self.grads = net.params, net.grads

    def forward(self, x, labels):
        if x.ndim != 2:
            raise ValueError(f"{self!r}: expected x of shape (batch, features), got {tuple(x.shape)}")
        labels = check_labels(labels, self.n_classes, x.shape[0])
        h = backend.get_xp(x).concatenate([x, one_hot(labels, self.n_classes, x.dtype)], axis=1)
        out, cache = self.net.forward(h)
        return out, (cache, x.shape[1])

    def backward(self, dy, cache, param_grads=True, need_dx=True):
        """dL/dx = net's dL/dh without its last C columns (None when need_dx=False)."""
        net_cache, F = cache
        dh = self.net.backward(dy, net_cache, param_grads=param_grads, need_dx=need_dx)
        if need_dx:
            return dh[:, :F]

    def __call__(self, x, labels):
        return self.forward(x, labels)[0]

    def zero_grad(self, set_to_none=False):
        self.net.zero_grad(set_to_none)

    def __repr__(self):
        return f"Conditional({self.n_classes} classes, net=" + repr(self.net).replace("\n", " ") + ")"


class Embedding(Layer):
    """e = E[y]: row y_b of a table E (C, F) for each label, labels (B,) -> e (B, F).

    The lookup is a product with a one-hot matrix, E[y] = onehot(y) @ E, so
    Dense's rule dW = x.T @ dy gives, with x = onehot(y),
        dE = onehot(y).T @ dy,   that is   dE[c] = sum over the rows b with y_b = c of dy[b]:
    a scatter-add of dy's rows into the rows that were used (a row used twice gets
    both, a row not used gets 0), without building the (B, C) one-hot matrix.
    No dx: labels are integers (backward returns None).
    E starts as N(0, 1/F), so e_y . h has the scale of one unit of h.
    """

    def __init__(self, n_classes, features, dtype="float32", rng=None):
        super().__init__()
        rng = rng or backend.host_rng()
        self.n_classes, self.features = n_classes, features
        self.params["E"] = backend.asarray(rng.standard_normal((n_classes, features)) / features ** 0.5, dtype=dtype)
        self.zero_grad()

    def forward(self, labels):
        labels = check_labels(labels, self.n_classes)
        return self.params["E"][labels], labels

    def backward(self, dy, labels, param_grads=True, need_dx=True):
        """Scatter-add dy (B, F) into dE's rows ``labels``; returns None (no gradient for integers)."""
        self._check_dy(dy, (labels.shape[0], self.features))
        if param_grads:
            dE = backend.get_xp(dy).zeros_like(self.params["E"])
            backend.scatter_add(dE, labels, dy)  # dE[labels[b]] += dy[b], repeats adding up
            self.accumulate("E", dE)

    def __repr__(self):
        return f"Embedding({self.n_classes} classes -> {self.features})"


class _Parts(_Flat):
    """A live view of named sub-networks' dicts under keys "part.key" (e.g. "phi.0.W", "embed.E")."""

    def _split(self, key):
        part, _, name = key.partition(".")
        d = getattr(self._layers[part], self._attr)
        if name not in d:
            raise KeyError(key)
        return d, name

    def __iter__(self):
        for part, layer in self._layers.items():
            for name in getattr(layer, self._attr):
                yield f"{part}.{name}"

    def __len__(self):
        return sum(len(getattr(layer, self._attr)) for layer in self._layers.values())


class ProjectionD(Layer):
    """The projection discriminator (Miyato & Koyama 2018): D(x, y) = psi(phi(x)) + e_y . phi(x).

    phi: any network x (B, dim) -> h (B, F) (the features, e.g. ending in a LeakyReLU);
    psi: Dense(F, 1), the label-free logit; e_y: row y of an Embedding (C, F).
    The label enters as an inner product with the features: D asks "do these
    features point where class y's do?", instead of reading y as C extra inputs.
    Backward, from dl = dL/dlogit (B, 1), with h = phi(x) and e = E[y]:
        d(e . h)/dh = e  and  d(e . h)/de = h, so
        dh = psi's backward(dl) + dl * e      (B, F)   -- two paths into h add up
        de = dl * h                           (B, F)   -- scatter-added into E's rows (Embedding)
        dx = phi's backward(dh)               (B, dim)
    params: "phi.<phi's keys>", "psi.W", "psi.b", "embed.E" (live views).
    """

    def __init__(self, phi, features, n_classes, dtype="float32", rng=None):
        rng = rng or backend.host_rng()
        self.phi, self.features, self.n_classes = phi, features, n_classes
        self.psi = Dense(features, 1, init="xavier", dtype=dtype, rng=rng)
        self.embed = Embedding(n_classes, features, dtype=dtype, rng=rng)
        parts = {"phi": phi, "psi": self.psi, "embed": self.embed}
        self.params, self.grads = _Parts(parts, "params"), _Parts(parts, "grads")

    def forward(self, x, labels):
        labels = check_labels(labels, self.n_classes, x.shape[0])
        h, c_phi = self.phi.forward(x)
        if h.ndim != 2 or h.shape[1] != self.features:
            raise ValueError(f"{self!r}: phi gives features of shape {tuple(h.shape)}, expected (batch, {self.features})")
        out, c_psi = self.psi.forward(h)
        e, c_e = self.embed.forward(labels)
        return out + (e * h).sum(axis=1, keepdims=True), (c_phi, c_psi, c_e, h, e)

    def backward(self, dy, cache, param_grads=True, need_dx=True):
        """dx as in the class docstring; psi's and E's gradients added unless param_grads=False."""
        c_phi, c_psi, c_e, h, e = cache
        self._check_dy(dy, (h.shape[0], 1))
        dh = self.psi.backward(dy, c_psi, param_grads=param_grads) + dy * e
        if param_grads:
            self.embed.backward(dy * h, c_e)
        return self.phi.backward(dh, c_phi, param_grads=param_grads, need_dx=need_dx)

    def __call__(self, x, labels):
        return self.forward(x, labels)[0]

    def zero_grad(self, set_to_none=False):
        for part in (self.phi, self.psi, self.embed):
            part.zero_grad(set_to_none)

    def __repr__(self):
        return (f"ProjectionD({self.n_classes} classes, {self.features} features, phi="
                + repr(self.phi).replace("\n", " ") + ")")
