"""The lab widget's parts, each a small class that builds its ipywidgets and calls back the actions it is given.

    Toolbar        D step, G step, full step, play/pause, steps per frame, seed, reset
    GameTab        the GAN's picture (the plane or Figure 1), the plane's key, the curves, the strip of numbers
    DiracTab       the Dirac-GAN's picture and its two settings (schedule, R1's gamma)
    SettingsPanel  the settings as controls: game, networks, data, teaching modes
    ClickInput     how a teacher adds data points: clicks on the picture, or typed coordinates
    ExportPanel    the folder, the export button, the box showing the Python that rebuilds the GAN

The two picture tabs answer the same four calls (``step(n)``, ``reset(seed)``,
``redraw()``, ``figure()``), so ``widget.Lab`` steps and draws whichever is shown
without asking which. CSS classes (``lab-step``, ``lab-plane``, ...) are how the
browser test finds the controls. Nothing here does maths: the state and the
views do.
"""
import os
import time

import ipywidgets as widgets

from .. import losses, penalty
from .curves import Curves
from .readouts import numbers_text, overview_html
from .state import DiracLab
from .views import DiracView, view_for

PENALTIES = [("none", "none")] + [(k.upper(), k) for k in penalty.KINDS]  # "none": None (a menu needs a value)
FREEZES = [("train both", "none"), ("freeze G (D -> D*)", "G"), ("freeze D (G's best reply)", "D")]
DATA = [("8 Gaussians on a ring", "ring"), ("25 Gaussians on a grid", "grid"), ("swiss roll", "swiss_roll"),
        ("1-D Gaussian (Figure 1)", "gaussian"), ("1-D two modes", "mixture"), ("points drawn by clicking", "drawn")]
WIDTHS = [8, 16, 32, 64, 128, 256]


def button(text, css_class, on_press, tip=""):
    """A button carrying a CSS class that calls ``on_press()`` when pressed."""
    b = widgets.Button(description=text, tooltip=tip, layout=widgets.Layout(width="auto"))
    b.add_class(css_class)
    b.on_click(lambda _: on_press())
    return b


PICTURE_PX = 440  # the pictures' width on the page: toolbar, picture, key and curves fit 720 px of height
CURVES_S = 1.0  # while playing, the curves are redrawn at most once a second (a draw costs ~50-100 ms)


def _picture(css_class=None):
    image = widgets.Image(format="png", layout=widgets.Layout(width=f"{PICTURE_PX}px"))
    if css_class:
        image.add_class(css_class)
    return image


class Toolbar:
    """The row of buttons over the picture. ``on_play(playing)`` hears the play/pause toggle."""

    def __init__(self, seed, d_step, g_step, full_step, reset, on_play):
        self.d_button = button("D step", "lab-d-step", d_step, "one update of D")
        self.g_button = button("G step", "lab-g-step", g_step, "one update of G through D")
        self.step_button = button("full step", "lab-step", full_step, "k D updates, then one G update")
        self.play = widgets.ToggleButton(description="play", icon="play", layout=widgets.Layout(width="auto"))
        self.play.add_class("lab-play")
        self.play.observe(lambda ch: self._toggled(ch["new"], on_play), "value")
        self.speed = widgets.IntSlider(5, min=1, max=50, description="steps/frame", continuous_update=False,
                                       layout=widgets.Layout(width="220px"))
        self.seed = widgets.IntText(seed, description="seed", layout=widgets.Layout(width="120px"),
                                    style={"description_width": "35px"})
        self.seed.add_class("lab-seed")
        self.reset_button = button("reset", "lab-reset", reset, "rebuild G and D from the seed")
        self.widget = widgets.HBox([self.d_button, self.g_button, self.step_button, self.play, self.speed, self.seed,
                                    self.reset_button])

    def _toggled(self, playing, on_play):
        self.play.description, self.play.icon = ("pause", "pause") if playing else ("play", "play")
        on_play(playing)


