"""Every figure of scratchgan, for a notebook, a run folder or a projector: one module per kind of picture.

    base       palette, fonts, new_figure / finish / save; d_output (D over a grid), g_output, d_label
    line       figure1, figure1_panels: Goodfellow et al. (2014) Fig. 1 from a real 1-D run  (lesson 08)
    plane      plane, generator_arrows (G's arrows), captured_modes: the GAN Lab view of a 2-D game
    curves     curves (losses, D outputs, V(D, G), gradient norms, modes), histogram
    images     image_grid, snapshot_grid, training_gif, montage                              (lesson 14)
    dynamics   plot_trajectories, plot_eigenvalues: the Dirac-GAN                            (lesson 09)
    pitfalls   plot_vanishing_gradients, plot_sweep, plot_mode_collapse                      (lessons 10-12)
    run        write_run_figures (a run folder's pictures), run_history (what its curves show)

Each function returns a ``matplotlib.figure.Figure`` (built without pyplot,
so nothing is left open and nothing is shown): save it with
``plots.save(fig, "name.png")`` or display it in a notebook. Figures are
1,200 pixels wide or more (a GIF's frames 1,000), with 12+ point text and the
Okabe-Ito colour-blind-safe palette. Arrays may live on the GPU: they come to the host through
``backend.to_numpy``. The figure functions are re-exported here, so
``plots.plane(...)`` and ``plots.curves(...)`` are the functions; their modules
are reached by ``from scratchgan.plots.plane import generator_arrows``.

    >>> import numpy as np
    >>> from scratchgan import plots
    >>> fig = plots.curves({"step": np.arange(1, 101), "d_loss": np.linspace(1.4, 1.2, 100)})
    >>> round(fig.get_figwidth() * fig.dpi), fig.axes[0].get_ylabel()
    (1200, 'loss')
"""
from .base import d_label, d_output, finish, g_output, new_figure, save
from .curves import PANELS, curves, histogram
from .dynamics import plot_eigenvalues, plot_trajectories
from .images import as_images, image_grid, montage, snapshot_grid, training_gif
from .line import draw_panel, figure1, figure1_panels
from .pitfalls import plot_mode_collapse, plot_sweep, plot_vanishing_gradients
from .plane import captured_modes, generator_arrows, generator_loss_at, plane
from .run import run_history, write_run_figures

__all__ = ["d_label", "d_output", "finish", "g_output", "new_figure", "save", "PANELS", "curves", "histogram",
           "plot_eigenvalues", "plot_trajectories", "as_images", "image_grid", "montage", "snapshot_grid",
           "training_gif", "draw_panel", "figure1", "figure1_panels", "plot_mode_collapse", "plot_sweep",
           "plot_vanishing_gradients", "captured_modes", "generator_arrows", "generator_loss_at", "plane",
           "run_history", "write_run_figures"]
