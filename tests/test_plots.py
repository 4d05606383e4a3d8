"""Figures: the right parts, the right maths, readable on a projector, nothing left open."""
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.quiver import Quiver
from matplotlib.text import Text
from PIL import Image

from scratchgan import backend, data, layers, losses, metrics, optim, plots, plots_base
from scratchgan.gan import GAN


@pytest.fixture(autouse=True)
def no_open_figures():
    yield
    assert plt.get_fignums() == [], "a figure was left open in pyplot"


def projectable(fig):
    """>= 1,000 px wide; every visible text >= 12 pt. Returns the figure's texts."""
    assert fig.get_figwidth() * fig.dpi >= 1000
    fig.draw_without_rendering()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 12]
    assert small == [], f"text smaller than 12 pt: {small[:5]}"
    return texts


def legend_texts(fig):
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return [t.get_text() for lg in legends for t in lg.get_texts()]


def line(fig, label):
    """The one Line2D labelled ``label`` anywhere in fig."""
    found = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_label() == label]
    assert len(found) == 1, f"expected one line {label!r}, found {len(found)}"
    return found[0]


def tiny_gan(dim=2, loss="non_saturating", noise_dim=2, pack=1):
    G = layers.Sequential(layers.Dense(noise_dim, 8), layers.LeakyReLU(), layers.Dense(8, dim))
    D = layers.Sequential(layers.Dense(pack * dim, 8), layers.Tanh(), layers.Dense(8, 1))
    return GAN(G, D, optim.Adam(G, 1e-3), optim.Adam(D, 1e-3), noise_dim=noise_dim, loss=loss, pack=pack)


# -- 1-D: Goodfellow's figure 1 ---------------------------------------------------------
def test_figure1_has_every_part_and_d_star_is_the_formula():
    gan, ds = plots.make_1d_gan(), data.get_dataset("gaussian")
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


def test_generator_density_is_the_pushforward_of_the_noise():
    gan = plots.make_1d_gan()
    gan.G.params["0.W"][...] = 0.7  # x = 0.7 z + 2  ->  p_g = N(2, 0.7^2)
    gan.G.params["0.b"][...] = 2.0
    edges = np.linspace(-1, 5, 301)
    x = 0.5 * (edges[1:] + edges[:-1])
    want = np.exp(-0.5 * ((x - 2) / 0.7) ** 2) / (0.7 * np.sqrt(2 * np.pi))
    tol = 1e-3 * want.max()  # bin averages vs mid-bin values of the exact density
    np.testing.assert_allclose(plots.generator_density(gan, edges), want, atol=tol)
    # standardised units: G's x' maps to x = x' * scale + shift
    np.testing.assert_allclose(plots.generator_density(gan, edges * 2 + 1, units=(1.0, 2.0)), want / 2, atol=tol)
    assert metrics.optimal_d([1.0, 0.0, 2.0], [1.0, 0.0, 0.0])[[0, 2]].tolist() == [0.5, 1.0]


def test_train_1d_records_snapshots_and_panels_put_the_weights_back():
    run = plots.train_1d(steps=(0, 2, 5, 9), batch_size=16)
    gan, snaps = run["gan"], run["snapshots"]
    assert [s["step"] for s in snaps] == [0, 2, 5, 9]
    assert not np.array_equal(snaps[0]["state"]["G/0.W"], snaps[3]["state"]["G/0.W"])
    assert len(run["history"]["d_loss"]) == 9
    before = gan.state_dict()
    fig = plots.figure1_panels(gan, snaps, data.get_dataset("gaussian"))
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == ["(a) step 0", "(b) step 2", "(c) step 5", "(d) step 9"]
    assert all(np.array_equal(v, gan.state_dict()[k]) for k, v in before.items())
    projectable(fig)
    with pytest.raises(ValueError, match="4 snapshots"):
        plots.figure1_panels(gan, snaps[:3], data.get_dataset("gaussian"))


@pytest.mark.slow
def test_train_1d_ends_near_the_equilibrium():
    run = plots.train_1d(steps=(0, 2000))
    x = plots_base.g_output(run["gan"], np.random.default_rng(5).standard_normal((4000, 1))).ravel()
    assert abs(x.mean() - 4) < 0.1 and abs(x.std() - 0.5) < 0.1
    d = plots_base.d_output(run["gan"], np.linspace(3, 5, 50)[:, None])
    assert np.all(np.abs(d - 0.5) < 0.1), "D should be near 1/2 on the data at the end"


# -- 2-D: the GAN Lab view -------------------------------------------------------------------
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
    fake = plots_base.g_output(gan, np.random.default_rng(0).standard_normal((64, 2)))
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


