"""The lab in Jupyter: ``Lab``, the parts of ``panels.py``, ``tabs.py`` and ``inputs.py`` wired to one ``LabState``.

    from scratchgan.lab.widget import Lab
    Lab()                 # in Jupyter: the live lab on the ring
    Lab(data="gaussian")  # Figure 1 live

Here: the parts built, laid out (one 1280 x 720 screen) and wired, the lock, the
notes, play. Every control calls one action (``actions.py``, which ``Lab`` inherits),
under the lock, and the action redraws; nothing here does maths. A refused action
speaks in the note of the part whose control caused it (the section opens to show it),
in the page's words. Settings reach the state one way, ``Actions.change``: set them,
show the state's settings back on the controls, redraw (the game tab makes a new
view when the GAN was rebuilt). The picture is a JPEG frame in an ``ipywidgets.Image``
(the same figure a notebook without widgets shows, ``Lab.static()``). Play runs
in a thread and redraws after every ``steps/frame`` full steps.
"""
import os
import threading
import time

import ipywidgets as widgets

from ..kernels import limit_blas_threads
from .actions import Actions
from .conditioned import n_classes
from .inputs import ClickInput, ExportPanel
from .label_panel import LabelPanel
from .panels import SettingsPanel, Toolbar, place, say
from .plane_panel import PlanePanel
from .settings import page_words
from .state import LabState
from .tabs import DiracTab, GameTab


