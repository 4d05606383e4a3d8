"""The conditional game's controls, in the top row beside the toolbar: its switch and the label the plane shows.

    conditional   G(z, y) against D(x, y), each Gaussian of the labelled toy data a class (``conditioned.py``)
    label         "all", or the class 0..K-1 the plane shows: its D, arrows, G samples and manifold

A part of its own beside ``panels.py``, as ``plane_panel.py`` is: it builds its ipywidgets
and calls ``on_setting(name, value)`` back, as ``SettingsPanel`` does, and ``show(settings, n_classes)``
puts the settings on its controls without calling back; ``note`` is where its refusals are said.
CSS classes (``lab-conditional``, ``lab-label``) are how the browser test finds them.
"""
import ipywidgets as widgets

from .panels import note


class LabelPanel:
    """The conditional game's switch and the label on show: ``on_setting("conditional", bool)`` and
    ``on_setting("label", None or class)``; ``show(settings, n_classes)`` puts them on the controls quietly."""

    def __init__(self, settings, n_classes, on_setting):
        self.conditional = widgets.Checkbox(False, description="conditional", indent=False,
                                            tooltip="G(z, y) and D(x, y): each Gaussian of the data is a class y",
                                            layout=widgets.Layout(width="110px"))
        self.label = widgets.Dropdown(options=[("all", "all")], value="all", description="label",
                                      layout=widgets.Layout(width="120px"), style={"description_width": "36px"})
        self.conditional.add_class("lab-conditional")
        self.label.add_class("lab-label")
        self._showing = False
        self.show(settings, n_classes)
        self.conditional.observe(lambda ch: self._changed("conditional", ch["new"], on_setting), "value")
        self.label.observe(lambda ch: self._changed("label", None if ch["new"] == "all" else ch["new"], on_setting),
                           "value")
        self.note = note("label")
        self.widget = widgets.HBox([self.conditional, self.label], layout=widgets.Layout(margin="0 0 0 12px"))

    def _changed(self, name, value, on_setting):
        if not self._showing:
            on_setting(name, value)

    def show(self, settings, n_classes):
        """The switch and the label as in ``settings``; the menu offers all and 0..K-1 (K = n_classes)."""
        self._showing = True
        try:
            options = [("all", "all")] + [(str(k), k) for k in range(n_classes or 0)]
            if self.label.options != tuple(options):
                self.label.options = options
            self.label.value = "all" if settings["label"] is None else settings["label"]
            self.conditional.value = bool(settings["conditional"])
            self.label.disabled = not settings["conditional"]
        finally:
            self._showing = False
