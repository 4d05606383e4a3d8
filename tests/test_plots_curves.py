"""plots.curves: one panel per row of the PANELS table that the history has numbers for."""
import math

import numpy as np
import pytest
from figure_checks import legend_texts, line, no_open_figures, projectable  # noqa: F401 (an autouse fixture)

from scratchgan import plots


def full_history(n=300):
    rng = np.random.default_rng(0)
    h = {k: 1 + 0.1 * rng.standard_normal(n) for k in ("d_loss", "g_loss", "d_grad_norm", "g_grad_norm")}
    h.update(step=np.arange(1, n + 1), d_real=0.6 + 0 * h["d_loss"], d_fake=0.4 + 0 * h["d_loss"],
             value=-h["d_loss"], modes=np.array([2, 5, 8]), modes_step=np.array([100, 200, 300]))
    return h


def shown_labels(fig):
    return [ax.get_ylabel() for ax in fig.axes if ax.get_visible()]


def test_curves_draws_each_panel_it_has_data_for():
    fig = plots.curves(full_history(), n_modes=8)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert shown_labels(fig) == [p.label for p in plots.PANELS] == [
        "loss", "mean D output", "V(D, G)", "gradient norm (log scale)", "modes captured"]
    assert all(ax.get_xlabel() == "training step" for ax in shown)
    assert line(fig, "-log 4 (p_g = p_data)").get_ydata()[0] == pytest.approx(-math.log(4))
    assert line(fig, "D = 1/2 (equilibrium)").get_ydata()[0] == 0.5
    assert shown[3].get_yscale() == "log" and shown[0].get_yscale() == "linear"
    assert "all 8 modes" in legend_texts(fig) and shown[4].get_ylim() == (-0.3, 8.7)
    assert line(fig, "modes captured").get_xdata().tolist() == [100, 200, 300]  # evaluation points, not smoothed
    assert "D loss (moving average, 10-90% band)" in legend_texts(fig)  # 300 points > SMOOTH_ABOVE
    projectable(fig)
    few = plots.curves({"d_loss": np.ones(10), "g_loss": np.ones(10)})  # no "step": 1, 2, ...
    assert shown_labels(few) == ["loss"]
    assert line(few, "D loss").get_xdata().tolist() == list(range(1, 11))
    with pytest.raises(ValueError, match="none of the known curves"):
        plots.curves({"step": np.arange(3)})


def test_a_short_curve_is_drawn_point_for_point():
    h = {k: v[:50] for k, v in full_history().items() if k not in ("modes", "modes_step")}
    fig = plots.curves(h)
    np.testing.assert_array_equal(line(fig, "V(D, G)").get_ydata(), h["value"])
    np.testing.assert_array_equal(line(fig, "V(D, G)").get_xdata(), h["step"])
    assert "all" not in " ".join(legend_texts(fig))  # no mode count given: no line for it


def test_a_critic_run_has_no_v_panel_and_a_run_with_no_finished_step_says_so():
    h = full_history(40)
    h["value"] = np.full(40, np.nan)  # history.Curves records NaN: the critic losses have no V(D, G)
    assert "V(D, G)" not in shown_labels(plots.curves(h))
    empty = plots.curves({k: np.array([]) for k in ("d_loss", "g_loss", "value")})
    assert shown_labels(empty) == [] and "no training step finished" in empty.texts[0].get_text()
    projectable(empty)


def test_histogram_draws_samples_data_and_density():
    rng = np.random.default_rng(0)
    fig = plots.histogram(rng.normal(4, 0.5, 500), rng.normal(4, 0.5, 500),
                          lambda t: np.exp(-0.5 * ((t - 4) / 0.5) ** 2) / (0.5 * np.sqrt(2 * np.pi)))
    assert {"real data (histogram)", "p_data(x) (true density)", "generator samples G(z)"} <= set(legend_texts(fig))
    projectable(fig)
