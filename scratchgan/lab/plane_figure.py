"""The plane's figure, built once and redrawn fast: the artists that ``plane.PlaneView`` moves each frame.

``PlaneFigure`` knows matplotlib, not the game. ``build`` lays out the axes and makes
every artist once: D's heat map and its colour bar, the real points, G's samples (raw
dots, averaged diamonds), the arrows, G's manifold, the mode marks, the title, the
label and the arrows' key. A live figure redraws only its moving artists over a saved
background (blitting: ``png``, ``frame``) and draws the label, with the arrows' key
under it, as an image of its own, made anew only when its text changes
(``_render_label``). ``plane.PlaneView`` subclasses it and puts the game in: the box,
D on the grid, G's samples and arrows, the modes, the label's words, the key's layers.

    >>> import numpy as np
    >>> plane = PlaneFigure(live=True)
    >>> plane.build((-2, 2, -2, 2), 8, True, np.zeros((5, 2)), np.ones((5, 2)), 4, "G's manifold", "D(x)")
    >>> x1, x2 = plane.to_data(0, 0)  # the picture's top left pixel: left of the box and above it
    >>> plane.png()[:4], bool(x1 < -2 and x2 > 2)
    (b'\\x89PNG', True)
"""
import numpy as np
from matplotlib.collections import LineCollection

from ..plots.base import FAKE, OKABE_ITO, REAL
from .figures import HeatImage, figure_jpeg, figure_png, new_figure

UPSAMPLE = 4  # a static plane's heat map: D on the grid, bilinear in NumPy at 4x, coloured here
AVERAGED = OKABE_ITO["orange"]  # the averaged G's samples: G's family of colours, another marker
LABEL_BOX = {True: OKABE_ITO["yellow"], False: "white"}  # the label's box: yellow while a player is frozen


class PlaneFigure:
    """The plane's Figure (``figure``, one Agg canvas) and its artists; ``live``: redrawn many times a second."""

    def __init__(self, live=False):
        self.live = live
        self.figure = new_figure(7.0, 6.7 if live else 7.4)

    def build(self, extent, grid, bce, fake, real, n_arrows, manifold_label, what):
        """Lay out the axes and make the artists anew: the box ``extent`` (x0, x1, y0, y1), a heat map of D on
        ``grid`` x ``grid`` points (``bce``: a probability in [0, 1], else a score drawn in [-1, 1]), the
        ``fake`` and ``real`` points (n, 2), ``n_arrows`` arrows, the manifold's key entry, and ``what``
        the heat map is (a live BCE plane's fixed title)."""
        fig = self.figure
        fig.clear()
        self._key_png, self._keyed, self._legend = None, None, None  # the key: its PNG, its layers, its artist
        self._background = None
        fig.subplots_adjust(left=0.09, right=0.84, bottom=0.07 if self.live else 0.17, top=0.95)
        self.ax = ax = fig.add_subplot()
        x0, x1, y0, y1 = extent
        if self.live:  # drawn at the screen's pixels, nothing resampled (``figures.HeatImage``)
            self.heat = HeatImage(ax, cmap="PRGn", alpha=0.8, origin="lower", extent=extent)
            self.heat.set_clim(0, 1)
            self.heat.set_grid(np.zeros((grid, grid)), extent)
            ax.add_image(self.heat)
        else:
            d = (x1 - x0) / ((grid - 1) * UPSAMPLE) / 2  # half a fine cell: each value drawn centred on its point
            self.heat = ax.imshow(np.zeros((2, 2)), origin="lower", extent=(x0 - d, x1 + d, y0 - d, y1 + d),
                                  cmap="PRGn", alpha=0.8, vmin=0, vmax=1, interpolation="bilinear")
        self.manifold = LineCollection([], colors=FAKE, linewidths=0.8, alpha=0.6, zorder=2.5, label=manifold_label)
        ax.add_collection(self.manifold)
        self.fakes = ax.scatter(*fake.T, s=9, color=FAKE, zorder=3, label="fake G(z)")
        self.averaged = ax.scatter(np.empty(0), np.empty(0), s=14, marker="D", color=AVERAGED, edgecolors="none",
                                   zorder=3.2, label="averaged G (EMA of G's weights)")
        self.real = ax.scatter(*real.T, s=8, color=REAL, zorder=4.2, label="real data")  # over the arrows
        self.quiver = ax.quiver(*np.zeros((4, n_arrows)), angles="xy", scale_units="xy", scale=1,
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
        bar.set_label("D(x) = P(real)" if bce else "score / max |score| (in the title)", fontsize=10)
        bar.ax.tick_params(labelsize=9)
        ax.grid(False)  # whatever the rcParams say (lesson_style turns grids on): a blitted heat map would hide it
        # a live plane's title is fixed (the counts are in the strip beside it), so it stays in the saved background;
        # a critic's title carries its changing max |score|, a static figure's the counts
        self.title = ax.set_title(f"{what} (green: real)" if self.live and bce else "", fontsize=13)
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
            for a in self.moving + ([] if bce else [self.title]):
                a.set_animated(True)  # left out of the saved background; png() draws them

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

    def _key(self, fig, handles):
        """The key of the artists ``handles`` on ``fig``, in three columns under the plane."""
        legend = fig.legend(handles, [h.get_label() for h in handles], loc="lower center", ncols=3, frameon=False,
                            fontsize=10, bbox_to_anchor=(0.5, 0.0), columnspacing=1.0, handletextpad=0.4)
        for handle in legend.legend_handles:  # one readable marker size
            if hasattr(handle, "set_sizes"):
                handle.set_sizes([60])
            handle.set_animated(False)  # the key's copies are drawn as usual
            handle.set_visible(True)
        return legend

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
