"""What the figure tests share (imported by tests/test_plots_*.py): readable on a projector, nothing left open."""
import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Text

from scratchgan import layers, optim
from scratchgan.gan import GAN


@pytest.fixture(autouse=True)
def no_open_figures():
    """Every figure is built without pyplot: after a test, pyplot's list of figures is still empty."""
    yield
    assert plt.get_fignums() == [], "a figure was left open in pyplot"


def projectable(fig):
    """>= 1,000 px wide; every visible text >= 12 pt. Returns the figure's texts."""
    assert fig.get_figwidth() * fig.dpi >= 1000
    fig.draw_without_rendering()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 12]
    assert small == [], f"text smaller than 12 pt: {small[:5]}"
    return texts


def legend_texts(fig):
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return [t.get_text() for lg in legends for t in lg.get_texts()]


def line(fig, label):
    """The one Line2D labelled ``label`` anywhere in fig."""
    found = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_label() == label]
    assert len(found) == 1, f"expected one line {label!r}, found {len(found)}"
    return found[0]


def tiny_gan(dim=2, loss="non_saturating", noise_dim=2, pack=1):
    G = layers.Sequential(layers.Dense(noise_dim, 8), layers.LeakyReLU(), layers.Dense(8, dim))
    D = layers.Sequential(layers.Dense(pack * dim, 8), layers.Tanh(), layers.Dense(8, 1))
    return GAN(G, D, optim.Adam(G, 1e-3), optim.Adam(D, 1e-3), noise_dim=noise_dim, loss=loss, pack=pack)
