"""Checkpoints (checkpoint.py): the round trip, the one writer of a run's checkpoint.npz, and
files that are not checkpoints or are damaged: one line naming the array, nothing loaded."""
import dataclasses

import numpy as np
import pytest

from scratchgan import checkpoint, presets, train


def write_npz(path, **arrays):
    np.savez(path, **arrays)
    return str(path)


def test_checkpoint_round_trip_keeps_arrays_config_and_rng(tmp_path):
    rng = np.random.default_rng(5)
    rng.random(3)
    path = str(tmp_path / "c.npz")
    checkpoint.save(path, {"G/0.W": np.arange(6.0).reshape(2, 3)}, {"data": "ring"},
                    {"step": 3, "rng": checkpoint.rng_state(rng)}, {"d_loss": [1.0, 2.0]})
    state, config, meta, history = checkpoint.load(path)
    np.testing.assert_array_equal(state["G/0.W"], np.arange(6.0).reshape(2, 3))
    assert config == {"data": "ring"} and meta["step"] == 3 and history["d_loss"].dtype == np.float32
    other = np.random.default_rng(0)
    checkpoint.set_rng_state(other, meta["rng"])
    assert other.random() == rng.random()


def test_files_that_are_not_checkpoints(tmp_path, cli_error):
    (tmp_path / "text.npz").write_text("hello")
    assert "not an .npz" in cli_error(["train", "--resume", str(tmp_path / "text.npz")])
    plain = write_npz(tmp_path / "plain.npz", W=np.ones(3))
    assert "missing __format__" in cli_error(["train", "--resume", plain])
    objects = write_npz(tmp_path / "objects.npz", x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(checkpoint.CheckpointError, match="object arrays"):
        checkpoint.load(objects)


def test_write_checkpoint_writes_the_save_point_with_the_curves_up_to_its_step(tmp_path, small_config):
    r = train.train(small_config(steps=12, eval_every=5), progress=False)
    checkpoint.write_checkpoint(str(tmp_path), r)
    state, config, meta, history = checkpoint.load(str(tmp_path / "checkpoint.npz"))
    assert config == r.config and meta["step"] == 12 and meta["status"] == "done" and meta["backend"] == "numpy"
    assert meta["shift"] == r.shift.tolist() and meta["scale"] == r.scale
    assert meta["data_rng"] == checkpoint.rng_state(r.data_rng)
    expected = r.state_dict()
    assert set(state) == set(expected) and all(len(v) == 12 for v in history.values())
    for k, v in expected.items():
        np.testing.assert_array_equal(state[k], v, err_msg=k)
    r.last_good = dataclasses.replace(r.last_good, step=5)  # an older save point: its step, its curves
    checkpoint.write_checkpoint(str(tmp_path), r)
    _, _, meta, history = checkpoint.load(str(tmp_path / "checkpoint.npz"))
    assert meta["step"] == 5 and all(len(v) == 5 for v in history.values())


# --- damaged checkpoints: one line naming the array, expected against found, nothing loaded ---

@pytest.fixture(scope="module")
def good_checkpoint(tmp_path_factory, small_config):
    folder = tmp_path_factory.mktemp("good")
    train.train(small_config(steps=5), out=str(folder), progress=False, figures=False)
    return folder / "checkpoint.npz"


def rewrite(path, src, change):
    state, config, meta, history = checkpoint.load(str(src))
    change(state, config)
    checkpoint.save(str(path), state, config, meta, history)
    return str(path)


def test_truncated_checkpoint(tmp_path, good_checkpoint, cli_error):
    data = good_checkpoint.read_bytes()
    for cut in (len(data) // 2, len(data) - 30):
        (tmp_path / "cut.npz").write_bytes(data[:cut])
        err = cli_error(["train", "--resume", str(tmp_path / "cut.npz")])
        assert "truncated or damaged" in err


def test_checkpoint_with_a_damaged_array(tmp_path, good_checkpoint, cli_error):
    import zipfile
    with zipfile.ZipFile(good_checkpoint) as z:
        info = z.getinfo("G/0.W.npy")
    data = bytearray(good_checkpoint.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + 100  # inside the array's bytes
    data[start:start + 8] = b"\xff" * 8
    (tmp_path / "bad.npz").write_bytes(bytes(data))
    assert "array 'G/0.W' is damaged" in cli_error(["train", "--resume", str(tmp_path / "bad.npz")])


Z = presets.preset("ring")["noise_dim"]  # G's first layer reads z: its rows are the ring preset's z dimension


@pytest.mark.parametrize("change, expect", [
    (lambda s, c: c.update(hidden=32), f"array 'G/0.W' has shape ({Z}, 16), expected ({Z}, 32)"),
    (lambda s, c: c.update(layers=4), "lacks array 'G/8.W'"),
    (lambda s, c: s.update({"D/0.W": s["D/0.W"].astype(np.float64)}), "array 'D/0.W' has dtype float64, expected float32"),
    (lambda s, c: s.update({"G/2.b": s["G/2.b"][:3]}), "array 'G/2.b' has shape (3,), expected (16,)"),
    (lambda s, c: s.update({"g_opt/2.W/m": np.zeros((3, 3), np.float32)}), "'g_opt/2.W/m' has shape (3, 3)"),
    (lambda s, c: s.update({"G/9.W": np.zeros(2, np.float32)}), "has array 'G/9.W'"),
])
def test_checkpoint_of_another_architecture_or_shape(tmp_path, good_checkpoint, change, expect, cli_error):
    path = rewrite(tmp_path / "other.npz", good_checkpoint, change)
    assert expect in cli_error(["train", "--resume", path])


def test_a_damaged_checkpoint_loads_nothing(tmp_path, good_checkpoint, monkeypatch, small_config):
    path = rewrite(tmp_path / "other.npz", good_checkpoint, lambda s, c: s.update({"D/2.b": s["D/2.b"].astype(np.float16)}))
    loaded = []
    from scratchgan import gan
    monkeypatch.setattr(gan.GAN, "load_state_dict", lambda self, state: loaded.append(state))
    with pytest.raises(checkpoint.CheckpointError, match="'D/2.b' has dtype float16, expected float32"):
        train.train(small_config(), resume=path, progress=False)
    assert loaded == []
