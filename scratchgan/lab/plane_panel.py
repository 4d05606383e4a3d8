"""The plane's own panel: which layers the plane draws (``draw``) and which G it shows (``g_shown``).

    layers    a checkbox per layer: D's heat map, real data, G's arrows, G's manifold, the modes
    G shown   raw (the last iterate, the G that trains), averaged (the EMA of its weights, average.py)
              or both; the strip's quality numbers measure the G shown

A part of its own beside ``panels.py``: it builds its ipywidgets and calls
``on_setting(name, value)`` back, as ``SettingsPanel`` does, and ``show(settings)``
puts the settings on its controls without calling back; ``note`` is where its refusals are said. CSS classes
(``lab-draw-manifold``, ``lab-g-shown``) are how the browser test finds them.
"""
import ipywidgets as widgets

from .panels import note
from .settings import DRAW, G_SHOWN

NAMES = {"heat": "D's heat map", "real": "real data", "arrows": "G's arrows", "manifold": "G's manifold",
         "modes": "modes"}
TIPS = ["the last iterate: the G that trains, and whose arrows are drawn",
        "the average of G's weights over its last ~100 updates (EMA): steadier samples",
        "both point sets, raw dots and averaged diamonds; the strip measures each"]


class PlanePanel:
    """Checkboxes for the plane's layers and the "G shown" toggle; ``section`` is its (title, box) pair."""

    def __init__(self, settings, on_setting):
        self.boxes = {name: widgets.Checkbox(value=name in settings["draw"], description=NAMES[name], indent=False,
                                             layout=widgets.Layout(width="auto")) for name in DRAW}
        for name, box in self.boxes.items():
            box.add_class(f"lab-draw-{name}")
            box.observe(lambda ch: self._changed("draw", tuple(n for n, b in self.boxes.items() if b.value),
                                                 on_setting), "value")
        self.g_shown = widgets.ToggleButtons(options=list(G_SHOWN), value=settings["g_shown"], description="G shown",
                                             tooltips=TIPS, style={"button_width": "80px"})
        self.g_shown.add_class("lab-g-shown")
        self.g_shown.observe(lambda ch: self._changed("g_shown", ch["new"], on_setting), "value")
        self._showing = False
        self.note = note("plane")  # why a layer or a G cannot be shown
        self.section = ("plane", widgets.VBox([self.note, widgets.HBox(list(self.boxes.values())), self.g_shown]))

    def _changed(self, name, value, on_setting):
        if not self._showing:
            on_setting(name, value)

    def show(self, settings):
        """Put ``settings``' ``draw`` and ``g_shown`` on the controls."""
        self._showing = True
        try:
            for name, box in self.boxes.items():
                box.value = name in settings["draw"]
            self.g_shown.value = settings["g_shown"]
        finally:
            self._showing = False
