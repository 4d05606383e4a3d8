"""The lab's buttons and sliders (ipywidgets): a thin layer over ``lab.LabState``.

    from scratchgan.lab_widget import Lab
    Lab()                 # in Jupyter: the live lab on the ring
    Lab(data="gaussian")  # Figure 1 live

Every control calls one method of the state and redraws; nothing here does
maths. The picture is a PNG in an ``ipywidgets.Image`` (the same figure a
notebook without widgets shows, ``Lab.static()``). Clicks on it come from
``ipyevents`` when installed (Voila and Jupyter alike); without it, an
"add point" row takes typed coordinates. Play runs in a thread and redraws
after every ``steps per frame`` full steps; each control takes the same lock.
"""
import os
import threading
import time

from . import losses
from .lab import DiracLab, LabState
from .lab_views import DiracView, view_for

PENALTIES = [("none", "none"), ("R1", "r1"), ("WGAN-GP", "wgan-gp")]  # "none" stands for None (a menu needs a value)
FREEZES = [("train both", "none"), ("freeze G (D -> D*)", "G"), ("freeze D (G's best reply)", "D")]
DATA = [("8 Gaussians on a ring", "ring"), ("25 Gaussians on a grid", "grid"), ("swiss roll", "swiss_roll"),
        ("1-D Gaussian (Figure 1)", "gaussian"), ("1-D two modes", "mixture"), ("points drawn by clicking", "drawn")]


def _fmt(v, spec=".3f"):
    return "—" if v is None or v != v else format(v, spec)


def numbers_text(n):
    """The strip of live numbers as one line of text (what the page shows)."""
    parts = [f"D updates {n['d_updates']}", f"G updates {n['g_updates']}",
             f"V(D,G) {_fmt(n['value'])} (-log 4 = {n['log4']:.3f})", f"mean D(x) {_fmt(n['mean_d_real'])}",
             f"mean D(G(z)) {_fmt(n['mean_d_fake'])}", f"|∇D| {_fmt(n['d_grad_norm'], '.3g')}",
             f"|∇G| {_fmt(n['g_grad_norm'], '.3g')}"]
    if n["modes"] is not None:
        parts += [f"modes {n['modes']}/{n['n_modes']}", f"high quality {100 * n['high_quality']:.1f}%"]
    if n["precision"] is not None:
        parts += [f"precision {n['precision']:.2f}", f"recall {n['recall']:.2f}"]
    return " · ".join(parts)


