"""Presets and the checks of a config (presets.py): rows per dataset, overrides, and every setting
that cannot work refused with one line, before any work."""
import pytest

from scratchgan import presets


def test_a_preset_is_common_then_the_row_then_the_overrides():
    config = presets.preset("grid", lr=5e-4, hidden=None)  # None: not given, the row's value stays
    assert config["data"] == "grid" and config["lr"] == 5e-4 and config["hidden"] == presets.PRESETS["grid"]["hidden"]
    assert config["loss"] == presets.COMMON["loss"]  # not in the row: the common value
    assert set(config) == set(presets.COMMON) | {"data"}
    with pytest.raises(ValueError, match=r"unknown config keys \['hiden'\]; known: .*'hidden'"):
        presets.preset("ring", hiden=32)


@pytest.mark.parametrize("spec, row", [("ring", "ring"), ("mnist:test", "mnist"), ("points.csv", "file"),
                                       ("runs/x.npy", "file")])
def test_preset_name_maps_a_spec_to_its_row(spec, row):
    assert presets.preset_name(spec) == row


@pytest.mark.parametrize("change, message", [
    (dict(steps=0), "steps must be a positive integer, got 0"),
    (dict(hidden=[256, 0]), r"hidden must be a positive integer, got \[256, 0\]"),
    (dict(d_steps=1.5), "d-steps must be a positive integer"),
    (dict(lr=0.0), r"lr must be > 0, got 0.0"),
    (dict(beta1=1.0), r"beta1 must be in \[0, 1\), got 1.0"),
    (dict(batch_size=30, pack=4), "batch-size 30 must be a multiple of pack 4"),
    (dict(steps=presets.MAX_STEPS + 1), "did you mean fewer"),
])
def test_check_config_refuses_with_one_line(change, message):
    with pytest.raises(ValueError, match=message) as err:
        presets.check_config({**presets.preset("ring"), **change})
    assert "\n" not in str(err.value)


def test_memory_check_counts_weights_and_a_batch(monkeypatch):
    config = presets.preset("ring", hidden=100, layers=1, d_hidden=10, d_layers=1, pack=1, batch_size=8, d_steps=1,
                            noise_dim=1)
    weights = (1 + 1) * 100 + (100 + 1) * 2 + (2 + 1) * 10 + (10 + 1) * 1  # G 1-100-2, D 2-10-1: (in + 1) x out
    activations = 3 * 8 * ((1 + 100 + 2) + (2 + 10 + 1))
    assert presets.memory_needed(config, dim=2) == 4 * (4 * weights + activations)
    monkeypatch.setattr(presets, "physical_memory", lambda: 2**20)  # a 1 MiB machine
    presets.check_config(config, dim=2)  # about 17 KB: fits
    with pytest.raises(ValueError, match="GiB, more than this machine's"):
        presets.check_config({**config, "hidden": 100_000}, dim=2)  # about 16 MB


def test_absurd_steps_and_networks_get_one_line(cli_error):
    assert "more than 1,000,000,000" in cli_error(["train", "--steps", "4000000000"])
    assert "GiB" in cli_error(["train", "--data", "ring", "--hidden", "10000000", "--steps", "1"])
