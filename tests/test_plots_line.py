"""plots.line: Goodfellow's Figure 1 in 1-D, with p_g, D and D* drawn from the formulas."""
import numpy as np
import pytest
from figure_checks import legend_texts, line, no_open_figures, projectable  # noqa: F401 (an autouse fixture)

from scratchgan import backend, data, game1d, plots


def test_figure1_has_every_part_and_d_star_is_the_formula():
    gan, ds = game1d.make_1d_gan(), data.get_dataset("gaussian")
    fig = plots.figure1(gan, ds, title="untrained")
    texts = legend_texts(fig)
    for want in ("p_data(x): real data", "p_g(x): generator", "D*(x) = p_data / (p_data + p_g)", "z -> x = G(z)"):
        assert want in texts
    assert any(t.startswith("learned D(x)") for t in texts)
    p_g, d_star = line(fig, "p_g(x): generator"), line(fig, "D*(x) = p_data / (p_data + p_g)")
    x, q, d = p_g.get_xdata(), p_g.get_ydata(), d_star.get_ydata()
    p = np.exp(-0.5 * ((x - 4) / 0.5) ** 2) / (0.5 * np.sqrt(2 * np.pi))  # N(4, 0.5^2), by hand
    shown = np.isfinite(d)
    assert shown.sum() > 50
    np.testing.assert_allclose(d[shown], (p / (p + q))[shown], rtol=1e-9)
    # learned D is sigma(D's logit) on the same grid
    logits = backend.to_numpy(gan.D(backend.asarray(x[:, None].astype(np.float32)))).ravel()
    d_line = line(fig, "learned D(x) = P(x is real)")
    np.testing.assert_allclose(d_line.get_ydata(), 1 / (1 + np.exp(-logits)), rtol=1e-5)
    map_axes = fig.axes[1]
    assert [t.get_text() for t in map_axes.get_yticklabels()] == ["z", "x"]
    assert len(map_axes.get_lines()) == 21 + 2  # one line per z quantile, plus the z and x axes
    assert fig.axes[0].get_ylabel() == "density" and map_axes.get_xlabel() == "x"
    projectable(fig)
    with pytest.raises(ValueError, match="1-D data"):
        plots.figure1(gan, data.get_dataset("ring"))


def test_figure1_panels_draw_four_snapshots_and_put_the_weights_back():
    run = game1d.train_1d(steps=(0, 2, 5, 9), batch_size=16)
    gan, snaps = run["gan"], run["snapshots"]
    before = gan.state_dict()
    fig = plots.figure1_panels(gan, snaps, data.get_dataset("gaussian"))
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == ["(a) step 0", "(b) step 2", "(c) step 5", "(d) step 9"]
    assert all(np.array_equal(v, gan.state_dict()[k]) for k, v in before.items())
    projectable(fig)
    with pytest.raises(ValueError, match="4 snapshots"):
        plots.figure1_panels(gan, snaps[:3], data.get_dataset("gaussian"))
