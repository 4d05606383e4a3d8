"""The lab's live pictures: which view fits the data, Figure 1 (1-D) and the Dirac-GAN.

    plane.py      PlaneView, the plane of 2-D data (GAN Lab's picture; its layers in overlays.py)
    plane_figure.py  PlaneFigure, the plane's artists built once and redrawn fast (PlaneView's base)
    views.py      LineView (Figure 1 live), DiracView (lesson 09), ``view_for``, the 1-D helpers
    figures.py    new_figure, figure_png, figure_jpeg: a Figure on its own Agg canvas, encoded fast; HeatImage

Each view keeps one matplotlib Figure and answers ``update(numbers=None)`` and
``png()``; ``figure`` is the same picture for a notebook without widgets (the
static fallback). Figure 1 is drawn anew each frame (``plots.draw_panel``); the
Dirac-GAN moves its artists. ``PlaneView`` also imports from here, beside the
other two views (lesson 18 does).

    >>> from scratchgan.lab import LabState
    >>> view = view_for(LabState(batch_size=64, hidden=16, d_hidden=16))
    >>> view.update(); type(view).__name__, view.png()[:4]
    ('PlaneView', b'\\x89PNG')
"""
import contextlib

import numpy as np

from .. import dynamics, metrics, plots
from ..plots.base import DISC, FAKE, REAL
from .figures import figure_jpeg, figure_png, new_figure
from .overlays import mode_label
from .plane import PlaneView
from .plane_figure import LABEL_BOX

__all__ = ["DiracView", "LineView", "PlaneView", "data_density", "view_for", "x_range"]


class LineView:
    """Figure 1 live: p_data, p_g, D, D* = p_data / (p_data + p_g) and the z -> x map (``plots.draw_panel``)."""

    def __init__(self, state, size=(7.5, 6.5)):
        self.state = state
        self.figure = new_figure(*size)
        self.setup()

    def setup(self):
        """The density and the x range of the current data (after a reset)."""
        self.p_data, self.x_range = data_density(self.state), x_range(self.state)

    def update(self, numbers=None):
        """Draw the panel anew from the state's current G and D (``numbers`` is not used: Figure 1 shows D*).

        p_g and the z -> x map are the averaged G's when only it is shown (``g_shown``), else the raw G's."""
        s, fig = self.state, self.figure
        averaged = s.settings.get("g_shown") == "averaged" and s.average is not None
        fig.clear()
        ax, ax_map = fig.subplots(2, 1, height_ratios=[3, 1], sharex=True)
        fig.subplots_adjust(left=0.1, right=0.88, bottom=0.18, top=0.92, hspace=0.08)
        with s.average.swapped_into(s.gan.G) if averaged else contextlib.nullcontext():
            axd = plots.draw_panel(ax, ax_map, s.gan, self.p_data, self.x_range, units=(s.shift, s.scale))
        handles = [h for a in (ax, axd, ax_map) for h in a.get_legend_handles_labels()[0]]
        fig.legend(handles=handles, loc="lower center", ncols=3, frameon=False, fontsize=9)
        ax.set_title(f"{'averaged G: ' if averaged else ''}D updates {s.d_updates}, G updates {s.g_updates}",
                     fontsize=13)
        ax.text(0.015, 0.97, mode_label(s.settings), transform=ax.transAxes, va="top", fontsize=10, zorder=6,
                bbox=dict(boxstyle="round,pad=0.3", fc=LABEL_BOX[s.settings["freeze"] is not None], ec="0.3"))

    def legend_png(self):
        """No separate key: Figure 1 carries its own legend (empty bytes)."""
        return b""

    def png(self):
        """The picture as PNG bytes."""
        return figure_png(self.figure)

    def frame(self):
        """The picture as JPEG bytes, what the page shows (``figures.figure_jpeg``)."""
        return figure_jpeg(self.figure)


class DiracView:
    """The Dirac-GAN (lesson 09): the (theta, psi) path over the gradient field, equilibrium at (0, 0)."""

    def __init__(self, dirac, size=(7.5, 6.5), lim=3.0):
        self.dirac, self.lim = dirac, lim
        self.figure = new_figure(*size)
        self.figure.subplots_adjust(left=0.12, right=0.96, bottom=0.1, top=0.9)
        self.ax = ax = self.figure.add_subplot()
        t = np.linspace(-lim, lim, 15)
        self.T, self.P = np.meshgrid(t, t)
        u, v = dynamics.vector_field(self.T, self.P, dirac.loss)
        self.field = ax.quiver(self.T, self.P, u, v, color="0.6", angles="xy")
        (self.line,) = ax.plot([], [], "-", color=DISC, lw=1.5)
        (self.dot,) = ax.plot([], [], "o", color=FAKE, ms=10)
        ax.plot([0], [0], "*", color=REAL, ms=16, label="equilibrium (0, 0)")
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="theta (G: every fake sample is x = theta)",
               ylabel="psi (D's logit is psi x)")
        self.title = ax.set_title("", fontsize=13)
        tab = "Dirac-GAN tab: full step and play move (theta, psi)\nD step and G step are off (they act on the GAN)"
        ax.text(0.015, 0.985, tab, transform=ax.transAxes, va="top", fontsize=10, zorder=6,  # named on the picture
                bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.3", alpha=0.9))

    def update(self, numbers=None):
        """Redraw the field (it changes with R1's gamma) and the path so far."""
        d = self.dirac
        u, v = dynamics.vector_field(self.T, self.P, d.loss, d.penalty, d.gamma)
        self.field.set_UVC(u, v)
        path = np.asarray(d.path)
        self.line.set_data(path[:, 0], path[:, 1])
        self.dot.set_data(path[-1:, 0], path[-1:, 1])
        self.title.set_text(f"Dirac-GAN, {d.schedule} steps, h = {d.h}: step {len(path) - 1}, "
                            f"distance {d.radius():.3f}")

    def png(self):
        """The picture as PNG bytes."""
        return figure_png(self.figure)

    def frame(self):
        """The picture as JPEG bytes, what the page shows (``figures.figure_jpeg``)."""
        return figure_jpeg(self.figure)


def view_for(state, live=False):
    """The view that fits the state's data: the plane for 2-D, Figure 1 for 1-D."""
    return PlaneView(state, live=live) if state.dataset.dim == 2 else LineView(state)


def data_density(state):
    """p_data of 1-D data as a function of points t ((n,) or (n, 1)) -> (n,).

    The data set's own density where it has one; for a user's file, a Gaussian
    kernel density estimate of the shown rows (``metrics.kde``).
    """
    ds, x = state.dataset, state.real_show.ravel()
    if ds.density(np.zeros((1, 1))) is not None:
        return lambda t: ds.density(np.reshape(t, (-1, 1)))
    return lambda t: metrics.kde(x, np.ravel(t))


def x_range(state):
    """Figure 1's x axis for 1-D data: the shown real points' span, widened by 60% of it plus 0.5 each side."""
    x = state.real_show.ravel()
    lo, hi = x.min(), x.max()
    pad = 0.6 * (hi - lo) + 0.5
    return lo - pad, hi + pad
