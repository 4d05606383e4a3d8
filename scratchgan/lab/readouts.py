"""The lab's strip of live numbers: what the class reads under the picture.

Each number comes from the library's one home for it:

    value         V(D, G) = mean log D(x) + mean log(1 - D(G(z)))     ``losses.value``
                  (BCE losses only; -log 4 = -1.386 at the equilibrium, Theorem 1)
    mean_d_real   mean D(x), mean D(G(z)): a probability for the BCE   ``losses.mean_output``
    mean_d_fake   losses, the critic's raw score for the others
    modes, n_modes, high_quality, captured                          ``metrics.mode_coverage``
    precision, recall                                               ``metrics.precision_recall``

V and the mean outputs are taken on the lab's fixed shown points (``real_show``
and G(``z_show``)), so two frames differ only because G and D moved. The modes
are counted on 2,500 samples G(z_show); precision and recall compare the first
``n_show`` of them with the ``n_show`` shown real points, on columns standardised
by the real points (``metrics.standardise``). They measure the G shown (the
setting ``g_shown``): the raw G, the averaged G, or both (the averaged G's under
"averaged"); ``quality_of`` says which. V and D's outputs are always the raw G's:
the game D plays is against the raw G.

The conditional game (``conditioned.py``): V and the mean outputs judge the shown real
points with their own labels and G(z_show) asked for those same labels. The modes are
counted on G(z, y) with the classes in turn (y_i = i mod K: the whole conditional G);
for the label on show (``label``: None for all), ``agreement`` is the share of samples
whose nearest mode is the one they were asked for, ``on_label`` the share within 3 std
of it (``agreement.py``'s two rules). Precision and recall then compare the
label's samples with the real points of its class. The averaged G is asked for the
same labels.

The strip as the page's text (``numbers_text``, ``human``) and the overview of
Algorithm 1 (``overview_html``) are in ``readouts_text.py``.
"""
import math

import numpy as np

from .. import backend, losses, metrics
from . import conditioned

LOG4 = -math.log(4.0)  # V(D*, G) at p_g = p_data (Theorem 1)
N_SAMPLES = 2500  # samples for modes and precision/recall, as in the PacGAN protocol
QUALITY_EVERY = 4  # while playing, G's quality (modes, high quality, precision/recall) every 4th frame (``Strip``)
QUALITY_KEYS = ("modes", "n_modes", "high_quality", "captured", "precision", "recall", "label", "agreement",
                "on_label", "averaged", "quality_at")


def numbers(state, quality_from=None):
    """The strip for a ``LabState``, as a dict of Python numbers (None where one does not apply).

    Keys: d_updates, g_updates, value, log4, mean_d_real, mean_d_fake, d_grad_norm,
    g_grad_norm (of the last D and G updates), modes, n_modes, high_quality,
    precision, recall; ``captured`` (K bools) where the data have known modes;
    ``quality_of`` ("raw G" or "averaged G": whose samples the last six measure) and,
    when both are shown, ``averaged`` (the same six for the averaged G, the raw G's above);
    the conditional game adds ``label`` (the one on show, None: all), ``agreement`` and ``on_label``
    (to the G's quality, and to ``averaged``'s). ``quality_at``: the G update at which the quality was measured.

    quality_from: an earlier frame's numbers whose quality (``QUALITY_KEYS``) is kept instead of measured anew
    (``Strip``, while playing); the rest is always this frame's.
    """
    gan, shown, cond = state.gan, state.settings.get("g_shown", "raw"), state.settings.get("conditional")
    B = state.n_show // gan.pack * gan.pack  # whole packs of the shown points
    real = backend.asarray(((state.real_show[:B] - state.shift) / state.scale).astype(np.float32))
    y = backend.asarray(state.real_labels[:B]) if cond else None  # the reals' classes, asked of G too
    l_real = gan.run(gan.D, gan.packed(real), y)[0]
    l_fake = gan.run(gan.D, gan.packed(gan.run(gan.G, backend.asarray(state.z_show[:B]), y)[0]), y)[0]
    out = {"d_updates": state.d_updates, "g_updates": state.g_updates, "log4": LOG4,
           "value": float(losses.value(l_real, l_fake)) if gan.loss in losses.BCE_KINDS else None,
           "mean_d_real": float(losses.mean_output(l_real, gan.loss)),
           "mean_d_fake": float(losses.mean_output(l_fake, gan.loss)),
           "d_grad_norm": state.last["d_grad_norm"], "g_grad_norm": state.last["g_grad_norm"],
           "quality_of": "averaged G" if shown == "averaged" else "raw G"}
    if quality_from is not None:
        out.update({k: quality_from[k] for k in QUALITY_KEYS if k in quality_from})
        return out
    out.update(quality(state, averaged=shown == "averaged"), quality_at=state.g_updates)
    if shown == "both":
        out["averaged"] = {k: v for k, v in quality(state, averaged=True).items() if k != "captured"}
    return out


