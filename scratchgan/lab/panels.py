"""The lab widget's controls, each a small class that builds its ipywidgets and calls back the actions it is given.

    Toolbar        D step, G step, full step, play/pause, steps per frame, seed, reset
    SettingsPanel  the settings as controls: game, networks, data, teaching modes

Parts of their own, built from the helpers here (``note``, ``button``): the conditional
game's switch and label in ``label_panel.py``, the plane's layers in ``plane_panel.py``,
the drawing of points and the export in ``inputs.py``; the pictures are in ``tabs.py``.
Every part has a note (``note``): a line beside its controls where the lab says, in the
page's own words, why a change was refused (``settings.page_words``); ``place(name)`` is
the part a setting's control sits in. CSS classes (``lab-step``, ``lab-plane``,
``lab-message-data``, ...) are how the browser test finds the controls. Nothing here does
maths: the state and the views do.
"""
import ipywidgets as widgets

from .. import losses, penalty

PENALTIES = [("none", "none")] + [(k.upper(), k) for k in penalty.KINDS]  # "none": None (a menu needs a value)
FREEZES = [("train both", "none"), ("freeze G (D -> D*)", "G"), ("freeze D (G's best reply)", "D")]
BATCHES = [32, 64, 128, 256, 512, 1024]
PACKS = [1, 2, 4]  # each divides every offered batch (pack 3 never could: D reads batch / pack packs)
SECTIONS = {"game": ("loss", "lr_g", "lr_d", "k", "batch_size", "penalty", "penalty_weight", "optimizer", "arrows"),
            "networks": ("hidden", "layers", "d_hidden", "d_layers", "noise_dim", "pack"),
            "data": ("data",), "teaching modes": ("freeze",), "label": ("conditional", "label"),
            "plane": ("draw", "g_shown")}
DATA = [("8 Gaussians on a ring", "ring"), ("25 Gaussians on a grid", "grid"), ("swiss roll", "swiss_roll"),
        ("1-D Gaussian (Figure 1)", "gaussian"), ("1-D two modes", "mixture"), ("points drawn by clicking", "drawn")]
WIDTHS = [8, 16, 32, 64, 96, 128, 256]
OFFERED = ("batch_size", "hidden", "d_hidden")  # menus of numbers: a value from elsewhere (a preset, a call) joins them


def offered(options, value):
    """The menu ``options`` with ``value`` in it, in order (a width of 48 set in code shows as 48, not an error)."""
    return sorted(set(options) | {value})


def place(name):
    """The part of the page whose note speaks for setting ``name``: a section title, "label" or "toolbar"."""
    return next((where for where, names in SECTIONS.items() if name in names), "toolbar")


def note(where):
    """The note of part ``where``: an HTML line for its messages, hidden while empty (``say``)."""
    w = widgets.HTML("", layout=widgets.Layout(display="none"))
    w.add_class("lab-message")
    w.add_class(f"lab-message-{where.replace(' ', '-')}")
    return w


def say(w, text):
    """Show ``text`` in note ``w`` ("" empties and hides it)."""
    w.value = f'<div style="color:#a00;line-height:1.3">{text}</div>' if text else ""
    w.layout.display = None if text else "none"


def button(text, css_class, on_press, tip=""):
    """A button carrying a CSS class that calls ``on_press()`` when pressed."""
    b = widgets.Button(description=text, tooltip=tip, layout=widgets.Layout(width="auto"))
    b.add_class(css_class)
    b.on_click(lambda _: on_press())
    return b


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
        self.note = note("toolbar")

    def _toggled(self, playing, on_play):
        self.play.description, self.play.icon = ("pause", "pause") if playing else ("play", "play")
        on_play(playing)


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
            "batch_size": widgets.Dropdown(options=offered(BATCHES, s["batch_size"]), value=s["batch_size"],
                                           description="batch"),
            "loss": widgets.Dropdown(options=list(losses.KINDS), value=s["loss"], description="loss"),
            "penalty": widgets.Dropdown(options=PENALTIES, value="none", description="penalty",
                                        layout=widgets.Layout(width="230px")),
            "penalty_weight": widgets.BoundedFloatText(s["penalty_weight"], min=0, max=1000, step=0.1,
                                                       description="weight", layout=widgets.Layout(width="170px"),
                                                       style={"description_width": "50px"}),
            "pack": widgets.SelectionSlider(options=PACKS, value=s["pack"], description="pack", **slider),
            "hidden": widgets.Dropdown(options=offered(WIDTHS, s["hidden"]), value=s["hidden"], description="G width"),
            "layers": widgets.IntSlider(s["layers"], min=1, max=4, description="G layers", **slider),
            "d_hidden": widgets.Dropdown(options=offered(WIDTHS, s["d_hidden"]), value=s["d_hidden"],
                                         description="D width"),
            "d_layers": widgets.IntSlider(s["d_layers"], min=1, max=4, description="D layers", **slider),
            "noise_dim": widgets.IntSlider(s["noise_dim"], min=1, max=8, description="z size", **slider),
            "data": widgets.Dropdown(options=DATA, value=None, description="data"),
            "freeze": widgets.ToggleButtons(options=FREEZES, value="none", style={"button_width": "auto"}),
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
        self.notes = {title: note(title) for title in ("game", "networks", "data", "teaching modes")}
        self.sections = [
            ("game", widgets.VBox([c["loss"], c["lr_g"], c["lr_d"], c["k"], c["batch_size"],
                                   widgets.HBox([c["penalty"], c["penalty_weight"]]),
                                   widgets.HBox([c["optimizer"], c["arrows"]])])),
            ("networks", widgets.VBox([c[k] for k in ("hidden", "layers", "d_hidden", "d_layers", "noise_dim",
                                                      "pack")])),
            ("data", widgets.VBox([c["data"], widgets.HBox([self.file, self.load_button]), click_input,
                                   self.clear_button])),
            ("teaching modes", widgets.VBox([c["freeze"]]))]
        self.sections = [(title, widgets.VBox([self.notes[title], box])) for title, box in self.sections]  # note on top

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
                if name in OFFERED and value not in w.options:
                    w.options = offered(w.options, value)
                if w.value != value:
                    w.value = value
        finally:
            self._showing = False