class Lab:
    """The widget: ``Lab(**settings)`` (see ``LabState``); display it, or ``static()`` for a Figure."""

    def __init__(self, state=None, **settings):
        import ipywidgets as W
        from .kernels import limit_blas_threads
        limit_blas_threads()  # one BLAS thread: small matrices gain nothing from more, a busy laptop loses a lot
        self.W = W
        self.state = state or LabState(**settings)
        self.dirac = DiracLab(schedule="simultaneous")
        self.lock = threading.RLock()
        self.view = view_for(self.state, live=True)
        self.dirac_view = DiracView(self.dirac)
        self.drawn = [] if self.state.points is None else [tuple(p) for p in self.state.points]
        self._thread, self._syncing, self.frames = None, False, 0
        self._build()
        self.redraw()

    # -- building ------------------------------------------------------------------------
    def _button(self, text, cls, handler, tip=""):
        b = self.W.Button(description=text, tooltip=tip, layout=self.W.Layout(width="auto"))
        b.add_class(cls)
        b.on_click(lambda _: self._guard(handler))
        return b

    def _build(self):
        W, s = self.W, self.state.settings
        self.d_button = self._button("D step", "lab-d-step", self.d_step, "one update of D")
        self.g_button = self._button("G step", "lab-g-step", self.g_step, "one update of G through D")
        self.step_button = self._button("full step", "lab-step", self.full_step, "k D updates, then one G update")
        self.play = W.ToggleButton(description="play", icon="play", layout=W.Layout(width="auto"))
        self.play.add_class("lab-play")
        self.play.observe(self._on_play, "value")
        self.speed = W.IntSlider(5, min=1, max=50, description="steps/frame", continuous_update=False)
        self.seed = W.IntText(s["seed"], description="seed", layout=W.Layout(width="150px"))
        self.reset_button = self._button("reset", "lab-reset", self.reset, "rebuild G and D from the seed")
        lr = dict(base=10, min=-5, max=-0.5, step=0.1, readout_format=".1e", continuous_update=False)
        self.controls = {
            "lr_g": W.FloatLogSlider(s["lr_g"], description="lr G", **lr),
            "lr_d": W.FloatLogSlider(s["lr_d"], description="lr D", **lr),
            "k": W.IntSlider(s["k"], min=1, max=25, description="k (D/G)", continuous_update=False),
            "batch_size": W.Dropdown(options=[32, 64, 128, 256, 512, 1024], value=s["batch_size"], description="batch"),
            "loss": W.Dropdown(options=list(losses.KINDS), value=s["loss"], description="loss"),
            "penalty": W.Dropdown(options=PENALTIES, value=s["penalty"] or "none", description="penalty"),
            "penalty_weight": W.BoundedFloatText(s["penalty_weight"], min=0, max=1000, step=0.1, description="weight"),
            "pack": W.IntSlider(s["pack"], min=1, max=4, description="pack", continuous_update=False),
            "hidden": W.Dropdown(options=[8, 16, 32, 64, 128, 256], value=s["hidden"], description="G width"),
            "layers": W.IntSlider(s["layers"], min=1, max=4, description="G layers", continuous_update=False),
            "d_hidden": W.Dropdown(options=[8, 16, 32, 64, 128, 256], value=s["d_hidden"], description="D width"),
            "d_layers": W.IntSlider(s["d_layers"], min=1, max=4, description="D layers", continuous_update=False),
            "noise_dim": W.IntSlider(s["noise_dim"], min=1, max=8, description="z size", continuous_update=False),
            "data": W.Dropdown(options=DATA, value=s["data"] if s["data"] in dict(DATA).values() else None,
                               description="data"),
            "freeze": W.ToggleButtons(options=FREEZES, value=s["freeze"] or "none"),
        }
        for name, w in self.controls.items():
            w.observe(lambda ch, name=name: self._on_setting(name, ch["new"]), "value")
        self.file = W.Text(placeholder="path/to/points.npy or .csv (N x 1 or N x 2)", description="file")
        self.load_button = self._button("load file", "lab-load", self.load_file)
        self.clear_button = self._button("clear drawn points", "lab-clear", self.clear_points)
        self.schedule = W.ToggleButtons(options=["simultaneous", "alternating"], description="Dirac-GAN")
        self.schedule.observe(lambda ch: self._guard(self._dirac_settings), "value")
        self.gamma = W.BoundedFloatText(0.0, min=0, max=10, step=0.1, description="R1 gamma")
        self.gamma.observe(lambda ch: self._guard(self._dirac_settings), "value")
        self.out_dir = W.Text(value=os.path.join("lab_runs", "lab"), description="folder")
        self.export_button = self._button("export run folder + Python", "lab-export", self.export)
        self.code = W.Textarea(layout=W.Layout(width="100%", height="180px"))
        self.message = W.HTML("")
        self.message.add_class("lab-message")
        self.image = W.Image(format="png", layout=W.Layout(width="560px"))
        self.image.add_class("lab-plane")
        self.key = W.Image(format="png", layout=W.Layout(width="560px"))
        self.numbers = W.HTML("")
        self.numbers.add_class("lab-numbers")
        self.dirac_image = W.Image(format="png", layout=W.Layout(width="560px"))
        self.tabs = W.Tab(children=[W.VBox([self.image, self.key]), W.VBox([self.dirac_image, self.schedule, self.gamma])],
                          titles=["GAN", "Dirac-GAN"], layout=W.Layout(width="600px"))
        self.tabs.observe(lambda ch: self._guard(self.redraw), "selected_index")
        self._clicks()
        c = self.controls
        panel = W.Accordion(children=[
            W.VBox([c["loss"], c["lr_g"], c["lr_d"], c["k"], c["batch_size"], c["penalty"], c["penalty_weight"]]),
            W.VBox([c["hidden"], c["layers"], c["d_hidden"], c["d_layers"], c["noise_dim"], c["pack"]]),
            W.VBox([c["data"], W.HBox([self.file, self.load_button]), self.click_help, self.clear_button]),
            W.VBox([c["freeze"]]),
            W.VBox([self.out_dir, self.export_button, self.code])])
        for i, t in enumerate(["game", "networks", "data", "teaching modes", "export"]):
            panel.set_title(i, t)
        panel.selected_index = 0
        panel.layout.width = "420px"
        buttons = W.HBox([self.d_button, self.g_button, self.step_button, self.play, self.speed, self.seed,
                          self.reset_button])
        self.widget = W.VBox([W.HTML("<h3>scratchgan lab: one GAN, stepped by hand</h3>"), buttons,
                              W.HBox([W.VBox([self.tabs, self.numbers]), panel]), self.message])

    def _clicks(self):
        """Clicks on the plane add data points: ipyevents when present, else typed coordinates."""
        W = self.W
        try:
            from ipyevents import Event
        except ImportError:
            self.x_in, self.y_in = W.FloatText(description="x1"), W.FloatText(description="x2")
            add = self._button("add point", "lab-add", lambda: self.add_point(self.x_in.value, self.y_in.value))
            self.click_help = W.HBox([self.x_in, self.y_in, add])
            return
        self.events = Event(source=self.image, watched_events=["click"])
        self.events.on_dom_event(lambda e: self._guard(self.on_click, e))
        self.click_help = W.HTML("Click on the plane to add data points (the game restarts on them).")

    # -- the controls' actions ------------------------------------------------------------
    def _guard(self, fn, *args):
        """Run a control's action under the lock; a bad setting shows its one-line message."""
        with self.lock:
            try:
                self.message.value = ""
                fn(*args)
            except (ValueError, OSError) as err:
                self.message.value = f"<b>{type(err).__name__}:</b> {err}"

    def d_step(self):
        self.state.d_step()
        self.redraw()

    def g_step(self):
        self.state.g_step()
        self.redraw()

    def full_step(self, n=1):
        if self.tabs.selected_index == 1:
            self.dirac.step(n)
        else:
            self.state.full_step(n)
        self.redraw()

    def reset(self):
        if self.tabs.selected_index == 1:
            self.dirac.reset()
        else:
            self.state.reset(self.seed.value)
            self.view.setup()
        self.redraw()

    def _on_setting(self, name, value):
        if self._syncing:
            return
        if name == "data" and value == "drawn" and not self.drawn:
            self.message.value = "Click on the plane to draw points first."
            return
        with self.lock:
            try:
                before = self.state.gan
                value = None if value == "none" else value
                self.state.set(**({"points": self.drawn} if name == "data" and value == "drawn" else {name: value}))
                if self.state.gan is not before:  # rebuilt: new data or network
                    self.view = view_for(self.state, live=True)
                    self._sync()
                self.redraw()
                self.message.value = ""
            except ValueError as err:
                self.message.value = f"<b>ValueError:</b> {err}"
                self._sync()

    def _sync(self):
        """Show the state's settings on the controls (after new data loads its preset)."""
        self._syncing = True
        try:
            for name, w in self.controls.items():
                value = self.state.settings[name]
                value = "none" if value is None and name in ("penalty", "freeze") else value
                if name == "data" and value not in dict(DATA).values():
                    value = None
                if w.value != value:
                    w.value = value
            self.seed.value = self.state.settings["seed"]
        finally:
            self._syncing = False

    def _dirac_settings(self):
        self.dirac = DiracLab(schedule=self.schedule.value, penalty="r1" if self.gamma.value > 0 else None,
                              gamma=self.gamma.value)
        self.dirac_view = DiracView(self.dirac)
        self.redraw()

    def on_click(self, event):
        """An ipyevents click on the PNG: dataX/dataY are pixels of the image itself."""
        if self.tabs.selected_index != 0 or self.state.dataset.dim != 2:
            return
        W, H = self.view.figure.canvas.get_width_height()
        px = event.get("dataX", event.get("relativeX", 0) * W / max(event.get("boundingRectWidth", W), 1))
        py = event.get("dataY", event.get("relativeY", 0) * H / max(event.get("boundingRectHeight", H), 1))
        self.add_point(*self.view.to_data(px, py))

    def add_point(self, x1, x2):
        """Add (x1, x2) to the drawn points; the data set becomes those points (the game restarts)."""
        self.drawn.append((float(x1), float(x2)))
        self._on_setting_points()

    def _on_setting_points(self):
        self.state.set(points=self.drawn)
        self.view = view_for(self.state, live=True)
        self._sync()
        self.redraw()

    def clear_points(self):
        self.drawn = []
        if self.state.settings["data"] == "drawn":
            self.state.set(data="ring")
            self.view = view_for(self.state, live=True)
            self._sync()
            self.redraw()

    def load_file(self):
        self.state.set(data=self.file.value.strip())
        self.view = view_for(self.state, live=True)
        self._sync()
        self.redraw()

    def export(self):
        """The run folder (checkpoint, figures, rebuild.py) and the code, shown in the export box."""
        out = self.out_dir.value or "lab_run"
        self.state.export(out)
        with open(os.path.join(out, "lab.png"), "wb") as f:
            f.write(self.view.png())
        self.code.value = self.state.python_code(os.path.join(out, "checkpoint.npz"))
        self.message.value = f"wrote {out}: checkpoint.npz, rebuild.py, lab.json, lab.png and the library's figure"

    # -- drawing and play ----------------------------------------------------------------
    def redraw(self):
        """New picture and numbers from the current state (the shown tab only)."""
        if self.tabs.selected_index == 1:
            self.dirac_view.update()
            self.dirac_image.value = self.dirac_view.png()
            return
        n = self.state.numbers()
        key = self.view.legend_png() if hasattr(self.view, "legend_png") else b""
        if self.key.value != key:  # the plane's key, drawn once per view (Figure 1 carries its own)
            self.key.value = key
        self.view.update(n)
        self.image.value = self.view.png()
        self.numbers.value = f'<div style="max-width:560px;font-size:15px;line-height:1.5">{numbers_text(n)}</div>'
        self.last_numbers = n
        self.frames += 1

    def _on_play(self, change):
        self.play.description, self.play.icon = ("pause", "pause") if change["new"] else ("play", "play")
        if change["new"] and (self._thread is None or not self._thread.is_alive()):
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()

    def _loop(self, min_frame=0.02):
        while self.play.value:
            t0 = time.perf_counter()
            with self.lock:
                try:
                    self.full_step(self.speed.value)
                except Exception as err:  # stop playing, say why; the page stays usable
                    self.message.value = f"<b>stopped:</b> {type(err).__name__}: {err}"
                    self.play.value = False
            time.sleep(max(0.001, min_frame - (time.perf_counter() - t0)))  # let button presses in

    def stop(self):
        """Pause play and wait for the loop to finish its frame."""
        self.play.value = False
        if self._thread is not None:
            self._thread.join(timeout=10)

    def static(self):
        """The current picture as a matplotlib Figure, key included (for notebooks without widgets)."""
        if self.tabs.selected_index == 1:
            self.dirac_view.update()
            return self.dirac_view.figure
        view = view_for(self.state)
        view.update(self.state.numbers())
        return view.figure

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)
