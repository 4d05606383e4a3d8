"""The main job: the run folder, exact resume, clean stops, checkpoints, and every bad input."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from scratchgan import backend, checkpoint, cli, train

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_FILES = {"metrics.json", "samples.npy", "samples.png", "training.gif", "checkpoint.npz"}


def run_cli(*args):
    env = {**os.environ, "PYTHONPATH": ROOT, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "scratchgan", *args], capture_output=True, text=True, env=env,
                           cwd=ROOT, timeout=120)


def small(data="ring", **kw):
    """A ring config small enough for a test: tiny nets, constant lr."""
    return train.preset(data, **{"steps": 30, "batch_size": 32, "hidden": 16, "d_hidden": 16, "eval_every": 10,
                                 "lr_decay": 0.0, **kw})


def test_cli_writes_every_file_of_the_run_folder(tmp_path):
    out = tmp_path / "run"
    proc = run_cli("train", "--data", "ring", "--steps", "20", "--batch-size", "32", "--hidden", "16",
                   "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert RUN_FILES <= set(os.listdir(out))
    record = json.loads((out / "metrics.json").read_text())
    assert record["config"]["data"] == "ring" and record["config"]["steps"] == 20 and record["seconds"] > 0
    assert set(record["metrics"]) >= {"modes", "high_quality", "reverse_kl"}
    assert len(record["history"]["d_loss"]) == 20
    samples = np.load(out / "samples.npy")
    assert samples.shape == (2500, 2) and samples.dtype == np.float32
    assert (out / "training.gif").read_bytes()[:6] in (b"GIF87a", b"GIF89a")
    assert (out / "samples.png").read_bytes()[:4] == b"\x89PNG"


def test_run_folder_for_1d_data(tmp_path):
    r = train.train(small("gaussian", steps=12), out=str(tmp_path), progress=False, figures=False)
    assert len(r.states) == len(r.snapshot_steps) >= 4 and {k[:2] for k in r.states[0]} == {"G/", "D/"}
    assert RUN_FILES - {"samples.png", "training.gif"} <= set(os.listdir(tmp_path))
    assert np.load(tmp_path / "samples.npy").shape == (2500, 1)
    assert {"wasserstein", "js", "value_at_optimum", "mean", "std"} <= set(r.metrics)


def test_resume_equals_uninterrupted(tmp_path):
    config = small(ema=0.9)
    whole = train.train({**config, "steps": 40}, progress=False)
    train.train({**config, "steps": 25}, out=str(tmp_path), progress=False, figures=False)
    resumed = train.train({**config, "steps": 15}, progress=False, resume=str(tmp_path / "checkpoint.npz"))
    a, b = whole.state_dict(), resumed.state_dict()
    assert set(a) == set(b) and any(k.startswith("d_opt/") for k in a) and any(k.startswith("ema/") for k in a)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    for k in whole.history:
        np.testing.assert_array_equal(whole.history[k], resumed.history[k], err_msg=k)
    np.testing.assert_array_equal(whole.samples, resumed.samples)


def test_interrupted_run_with_lr_decay_resumes_exactly(tmp_path):
    """Ctrl-C at step 25 of a 40-step plan, then --resume for the 15 left == the 40 steps in one go,
    with the learning rate falling over the last half: the checkpoint keeps the schedule's plan."""
    config = small(lr_decay=0.5, lr_final=0.1, steps=40)
    whole = train.train(config, progress=False)

    def interrupt(step, stats, gan):
        if step == 24:
            raise KeyboardInterrupt
    stopped = train.train(config, out=str(tmp_path), callback=interrupt, progress=False, figures=False)
    assert stopped.status == "interrupted" and stopped.step == 25
    resumed = train.train({**config, "steps": 15}, progress=False, resume=str(tmp_path / "checkpoint.npz"))
    a, b = whole.state_dict(), resumed.state_dict()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_learning_rate_falls_then_holds():
    c = small(lr=1.0, lr_decay=0.5, lr_final=0.1, schedule_steps=100)
    rates = [train.learning_rate(c, s) for s in (0, 49, 50, 75, 100, 500)]
    assert rates[:3] == [1.0, 1.0, 1.0] and rates[3] == pytest.approx(0.55) and rates[4:] == [pytest.approx(0.1)] * 2


def test_ctrl_c_stops_cleanly_and_writes_the_folder(tmp_path):
    def interrupt(step, stats, gan):
        if step == 9:
            raise KeyboardInterrupt
    r = train.train(small(), out=str(tmp_path), callback=interrupt, progress=False, figures=False)
    assert r.status == "interrupted" and r.step == 10
    assert {"metrics.json", "samples.npy", "checkpoint.npz"} <= set(os.listdir(tmp_path))
    _, _, meta, history = checkpoint.load(str(tmp_path / "checkpoint.npz"))
    assert meta["step"] == 10 and len(history["d_loss"]) == 10


def test_nan_loss_stops_and_keeps_the_last_good_state(tmp_path):
    def poison(step, stats, gan):
        if step == 14:
            gan.D.params["0.W"][...] = np.nan
    r = train.train(small(), out=str(tmp_path), callback=poison, progress=False, figures=False)
    assert r.status == "nan" and "lower learning rate" in r.message and "\n" not in r.message
    state, _, meta, _ = checkpoint.load(str(tmp_path / "checkpoint.npz"))
    assert meta["step"] == 10  # the last evaluation before the NaN
    assert all(np.isfinite(v).all() for v in state.values())
    record = json.loads((tmp_path / "metrics.json").read_text())
    assert record["status"] == "nan" and record["metrics"]["modes"] >= 0


