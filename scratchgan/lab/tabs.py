"""The lab's two picture tabs, each a small class around one ``ipywidgets.Image``.

    GameTab    the GAN's picture (the plane or Figure 1), the plane's key, the curves, the strip of numbers
    DiracTab   the Dirac-GAN's picture and its two settings (schedule, R1's gamma)

Both answer the same four calls (``step(n)``, ``reset(seed)``, ``redraw()``, ``figure()``),
so ``widget.Lab`` steps and draws whichever is shown without asking which. Nothing here
does maths: the state and the views do.
"""
import threading
import time

import ipywidgets as widgets

from .. import losses
from .curves import Curves
from .dirac import DiracLab
from .readouts import Strip
from .readouts_text import numbers_text, overview_html
from .views import DiracView, view_for

PICTURE_PX = 440  # the pictures' width on the page: toolbar, picture, key and curves fit 720 px of height
CURVES_S = 1.0  # while playing, the curves are redrawn at most once a second (a draw costs ~50-100 ms)
CURVES_FIRST_S = 1.5  # the first curves come this long after the lab is built (their first draw: ~0.25 s of a
# page's start, for curves of one point); any step before that draws them at once


def _picture(css_class=None, format="png"):
    image = widgets.Image(format=format, layout=widgets.Layout(width=f"{PICTURE_PX}px"))
    if css_class:
        image.add_class(css_class)
    return image


class GameTab:
    """The GAN's picture and the strip of numbers under it (``readouts_text.numbers_text``).

    ``redraw`` is the one place that notices a rebuilt GAN (a reset, new data, a new
    network): the state then holds a new ``gan``, and the tab makes a view fitted to it.
    """

    def __init__(self, state):
        self.state = state
        self.image = _picture("lab-plane", "jpeg")  # live frames: JPEG (``view.frame``)
        self.key = _picture()
        self.numbers = widgets.HTML("")
        self.numbers.add_class("lab-numbers")
        self.overview = widgets.HTML("")  # Algorithm 1, the phase just played lit, and G's loss
        self.overview.add_class("lab-overview")
        self.curves = Curves(width_px=PICTURE_PX, height_px=140)
        self.curve_image = _picture("lab-curves")
        self.curve_image.layout.height = f"{self.curves.figure.canvas.get_width_height()[1]}px"  # no jump when drawn
        self.widget = widgets.VBox([self.image, self.key, self.curve_image])
        self.strip = Strip(state)  # while playing, G's quality every few frames (readouts.Strip)
        self.view, self._gan, self.last_numbers, self._curves_t = None, None, None, None  # None: curves not drawn yet

    def step(self, n):
        """n full steps of the GAN (Algorithm 1)."""
        self.state.full_step(n)

    def reset(self, seed):
        """G and D rebuilt from ``seed`` (the next redraw makes a view for them)."""
        self.state.reset(seed)

    def current_view(self):
        """The live view of the state's current GAN (a new one after a rebuild)."""
        if self.state.gan is not self._gan:
            self.view, self._gan = view_for(self.state, live=True), self.state.gan
            self.curves.clear()  # a new game: new curves
        return self.view

    def redraw(self, playing=False):
        """New picture, key and numbers from the current G and D (playing: G's quality may be a few frames old)."""
        view, n = self.current_view(), self.strip.numbers(playing)
        key = view.legend_png()
        if self.key.value != key:  # the plane's key, drawn once per view (Figure 1 carries its own)
            self.key.value = key
        view.update(n)
        self.image.value = view.frame()
        text = numbers_text(n, critic=self.state.gan.loss not in losses.BCE_KINDS)
        self.numbers.value = f'<div style="font-size:15px;line-height:1.35">{text}</div>'
        self.overview.value = overview_html(self.state)
        self.curves.add(n, bce=self.state.gan.loss in losses.BCE_KINDS)
        first = self.last_numbers is None  # the lab's first picture: the curves later (``draw_curves``)
        if not first and (self._curves_t is None or time.perf_counter() - self._curves_t > CURVES_S
                          or len(self.curves.history) < 3):
            self.draw_curves()
        self.last_numbers = n

    def draw_curves(self):
        """The curves' picture from the history so far."""
        self.curve_image.value = self.curves.png()
        self._curves_t = time.perf_counter()

    def draw_curves_later(self, lock, delay=CURVES_FIRST_S):
        """Draw the curves in ``delay`` seconds (under ``lock``) unless a step has drawn them by then: the page shows
        the plane and the strip without waiting for curves of one point. Returns the timer."""
        def draw():
            with lock:
                if self._curves_t is None:
                    self.draw_curves()
        timer = threading.Timer(delay, draw)
        timer.daemon = True
        timer.start()
        return timer

    def figure(self):
        """The picture as a matplotlib Figure with its key (for a notebook without widgets)."""
        view = view_for(self.state)
        view.update(self.state.numbers())
        return view.figure

    def event_pixels(self, event):
        """An ipyevents mouse event on the PNG -> (px, py), pixels of the image itself (dataX/dataY)."""
        W, H = self.current_view().figure.canvas.get_width_height()
        px = event.get("dataX", event.get("relativeX", 0) * W / max(event.get("boundingRectWidth", W), 1))
        py = event.get("dataY", event.get("relativeY", 0) * H / max(event.get("boundingRectHeight", H), 1))
        return px, py

    def click_to_data(self, event):
        """An ipyevents click on the PNG -> (x1, x2) on the plane."""
        return self.current_view().to_data(*self.event_pixels(event))


class DiracTab:
    """The Dirac-GAN of lesson 09 (``state.DiracLab``): its picture, the schedule and R1's gamma.

    ``on_change()`` hears either setting change; the Lab then calls ``new_game`` and redraws.
    """

    def __init__(self, on_change):
        self.image = _picture(format="jpeg")
        self.schedule = widgets.ToggleButtons(options=["simultaneous", "alternating"], description="Dirac-GAN")
        self.gamma = widgets.BoundedFloatText(0.0, min=0, max=10, step=0.1, description="R1 gamma")
        for w in (self.schedule, self.gamma):
            w.observe(lambda ch: on_change(), "value")
        self.widget = widgets.VBox([self.image, self.schedule, self.gamma])
        self.new_game()

    def new_game(self):
        """A fresh Dirac-GAN from the two controls (R1 when gamma > 0) at its start point."""
        gamma = self.gamma.value
        self.dirac = DiracLab(schedule=self.schedule.value, penalty="r1" if gamma > 0 else None, gamma=gamma)
        self.view = DiracView(self.dirac)

    def step(self, n):
        """n steps of the Dirac-GAN."""
        self.dirac.step(n)

    def reset(self, seed=None):
        """Back to the start point (the Dirac-GAN has no random weights: the seed is not used)."""
        self.dirac.reset()

    def redraw(self, playing=False):
        """New picture of the path so far."""
        self.view.update()
        self.image.value = self.view.frame()

    def figure(self):
        """The picture as a matplotlib Figure."""
        self.view.update()
        return self.view.figure
