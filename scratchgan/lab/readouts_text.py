"""The strip and the overview as the page shows them: numbers for the eye, one line of text, one of HTML.

    human          a number to 3 significant digits, "—" when missing, never "-53009965056.000"
    numbers_text   the strip (``readouts.numbers``) as the line under the picture; a critic's (WGAN, hinge,
                   least squares) says "score" and leaves out V(D, G) and -log 4, which belong to the BCE game
    overview_html  Algorithm 1 with the phase just played lit, G's loss and its gradient in D's logit

``readouts.py`` computes the numbers; ``tabs.py`` puts this text on the page.
Nothing here computes: a dict or the state in, text out.
"""


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
    """The strip ``n`` (``readouts.numbers(state)``) as one line of text, what the page shows under the picture.

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
    ago = n["g_updates"] - n.get("quality_at", n["g_updates"])  # kept from an earlier frame while playing (Strip)
    parts += quality_text(n, n.get("quality_of", "raw G") + (f" ({ago} G updates ago)" if ago else ""))
    if n.get("averaged") is not None:
        parts += quality_text(n["averaged"], "averaged G", brief=True)
    return " · ".join(parts)


def quality_text(q, who, brief=False):
    """modes, high quality, precision and recall of one G as parts of the strip, the first saying whose;
    brief: without the conditional game's notes in brackets (said once, for the first G)."""
    parts, cond = [], "on_label" in q
    if q["modes"] is not None:
        whose = " (all labels in turn)" if cond and not brief else ""
        parts += [f"modes {q['modes']}/{q['n_modes']}", f"high quality {100 * q['high_quality']:.1f}%{whose}"]
    if cond:
        whose = "all labels" if q["label"] is None else f"label {q['label']}"
        parts += [f"{whose}: {100 * q['agreement']:.1f}% nearest its mode, {100 * q['on_label']:.1f}% within 3 std"]
    if q["precision"] is not None:
        vs = "" if not cond or q["label"] is None or brief else f" (vs class {q['label']})"
        parts += [f"precision {q['precision']:.2f}", f"recall {q['recall']:.2f}{vs}"]
    if parts:
        parts[0] = f"{who}: {parts[0]}"
    return parts


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
