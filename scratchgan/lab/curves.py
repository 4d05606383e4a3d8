"""The lab's curves over time (GAN Lab's charts, with our quantities), drawn under the plane.

Four small panels against G updates, from the strip of numbers of each frame (``readouts.numbers``):

    game       BCE losses: V(D, G) against -log 4 (Theorem 1's value at p_g = p_data);
               critic losses: mean score on real minus on fake (a distance estimate for WGAN)
    D's says   BCE: mean D(x) and mean D(G(z)) against 1/2; critics: the two mean scores
    |grad|     |grad D| and |grad G| of the last updates, on a log scale
    coverage   modes captured (share), precision and recall, in [0, 1]

    >>> from scratchgan.lab import LabState
    >>> from scratchgan.lab.readouts import numbers
    >>> s = LabState(batch_size=64, hidden=16, d_hidden=16)
    >>> c = Curves(); c.add(numbers(s), bce=True); s.full_step(); c.add(numbers(s), bce=True)
    >>> len(c.history), c.png()[:4]
    (2, b'\\x89PNG')
"""
import numpy as np
from matplotlib.ticker import LogFormatter

from .figures import figure_png, new_figure
from .readouts import LOG4

CURVE_COLOURS = {"V": "#0072B2", "real": "#000000", "fake": "#D55E00", "D": "#009E73", "G": "#D55E00",
                 "modes": "#0072B2", "precision": "#CC79A7", "recall": "#E69F00"}


class PlainLog(LogFormatter):
    """A log axis's tick labels as plain short numbers (0.6, 2, 1e-05), chosen as matplotlib chooses them."""

    def _num_to_string(self, x, vmin, vmax):
        return f"{x:.2g}"


class Curves:
    """The history of the strip of numbers, one row per frame, and its figure (``png()``).

    ``add(numbers, bce)`` appends a frame (a new game: call ``clear()`` first); ``bce`` says whether
    D outputs probabilities (minimax, non-saturating) or critic scores.
    """

    def __init__(self, width_px=500, height_px=150, keep=400):
        self.figure = new_figure(width_px / 80, height_px / 80)
        self.keep, self.history, self.bce = keep, [], True

    def clear(self):
        """Forget the history (a new game)."""
        self.history = []

    def add(self, numbers, bce):
        """One frame's numbers (``readouts.numbers``): kept are G updates and the plotted quantities."""
        n = numbers
        n_modes = n.get("n_modes") or 0
        row = {"t": n["g_updates"], "value": n["value"], "real": n["mean_d_real"], "fake": n["mean_d_fake"],
               "D": n["d_grad_norm"], "G": n["g_grad_norm"],
               "modes": (n["modes"] / n_modes) if n_modes else None, "precision": n["precision"],
               "recall": n["recall"], "fresh": n.get("quality_at", n["g_updates"]) == n["g_updates"]}
        if self.history and (self.bce != bce or row["t"] < self.history[-1]["t"]):
            self.history = []  # another loss family, or the counters went back: another game
        self.bce = bce
        self.history = (self.history + [row])[-self.keep:]

    def _series(self, key):
        return np.array([np.nan if r[key] is None else r[key] for r in self.history], dtype=float)

    def _setup(self):
        """The four axes and their lines, made once per loss family (BCE or critic)."""
        fig = self.figure
        fig.clear()
        self.axes = game, says, grad, cover = fig.subplots(1, 4)
        fig.subplots_adjust(left=0.07, right=0.99, bottom=0.2, top=0.85, wspace=0.5)
        line = lambda ax, key: ax.plot([], [], color=CURVE_COLOURS[key], lw=1.2)[0]
        self.lines = {"V": line(game, "V"), "real": line(says, "real"), "fake": line(says, "fake"),
                      "D": line(grad, "D"), "G": line(grad, "G"), "modes": line(cover, "modes"),
                      "precision": line(cover, "precision"), "recall": line(cover, "recall")}
        if self.bce:
            game.axhline(LOG4, color="0.5", lw=0.8, ls="--")
            says.axhline(0.5, color="0.5", lw=0.8, ls="--")
        titles = (("V(D,G) vs -log 4", "D(x), D(G(z)) vs ½") if self.bce else ("score real − fake", "score real, fake"))
        titles += ("|∇D|, |∇G| (log)", "modes, P, R")
        for ax, title in zip(self.axes, titles):
            ax.set_title(title, fontsize=8)
            ax.tick_params(labelsize=7, length=2)
            ax.grid(False)
        grad.set_yscale("log")
        for which in ("major", "minor"):  # "0.6", not mathtext's 6x10^-1: its parser costs ~0.3 s at a page's start
            getattr(grad.yaxis, f"set_{which}_formatter")(PlainLog(labelOnlyBase=which == "major"))
        cover.set_ylim(-0.03, 1.03)
        game.set_xlabel("G updates", fontsize=7, labelpad=1)
        self._family = self.bce

    def png(self):
        """The four panels as PNG bytes: the lines get the history, the axes rescale, the figure is drawn."""
        if getattr(self, "_family", None) is not self.bce:
            self._setup()
        t = self._series("t")
        real, fake = self._series("real"), self._series("fake")
        data = {"V": self._series("value") if self.bce else real - fake, "real": real, "fake": fake,
                "modes": self._series("modes"), "precision": self._series("precision"),
                "recall": self._series("recall")}
        for key in ("D", "G"):
            y = self._series(key)
            data[key] = np.where(y > 0, y, np.nan)  # a log axis: no zeros
        fresh = np.array([r.get("fresh", True) for r in self.history], dtype=bool)
        for key, y in data.items():  # G's quality where it was measured (not the frames that kept it: Strip)
            self.lines[key].set_data(*((t[fresh], y[fresh]) if key in ("modes", "precision", "recall") else (t, y)))
        for ax in self.axes[:3]:
            ax.relim()
            ax.autoscale_view()
        if len(t):
            for ax in self.axes:
                ax.set_xlim(t[0], max(t[-1], t[0] + 1))
        return figure_png(self.figure)
