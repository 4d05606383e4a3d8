"""game1d: the 1-D game of lesson 08 -- built, trained with snapshots, and its p_g computed exactly."""
import numpy as np
import pytest

from scratchgan import game1d, metrics, plots


def test_generator_density_is_the_pushforward_of_the_noise():
    gan = game1d.make_1d_gan()
    gan.G.params["0.W"][...] = 0.7  # x = 0.7 z + 2  ->  p_g = N(2, 0.7^2)
    gan.G.params["0.b"][...] = 2.0
    edges = np.linspace(-1, 5, 301)
    x = 0.5 * (edges[1:] + edges[:-1])
    want = np.exp(-0.5 * ((x - 2) / 0.7) ** 2) / (0.7 * np.sqrt(2 * np.pi))
    tol = 1e-3 * want.max()  # bin averages vs mid-bin values of the exact density
    np.testing.assert_allclose(game1d.generator_density(gan, edges), want, atol=tol)
    # standardised units: G's x' maps to x = x' * scale + shift
    np.testing.assert_allclose(game1d.generator_density(gan, edges * 2 + 1, units=(1.0, 2.0)), want / 2, atol=tol)
    assert metrics.optimal_d([1.0, 0.0, 2.0], [1.0, 0.0, 0.0])[[0, 2]].tolist() == [0.5, 1.0]


def test_train_1d_records_snapshots_that_load_players_puts_back():
    run = game1d.train_1d(steps=(0, 2, 5, 9), batch_size=16)
    gan, snaps = run["gan"], run["snapshots"]
    assert [s["step"] for s in snaps] == [0, 2, 5, 9]
    assert not np.array_equal(snaps[0]["state"]["G/0.W"], snaps[3]["state"]["G/0.W"])
    assert len(run["history"]["d_loss"]) == 9 and run["history"]["step"].tolist() == list(range(1, 10))
    game1d.load_players(gan, snaps[0]["state"])
    now = gan.state_dict()
    assert all(np.array_equal(now[k], v) for k, v in snaps[0]["state"].items() if k[:2] in ("G/", "D/"))
    with pytest.raises(ValueError, match="increasing"):
        game1d.train_1d(steps=(5, 2))
    with pytest.raises(ValueError, match="affine"):
        game1d.make_1d_gan(generator="deep")


@pytest.mark.slow
def test_train_1d_ends_near_the_equilibrium():
    run = game1d.train_1d(steps=(0, 2000))
    x = plots.g_output(run["gan"], np.random.default_rng(5).standard_normal((4000, 1))).ravel()
    assert abs(x.mean() - 4) < 0.1 and abs(x.std() - 0.5) < 0.1
    d = plots.d_output(run["gan"], np.linspace(3, 5, 50)[:, None])
    assert np.all(np.abs(d - 0.5) < 0.1), "D should be near 1/2 on the data at the end"
