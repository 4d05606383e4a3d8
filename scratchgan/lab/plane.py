"""The lab's plane (2-D data): GAN Lab's picture, its layers redrawn live.

One matplotlib Figure on its own Agg canvas, its artists made once (``setup``) and
moved by ``update()``; a live view redraws only the moving artists over a saved
background (blitting), so a frame costs a few tens of milliseconds. The layers, each
from the library's one home for it, and each switched by the setting ``draw``:

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

    >>> from scratchgan.lab import LabState
    >>> view = PlaneView(LabState(batch_size=64, hidden=16, d_hidden=16))
    >>> view.update(); view.png()[:4]
    b'\\x89PNG'
"""
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from ..losses import BCE_KINDS
from ..plots.base import FAKE, OKABE_ITO, REAL, d_label, d_output
from ..plots.plane import generator_arrows
from . import conditioned
from .figures import HeatImage, figure_jpeg, figure_png, new_figure
from .overlays import arrow_scale, honest_arrows, manifold_note, mode_label, plane_box, upsample

UPSAMPLE = 4  # a static plane's heat map: D on the grid, bilinear in NumPy at 4x, coloured here
AVERAGED = OKABE_ITO["orange"]  # the averaged G's samples: G's family of colours, another marker
LABEL_BOX = {True: OKABE_ITO["yellow"], False: "white"}  # the label's box: yellow while a player is frozen


