"""How a run is measured (evaluation.py): both Gs side by side, and measuring leaves the run alone."""
import json

import numpy as np
import pytest

from scratchgan import backend, checkpoint, evaluation, train


@pytest.mark.parametrize("use_average", [False, True])
def test_every_run_reports_the_raw_and_the_averaged_g_side_by_side(tmp_path, small_config, use_average):
    r = train.train(small_config("ring", ema=0.9, use_average=use_average, steps=30, eval_every=10),
                    out=str(tmp_path), progress=False, figures=False)
    used, other = ("averaged", "raw") if use_average else ("raw", "averaged")
    for name in ("raw", "averaged"):
        assert {"modes", "high_quality", "precision", "recall"} <= set(r.metrics[name])
    for k in ("high_quality", "precision", "recall"):  # "metrics" is the used G's
        assert r.metrics[k] == r.metrics[used][k]
    assert r.metrics[used] != r.metrics[other]  # two different generators
    np.testing.assert_array_equal(r.samples, r.samples_of(2500, averaged=use_average))
    assert all({"raw", "averaged"} <= set(e) for e in r.evals)
    saved = json.load(open(tmp_path / "metrics.json"))
    assert saved["metrics"]["averaged"]["recall"] == pytest.approx(r.metrics["averaged"]["recall"])


def test_measuring_draws_nothing_from_the_training_streams(small_config):
    """The numbers come from G's samples of the fixed z_eval: the same twice, and neither the data
    stream nor the device noise moves (a measured run continues exactly as an unmeasured one)."""
    r = train.train(small_config("ring", ema=0.9, steps=10), progress=False)
    data_before = checkpoint.rng_state(r.data_rng)
    noise_before = checkpoint.rng_state(backend.device_rng())
    first, second = evaluation.evaluate(r), evaluation.evaluate(r)
    assert first["recall"] == second["recall"] and first["modes"] == second["modes"]
    assert evaluation.side_by_side(r)["averaged"] == evaluation.side_by_side(r)["averaged"]
    assert checkpoint.rng_state(r.data_rng) == data_before
    assert checkpoint.rng_state(backend.device_rng()) == noise_before


def test_no_average_yet_means_no_side_by_side(small_config):
    assert evaluation.side_by_side(train.train(small_config(ema=0.0, steps=3), progress=False)) == {}
