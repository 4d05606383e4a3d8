"""The lab's plane (2-D data): GAN Lab's picture, its layers redrawn live.

One matplotlib Figure on its own Agg canvas, its artists made once (``setup``) and
moved by ``update()``; a live view redraws only the moving artists over a saved
background (blitting, ``plane_figure.py``), so a frame costs a few tens of milliseconds.
The layers, each from the library's one home for it, and each switched by the setting ``draw``:

    heat       D over the plane (``plots.base.d_output``), a critic's score drawn as score / max |score|
    real       the shown real points
    arrows     -dL_G/dx at the raw G's first points (``plots.plane.generator_arrows``), honest: their length
               is proportional to |dL_G/dx| (``overlays.honest_arrows``), the scale in the key under the label
    manifold   G's warped grid lines: G of a regular latent grid (``overlays.manifold_lines``)
    modes      each mode circled when G captures it, crossed when it misses it

G's samples: the raw G's (vermillion dots), the averaged G's (orange diamonds) or
both, as the setting ``g_shown`` says; the manifold and the mode marks follow the
averaged G when only it is shown. The conditional game (``conditioned.py``): D, the
arrows, both G's samples and the manifold take the label on show; its real points stand out,
the title says which label. The label at the top left names the active mode
(``overlays.mode_label``); the key lists the layers drawn (a live view's, ``legend_png``, apart).

``PlaneView`` puts the game into the artists of ``plane_figure.PlaneFigure``, which it
subclasses: the figure's layout, the label drawn as an image, blitting and the pixels.

    >>> from scratchgan.lab import LabState
    >>> view = PlaneView(LabState(batch_size=64, hidden=16, d_hidden=16))
    >>> view.update(); view.png()[:4]
    b'\\x89PNG'
"""
import numpy as np
from matplotlib.colors import to_rgba

from ..losses import BCE_KINDS
from ..plots.base import REAL, d_label, d_output
from ..plots.plane import generator_arrows
from . import conditioned
from .figures import figure_png, new_figure
from .overlays import arrow_scale, honest_arrows, manifold_note, mode_label, plane_box, upsample
from .plane_figure import LABEL_BOX, UPSAMPLE, PlaneFigure