class PlaneView:
    """D's heat map, real points, G's samples (raw and/or averaged), -dL_G/dx arrows, G's manifold, modes."""

    def __init__(self, state, grid=48, n_arrows=96, live=False):
        """live=True: for a widget redrawn many times a second. The key is drawn apart (``legend_png``), and
        ``png`` redraws only what moves over a saved background (axes, ticks, labels): blitting."""
        self.state, self.grid, self.n_arrows, self.live = state, grid, n_arrows, live
        self.figure = new_figure(7.0, 6.7 if live else 7.4)
        self.setup()

    def setup(self):
        """Fix the box and make the artists (after a reset: new data, pack or loss family)."""
        s, fig = self.state, self.figure
        fig.clear()
        self._key_png, self._keyed, self._legend = None, None, None  # the key: its PNG, its layers, its artist
        self._background = None
        fig.subplots_adjust(left=0.09, right=0.84, bottom=0.07 if self.live else 0.17, top=0.95)
        self.ax = ax = fig.add_subplot()
        self.extent = plane_box(s)
        x0, x1, y0, y1 = self.extent
        gx, gy = np.meshgrid(np.linspace(x0, x1, self.grid), np.linspace(y0, y1, self.grid))
        self.grid_xy = np.stack([gx.ravel(), gy.ravel()], 1)
        self.bce = s.gan.loss in BCE_KINDS
        if self.live:  # drawn at the screen's pixels, nothing resampled (``figures.HeatImage``)
            self.heat = HeatImage(ax, cmap="PRGn", alpha=0.8, origin="lower", extent=self.extent)
            self.heat.set_clim(0, 1)
            self.heat.set_grid(np.zeros((self.grid, self.grid)), self.extent)
            ax.add_image(self.heat)
        else:
            d = (x1 - x0) / ((self.grid - 1) * UPSAMPLE) / 2  # half a fine cell: each value drawn centred on its point
            self.heat = ax.imshow(np.zeros((2, 2)), origin="lower", extent=(x0 - d, x1 + d, y0 - d, y1 + d),
                                  cmap="PRGn", alpha=0.8, vmin=0, vmax=1, interpolation="bilinear")
        self.manifold = LineCollection([], colors=FAKE, linewidths=0.8, alpha=0.6, zorder=2.5,
                                       label=manifold_note(s.gan.noise_dim))
        ax.add_collection(self.manifold)
        self.fakes = ax.scatter(*s.fake().T, s=9, color=FAKE, zorder=3, label="fake G(z)")
        self.averaged = ax.scatter(np.empty(0), np.empty(0), s=14, marker="D", color=AVERAGED, edgecolors="none",
                                   zorder=3.2, label="averaged G (EMA of G's weights)")
        self.real = ax.scatter(*s.real_show.T, s=8, color=REAL, zorder=4.2, label="real data")  # over the arrows
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
        # a live plane's title is fixed (the counts are in the strip beside it), so it stays in the saved background;
        # a critic's title carries its changing max |score|, a static figure's the counts
        self._what = self._describe()
        self.title = ax.set_title(f"{self._what} (green: real)" if self.live and self.bce else "", fontsize=13)
        self.ref = None  # the arrows' reference size, fixed by the first frame (``arrow_scale``)
        self.key_arrow = ax.annotate("", xy=(0.12, 0.9), xytext=(0.02, 0.9), xycoords="axes fraction",
                                     arrowprops=dict(arrowstyle="-|>", color=OKABE_ITO["blue"], lw=2), zorder=6)
        self.key_text = ax.text(0.13, 0.9, "", transform=ax.transAxes, va="center", fontsize=10, zorder=6,
                                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
        self.label = ax.text(0.015, 0.985, "", transform=ax.transAxes, va="top", fontsize=12, zorder=6,
                             bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.3", alpha=0.9))
        # a live view draws the label as an image, rendered when its text changes (its glyphs cost ~2 ms a frame)
        self.label_image = ax.imshow(np.zeros((1, 1, 4)), transform=ax.transAxes, extent=(0, 0, 0, 0), zorder=6,
                                     interpolation="none", visible=self.live)
        self.label.set_visible(not self.live)
        self._label_key = None
        self.moving = sorted([self.heat, self.manifold, self.fakes, self.averaged, self.real, self.quiver, self.hit,
                              self.miss, self.key_arrow, self.key_text, self.label, self.label_image],
                             key=lambda a: a.zorder)
        if self.live:
            for a in self.moving + ([] if self.bce else [self.title]):
                a.set_animated(True)  # left out of the saved background; png() draws them

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
            self._legend, self._keyed = self._key(self.figure), self._keyed_layers()

    def _render_label(self, key=""):
        """The label's text and box, drawn once on a see-through canvas of their own and placed as an image at the
        same spot (live), cut into lines at its " · " when wider than the plane; the arrows' key goes under it
        (a live view: ``key``, its text, drawn into the same image, as the static view draws its artists: ~3 ms
        a frame less than drawing the key's text box and arrow each frame)."""
        parts, box = self.label.get_text().split(" · "), self.ax.get_window_extent()
        for lines in range(1, len(parts) + 1):
            per = -(-len(parts) // lines)
            text = "\n".join(" · ".join(parts[i:i + per]) for i in range(0, len(parts), per))
            fig = new_figure(7.0, 1.5, dpi=self.figure.dpi)
            fig.patch.set_alpha(0)
            t = fig.text(0.01, 0.3 if key else 0.1, text, fontsize=12, va="bottom", bbox=dict(  # inside the canvas
                boxstyle="round,pad=0.3", fc=self.label.get_bbox_patch().get_facecolor(), ec="0.3"))
            fig.canvas.draw()
            x0, y0, x1, y1 = (int(round(v)) for v in t.get_bbox_patch().get_window_extent().extents)
            if x1 - x0 < 0.96 * box.width:
                break
        x0, y0, x1, y1 = max(x0 - 2, 0), max(y0 - 2, 0), x1 + 2, y1 + 2
        h = (y1 - y0) / box.height  # the label's own height, in axes units
        if key:  # the key where a static view puts it: its centre 0.043 axes heights under the label's image
            y0 = self._draw_key(fig, key, x0, y0 - 0.043 * box.height, box.width)
            x1 = max(x1, int(round(fig.texts[-1].get_bbox_patch().get_window_extent().x1)) + 2)
        Wf, H = fig.canvas.get_width_height()
        self.label_image.set_data(np.asarray(fig.canvas.buffer_rgba())[H - y1:H - y0, x0:min(x1, Wf)].copy())
        w, hi = (min(x1, Wf) - x0) / box.width, (y1 - y0) / box.height
        self.label_image.set_extent((0.012, 0.012 + w, 0.988 - hi, 0.988))
        if not self.live:
            self.label.set_text(text)
        y = 0.985 - h - 0.04  # the arrows' key, under the label
        self.key_arrow.xy, self.key_arrow.xyann = (0.12, y), (0.02, y)
        self.key_text.set_y(y)

    def _draw_key(self, fig, key, left, y, width):
        """The arrows' key on the label's canvas ``fig``, as the static view draws it in the axes: an arrow 0.1 of
        the plane's ``width`` long from ``left`` + 0.008 width, its text from ``left`` + 0.118 width, centred at
        pixel height ``y``. Returns the lowest pixel row drawn."""
        from matplotlib.text import Annotation
        a = left + 0.008 * width
        arrow = Annotation("", xy=(a + 0.1 * width, y), xytext=(a, y), xycoords="figure pixels",
                           textcoords="figure pixels", arrowprops=self.key_arrow.arrowprops)
        fig.add_artist(arrow)
        W, H = fig.canvas.get_width_height()
        t = fig.text((left + 0.118 * width) / W, y / H, key, va="center", fontsize=10,
                     bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
        fig.canvas.draw()
        low = min(t.get_bbox_patch().get_window_extent().y0, arrow.arrow_patch.get_window_extent().y0)
        return max(int(np.floor(low)) - 2, 0)

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

    def _key(self, fig):
        handles = self._keyed_layers()
        legend = fig.legend(handles, [h.get_label() for h in handles], loc="lower center", ncols=3, frameon=False,
                            fontsize=10, bbox_to_anchor=(0.5, 0.0), columnspacing=1.0, handletextpad=0.4)
        for handle in legend.legend_handles:  # one readable marker size
            if hasattr(handle, "set_sizes"):
                handle.set_sizes([60])
            handle.set_animated(False)  # the key's copies are drawn as usual
            handle.set_visible(True)
        return legend

    def legend_png(self):
        """The key of the plane alone, 560 x 64 px, shown under a live figure without one (drawn anew when
        the layers drawn change)."""
        if self._key_png is None or self._keyed != self._keyed_layers():
            fig = new_figure(7.0, 0.8)
            self._key(fig)
            self._key_png, self._keyed = figure_png(fig), self._keyed_layers()
        return self._key_png

    def png(self):
        """The picture as PNG bytes; live views redraw only the moving artists over the saved background."""
        if not self.live:
            return figure_png(self.figure)
        self._blit()
        return figure_png(self.figure, draw=False)

    def frame(self):
        """The picture as JPEG bytes (``figures.figure_jpeg``): what the page shows, ~4x cheaper to encode than PNG."""
        if not self.live:
            return figure_jpeg(self.figure)
        self._blit()
        return figure_jpeg(self.figure, draw=False)

    def _blit(self):
        """A live view's canvas: the saved background (drawn once), then the moving artists over it."""
        canvas = self.figure.canvas
        if self._background is None:
            canvas.draw()  # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for a in self.moving + list(self.ax.spines.values()) + [self.title] * self.title.get_animated():
            self.ax.draw_artist(a)  # the spines again: the heat map covers them

    def to_data(self, px, py, width=None, height=None):
        """Pixel (px, py) of the PNG (origin top left; image width x height) -> (x1, x2) on the plane."""
        self.ax.apply_aspect()  # the box an equal-aspect axes really gets
        W, H = self.figure.canvas.get_width_height()
        px, py = px * W / (width or W), py * H / (height or H)
        return tuple(self.ax.transData.inverted().transform((px, H - py)))