class GameTab:
    """The GAN's picture and the strip of numbers under it (``readouts.numbers_text``).

    ``redraw`` is the one place that notices a rebuilt GAN (a reset, new data, a new
    network): the state then holds a new ``gan``, and the tab makes a view fitted to it.
    """

    def __init__(self, state):
        self.state = state
        self.image = _picture("lab-plane")
        self.key = _picture()
        self.numbers = widgets.HTML("")
        self.numbers.add_class("lab-numbers")
        self.overview = widgets.HTML("")  # Algorithm 1, the phase just played lit, and G's loss
        self.overview.add_class("lab-overview")
        self.curves = Curves(width_px=PICTURE_PX, height_px=140)
        self.curve_image = _picture("lab-curves")
        self.widget = widgets.VBox([self.image, self.key, self.curve_image])
        self.view, self._gan, self.last_numbers, self._curves_t = None, None, None, 0.0

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

    def redraw(self):
        """New picture, key and numbers from the current G and D."""
        view, n = self.current_view(), self.state.numbers()
        key = view.legend_png()
        if self.key.value != key:  # the plane's key, drawn once per view (Figure 1 carries its own)
            self.key.value = key
        view.update(n)
        self.image.value = view.png()
        text = numbers_text(n, critic=self.state.gan.loss not in losses.BCE_KINDS)
        self.numbers.value = f'<div style="font-size:15px;line-height:1.45">{text}</div>'
        self.overview.value = overview_html(self.state)
        self.curves.add(n, bce=self.state.gan.loss in losses.BCE_KINDS)
        if time.perf_counter() - self._curves_t > CURVES_S or len(self.curves.history) < 3:
            self.curve_image.value = self.curves.png()
            self._curves_t = time.perf_counter()
        self.last_numbers = n

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
        self.image = _picture()
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

    def redraw(self):
        """New picture of the path so far."""
        self.view.update()
        self.image.value = self.view.png()

    def figure(self):
        """The picture as a matplotlib Figure."""
        self.view.update()
        return self.view.figure


