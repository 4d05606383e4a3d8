"""The lab's pictures, redrawn live: the plane (2-D), Figure 1 (1-D) and the Dirac-GAN.

Each view keeps one matplotlib Figure (on its own Agg canvas). The plane and
the Dirac-GAN keep their artists too, and ``update()`` only moves them (new
heat map, new point positions, new arrows), so a frame costs a few tens of
milliseconds; Figure 1 is drawn anew (``plots.draw_panel``). ``png()``
renders the picture for the widget; ``figure`` is the same picture for a
notebook without widgets (the static fallback). D over the plane is
``plots.base.d_output`` and G's arrows ``plots.plane.generator_arrows``: the
library's one home for each. The arrows are honest: their length is proportional
to |dL_G/dx| (or to its log), on a scale fixed by a view's first frame and shown
in the key at the plane's top left.

    >>> from scratchgan.lab import LabState
    >>> view = PlaneView(LabState(batch_size=64, hidden=16, d_hidden=16))
    >>> view.update(); view.png()[:4]
    b'\\x89PNG'
"""
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from .. import dynamics, metrics, plots
from ..losses import BCE_KINDS
from ..plots.base import DISC, FAKE, OKABE_ITO, REAL, d_label, d_output
from ..plots.plane import generator_arrows
from . import conditioned


def new_figure(width, height, dpi=80):
    """A Figure on its own Agg canvas (not pyplot's: many live views, none shown by accident)."""
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig, draw=True):
    """A matplotlib Figure (on an Agg canvas) as PNG bytes, encoded fast (zlib level 1, 3 colour channels).

    draw=False: the caller has just drawn the canvas itself (a blitted live frame), so it is not drawn again.
    """
    from PIL import Image
    if draw:
        fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    out = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(out, format="png", compress_level=1)
    return out.getvalue()


def nice(v):
    """The 1-2-5 number nearest below v > 0 (0.0037 -> 0.002): a scale a key can print."""
    e = 10 ** np.floor(np.log10(v))
    return float(max(m for m in (1, 2, 5) if m * e <= v * (1 + 1e-9)) * e)


def arrow_scale(g, width):
    """The reference gradient size for arrows g (n, 2): a 1-2-5 number near their 90th-percentile length.

    A view fixes it once (its first frame) and keeps it, so a shrinking gradient draws shrinking arrows.
    """
    length = np.sqrt((g ** 2).sum(1))
    top = np.quantile(length, 0.9) if length.max() > 0 else 1.0
    return nice(max(top, 1e-12))


DECADES = 3  # log arrows: the key's length is the reference size; each third of it one factor of 10 below


def honest_arrows(g, ref, width, mode="linear"):
    """Arrows g (n, 2) = -dL_G/dx as drawn: the reference size ``ref`` is 10% of the box ``width``.

    linear: length proportional to |g| (a 10x smaller gradient draws a 10x shorter arrow; none is cut);
    log: length 0.1 width * (1 + log10(|g| / ref) / DECADES), 0 below ref / 10^DECADES.
    Directions are kept.
    """
    unit = 0.1 * width
    if mode == "linear":
        return g * (unit / ref)
    length = np.sqrt((g ** 2).sum(1))
    drawn = unit * np.maximum(0.0, 1 + np.log10(np.maximum(length, 1e-300) / ref) / DECADES)
    return g * (drawn / np.maximum(length, 1e-300))[:, None]


