"""The lab's conditional game (issue 24): a class label y into both players, and the label the plane shows.

On labelled 2-D toy data (``LABELLED``: each Gaussian of the ring or the grid is a class), the
setting ``conditional`` makes the lab train the conditional game of ``conditional.py`` exactly as
``python -m scratchgan train --conditional`` builds it: G(z || onehot(y)) against D(x || onehot(y))
(Mirza & Osindero 2014), pack 1 (``presets.CONDITIONAL``). Each D update takes a real batch with
its labels and asks G for fakes of the same labels; each G update asks for labels drawn from the
data's class frequencies p(y) (``gan.py``'s Algorithm 1 with labels).

The setting ``label`` picks what the plane shows; it never changes the game:

    label = y      the heat map is D(x, y) for that one label, the fakes are G(z, y) for the fixed
                   z_show, the arrows -dL_G/dx through D(., y), the real points of class y stand out
    label = None   ("all") the fakes are G(z_i, y_i) with the classes in turn (y_i = i mod K); the
                   heat map at x is D(x, y) for y = the class of the mode nearest x (each region
                   shows D for the class that lives there: one pass of D, not K)

Drawn points carry no labels (the conditional game refuses them, as it refuses files); the 1-D
mixture has labels, but Figure 1 (the 1-D picture) draws one unlabelled D, so it is not offered there.
"""
import numpy as np

from .. import backend, data, metrics
from .overlays import MANIFOLD_LINES, manifold_lines

LABELLED = ("ring", "grid")  # 2-D toy sets whose points carry a class (the mode they were drawn from)
NAMES = {"ring": "the ring", "grid": "the grid"}


def n_classes(spec):
    """K, the classes of the labelled toy set ``spec`` (None for any other data)."""
    return data.get_dataset(spec).n_classes if spec in LABELLED else None


def check(s):
    """Refuse (ValueError, in the page's words) a conditional setting that cannot work for settings ``s``."""
    if s["conditional"] not in (True, False):
        raise ValueError(f"conditional is on (True) or off (False); got {s['conditional']!r}")
    if not s["conditional"]:
        if s["label"] is not None:
            raise ValueError("a label is shown in the conditional game only: switch 'conditional' on first")
        return
    if s["data"] not in LABELLED:
        raise ValueError(f"the conditional game needs data whose points carry a class: {' or '.join(NAMES.values())} "
                         "(each Gaussian a class); drawn points and files carry none, and Figure 1 shows no label")
    if s["pack"] != 1:
        raise ValueError(f"the conditional game shows D one sample at a time: pack must be 1 (got {s['pack']})")
    if s["penalty"] is not None:
        raise ValueError("the conditional game has no gradient penalty yet: choose penalty 'none' first")
    K = n_classes(s["data"])
    if s["label"] is not None and (isinstance(s["label"], bool) or s["label"] not in range(K)):
        raise ValueError(f"label must be 'all' or a class 0..{K - 1}; got {s['label']!r}")


def shown_labels(state, n):
    """The labels G's first n shown samples (z_show[:n]) are asked for: (n,) ints, or None (plain game)."""
    if not state.settings["conditional"]:
        return None
    y = state.settings["label"]
    return np.arange(n) % state.dataset.n_classes if y is None else np.full(n, y)


def plane_labels(state, x):
    """The label D judges each point of x (n, 2) (data units) with: (n,) ints, or None (plain game).

    One label: that one everywhere. All: the class of the mode nearest each point.
    """
    if not state.settings["conditional"]:
        return None
    y = state.settings["label"]
    if y is not None:
        return np.full(len(x), y)
    d = ((np.asarray(x)[:, None, :] - state.dataset.modes[None]) ** 2).sum(-1)
    return d.argmin(1)


def real_class(state):
    """Which shown real points (``real_show``) belong to the label on show: bools (n_show,), or None (all)."""
    y = state.settings["label"]
    return None if not state.settings["conditional"] or y is None else state.real_labels == y


def real_batch(state, n):
    """n real rows from the data stream, standardised, on the device, and their classes (n,) ints."""
    x, y = state.dataset.sample_labelled(n, state.data_rng)
    return backend.asarray(((x - state.shift) / state.scale).astype(np.float32)), backend.asarray(y)


def g_labels(state, n):
    """Labels for a G update alone: n draws from the data's class frequencies p(y), on the device."""
    ds = state.dataset
    return backend.asarray(state.data_rng.choice(ds.n_classes, n, p=ds.class_frequencies()))


def manifold(state, averaged=False):
    """G's manifold on the plane (``overlays.manifold_lines``), (L, P, 2) in data units, of the raw or averaged G.

    The plain game's, or one label's G(., y); all labels: each class's, on a coarser grid (n = 20 / sqrt(K)
    lines a side, at least 3), so the K manifolds cost about one grid's G forward."""
    nd = state.gan.noise_dim
    if not state.settings["conditional"] or state.settings["label"] is not None:
        return manifold_lines(lambda z: state.generate(z, averaged), nd)  # generate asks for the label on show
    K = state.dataset.n_classes
    n = max(3, round(MANIFOLD_LINES / K ** 0.5))
    return np.concatenate([manifold_lines(lambda z: state.generate(z, averaged, labels=np.full(len(z), y)), nd, n)
                           for y in range(K)])


def describe(state):
    """What the plane shows, for its title: "label 3: D(x, 3), G(z, 3)" or "all labels: D(x, nearest mode's y)"."""
    y = state.settings["label"]
    return "all labels: D(x, nearest mode's y)" if y is None else f"label {y}: D(x, {y}), G(z, {y})"


def on_label(state, fake, labels):
    """How well samples fake (n, 2), asked for classes labels (n,), obey their label (``agreement.py``'s rules):
    (agreement: the share whose nearest mode is the asked one, within_3std: the share within 3 mode_std of it)."""
    ds = state.dataset
    nearest, _ = metrics.assign_modes(fake, ds.modes, ds.mode_std)
    near = np.sqrt(((fake - ds.modes[labels]) ** 2).sum(1)) <= metrics.HIGH_QUALITY * ds.mode_std
    return float(np.mean(nearest == labels)), float(np.mean(near))
