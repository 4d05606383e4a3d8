"""plots.run: a run folder's figures, and the curves they show -- V(D, G) as recorded, penalty or not."""
import numpy as np
import pytest
from figure_checks import line, no_open_figures, tiny_gan  # noqa: F401 (an autouse fixture)
from PIL import Image

from scratchgan import backend, history, losses, plots, presets, runs
from scratchgan.gan import GAN


def plotted_v(history, loss="non_saturating"):
    """The y data of the V(D, G) line that a run's curves.png draws (histories of <= 200 points: no smoothing)."""
    return line(plots.curves(plots.run_history({"history": history, "config": {"loss": loss}})), "V(D, G)").get_ydata()


@pytest.mark.parametrize("name", ["gaussian", "ring"])
def test_write_run_figures_fills_the_run_folder(tmp_path, name):
    train = pytest.importorskip("scratchgan.train")
    config = presets.preset(name, steps=20, eval_every=10, hidden=16, d_hidden=16, layers=2, batch_size=32)
    result = train.train(config, progress=False, snapshot_every=5)
    out = plots.write_run_figures(tmp_path, result)
    want = {"samples.png", "curves.png", "training.gif"} | ({"figure1.png"} if name == "gaussian" else set())
    assert set(out) == want and all((tmp_path / f).stat().st_size > 0 for f in want)
    with Image.open(tmp_path / "training.gif") as gif:
        assert gif.n_frames == len(result.snapshots) == 5
    with Image.open(tmp_path / "samples.png") as png:
        assert png.size[0] >= 1000
    h = plots.run_history(result)  # what curves.png shows
    np.testing.assert_array_equal(h["value"], result.history["value"])
    np.testing.assert_allclose(h["value"], -result.history["d_loss"], rtol=1e-5)  # BCE, no penalty: L_D = -V(D, G)
    assert h["step"].tolist() == list(range(1, 21))
    assert ("modes" in h) == (name == "ring")  # one mode needs no curve


def test_an_r1_run_plots_v_not_minus_d_loss():
    """The V-curve bug: with a gradient penalty d_loss = -V + penalty, so -d_loss is not V."""
    train = pytest.importorskip("scratchgan.train")
    config = presets.preset("ring", steps=25, eval_every=25, hidden=16, d_hidden=16, layers=2, batch_size=64,
                          penalty="r1", penalty_weight=10.0)
    seen = []
    result = train.train(config, progress=False, callback=lambda step, stats, gan: seen.append(stats))
    v = plotted_v(result.history, config["loss"])
    d_loss, penalty = (np.array([s[k] for s in seen], dtype=np.float32) for k in ("d_loss", "penalty"))
    np.testing.assert_array_equal(v, np.array([s["value"] for s in seen], dtype=np.float32))  # what d_step recorded
    np.testing.assert_allclose(v, -(d_loss - penalty), rtol=1e-5, atol=1e-6)
    assert np.all(penalty > 0) and penalty.mean() > 1e-3  # so -d_loss, off by the penalty, is not V


@pytest.mark.parametrize("penalty", ["r1", "wgan-gp"])
def test_plotted_v_is_v_of_the_players_at_each_step(penalty):
    """V computed independently, from D's logits on the real batch and on G(z) before each step."""
    gan = tiny_gan()
    gan = GAN(gan.G, gan.D, gan.g_opt, gan.d_opt, noise_dim=2, loss="minimax", penalty=penalty, penalty_weight=5.0)
    rng, curves, want = np.random.default_rng(0), history.Curves(), []
    for _ in range(12):
        real = backend.asarray(rng.normal(2.0, 1.0, (32, 2)).astype(np.float32))
        z = backend.asarray(rng.standard_normal((32, 2)).astype(np.float32))
        want.append(float(losses.value(gan.D(real), gan.D(gan.G(z)))))  # the players the D step sees
        curves.append(gan.train_step(real, z))
    h = curves.arrays()
    v = plotted_v(h, "minimax")
    np.testing.assert_allclose(v, want, rtol=1e-5)
    assert np.mean(v + h["d_loss"]) > 1e-3  # the penalty is in d_loss, not in V


def test_old_and_critic_histories_still_plot():
    h = {k: np.linspace(1, 2, 30) for k in ("d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm")}
    with pytest.warns(UserWarning, match="no V\\(D, G\\)"):  # recorded before "value" was: say so, draw the rest
        old = plots.run_history({"history": h, "config": {"loss": "non_saturating"}})
    labels = [ax.get_ylabel() for ax in plots.curves(old).axes if ax.get_visible()]
    assert "V(D, G)" not in labels and "loss" in labels
    # a critic loss records no value: Curves keeps NaN, and the V panel is left out
    curves = history.Curves()
    for i in range(5):
        curves.append({k: float(i) for k in h})
    assert np.isnan(curves.arrays()["value"]).all()
    critic = plots.curves(plots.run_history({"history": curves.arrays(), "config": {"loss": "wasserstein"}}))
    assert "V(D, G)" not in [ax.get_ylabel() for ax in critic.axes if ax.get_visible()]
    # a checkpoint's half-filled block from before "value": it resumes, V unknown for that block only
    resumed = history.Curves(h, every=2, pending={"count": 1, "sums": {k: 1.0 for k in h}})
    for i in range(3):
        resumed.append({**{k: 1.0 for k in h}, "value": -1.5})
    v = resumed.arrays()["value"]  # 30 old points, the resumed block, one new block of two steps
    assert len(v) == 32 and np.isnan(v[:31]).all() and v[31] == -1.5
    assert resumed.arrays()["d_loss"][30] == 1.0  # the other curves finish the block as before
