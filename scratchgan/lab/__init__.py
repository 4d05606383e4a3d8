"""The classroom lab (lesson 18): one live GAN a teacher steps by hand, on a projector.

    state.py      LabState (the game: G, D, data, steps), DiracLab, drawn_dataset
    settings.py   what can be changed, which changes restart the game, the ``train`` config
    readouts.py   the strip of live numbers (V, mean D outputs, modes, precision/recall)
    plane.py      PlaneView: the plane of 2-D data, GAN Lab's picture, redrawn live
    overlays.py   the plane's computed layers: honest arrows, G's manifold, the label of the active mode
    views.py      Figure 1 (1-D) and the Dirac-GAN live, and ``view_for`` (the view that fits the data)
    figures.py    a Figure on its own Agg canvas, encoded as PNG
    panels.py     the widget's parts: toolbar, the two picture tabs, the settings, export
    widget.py     Lab: the panels wired to the state (ipywidgets; ``Lab()`` in Jupyter)
    server.py     ``python -m scratchgan lab``: the widget as a page in the browser (Voila)
    export.py     a run folder of what the class saw and the Python that rebuilds it

Importing this package does not import ipywidgets: ``from scratchgan.lab import
LabState`` works where no widget can run; ``from scratchgan.lab.widget import Lab``
needs ``pip install -e .[lab]``.
"""
from .state import DiracLab, LabState, drawn_dataset

__all__ = ["DiracLab", "LabState", "drawn_dataset"]
