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
by the real points (``metrics.standardise``).
"""
import math

import numpy as np

from .. import backend, losses, metrics

LOG4 = -math.log(4.0)  # V(D*, G) at p_g = p_data (Theorem 1)
N_SAMPLES = 2500  # samples for modes and precision/recall, as in the PacGAN protocol


def numbers(state):
    """The strip for a ``LabState``, as a dict of Python numbers (None where one does not apply).

    Keys: d_updates, g_updates, value, log4, mean_d_real, mean_d_fake, d_grad_norm,
    g_grad_norm (of the last D and G updates), modes, n_modes, high_quality,
    precision, recall; ``captured`` (K bools) where the data have known modes.
    """
    gan = state.gan
    B = state.n_show // gan.pack * gan.pack  # whole packs of the shown points
    real = backend.asarray(((state.real_show[:B] - state.shift) / state.scale).astype(np.float32))
    l_real = gan.D(gan.packed(real))
    l_fake = gan.D(gan.packed(gan.G(backend.asarray(state.z_show[:B]))))
    out = {"d_updates": state.d_updates, "g_updates": state.g_updates, "log4": LOG4,
           "value": float(losses.value(l_real, l_fake)) if gan.loss in losses.BCE_KINDS else None,
           "mean_d_real": float(losses.mean_output(l_real, gan.loss)),
           "mean_d_fake": float(losses.mean_output(l_fake, gan.loss)),
           "d_grad_norm": state.last["d_grad_norm"], "g_grad_norm": state.last["g_grad_norm"],
           "modes": None, "n_modes": None, "high_quality": None}
    many = state.fake(N_SAMPLES)
    ds = state.dataset
    if ds.modes is not None and ds.mode_std is not None:
        cov = metrics.mode_coverage(many, ds.modes, ds.mode_std)
        out.update(modes=cov["modes"], n_modes=cov["n_modes"], high_quality=cov["high_quality"],
                   captured=[c > 0 for c in cov["counts"]])
    precision, recall = metrics.precision_recall(*metrics.standardise(state.real_show, many[:len(state.real_show)]))
    out.update(precision=float(precision), recall=float(recall))
    return out


def _fmt(v, spec=".3f"):
    return "—" if v is None or v != v else format(v, spec)


def numbers_text(n):
    """The strip ``n`` (``numbers(state)``) as one line of text, what the page shows under the picture."""
    parts = [f"D updates {n['d_updates']}", f"G updates {n['g_updates']}",
             f"V(D,G) {_fmt(n['value'])} (-log 4 = {n['log4']:.3f})", f"mean D(x) {_fmt(n['mean_d_real'])}",
             f"mean D(G(z)) {_fmt(n['mean_d_fake'])}", f"|∇D| {_fmt(n['d_grad_norm'], '.3g')}",
             f"|∇G| {_fmt(n['g_grad_norm'], '.3g')}"]
    if n["modes"] is not None:
        parts += [f"modes {n['modes']}/{n['n_modes']}", f"high quality {100 * n['high_quality']:.1f}%"]
    if n["precision"] is not None:
        parts += [f"precision {n['precision']:.2f}", f"recall {n['recall']:.2f}"]
    return " · ".join(parts)
