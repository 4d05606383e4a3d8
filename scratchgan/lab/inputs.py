"""How things come into the lab and go out of it: points drawn on the plane, and the export of a run folder.

    ClickInput     mouse presses, drags and releases on the plane (ipyevents), or typed coordinates
    ExportPanel    the folder, the export button, the box showing the Python that rebuilds the GAN, its note
"""
import os

import ipywidgets as widgets

from .panels import button, note


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
        self.note = note("export")  # where the export says what it wrote, or why it could not
        self.section = ("export", widgets.VBox([self.note, self.out_dir, self.export_button, self.code]))
