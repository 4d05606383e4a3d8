"""The classroom lab (lesson 18): one live GAN a teacher steps by hand, on a projector.

    state.py      LabState (the game: G, D, data, steps)
    drawn.py      drawn_dataset: the points a teacher clicked, made a data set
    dirac.py      DiracLab: the Dirac-GAN of lesson 09, stepped by hand
    settings.py   what can be changed, which changes restart the game (the others: apply_live), the ``train`` config
    readouts.py   the strip of live numbers (V, mean D outputs, modes, precision/recall)
    readouts_text.py  the strip as the page's line of text, and the overview of Algorithm 1
    plane.py      PlaneView: the plane of 2-D data, GAN Lab's picture, redrawn live
    plane_figure.py  its figure: the artists built once, the label drawn as an image, blitting
    overlays.py   the plane's computed layers: honest arrows, G's manifold, the label of the active mode
    views.py      Figure 1 (1-D) and the Dirac-GAN live, and ``view_for`` (the view that fits the data)
    figures.py    a Figure on its own Agg canvas, encoded as PNG or JPEG; the live heat map drawn at the pixels
    conditioned.py  the conditional game on labelled toy data, and the label the plane shows
    panels.py     the widget's controls: toolbar, settings, each with its note
    label_panel.py  the conditional game's switch and the label the plane shows
    plane_panel.py  the plane's layer switches and "G shown"
    tabs.py       the two picture tabs: the GAN (plane or Figure 1, key, curves, numbers), the Dirac-GAN
    inputs.py     points drawn on the plane, and the export panel
    widget.py     Lab: the panels wired to the state (ipywidgets; ``Lab()`` in Jupyter)
    actions.py    what the Lab's controls do: step, reset, change a setting, draw points, load a file, export
    server.py     ``python -m scratchgan lab``: the widget as a page in the browser (Voila)
    voila_main.py  Voila as the server runs it: readiness, and a closed page's kernel stopped
    warm.py       the page's kernel forked, the lab already imported, from a process started beside Voila
    export.py     a run folder of what the class saw and the Python that rebuilds it

Importing this package does not import ipywidgets: ``from scratchgan.lab import
LabState`` works where no widget can run; ``from scratchgan.lab.widget import Lab``
needs ``pip install -e .[lab]``. Nor does it import the game (NumPy, matplotlib: ~0.5 s)
until one of the three names below is asked for: ``python -m scratchgan lab`` starts its
server (``server.py``) without them.
"""
import importlib

_HOMES = {"DiracLab": ".dirac", "LabState": ".state", "drawn_dataset": ".drawn"}
__all__ = sorted(_HOMES)


def __getattr__(name):
    """``scratchgan.lab.LabState`` and the others, imported from their modules when first asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name], __name__), name)
