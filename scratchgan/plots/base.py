"""What every figure shares: a colour-blind-safe palette, big fonts, wide canvases,
and reading a GAN's D and G on host arrays (``d_output`` is THE home of "D over a
grid": the plane view, Figure 1 and the lab all call it).

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
distinguishable under the common colour-vision deficiencies. Every figure is a
``matplotlib.figure.Figure`` built without pyplot, so nothing is left open in a
global figure list and nothing is shown: the caller saves it or displays it.
"""
import numpy as np
from matplotlib.figure import Figure

from .. import backend, losses
from ..losses import BCE_KINDS

OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7"}
# roles in every figure: real data, generator, discriminator, D*, extra lines
REAL, FAKE, DISC, OPTIMAL = OKABE_ITO["black"], OKABE_ITO["vermillion"], OKABE_ITO["blue"], OKABE_ITO["green"]
CYCLE = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]

FONT = 14  # points; a projected slide needs >= 12
DPI = 100  # so a 12-inch-wide figure is 1,200 pixels


def new_figure(width=12.0, height=6.0):
    """An empty Figure of ``width`` x ``height`` inches at DPI (12 in -> 1,200 px)."""
    fig = Figure(figsize=(width, height), dpi=DPI)
    fig.set_layout_engine("constrained")
    return fig


def finish(fig, size=FONT):
    """Make every label, title, tick and legend at least ``size`` points; returns fig."""
    for ax in fig.axes:
        ax.tick_params(which="both", labelsize=size - 1)
        for text in (ax.title, ax.xaxis.label, ax.yaxis.label):
            text.set_fontsize(max(text.get_fontsize(), size))
    for legend in [ax.get_legend() for ax in fig.axes] + list(fig.legends):
        if legend is not None:
            for text in legend.get_texts():
                text.set_fontsize(size - 1)
            legend.get_title().set_fontsize(size - 1)
    for text in fig.texts:
        text.set_fontsize(max(text.get_fontsize(), size))
    if fig._suptitle is not None:
        fig._suptitle.set_fontsize(size + 2)
    return fig


def save(fig, path):
    """Write ``fig`` to ``path`` (PNG by extension) at its own size; returns path."""
    fig.savefig(path, dpi=DPI, facecolor="white")
    return path


def d_output(gan, x, shift=0.0, scale=1.0, labels=None):
    """D at the rows of x (n, dim) as a host array (n,): ``losses.output`` of D's logits, so
    sigma(logit) = P(x is real) for the BCE kinds and the critic score otherwise.

    x is in data units; a GAN trained on standardised data x' = (x - shift) / scale
    (as ``train.train`` does) sees x', so pass its ``shift`` and ``scale``.
    With PacGAN packing (pack = m) D reads m samples at once; here each x is
    repeated m times, i.e. D's verdict on a pack of m copies of x.
    A conditional GAN's D(x, y) takes ``labels`` (n,) ints, the class each x is judged as.
    """
    x = ((np.asarray(x, dtype=np.float64).reshape(len(x), -1) - shift) / scale).astype(np.float32)
    x = backend.asarray(np.tile(x, (1, gan.pack)))
    logits = gan.D(x) if labels is None else gan.D(x, backend.asarray(labels))
    return backend.to_numpy(losses.output(logits, gan.loss)).astype(np.float64).ravel()


def g_output(gan, z, shift=0.0, scale=1.0, labels=None):
    """G(z) for host noise z (n, noise_dim) -> host array (n, dim) in data units: G(z) * scale + shift.
    A conditional GAN's G(z, y) takes ``labels`` (n,) ints, the class each sample is asked for."""
    z = backend.asarray(np.asarray(z, dtype=np.float32))
    x = backend.to_numpy(gan.G(z) if labels is None else gan.G(z, backend.asarray(labels))).astype(np.float64)
    return x * scale + shift


def d_label(gan):
    """What D's output means for this loss: a probability or a critic score."""
    return "D(x) = P(x is real)" if gan.loss in BCE_KINDS else "critic score D(x)"
