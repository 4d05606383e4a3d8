"""plots.plane: the GAN Lab view of a 2-D game; generator_arrows is -dL_G/dx."""
import numpy as np
import pytest
from figure_checks import legend_texts, no_open_figures, projectable, tiny_gan  # noqa: F401 (an autouse fixture)
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.quiver import Quiver

from scratchgan import data, losses, plots


@pytest.mark.parametrize("kind, pack", [(kind, 1) for kind in losses.KINDS] + [("non_saturating", 2)])
def test_arrows_point_where_the_generator_loss_falls(kind, pack):
    gan = tiny_gan(loss=kind, pack=pack)
    gan.D.astype("float64")
    x = np.random.default_rng(1).standard_normal((16, 2))
    for shift, scale in ((0.0, 1.0), (np.array([3.0, -1.0]), 2.5)):
        a = plots.generator_arrows(gan, x, shift, scale)
        assert a.shape == x.shape and np.abs(a).max() > 0
        t = 1e-2 / np.abs(a).max()
        L0 = plots.generator_loss_at(gan, x, shift, scale)
        L1 = plots.generator_loss_at(gan, x + t * a, shift, scale)
        assert L1 < L0
        # first order: L(x + t a) - L(x) = -t |a|^2 (a = -dL/dx)
        assert (L1 - L0) == pytest.approx(-t * (a ** 2).sum(), rel=0.1)
    assert all(float(abs(g).max()) == 0 for g in gan.D.grads.values()), "D's grads must be left at zero"


def test_captured_modes_follows_the_pacgan_rule():
    modes, std = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]]), 0.5
    samples = np.array([[0.1, 0.0], [0.0, 8.6], [10.0, 1.6], [5.0, 5.0]])  # 0.2, 2.8, 3.2 std, far
    assert plots.captured_modes(samples, modes, std).tolist() == [True, False, True, False]


def test_plane_has_heat_map_points_arrows_and_modes():
    gan, ring = tiny_gan(), data.get_dataset("ring")
    real = ring.sample(200, np.random.default_rng(0))
    fig = plots.plane(gan, real, ring.modes, ring.mode_std, n_fake=64, n_arrows=40, grid=40)
    ax = fig.axes[0]
    assert len(ax.get_images()) == 1 and ax.get_images()[0].get_array().shape == (40, 40)
    heat = ax.get_images()[0].get_array()
    assert 0 <= heat.min() and heat.max() <= 1  # probabilities for a BCE loss
    arrows = [c for c in ax.collections if isinstance(c, Quiver)]
    assert len(arrows) == 1 and arrows[0].N == 40
    fake = plots.g_output(gan, np.random.default_rng(0).standard_normal((64, 2)))
    g = plots.generator_arrows(gan, fake[:40])
    uv = np.stack([arrows[0].U, arrows[0].V], 1)
    cos = (uv * g).sum(1) / np.linalg.norm(uv, axis=1) / np.linalg.norm(g, axis=1)
    np.testing.assert_allclose(cos, 1, atol=1e-6)  # drawn arrows = -dL_G/dx, rescaled
    texts = legend_texts(fig)
    assert {"real data", "fake G(z)", "-dL_G/dx: where G pushes its samples"} <= set(texts)
    assert "mode missed" in texts  # an untrained G covers few of the 8 tiny modes
    assert ax.get_xlabel() == "x1" and ax.get_ylabel() == "x2"
    assert "modes captured" in ax.get_title()
    projectable(fig)
    critic = plots.plane(tiny_gan(loss="wasserstein"), real, n_fake=16, n_arrows=8, grid=20)
    assert critic.axes[1].get_ylabel().startswith("critic score")
    packed = plots.plane(tiny_gan(pack=2), real, n_fake=16, n_arrows=15, grid=20)
    assert [c for c in packed.axes[0].collections if isinstance(c, Quiver)][0].N == 14  # whole packs of 2
    assert "on 2 copies of x" in packed.axes[1].get_ylabel()
    with pytest.raises(ValueError, match="2-D data"):
        plots.plane(gan, real[:, :1])


def test_plane_is_deterministic_for_a_seed():
    gan, real = tiny_gan(), np.random.default_rng(0).standard_normal((50, 2))

    def pixels():
        fig = plots.plane(gan, real, n_fake=32, n_arrows=16, grid=20, seed=3)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()
    assert np.array_equal(pixels(), pixels())