# -- curves ---------------------------------------------------------------------------------------
def full_history(n=300):
    rng = np.random.default_rng(0)
    h = {k: 1 + 0.1 * rng.standard_normal(n) for k in ("d_loss", "g_loss", "d_grad_norm", "g_grad_norm")}
    h.update(step=np.arange(1, n + 1), d_real=0.6 + 0 * h["d_loss"], d_fake=0.4 + 0 * h["d_loss"],
             value=-h["d_loss"], modes=np.array([2, 5, 8]), modes_step=np.array([100, 200, 300]))
    return h


def test_curves_draws_each_panel_it_has_data_for():
    fig = plots.curves(full_history(), n_modes=8)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_ylabel() for ax in shown] == ["loss", "mean D output", "V(D, G)", "gradient norm (log scale)",
                                                 "modes captured"]
    assert all(ax.get_xlabel() == "training step" for ax in shown)
    assert line(fig, "-log 4 (p_g = p_data)").get_ydata()[0] == pytest.approx(-math.log(4))
    assert shown[3].get_yscale() == "log"
    assert "all 8 modes" in legend_texts(fig)
    projectable(fig)
    few = plots.curves({"d_loss": np.ones(10), "g_loss": np.ones(10)})  # no "step": 1, 2, ...
    assert [ax.get_ylabel() for ax in few.axes if ax.get_visible()] == ["loss"]
    assert line(few, "D loss").get_xdata().tolist() == list(range(1, 11))
    with pytest.raises(ValueError, match="none of the known curves"):
        plots.curves({"step": np.arange(3)})


# -- images and the GIF ---------------------------------------------------------------------------
def test_image_grid_takes_any_n_and_square_side():
    x = np.linspace(-1, 1, 7 * 25).reshape(7, 25)  # 7 images of 5x5
    fig = plots.image_grid(x)
    ax = fig.axes[0]
    (img,) = ax.get_images()
    assert img.get_array().shape == (3 * 7 - 2, 3 * 7 - 2)  # 3x3 cells of 5 px, 2 px gaps
    np.testing.assert_array_equal(img.get_array()[:5, :5], x[0].reshape(5, 5))
    assert "7 samples" in ax.get_xlabel()
    projectable(fig)
    with pytest.raises(ValueError, match="square images"):
        plots.image_grid(np.zeros((4, 10)))


def test_snapshot_grid_labels_rows_by_step():
    snaps = [(s, np.full((12, 16), s / 100 - 1)) for s in (0, 50, 100, 150)]
    fig = plots.snapshot_grid(snaps, per_row=6)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["step 0", "step 50", "step 100", "step 150"]
    projectable(fig)


@pytest.mark.parametrize("dim, frames", [(1, 3), (2, 10), (16, 3)])
def test_training_gif_has_one_frame_per_snapshot(tmp_path, dim, frames):
    rng = np.random.default_rng(0)
    snaps = [np.tanh(rng.standard_normal((40, dim)) + i / 4) for i in range(frames)]
    path = tmp_path / "t.gif"
    real = rng.standard_normal((80, dim)) if dim < 3 else None
    n = plots.training_gif(path, snaps, steps=range(0, 10 * frames, 10), real=real)
    with Image.open(path) as gif:
        assert n == gif.n_frames == frames
        assert gif.size[0] >= 1000
    assert path.stat().st_size < 5e6
    if dim == 1:  # long runs are thinned to max_frames, first and last kept
        assert plots.training_gif(tmp_path / "u.gif", snaps * 3, steps=range(9), max_frames=4) == 4


# -- the run folder -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["gaussian", "ring"])
def test_write_run_figures_fills_the_run_folder(tmp_path, name):
    train = pytest.importorskip("scratchgan.train")
    from scratchgan import presets
    config = presets.preset(name, steps=20, eval_every=10, hidden=16, d_hidden=16, layers=2, batch_size=32)
    result = train.train(config, progress=False, snapshot_every=5)
    out = plots.write_run_figures(tmp_path, result)
    want = {"samples.png", "curves.png", "training.gif"} | ({"figure1.png"} if name == "gaussian" else set())
    assert set(out) == want and all((tmp_path / f).stat().st_size > 0 for f in want)
    with Image.open(tmp_path / "training.gif") as gif:
        assert gif.n_frames == len(result.snapshots) == 5
    with Image.open(tmp_path / "samples.png") as png:
        assert png.size[0] >= 1000
    h = plots._run_history(result)  # what curves.png shows
    np.testing.assert_array_equal(h["value"], -result.history["d_loss"])  # BCE: L_D = -V(D, G)
    assert h["step"].tolist() == list(range(1, 21))
    assert ("modes" in h) == (name == "ring")  # one mode needs no curve