class PlaneView(PlaneFigure):
    """D's heat map, real points, G's samples (raw and/or averaged), -dL_G/dx arrows, G's manifold, modes."""

    def __init__(self, state, grid=48, n_arrows=96, live=False):
        """live=True: for a widget redrawn many times a second. The key is drawn apart (``legend_png``), and
        ``png`` redraws only what moves over a saved background (axes, ticks, labels): blitting."""
        super().__init__(live)
        self.state, self.grid, self.n_arrows = state, grid, n_arrows
        self.setup()

    def setup(self):
        """Fix the box and make the artists (after a reset: new data, pack or loss family)."""
        s = self.state
        self.extent = plane_box(s)
        x0, x1, y0, y1 = self.extent
        gx, gy = np.meshgrid(np.linspace(x0, x1, self.grid), np.linspace(y0, y1, self.grid))
        self.grid_xy = np.stack([gx.ravel(), gy.ravel()], 1)
        self.bce = s.gan.loss in BCE_KINDS
        self._what = self._describe()  # a live plane's fixed title (a critic's carries its max |score|)
        self.build(self.extent, self.grid, self.bce, s.fake(), s.real_show, self._arrow_count(),
                   manifold_note(s.gan.noise_dim), self._what)

    def update(self, numbers=None):
        """Redraw from the state's current G and D; ``numbers`` (``state.numbers()``) marks the modes.

        A layer left out of the setting ``draw`` is hidden and not computed."""
        s = self.state
        if (s.gan.loss in BCE_KINDS) != self.bce or len(self.quiver.U) != self._arrow_count():
            self.setup()  # a new colour scale (probability or score) or a new pack size
        draw, shown = s.settings.get("draw", ()), s.settings.get("g_shown", "raw")
        raw, averaged = shown in ("raw", "both"), shown in ("averaged", "both")
        self.scale_note = ""
        self.heat.set_visible("heat" in draw)
        if "heat" in draw:
            self._heat()
        self.real.set_visible("real" in draw)
        mine = s.real_class()  # a conditional game's label on show: its real points as usual, the others grey
        self.real.set_color(REAL if mine is None else np.where(mine[:, None], to_rgba(REAL), to_rgba("0.65")))
        self.fakes.set_visible(raw)
        if raw:
            fake = s.fake()
            self.fakes.set_offsets(fake)
        self.averaged.set_visible(averaged)
        if averaged:
            self.averaged.set_offsets(s.fake(averaged=True))
        arrows = raw and "arrows" in draw
        self.quiver.set_visible(arrows)
        for a in (self.key_arrow, self.key_text):  # a live view draws the key into the label's image
            a.set_visible(arrows and not self.live)
        if arrows:
            self._arrows(fake)
        self.manifold.set_visible("manifold" in draw)
        if "manifold" in draw:  # the G whose samples are shown: the raw G's, unless only the averaged is shown
            self.manifold.set_segments(conditioned.manifold(s, shown == "averaged"))
        for a in (self.hit, self.miss):
            a.set_visible("modes" in draw)
        if numbers is not None and numbers.get("captured") is not None:
            hit = np.asarray(numbers["captured"], dtype=bool)
            self.hit.set_offsets(s.dataset.modes[hit].reshape(-1, 2))
            self.miss.set_offsets(s.dataset.modes[~hit].reshape(-1, 2))
        self.label.set_text(mode_label(s.settings))
        self.label.get_bbox_patch().set_facecolor(LABEL_BOX[s.settings["freeze"] is not None])
        key = self.key_text.get_text() if arrows and self.live else ""
        if self._label_key != (self.label.get_text(), s.settings["freeze"], key):
            self._label_key = (self.label.get_text(), s.settings["freeze"], key)
            self._render_label(key)
        if self._what != self._describe():  # a new label on show: a live title in the background is drawn anew
            self._what, self._background = self._describe(), None
            if self.live and self.bce:
                self.title.set_text(f"{self._what} (green: real)")
        if not self.live:
            self.title.set_text(f"{self._what} (green: real{self.scale_note})   D updates {s.d_updates}, "
                                f"G updates {s.g_updates}")
        elif not self.bce:
            self.title.set_text(f"{self._what} (green: real{self.scale_note})")
        if not self.live and self._keyed != self._keyed_layers():  # a static figure carries its key, under the plane
            if self._legend is not None:
                self._legend.remove()
            self._legend, self._keyed = self._key(self.figure, self._keyed_layers()), self._keyed_layers()


    def _heat(self):
        """D on the grid -> ``values`` (the colour bar's units) -> the heat map: a live view's ``HeatImage`` takes
        the grid (bilinear at each screen pixel); a static one an image bilinear at UPSAMPLE points a cell."""
        s = self.state
        heat = d_output(s.gan, self.grid_xy, s.shift, s.scale, labels=s.plane_labels(self.grid_xy))
        heat = heat.reshape(self.grid, self.grid)
        if not self.bce:  # a critic score has no fixed range: drawn as score / max |score|, the max in the title
            m = float(np.abs(heat).max()) or 1.0
            heat = heat / m
            self.heat.set_clim(-1, 1)
            self.scale_note = f", max |score| {m:.3g}"
        self.values = heat
        if self.live:
            self.heat.set_grid(heat, self.extent)
        else:
            self.heat.set_data(self.heat.cmap(self.heat.norm(upsample(heat, UPSAMPLE)), bytes=True))

    def _arrows(self, fake):
        s, k = self.state, len(self.quiver.U)
        g = generator_arrows(s.gan, fake[:k], s.shift, s.scale, labels=s.shown_labels(k))
        width, mode = self.extent[1] - self.extent[0], s.settings.get("arrows", "linear")
        if self.ref is None:
            self.ref = arrow_scale(g, width)
        self.key_text.set_text(f"|dL_G/dx| = {self.ref:.2g}" + ("  (log: -1/3 = 10x less)" if mode == "log" else ""))
        g = honest_arrows(g, self.ref, width, mode)
        self.quiver.set_offsets(fake[:k])
        self.quiver.set_UVC(g[:, 0], g[:, 1])

    def _describe(self):
        """What the heat map is: D's name, or the conditional game's label on show (``conditioned.describe``)."""
        s = self.state
        return conditioned.describe(s) if s.settings.get("conditional") else d_label(s.gan)

    def _arrow_count(self):
        """Arrows on the first fake points, in whole packs (D reads ``pack`` samples at once)."""
        pack = self.state.gan.pack
        return min(self.n_arrows, self.state.n_show) // pack * pack

    def _keyed_layers(self):
        """The artists the key lists: those of the layers drawn, in three columns (G's, the data's, the arrows)."""
        s = self.state.settings
        draw, raw, averaged = s.get("draw", ()), s.get("g_shown", "raw") != "averaged", s.get("g_shown") != "raw"
        return tuple(a for a, on in ((self.fakes, raw), (self.averaged, averaged), (self.manifold, "manifold" in draw),
                                     (self.real, "real" in draw), (self.hit, "modes" in draw),
                                     (self.miss, "modes" in draw), (self.quiver, raw and "arrows" in draw)) if on)


    def legend_png(self):
        """The key of the plane alone, 560 x 64 px, shown under a live figure without one (drawn anew when
        the layers drawn change)."""
        if self._key_png is None or self._keyed != self._keyed_layers():
            fig = new_figure(7.0, 0.8)
            self._key(fig, self._keyed_layers())
            self._key_png, self._keyed = figure_png(fig), self._keyed_layers()
        return self._key_png
