"""plots.pitfalls: the figures of pitfalls.py's measurements (lessons 10-12) show the measured numbers."""
import json
import pathlib

import numpy as np
from figure_checks import legend_texts, no_open_figures, projectable  # noqa: F401 (an autouse fixture)

from scratchgan import pitfalls, plots


def test_vanishing_gradient_figure():
    result = pitfalls.vanishing_gradients(ks=(0, 25))
    fig = plots.plot_vanishing_gradients(result)
    assert fig.get_size_inches()[0] * fig.dpi >= 1000 and len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    heights = [p.get_height() for p in fig.axes[0].patches]  # minimax bars, then non-saturating bars
    np.testing.assert_allclose(heights, result["minimax"] + result["non_saturating"])
    np.testing.assert_allclose(fig.axes[1].get_lines()[0].get_ydata(), result["d_fake"])
    projectable(fig)


def test_sweep_figure_labels_each_cell_with_its_mean_over_seeds():
    rows = [{"lr": lr, "beta1": b, "seed": s, "modes": m, "n_modes": 8}
            for (lr, b), ms in {(1e-3, 0.5): (2, 4), (1e-2, 0.5): (8, 7), (1e-3, 0.9): (1, 1)}.items()
            for s, m in enumerate(ms)]
    fig = plots.plot_sweep(rows)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "lr" and ax.get_ylabel() == "beta1" and "mean over 2 seeds" in ax.get_title()
    assert sorted(t.get_text() for t in ax.texts) == ["-", "1", "3", "7.5"]  # (1e-2, 0.9) was not run
    np.testing.assert_array_equal(ax.get_images()[0].get_array().filled(np.nan)[0], [3, 7.5])
    projectable(fig)


def test_mode_collapse_figure_from_the_recorded_benchmark():
    path = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "mode_collapse.json"
    stored = json.loads(path.read_text())
    rows = stored["rows"]  # every method on both data sets, once per recorded seed
    assert {r["method"] for r in rows} == set(pitfalls.METHODS) and len(rows) == len(pitfalls.METHODS) * 2 * len(stored["seeds"])
    fig = plots.plot_mode_collapse(rows)
    assert fig.get_size_inches()[0] * fig.dpi >= 1000 and len(fig.axes) == 2
    for ax, n, d in zip(fig.axes, (8, 25), ("ring", "grid")):
        widths = [p.get_width() for p in ax.patches]
        assert len(widths) == len(pitfalls.METHODS) and all(0 <= w <= n for w in widths)
        assert ax.get_xlabel() == "modes captured" and ax.get_legend() is not None
        assert sum(t.get_text().startswith("HQ ") for t in ax.texts) == len(pitfalls.METHODS)  # high quality beside modes
        gan = np.mean([r["modes"] for r in rows if r["method"] == "GAN" and r["dataset"] == d])
        assert widths[0] == gan  # bars from the top: the plain GAN first
    assert "all 8 modes" in legend_texts(fig)