class Lab(Actions):
    """The widget: ``Lab(state=None, **settings)`` (``LabState``'s settings); display it, or ``static()`` for a Figure.

    Parts: ``toolbar``, ``label_panel``, ``game_tab`` and ``dirac_tab`` (the two pictures), ``settings_panel``,
    ``plane_panel`` (the plane's layers, the G shown), ``export_panel``; ``notes`` (part -> its note: the last
    refusal there, in one line). ``drawn`` holds the clicked points, ``frames`` counts the pictures drawn.
    """

    def __init__(self, state=None, workdir=None, **settings):
        """``workdir``: the folder exports go to and relative file paths are read from (default: the current one;
        the page's server passes the folder its command was started from)."""
        limit_blas_threads()  # one BLAS thread: small matrices gain nothing from more, a busy laptop loses a lot
        self.state = state or LabState(**settings)
        self.lock = threading.RLock()
        self.workdir = os.path.abspath(workdir or os.getcwd())
        self.drawn = [] if self.state.points is None else [tuple(p) for p in self.state.points]
        self._thread, self.frames, self._stroke = None, 0, None
        act = self._guarded
        on_setting = lambda name, value: self._guard(self.change_setting, name, value, where=place(name))
        self.toolbar = Toolbar(self.state.settings["seed"], d_step=act(self.d_step), g_step=act(self.g_step),
                               full_step=act(self.full_step), reset=act(self.reset), on_play=self._on_play)
        self.game_tab = GameTab(self.state)
        self.dirac_tab = DiracTab(on_change=act(self.new_dirac_game))
        self.clicks = ClickInput(self.game_tab.image, on_mouse=act(self.on_mouse, "data"),
                                 add_point=act(self.add_point, "data"))
        self.settings_panel = SettingsPanel(self.state.settings, on_setting=on_setting,
                                            load_file=act(self.load_file, "data"),
                                            clear_points=act(self.clear_points, "data"), click_input=self.clicks.widget)
        self.label_panel = LabelPanel(self.state.settings, n_classes(self.state.settings["data"]), on_setting)
        self.plane_panel = PlanePanel(self.state.settings, on_setting)  # the plane's layers, the G shown
        self.export_panel = ExportPanel(export=act(self.export, "export"))
        self.notes = {"toolbar": self.toolbar.note, "label": self.label_panel.note, **self.settings_panel.notes,
                      "plane": self.plane_panel.note, "export": self.export_panel.note}
        self.tabs = widgets.Tab(children=[self.game_tab.widget, self.dirac_tab.widget], titles=["GAN", "Dirac-GAN"],
                                layout=widgets.Layout(width="500px"))
        self.tabs.observe(lambda change: self._guard(self.tab_changed), "selected_index")
        self.widget = self._layout()
        self.redraw()
        self.game_tab.draw_curves_later(self.lock)  # a second after the page is up (their first draw ~0.25 s)

    def _layout(self):
        """One 1280 x 720 screen: the toolbar and the label selector over the picture, their notes under them
        (shown when they speak); the numbers and the settings (each section with its note) beside the picture.
        The top row leaves ~350 px right of the label selector for more controls of what the plane shows."""
        sections = self.settings_panel.sections + [self.plane_panel.section, self.export_panel.section]
        self.section_titles = [t for t, _ in sections]
        self.side = widgets.Accordion(children=[box for _, box in sections], titles=self.section_titles,
                                      selected_index=0, layout=widgets.Layout(width="100%"))
        self.side.add_class("lab-side")  # the page's CSS slims its headers (page/voila/templates)
        right = widgets.VBox([self.game_tab.overview, self.game_tab.numbers, self.side],
                             layout=widgets.Layout(width="600px", overflow="hidden"))
        top = widgets.HBox([self.toolbar.widget, self.label_panel.widget])
        return widgets.VBox([top, widgets.HBox([self.toolbar.note, self.label_panel.note]),
                             widgets.HBox([self.tabs, right])])

    # -- running an action -----------------------------------------------------------------
    def _guard(self, fn, *args, where="toolbar"):
        """Run a control's action under the lock; a refused setting or a missing file says why, in one line,
        in the note of part ``where`` (``panels.place``); the notes of earlier actions go."""
        with self.lock:
            try:
                for w in self.notes.values():
                    if w.value:
                        say(w, "")
                fn(*args)
            except (ValueError, OSError) as err:
                self.say(where, page_words(str(err)))

    def _guarded(self, fn, where="toolbar"):
        """``fn`` as a panel's callback: called with the panel's arguments, under ``_guard``."""
        return lambda *args: self._guard(fn, *args, where=where)

    def say(self, where, text, error=True):
        """Show ``text`` in the note of part ``where``, opening its section of the settings if it is one."""
        say(self.notes[where], text if error else f'<span style="color:#222">{text}</span>')
        if where in self.section_titles:
            self.side.selected_index = self.section_titles.index(where)

    @property
    def shown(self):
        """The picture tab on show (``game_tab`` or ``dirac_tab``): step, reset and redraw act on it."""
        return (self.game_tab, self.dirac_tab)[self.tabs.selected_index or 0]

    # -- the tab on show (the actions: actions.py) ------------------------------------------
    def tab_changed(self):
        """Another tab on show: D step and G step act on the GAN alone, so they are off on the Dirac-GAN's tab."""
        on_gan = self.shown is self.game_tab
        self.toolbar.d_button.disabled = self.toolbar.g_button.disabled = not on_gan
        self.redraw()

    # -- drawing and play ------------------------------------------------------------------
    def redraw(self, playing=False):
        """New picture (and, on the GAN's tab, numbers) for the shown tab; playing: a frame of play, whose strip may
        keep G's quality from a frame or three before (``readouts.Strip``)."""
        self.shown.redraw(playing)
        self.frames += 1

    def static(self):
        """The shown picture as a matplotlib Figure, key included (for notebooks without widgets)."""
        return self.shown.figure()

    def _on_play(self, playing):
        if playing and (self._thread is None or not self._thread.is_alive()):
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()

    def _loop(self, min_frame=0.02):
        while self.toolbar.play.value:
            t0 = time.perf_counter()
            with self.lock:
                try:
                    self.full_step(self.toolbar.speed.value, playing=True)
                except Exception as err:  # stop playing, say why; the page stays usable
                    self.say("toolbar", f"<b>stopped:</b> {page_words(str(err))}")
                    self.toolbar.play.value = False
            time.sleep(max(0.001, min_frame - (time.perf_counter() - t0)))  # let button presses in
        with self.lock:  # paused: the strip measured anew, if its last frame kept an earlier quality
            if self.shown is self.game_tab and self.game_tab.strip.kept:
                try:
                    self.redraw()
                except Exception as err:
                    self.say("toolbar", f"<b>stopped:</b> {page_words(str(err))}")

    def stop(self):
        """Pause play and wait for the loop to finish its frame."""
        self.toolbar.play.value = False
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.widget)
