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

The conditional game (``conditioned.py``): V and the mean outputs judge the shown real
points with their own labels and G(z_show) asked for those same labels. The modes are
counted on G(z, y) with the classes in turn (y_i = i mod K: the whole conditional G);
for the label on show (``label``: None for all), ``agreement`` is the share of samples
whose nearest mode is the one they were asked for, ``on_label`` the share within 3 std
of it (``agreement.py``'s two rules). Precision and recall then compare the
label's samples with the real points of its class.
"""
import math

import numpy as np

from .. import backend, losses, metrics
from ..plots.base import g_output
from . import conditioned

LOG4 = -math.log(4.0)  # V(D*, G) at p_g = p_data (Theorem 1)
N_SAMPLES = 2500  # samples for modes and precision/recall, as in the PacGAN protocol


def numbers(state):
    """The strip for a ``LabState``, as a dict of Python numbers (None where one does not apply).

    Keys: d_updates, g_updates, value, log4, mean_d_real, mean_d_fake, d_grad_norm,
    g_grad_norm (of the last D and G updates), modes, n_modes, high_quality,
    precision, recall; ``captured`` (K bools) where the data have known modes;
    the conditional game adds ``label`` (the one on show, None: all), ``agreement`` and ``on_label``.
    """
    gan, cond = state.gan, state.settings.get("conditional")
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
           "modes": None, "n_modes": None, "high_quality": None}
    ds, real_show = state.dataset, state.real_show
    many = state.fake(N_SAMPLES) if not cond else \
        g_output(gan, state.z_show[:N_SAMPLES], state.shift, state.scale, labels=np.arange(N_SAMPLES) % ds.n_classes)
    if ds.modes is not None and ds.mode_std is not None:
        cov = metrics.mode_coverage(many, ds.modes, ds.mode_std)
        out.update(modes=cov["modes"], n_modes=cov["n_modes"], high_quality=cov["high_quality"],
                   captured=[c > 0 for c in cov["counts"]])
    if cond:
        asked = state.shown_labels(N_SAMPLES)
        many = state.fake(N_SAMPLES) if state.settings["label"] is not None else many
        agree, within = conditioned.on_label(state, many, asked)
        out.update(label=state.settings["label"], agreement=agree, on_label=within)
        mine = state.real_class()
        real_show = real_show if mine is None else real_show[mine]
    precision, recall = metrics.precision_recall(*metrics.standardise(real_show, many[:len(real_show)]))
    out.update(precision=float(precision), recall=float(recall))
    return out


def human(v, digits=3):
    """A number for the eye: "—" when missing, 3 significant digits, plain below 10^4, else 1.23e+06.

    >>> [human(v) for v in (None, 0.5, -1.3863, 123.456, -53009965056.0, 2.5e-05)]
    ['—', '0.5', '-1.39', '123', '-5.3e+10', '2.5e-05']
    """
    if v is None or v != v:
        return "—"
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:.{digits}g}"
    return f"{v:.{digits - 1}g}" if abs(v) < 1e-3 else f"{v:.{digits - 2}e}"


def numbers_text(n, critic=False):
    """The strip ``n`` (``numbers(state)``) as one line of text, what the page shows under the picture.

    critic=True (WGAN, hinge, least squares: D gives a score, not a probability): no V(D, G) and no
    -log 4, which belong to the BCE game; the mean outputs are called scores.
    """
    parts = [f"D updates {n['d_updates']}", f"G updates {n['g_updates']}"]
    if critic:
        parts += [f"mean score on real {human(n['mean_d_real'])}", f"on fake {human(n['mean_d_fake'])}"]
    else:
        parts += [f"V(D,G) {human(n['value'])} (-log 4 = {n['log4']:.3f} at the optimum)",
                  f"mean D(x) {human(n['mean_d_real'])}", f"mean D(G(z)) {human(n['mean_d_fake'])} (1/2 at the optimum)"]
    parts += [f"|∇D| {human(n['d_grad_norm'])}", f"|∇G| {human(n['g_grad_norm'])}"]
    cond = "on_label" in n
    if n["modes"] is not None:
        whose = " (all labels in turn)" if cond else ""
        parts += [f"modes {n['modes']}/{n['n_modes']}", f"high quality {100 * n['high_quality']:.1f}%{whose}"]
    if cond:
        whose = "all labels" if n["label"] is None else f"label {n['label']}"
        parts += [f"{whose}: {100 * n['agreement']:.1f}% nearest its mode, {100 * n['on_label']:.1f}% within 3 std"]
    if n["precision"] is not None:
        vs = "" if not cond or n["label"] is None else f" (vs class {n['label']})"
        parts += [f"precision {n['precision']:.2f}", f"recall {n['recall']:.2f}{vs}"]
    return " · ".join(parts)


# G's loss and its gradient in D's logit l (losses.generator_loss), as the overview prints them; s = sigma
G_LOSS = {"minimax": ("L_G = mean log(1 - D(G(z)))", "dL_G/dl = -s(l)/n: 0 when D rejects the fakes (saturates)"),
          "non_saturating": ("L_G = -mean log D(G(z))", "dL_G/dl = -s(-l)/n: -1/n when D rejects the fakes"),
          "least_squares": ("L_G = mean (l - 1)^2 / 2", "dL_G/dl = (l - 1)/n"),
          "wasserstein": ("L_G = -mean C(G(z))", "dL_G/dl = -1/n: a constant push"),
          "hinge": ("L_G = -mean C(G(z))", "dL_G/dl = -1/n: a constant push")}


def overview_html(state):
    """Algorithm 1 as one line, the phase just played lit (``state.phase``: "D", "G" or None), and G's loss.

    Within a round of k D updates the D box says which one came last ("D update 2 of 3").
    """
    k, phase, done = state.settings["k"], state.phase, state.d_in_round
    lit = "background:#0072B2;color:white"
    dim = "background:#eee;color:#333"
    d_box = f"D update {done} of {k}" if phase == "D" else f"{k} x D update"
    frozen = {"G": " (G frozen)", "D": " (D frozen)"}.get(state.settings["freeze"], "")
    loss, grad = G_LOSS[state.gan.loss]
    box = '<span style="padding:1px 6px;border-radius:4px;{}">{}</span>'
    return (f'<div style="font-size:14px;line-height:1.6">Algorithm 1{frozen}: '
            f'{box.format(lit if phase == "D" else dim, d_box)} &rarr; '
            f'{box.format(lit if phase == "G" else dim, "1 x G update")}'
            f'<br>{loss} &nbsp; ({grad})</div>')