class Strip:
    """The strip of a game as play refreshes it: V, D's outputs and the gradients every frame; G's quality
    (modes, high quality, precision/recall of the raw and the averaged G: ~3/4 of the strip's time) every
    ``every``-th frame while playing, and on every frame that is not played (a step, a setting, pause).

    A kept quality is exactly the one measured ``g_updates - quality_at`` G updates earlier (the strip says
    so); the averaged G moves ~1% of the way per G update, so 4 frames of 5 steps move it little.

        >>> from scratchgan.lab import LabState
        >>> s = LabState(batch_size=64, hidden=16, d_hidden=16); strip = Strip(s)
        >>> first = strip.numbers(playing=True); s.full_step(); kept = strip.numbers(playing=True)
        >>> kept["recall"] == first["recall"], kept["quality_at"], kept["g_updates"], strip.kept
        (True, 0, 1, True)
    """

    def __init__(self, state, every=QUALITY_EVERY):
        self.state, self.every = state, every
        self.last, self.kept, self._key, self._age = None, False, None, 0

    def numbers(self, playing=False):
        """This frame's strip (``numbers``); ``playing``: G's quality may be an earlier frame's (of the same game,
        the same G shown and label)."""
        s = self.state
        key = (s.gan, s.settings.get("g_shown"), s.settings.get("label"), s.settings.get("conditional"))
        self.kept = playing and self.last is not None and key == self._key and self._age < self.every - 1
        self._age = self._age + 1 if self.kept else 0
        self.last, self._key = numbers(s, quality_from=self.last if self.kept else None), key
        return self.last


def quality(state, averaged=False):
    """modes, n_modes, high_quality (None without known modes), captured, precision, recall of one G
    (the conditional game: also label, agreement, on_label)."""
    ds, out = state.dataset, {"modes": None, "n_modes": None, "high_quality": None}
    cond, real_show = state.settings.get("conditional"), state.real_show
    many = state.fake(N_SAMPLES, averaged) if not cond else \
        state.generate(state.z_show[:N_SAMPLES], averaged, labels=np.arange(N_SAMPLES) % ds.n_classes)
    if ds.modes is not None and ds.mode_std is not None:
        cov = metrics.mode_coverage(many, ds.modes, ds.mode_std)
        out.update(modes=cov["modes"], n_modes=cov["n_modes"], high_quality=cov["high_quality"],
                   captured=[c > 0 for c in cov["counts"]])
    if cond:
        asked = state.shown_labels(N_SAMPLES)
        many = state.fake(N_SAMPLES, averaged) if state.settings["label"] is not None else many
        agree, within = conditioned.on_label(state, many, asked)
        out.update(label=state.settings["label"], agreement=agree, on_label=within)
        mine = state.real_class()
        real_show = real_show if mine is None else real_show[mine]
    real, fake = metrics.standardise(real_show, many[:len(real_show)])
    # the cached radii belong to the full real_show; one class's subset computes its own
    radii = real_radii(state, real) if real_show is state.real_show else None
    precision, recall = metrics.precision_recall(real, fake, real_radii=radii)
    out.update(precision=float(precision), recall=float(recall))
    return out


_radii = {}  # the shown real points (by identity) -> their standardised k-NN radii: fixed for a game


def real_radii(state, real):
    """``metrics.knn_radii`` of the shown real points, standardised as ``real`` (computed once per game)."""
    key = id(state.real_show)
    if key not in _radii or _radii[key][0] is not state.real_show:
        _radii.clear()  # one game at a time: the last shown points only
        _radii[key] = (state.real_show, metrics.knn_radii(real))
    return _radii[key][1]
