"""plots.dynamics: the Dirac-GAN's figures (lesson 09) draw the paths that dynamics.dirac_gan computes."""
import numpy as np
import pytest
from figure_checks import legend_texts, line, no_open_figures, projectable  # noqa: F401 (an autouse fixture)

from scratchgan import dynamics, plots


@pytest.mark.parametrize("plot", [plots.plot_trajectories, plots.plot_eigenvalues])
def test_figures_are_readable(plot):
    fig = plot()
    assert fig.get_size_inches()[0] * fig.dpi >= 1000 and len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
        assert min(t.get_fontsize() for t in (ax.xaxis.label, ax.yaxis.label, ax.title)) >= 12
    projectable(fig)


def test_trajectories_are_the_computed_paths_every_time():
    for _ in range(2):  # the R1 runs are drawn on every call, not only the first
        fig = plots.plot_trajectories(h=0.2, steps=50)
        assert {"simultaneous", "alternating", "gamma = 0.3", "gamma = 1.0", "gamma = 3.0"} <= set(legend_texts(fig))
        path = dynamics.dirac_gan(schedule="alternating", penalty="r1", gamma=3.0, h=0.2, steps=50)
        np.testing.assert_array_equal(line(fig, "gamma = 3.0").get_xydata(), path)
