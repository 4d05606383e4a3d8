"""Mode-collapse fixes and the pitfalls experiments: vanishing gradients, sweeps (MinibatchStd: test_layers.py)."""
import numpy as np
import pytest

from scratchgan import backend, pitfalls
from scratchgan.layers import Dense, LeakyReLU, MinibatchStd, Sequential


def rows(*shape, seed=1):
    return backend.asarray(np.random.default_rng(seed).standard_normal(shape))


# -- vanishing gradients ---------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1])
def test_strong_d_makes_the_saturating_gradient_orders_of_magnitude_smaller(seed):
    r = pitfalls.vanishing_gradients(ks=(0, 1, 5, 25), seed=seed)
    assert r["k"] == [0, 1, 5, 25]
    assert 0.3 < r["d_fake"][0] < 0.7 and r["d_fake"][-1] < 1e-3  # D goes from unsure to confident
    assert 0.3 < r["ratio"][0] < 3  # untrained D: both losses push about as hard
    assert r["ratio"][-1] > 300  # strong D: minimax's gradient is >2 orders of magnitude smaller
    assert r["minimax"][-1] < 0.05 * r["minimax"][0] and r["non_saturating"][-1] > r["non_saturating"][0]


def test_measuring_the_gradient_changes_nothing():
    from scratchgan import optim
    from scratchgan.gan import GAN
    G, D = Sequential(Dense(1, 4), LeakyReLU(0.2), Dense(4, 1)), Sequential(Dense(1, 4), LeakyReLU(0.2), Dense(4, 1))
    gan = GAN(G, D, optim.SGD(G, 0.1), optim.SGD(D, 0.1), noise_dim=1)
    before = {k: v.copy() for k, v in gan.state_dict().items()}
    norm, d_fake = pitfalls.generator_grad_norm(gan, rows(8, 1), "minimax")
    assert norm > 0 and 0 < d_fake < 1
    assert all(np.array_equal(v, before[k]) for k, v in gan.state_dict().items())
    assert all((g == 0).all() for g in list(G.grads.values()) + list(D.grads.values()))


def test_vanishing_gradients_rejects_bad_k():
    with pytest.raises(ValueError, match="whole numbers of D steps"):
        pitfalls.vanishing_gradients(ks=(1, 2.5))


# -- sweeps and the mode-collapse methods, through the trainer -----------------------------
def trainer():
    return pytest.importorskip("scratchgan.train", reason="the trainer (train.py) is not in this checkout")


TINY = dict(steps=30, batch_size=32, hidden=16, layers=1, d_hidden=16, d_layers=1, noise_dim=2, eval_every=30)


def test_sweep_returns_one_row_per_point_and_seed_and_repeats_exactly():
    trainer()
    grid = {"lr": [1e-3, 1e-2], "beta1": [0.5]}
    rows = pitfalls.sweep(grid, "ring", seeds=(0, 1), **TINY)
    assert [(r["lr"], r["beta1"], r["seed"]) for r in rows] == [(1e-3, 0.5, 0), (1e-3, 0.5, 1), (1e-2, 0.5, 0), (1e-2, 0.5, 1)]
    for r in rows:
        assert r["status"] == "done" and r["n_modes"] == 8 and 0 <= r["modes"] <= 8 and 0 <= r["high_quality"] <= 1
    again = pitfalls.sweep({"lr": [1e-2], "beta1": [0.5]}, "ring", seeds=(1,), **TINY)[0]
    assert {k: again[k] for k in pitfalls.METRICS} == {k: rows[3][k] for k in pitfalls.METRICS}
    xs, ys, M = pitfalls.grid_of(rows, "lr", "beta1")
    assert xs == [1e-3, 1e-2] and ys == [0.5] and M.shape == (1, 2)
    assert M[0, 1] == pytest.approx((rows[2]["modes"] + rows[3]["modes"]) / 2)
    md = pitfalls.table(rows, ["lr", "beta1", "seed", "modes"])
    assert md.count("\n") == 5 and md.startswith("| lr | beta1 | seed | modes |")


def test_sweep_names_bad_grids_and_keys():
    trainer()
    with pytest.raises(ValueError, match="grid must map config keys"):
        pitfalls.sweep({}, "ring")
    with pytest.raises(ValueError, match="unknown config keys"):
        pitfalls.sweep({"learning_rate": [1e-3]}, "ring", **TINY)


@pytest.mark.parametrize("method", list(pitfalls.METHODS))
def test_every_mode_collapse_method_trains_through_the_trainer(method):
    train = trainer()
    from scratchgan import presets
    r = train.train(presets.preset("ring", **{**TINY, **pitfalls.METHODS[method], "steps": 4}), progress=False)
    assert r.status == "done" and r.step == 4
    overrides, g = pitfalls.METHODS[method], r.gan
    assert g.pack == overrides["pack"] and g.loss == overrides.get("loss", "non_saturating")
    assert g.clip == overrides.get("clip") and g.penalty == overrides.get("penalty")
    assert any(isinstance(layer, MinibatchStd) for layer in g.D.layers) == bool(overrides.get("minibatch_std"))
    if g.clip:
        assert max(float(abs(p).max()) for p in g.D.params.values()) <= g.clip