class SettingsPanel:
    """The settings as controls, in four sections (``sections``: (title, box) pairs).

    A control's change calls ``on_setting(name, value)``, with None for the menus' "none".
    ``show(settings)`` puts settings on the controls without calling it back.
    """

    def __init__(self, settings, on_setting, load_file, clear_points, click_input):
        s, slider = settings, dict(continuous_update=False)
        lr = dict(base=10, min=-5, max=-0.5, step=0.1, readout_format=".1e", **slider)
        self.controls = c = {
            "lr_g": widgets.FloatLogSlider(s["lr_g"], description="lr G", **lr),
            "lr_d": widgets.FloatLogSlider(s["lr_d"], description="lr D", **lr),
            "k": widgets.IntSlider(s["k"], min=1, max=25, description="k (D/G)", **slider),
            "batch_size": widgets.Dropdown(options=[32, 64, 128, 256, 512, 1024], value=s["batch_size"],
                                           description="batch"),
            "loss": widgets.Dropdown(options=list(losses.KINDS), value=s["loss"], description="loss"),
            "penalty": widgets.Dropdown(options=PENALTIES, value="none", description="penalty",
                                        layout=widgets.Layout(width="230px")),
            "penalty_weight": widgets.BoundedFloatText(s["penalty_weight"], min=0, max=1000, step=0.1,
                                                       description="weight", layout=widgets.Layout(width="170px"),
                                                       style={"description_width": "50px"}),
            "pack": widgets.IntSlider(s["pack"], min=1, max=4, description="pack", **slider),
            "hidden": widgets.Dropdown(options=WIDTHS, value=s["hidden"], description="G width"),
            "layers": widgets.IntSlider(s["layers"], min=1, max=4, description="G layers", **slider),
            "d_hidden": widgets.Dropdown(options=WIDTHS, value=s["d_hidden"], description="D width"),
            "d_layers": widgets.IntSlider(s["d_layers"], min=1, max=4, description="D layers", **slider),
            "noise_dim": widgets.IntSlider(s["noise_dim"], min=1, max=8, description="z size", **slider),
            "data": widgets.Dropdown(options=DATA, value=None, description="data"),
            "freeze": widgets.ToggleButtons(options=FREEZES, value="none"),
            "optimizer": widgets.ToggleButtons(options=[("Adam", "adam"), ("SGD", "sgd")], value=s["optimizer"],
                                               description="optimizer", style={"button_width": "60px"}, tooltips=[
                                                   "steps rescaled per weight: even a vanishing gradient moves G",
                                                   "steps of lr x gradient: a vanishing gradient moves nothing"]),
            "arrows": widgets.ToggleButtons(options=["linear", "log"], value=s["arrows"], description="arrows",
                                            style={"button_width": "60px"},
                                            tooltips=["arrow length proportional to |dL_G/dx|",
                                                      "arrow length grows with log |dL_G/dx| (small ones show)"]),
        }
        for name, w in c.items():
            w.add_class(f"lab-{name.replace('_', '-')}")  # how the browser test finds each control
        self._showing = False
        self.show(settings)
        for name, w in c.items():
            w.observe(lambda ch, name=name: self._changed(name, ch["new"], on_setting), "value")
        # continuous_update=False: the value arrives on Enter (or leaving the box), never half-typed
        self.file = widgets.Text(placeholder="path/to/points.npy or .csv (N x 1 or N x 2), then Enter",
                                 description="file", continuous_update=False)
        self.file.add_class("lab-file")
        self.file.observe(lambda ch: ch["new"].strip() and load_file(), "value")
        self.load_button = button("load file", "lab-load", load_file)
        self.clear_button = button("clear drawn points", "lab-clear", clear_points)
        self.sections = [
            ("game", widgets.VBox([c["loss"], c["lr_g"], c["lr_d"], c["k"], c["batch_size"],
                                   widgets.HBox([c["penalty"], c["penalty_weight"]]),
                                   widgets.HBox([c["optimizer"], c["arrows"]])])),
            ("networks", widgets.VBox([c[k] for k in ("hidden", "layers", "d_hidden", "d_layers", "noise_dim",
                                                      "pack")])),
            ("data", widgets.VBox([c["data"], widgets.HBox([self.file, self.load_button]), click_input,
                                   self.clear_button])),
            ("teaching modes", widgets.VBox([c["freeze"]]))]

    def _changed(self, name, value, on_setting):
        if not self._showing:
            on_setting(name, None if value == "none" else value)

    def show(self, settings):
        """Put ``settings`` on the controls (a data set outside the menu, e.g. a file, shows as no choice)."""
        self._showing = True
        try:
            for name, w in self.controls.items():
                value = settings[name]
                if value is None and name in ("penalty", "freeze"):
                    value = "none"
                if name == "data" and value not in dict(DATA).values():
                    value = None
                if w.value != value:
                    w.value = value
        finally:
            self._showing = False


class ClickInput:
    """Mouse presses, drags and releases on ``image`` call ``on_mouse(event)`` (ipyevents, when installed);
    without ipyevents, an x1, x2, "add point" row calls ``add_point(x1, x2)``. ``widget`` is the hint or the row."""

    def __init__(self, image, on_mouse, add_point):
        try:
            from ipyevents import Event
        except ImportError:
            x_in, y_in = widgets.FloatText(description="x1"), widgets.FloatText(description="x2")
            add = button("add point", "lab-add", lambda: add_point(x_in.value, y_in.value))
            self.events, self.widget = None, widgets.HBox([x_in, y_in, add])
            return
        # prevent_default_action: a drag on the picture draws, instead of dragging the image away
        self.events = Event(source=image, watched_events=["mousedown", "mousemove", "mouseup", "mouseleave"],
                            prevent_default_action=True, throttle_or_debounce="throttle", wait=40)
        self.events.on_dom_event(on_mouse)
        self.widget = widgets.HTML("Click or drag on the plane (2-D data) to draw data points; the game restarts "
                                   "on them.")


class ExportPanel:
    """The run folder's path, the export button (``export()``) and the box that shows the Python."""

    def __init__(self, export):
        self.out_dir = widgets.Text(value=os.path.join("lab_runs", "lab"), description="folder")
        self.export_button = button("export run folder + Python", "lab-export", export)
        self.code = widgets.Textarea(layout=widgets.Layout(width="100%", height="180px"))
        self.section = ("export", widgets.VBox([self.out_dir, self.export_button, self.code]))