def test_cli_nan_from_a_huge_learning_rate_is_one_line(tmp_path):
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = cli.main(["train", "--data", "gaussian", "--steps", "200", "--lr", "1e30", "--out", str(tmp_path), "--quiet"])
    assert code == 1 and (tmp_path / "checkpoint.npz").exists()
    # NaN at the first step: the run folder still gets its usual figures (curves say there is nothing to plot)
    assert (tmp_path / "curves.png").exists() and (tmp_path / "samples.png").exists()
    assert not [w for w in caught if "write_run_figures" in str(w.message)]


def one_line_error(capsys, argv):
    code = cli.main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("scratchgan: error:") and "\n" not in err and "Traceback" not in err
    return err


def write_npz(path, **arrays):
    np.savez(path, **arrays)
    return str(path)


@pytest.mark.parametrize("argv, expect", [
    (["train", "--data", "moon"], "choose one of gaussian"),
    (["train", "--loss", "wgan"], "choose from"),
    (["train", "--steps", "0"], "positive"),
    (["train", "--steps", "-5"], "positive"),
    (["train", "--batch-size", "many"], "whole number"),
    (["train", "--lr", "0"], "> 0"),
    (["train", "--beta1", "1.5"], "beta1"),
    (["train", "--pack", "3", "--batch-size", "32"], "multiple of pack"),
    (["train", "--backend", "tpu"], "choose from"),
    (["train", "--resume", "missing.npz"], "no such checkpoint"),
    (["--bogus"], "unrecognized"),
])
def test_bad_arguments_end_in_one_line(capsys, argv, expect):
    assert expect in one_line_error(capsys, argv)


def test_cupy_backend_without_a_gpu_says_what_is_missing(capsys):
    try:
        backend.import_cupy()
        pytest.skip("CuPy and a GPU are present here")
    except backend.BackendUnavailable:
        pass
    assert "CuPy" in one_line_error(capsys, ["train", "--backend", "cupy", "--steps", "1"])


def test_bad_data_files_end_in_one_line(capsys, tmp_path):
    x = np.ones((50, 2))
    x[7, 0] = np.inf
    np.save(tmp_path / "inf.npy", x)
    assert "NaN or inf" in one_line_error(capsys, ["train", "--data", str(tmp_path / "inf.npy")])
    np.save(tmp_path / "few.npy", np.ones((10, 2)))
    assert "fewer than a batch" in one_line_error(capsys, ["train", "--data", str(tmp_path / "few.npy")])


def test_files_that_are_not_checkpoints(capsys, tmp_path):
    (tmp_path / "text.npz").write_text("hello")
    assert "not an .npz" in one_line_error(capsys, ["train", "--resume", str(tmp_path / "text.npz")])
    plain = write_npz(tmp_path / "plain.npz", W=np.ones(3))
    assert "missing __format__" in one_line_error(capsys, ["train", "--resume", plain])
    objects = write_npz(tmp_path / "objects.npz", x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(checkpoint.CheckpointError, match="object arrays"):
        checkpoint.load(objects)


def test_resume_refuses_new_settings(capsys, tmp_path):
    train.train(small(steps=5), out=str(tmp_path), progress=False, figures=False)
    err = one_line_error(capsys, ["train", "--resume", str(tmp_path / "checkpoint.npz"), "--hidden", "64"])
    assert "--hidden" in err


def test_subprocess_errors_have_no_traceback(tmp_path):
    for args in (["train", "--data", "nope"], ["train", "--resume", str(tmp_path / "none.npz")]):
        proc = run_cli(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


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


def test_a_header_csv_trains_labels_its_axes_and_gets_quality_numbers(capsys, tmp_path, monkeypatch):
    from scratchgan.plots import run as plots  # write_run_figures' module: the names it calls are patched there
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal([170, 70], [8, 9], (300, 2)), rng.normal([120, 25], [6, 4], (300, 2))])
    path = tmp_path / "people.csv"
    path.write_text("height_cm,weight_kg\n" + "".join(f"{a:.1f},{b:.1f}\n" for a, b in x))
    saved, gif = {}, {}
    real_save, real_gif = plots.save, plots.training_gif
    monkeypatch.setattr(plots, "save", lambda fig, p: saved.update({os.path.basename(p): fig}) or real_save(fig, p))
    monkeypatch.setattr(plots, "training_gif", lambda *a, **k: gif.update(k) or real_gif(*a, **k))
    code = cli.main(["train", "--data", str(path), "--steps", "30", "--batch-size", "32", "--hidden", "16",
                     "--out", str(tmp_path / "run"), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    ax = saved["samples.png"].axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("height_cm", "weight_kg") and gif["labels"] == ["height_cm", "weight_kg"]
    assert "precision" in out and "recall" in out and "energy" in out and "(real vs real" in out
    record = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert {"precision", "recall", "energy", "energy_real"} <= set(record["metrics"])
    assert all("precision" in e for e in record["evals"])
