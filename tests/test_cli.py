"""The command line (cli.py): a run folder from one command, and every bad input as one line."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from scratchgan import backend, cli, train

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_FILES = {"metrics.json", "samples.npy", "samples.png", "training.gif", "checkpoint.npz"}


def run_cli(*args):
    env = {**os.environ, "PYTHONPATH": ROOT, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "scratchgan", *args], capture_output=True, text=True, env=env,
                           cwd=ROOT, timeout=120)


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


def test_cli_nan_from_a_huge_learning_rate_is_one_line(tmp_path):
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = cli.main(["train", "--data", "gaussian", "--steps", "200", "--lr", "1e30", "--out", str(tmp_path), "--quiet"])
    assert code == 1 and (tmp_path / "checkpoint.npz").exists()
    # NaN at the first step: the run folder still gets its usual figures (curves say there is nothing to plot)
    assert (tmp_path / "curves.png").exists() and (tmp_path / "samples.png").exists()
    assert not [w for w in caught if "write_run_figures" in str(w.message)]


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
def test_bad_arguments_end_in_one_line(argv, expect, cli_error):
    assert expect in cli_error(argv)


def test_cupy_backend_without_a_gpu_says_what_is_missing(cli_error):
    try:
        backend.import_cupy()
        pytest.skip("CuPy and a GPU are present here")
    except backend.BackendUnavailable:
        pass
    assert "CuPy" in cli_error(["train", "--backend", "cupy", "--steps", "1"])


def test_bad_data_files_end_in_one_line(tmp_path, cli_error):
    x = np.ones((50, 2))
    x[7, 0] = np.inf
    np.save(tmp_path / "inf.npy", x)
    assert "NaN or inf" in cli_error(["train", "--data", str(tmp_path / "inf.npy")])
    np.save(tmp_path / "few.npy", np.ones((10, 2)))
    assert "fewer than a batch" in cli_error(["train", "--data", str(tmp_path / "few.npy")])


def test_resume_refuses_new_settings(tmp_path, cli_error, small_config):
    train.train(small_config(steps=5), out=str(tmp_path), progress=False, figures=False)
    err = cli_error(["train", "--resume", str(tmp_path / "checkpoint.npz"), "--hidden", "64"])
    assert "--hidden" in err


def test_subprocess_errors_have_no_traceback(tmp_path):
    for args in (["train", "--data", "nope"], ["train", "--resume", str(tmp_path / "none.npz")]):
        proc = run_cli(*args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


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