class PlaneView:
    """D's heat map, real points, fake points G(z), -dL_G/dx arrows, modes captured (o) and missed (x)."""

    def __init__(self, state, grid=48, n_arrows=96, live=False):
        """live=True: for a widget redrawn many times a second. The key is drawn once, apart (``legend_png``),
        and ``png`` redraws only what moves over a saved background (axes, ticks, labels): blitting."""
        self.state, self.grid, self.n_arrows, self.live = state, grid, n_arrows, live
        self.figure = new_figure(7.0, 6.7 if live else 7.4)
        self.setup()

    def setup(self):
        """Fix the box and make the artists (after a reset: new data, pack or loss family)."""
        s, fig = self.state, self.figure
        fig.clear()
        self._key_png = None
        self._background = None
        fig.subplots_adjust(left=0.09, right=0.84, bottom=0.07 if self.live else 0.15, top=0.95)
        self.ax = ax = fig.add_subplot()
        self.extent = self.box()
        x0, x1, y0, y1 = self.extent
        gx, gy = np.meshgrid(np.linspace(x0, x1, self.grid), np.linspace(y0, y1, self.grid))
        self.grid_xy = np.stack([gx.ravel(), gy.ravel()], 1)
        self.bce = s.gan.loss in BCE_KINDS
        self.heat = ax.imshow(np.zeros((self.grid, self.grid)), origin="lower", extent=self.extent, cmap="PRGn",
                              alpha=0.8, vmin=0, vmax=1, interpolation="bilinear")
        self.fakes = ax.scatter(*s.fake().T, s=9, color=FAKE, zorder=3, label="fake G(z)")
        self.real = real = ax.scatter(*s.real_show.T, s=8, color=REAL, zorder=4.2, label="real data")  # over arrows
        self.quiver = ax.quiver(*np.zeros((4, self._arrow_count())), angles="xy", scale_units="xy", scale=1,
                                color=OKABE_ITO["blue"], width=0.004, zorder=4, label="-dL_G/dx: where G pushes")
        self.hit = ax.scatter(np.empty(0), np.empty(0), s=260, facecolors="none", edgecolors="k", linewidths=2,
                              zorder=3.5, label="mode captured")
        # above the data, so a missed mode shows; see-through, so the data under it show too
        self.miss = ax.scatter(np.empty(0), np.empty(0), s=130, marker="X", color=OKABE_ITO["yellow"], edgecolors="k",
                               linewidths=0.8, alpha=0.55, zorder=5, label="mode missed")
        ax.set(xlim=(x0, x1), ylim=(y0, y1), aspect="equal", xlabel="x1", ylabel="x2")
        ax.apply_aspect()  # the colour bar sits right of the box the axes really get
        box = ax.get_position()
        cax = fig.add_axes([box.x1 + 0.015, box.y0, 0.025, box.height])
        bar = fig.colorbar(self.heat, cax=cax)  # static: a critic's heat map is drawn scaled to [-1, 1]
        bar.set_label("D(x) = P(real)" if self.bce else "score / max |score| (in the title)", fontsize=10)
        bar.ax.tick_params(labelsize=9)
        ax.grid(False)  # whatever the rcParams say (lesson_style turns grids on): a blitted heat map would hide it
        self.title = ax.set_title("", fontsize=13)
        self.ref = None  # the arrows' reference size, fixed by the first frame (``arrow_scale``)
        self.key_arrow = ax.annotate("", xy=(0.16, 0.955), xytext=(0.06, 0.955), xycoords="axes fraction",
                                     arrowprops=dict(arrowstyle="-|>", color=OKABE_ITO["blue"], lw=2), zorder=6)
        self.key_text = ax.text(0.17, 0.955, "", transform=ax.transAxes, va="center", fontsize=10, zorder=6,
                                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
        self.moving = sorted([self.heat, self.fakes, real, self.quiver, self.hit, self.miss, self.key_arrow,
                              self.key_text], key=lambda a: a.zorder)
        if self.live:
            for a in self.moving + [self.title]:
                a.set_animated(True)  # left out of the saved background; png() draws them
        else:
            self._key(fig)

    def box(self):
        """The plane's box (x0, x1, y0, y1): square, around the real points and the modes.

        While drawing, the box the plane had when the drawing began (``state.draw_box``), so the
        axes do not move under the pen and each point lands where it was clicked.
        """
        s = self.state
        drawn = s.settings["data"] == "drawn"
        if drawn and getattr(s, "draw_box", None) is not None:
            return tuple(s.draw_box)
        pts = s.real_show if s.dataset.modes is None else np.concatenate([s.real_show, s.dataset.modes])
        if drawn:  # room to draw more: at least the box [-1.5, 1.5]^2
            pts = np.concatenate([pts, [[-1.5, -1.5], [1.5, 1.5]]])
        lo, hi = pts.min(0), pts.max(0)
        mid, half = (lo + hi) / 2, 0.5 * (hi - lo).max() * 1.35 + 0.1
        return (mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half)

    def update(self, numbers=None):
        """Redraw from the state's current G and D; ``numbers`` (``state.numbers()``) marks the modes."""
        s = self.state
        if (s.gan.loss in BCE_KINDS) != self.bce or len(self.quiver.U) != self._arrow_count():
            self.setup()  # a new colour scale (probability or score) or a new pack size
        heat = d_output(s.gan, self.grid_xy, s.shift, s.scale, labels=s.plane_labels(self.grid_xy))
        heat = heat.reshape(self.grid, self.grid)
        self.heat.set_data(heat)
        self.scale_note = ""
        if not self.bce:  # a critic score has no fixed range: drawn as score / max |score|, the max in the title
            m = float(np.abs(heat).max()) or 1.0
            self.heat.set_data(heat / m)
            self.heat.set_clim(-1, 1)
            self.scale_note = f", max |score| {m:.3g}"
        fake = s.fake()
        self.fakes.set_offsets(fake)
        k = len(self.quiver.U)
        g = generator_arrows(s.gan, fake[:k], s.shift, s.scale, labels=s.shown_labels(k))
        mine = s.real_class()  # a conditional game's label on show: its real points black, the others grey
        self.real.set_color(REAL if mine is None else np.where(mine[:, None], to_rgba(REAL), to_rgba("0.65")))
        width, mode = self.extent[1] - self.extent[0], s.settings.get("arrows", "linear")
        if self.ref is None:
            self.ref = arrow_scale(g, width)
        self.key_text.set_text(f"|dL_G/dx| = {self.ref:.2g}" + ("  (log: -1/3 = 10x less)" if mode == "log" else ""))
        g = honest_arrows(g, self.ref, width, mode)
        self.quiver.set_offsets(fake[:k])
        self.quiver.set_UVC(g[:, 0], g[:, 1])
        if numbers is not None and "captured" in numbers:
            hit = np.asarray(numbers["captured"], dtype=bool)
            self.hit.set_offsets(s.dataset.modes[hit].reshape(-1, 2))
            self.miss.set_offsets(s.dataset.modes[~hit].reshape(-1, 2))
        what = d_label(s.gan) if not s.settings.get("conditional") else conditioned.describe(s)
        self.title.set_text(f"{what} (green: real{self.scale_note})   D updates {s.d_updates}, "
                            f"G updates {s.g_updates}")

    def _arrow_count(self):
        """Arrows on the first fake points, in whole packs (D reads ``pack`` samples at once)."""
        pack = self.state.gan.pack
        return min(self.n_arrows, self.state.n_show) // pack * pack

    def _key(self, fig):
        legend = fig.legend(*self.ax.get_legend_handles_labels(), loc="lower center", ncols=3, frameon=False,
                            fontsize=11, bbox_to_anchor=(0.5, 0.0))
        for handle in legend.legend_handles:  # one readable marker size
            if hasattr(handle, "set_sizes"):
                handle.set_sizes([60])
            handle.set_animated(False)  # the key's copies are drawn as usual

    def legend_png(self):
        """The key of the plane alone, 560 x 48 px: drawn once, shown under a live figure without one."""
        if self._key_png is None:
            fig = new_figure(7.0, 0.6)
            self._key(fig)
            self._key_png = figure_png(fig)
        return self._key_png

    def png(self):
        """The picture as PNG bytes; live views redraw only the moving artists over the saved background."""
        if not self.live:
            return figure_png(self.figure)
        canvas = self.figure.canvas
        if self._background is None:
            canvas.draw()  # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for a in self.moving + list(self.ax.spines.values()) + [self.title]:
            self.ax.draw_artist(a)  # the spines again: the heat map covers them
        return figure_png(self.figure, draw=False)

    def to_data(self, px, py, width=None, height=None):
        """Pixel (px, py) of the PNG (origin top left; image width x height) -> (x1, x2) on the plane."""
        self.ax.apply_aspect()  # the box an equal-aspect axes really gets
        W, H = self.figure.canvas.get_width_height()
        px, py = px * W / (width or W), py * H / (height or H)
        return tuple(self.ax.transData.inverted().transform((px, H - py)))


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
        """Draw the panel anew from the state's current G and D (``numbers`` is not used: Figure 1 shows D*)."""
        s, fig = self.state, self.figure
        fig.clear()
        ax, ax_map = fig.subplots(2, 1, height_ratios=[3, 1], sharex=True)
        fig.subplots_adjust(left=0.1, right=0.88, bottom=0.18, top=0.92, hspace=0.08)
        axd = plots.draw_panel(ax, ax_map, s.gan, self.p_data, self.x_range, units=(s.shift, s.scale))
        handles = [h for a in (ax, axd, ax_map) for h in a.get_legend_handles_labels()[0]]
        fig.legend(handles=handles, loc="lower center", ncols=3, frameon=False, fontsize=9)
        ax.set_title(f"D updates {s.d_updates}, G updates {s.g_updates}", fontsize=13)

    def legend_png(self):
        """No separate key: Figure 1 carries its own legend (empty bytes)."""
        return b""

    def png(self):
        """The picture as PNG bytes."""
        return figure_png(self.figure)


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
