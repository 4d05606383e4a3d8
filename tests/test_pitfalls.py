"""Mode-collapse fixes and the pitfalls experiments: vanishing gradients, sweeps (MinibatchStd: test_layers.py)."""
import numpy as np
import pytest

from scratchgan import backend, pitfalls
from scratchgan.layers import Dense, LeakyReLU, MinibatchStd, Sequential


def rows(*shape, seed=1):
    return backend.asarray(np.random.default_rng(seed).standard_normal(shape))


# -- vanishing gradients ---------------------------------------------------------------
@pytest.mark.training
def test_strong_d_makes_the_saturating_gradient_orders_of_magnitude_smaller():
    """Five seeds, each rule on the MEDIAN over them (one seed in ten starts with D already sure, see below).

    Measured (benchmarks/check_margins.py, check pitfalls_vanishing): seeds 0-9 x kernels Haswell, SkylakeX and
    Sandybridge give the same numbers per seed (1-D, 16 units: one summation order). Single seeds spread widely
    (seed 8: D(G(z)) 0.19 before training, ratio 80 after), so each rule takes the median over 5 seeds; over all
    252 five-seed subsets of seeds 0-9, in log10: D(G(z)) at k=0 median -0.37..-0.31 (std 0.02; rule 0.3..0.7),
    at k=25 -3.62..-2.97 (std 0.19; rule < 1e-2), ratio at k=0 0.06..0.26 (std 0.05; rule 1/3..3), at k=25
    2.59..3.33 (std 0.24; rule > 100), minimax norm k=25 / k=0 -1.86..-1.42 (std 0.14; rule < 0.2), non-saturating
    norm k=25 / k=0 0.89..1.41 (std 0.15; rule > 2): every worst subset at least 2.5 std inside its rule.
    """
    runs = [pitfalls.vanishing_gradients(ks=(0, 1, 5, 25), seed=seed) for seed in range(5)]
    assert all(r["k"] == [0, 1, 5, 25] for r in runs)

    def median(f):
        return float(np.median([f(r) for r in runs]))
    assert 0.3 < median(lambda r: r["d_fake"][0]) < 0.7  # untrained D: unsure
    assert median(lambda r: r["d_fake"][-1]) < 1e-2  # 25 steps later: confident
    assert 1 / 3 < median(lambda r: r["ratio"][0]) < 3  # untrained D: both losses push about as hard
    assert median(lambda r: r["ratio"][-1]) > 100  # strong D: minimax's gradient is >2 orders of magnitude smaller
    assert median(lambda r: r["minimax"][-1] / r["minimax"][0]) < 0.2
    assert median(lambda r: r["non_saturating"][-1] / r["non_saturating"][0]) > 2


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


# A stored benchmark is evidence about today's code only while the configs it trained are today's (issue 20):
# each records its presets (benchmarks/provenance.py) and fails here once one has changed; then regenerate it.


def provenance():
    import pathlib
    import sys
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "benchmarks"))
    import provenance
    return provenance


def test_a_benchmark_record_notices_a_changed_preset():
    p = provenance()
    rec = p.record(["ring"], {"GAN": pitfalls.METHODS["GAN"], "PacGAN4": pitfalls.METHODS["PacGAN4"]})
    assert p.changed(rec) == [] and rec["configs"]["PacGAN4/ring"]["pack"] == 4
    rec["configs"]["GAN/ring"]["lr"] *= 2  # as if the preset's lr had been halved since
    assert p.changed(rec) == [f"GAN/ring: lr {rec['configs']['GAN/ring']['lr']!r} -> {rec['configs']['GAN/ring']['lr'] / 2!r}"]


def test_benchmark_parts_merge_into_one_record_of_every_dataset(tmp_path):
    """Ring and grid run apart (benchmarks/mode_collapse.py --datasets ...) merge into one JSON whose provenance
    holds both datasets' configs; a run that is in two parts is refused."""
    import importlib
    import json
    p = provenance()
    mc = importlib.import_module("mode_collapse")  # benchmarks/ is on sys.path since provenance()
    methods = {m: pitfalls.METHODS[m] for m in ("GAN", "PacGAN2")}
    paths = []
    for d in ("grid", "ring"):
        rows = [{"method": m, "dataset": d, "seed": s, "modes": 1} for m in methods for s in (0, 1)]
        paths.append(str(tmp_path / f"{d}.json"))
        mc.dump(paths[-1], {"command": f"--datasets {d}", "provenance": p.record([d], methods), "rows": rows})
    merged = mc.merge(paths)
    assert merged["provenance"]["datasets"] == ["grid", "ring"] and len(merged["rows"]) == 8
    assert sorted(merged["provenance"]["configs"]) == ["GAN/grid", "GAN/ring", "PacGAN2/grid", "PacGAN2/ring"]
    assert p.changed(merged["provenance"]) == [] and [part["runs"] for part in merged["parts"]] == [4, 4]
    with pytest.raises(SystemExit, match="in more than one part"):
        mc.merge([paths[0], paths[0]])
    assert json.loads(json.dumps(merged)) == merged  # plain JSON


@pytest.mark.parametrize("name", ["mode_collapse.json"])
def test_stored_benchmark_was_made_with_todays_presets(name):
    import json
    import pathlib
    stored = json.loads((pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / name).read_text())
    assert "provenance" in stored, f"{name} does not record the presets and code version it was made with"
    assert provenance().changed(stored["provenance"]) == [], f"{name}: presets changed since it was made"
