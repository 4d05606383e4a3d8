"""Runs that survive faults and mistakes: SIGKILL, SIGTERM, a second signal, an occupied --out,
absurd --steps, damaged checkpoints, and curves that never grow with the steps asked for."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pytest

from scratchgan import checkpoint, cli, runs, train

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--hidden", "16", "--batch-size", "32", "--quiet"]  # swiss_roll: constant learning rate, no modes


def small(data="ring", **kw):
    return train.preset(data, **{"steps": 30, "batch_size": 32, "hidden": 16, "d_hidden": 16, "eval_every": 10,
                                 "lr_decay": 0.0, **kw})


# one BLAS thread in every child: the thread count changes float32 round-off, and the SIGKILL test
# compares two processes' weights bit for bit
ENV = {**os.environ, "PYTHONPATH": ROOT, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def start_cli(*args):
    return subprocess.Popen([sys.executable, "-m", "scratchgan", "train", *args], env=ENV, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


REFERENCE = """
import sys, numpy as np
from scratchgan import checkpoint, train
_, config, meta, _ = checkpoint.load(sys.argv[1])
step, more = meta["step"], int(sys.argv[2])
resumed = train.train({**config, "steps": more}, resume=sys.argv[1], progress=False)
whole = train.train({**config, "steps": step + more}, progress=False)
np.savez(sys.argv[3], **{"resumed/" + k: v for k, v in resumed.state_dict().items()},
         **{"whole/" + k: v for k, v in whole.state_dict().items()},
         resumed_loss=resumed.history["d_loss"], whole_loss=whole.history["d_loss"])
"""


def wait_for_checkpoint(proc, out, min_step=1, timeout=60):
    """Poll until the running child's folder holds a checkpoint of at least ``min_step``; returns its step."""
    t = time.time()
    while time.time() - t < timeout:
        assert proc.poll() is None, proc.communicate()
        try:
            record = json.loads((out / "metrics.json").read_text())
            if record["status"] == "running" and record["steps_done"] >= min_step:
                return record["steps_done"]
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("no periodic checkpoint appeared")


def assert_same_state(a, b):
    assert set(a) == set(b)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_sigkill_mid_run_leaves_a_folder_resume_continues_exactly(tmp_path):
    out = tmp_path / "run"
    proc = start_cli("--data", "swiss_roll", "--steps", "100000", "--out", str(out), *TINY)
    wait_for_checkpoint(proc, out, min_step=250)
    time.sleep(0.3)  # a moment later: mid-step, or mid-write of the next checkpoint
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not [f for f in os.listdir(out) if f not in ("checkpoint.npz", "metrics.json") and not f.endswith(".tmp")]
    state, config, meta, history = checkpoint.load(str(out / "checkpoint.npz"))
    saved = meta["step"]
    assert saved >= 250 and len(history["d_loss"]) == saved and meta["status"] == "running"
    # resume for 20 more steps == the same plan trained without a break to that step (in one child)
    subprocess.run([sys.executable, "-c", REFERENCE, str(out / "checkpoint.npz"), "20", str(tmp_path / "both.npz")],
                   env=ENV, cwd=ROOT, check=True, timeout=300)
    with np.load(tmp_path / "both.npz") as f:
        both = dict(f)
    assert len(both["whole_loss"]) == saved + 20
    np.testing.assert_array_equal(both.pop("whole_loss"), both.pop("resumed_loss"))
    assert_same_state({k[6:]: v for k, v in both.items() if k.startswith("whole/")},
                      {k[8:]: v for k, v in both.items() if k.startswith("resumed/")})


def test_sigterm_is_a_clean_stop_with_a_nonzero_exit(tmp_path):
    out = tmp_path / "run"
    proc = start_cli("--data", "swiss_roll", "--steps", "100000", "--out", str(out), *TINY)
    wait_for_checkpoint(proc, out)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "terminated (SIGTERM) at step" in err and "--resume" in err and "Traceback" not in err
    record = json.loads((out / "metrics.json").read_text())
    _, _, meta, _ = checkpoint.load(str(out / "checkpoint.npz"))
    assert record["status"] == meta["status"] == "terminated" and meta["step"] == record["steps_done"]
    assert {"samples.npy", "samples.png", "curves.png"} <= set(os.listdir(out))
    assert not [f for f in os.listdir(out) if f.endswith(".tmp")]


def test_a_second_signal_during_the_final_write_leaves_no_half_file(tmp_path, monkeypatch):
    """SIGTERM at step 10 stops the loop; while the folder is written, SIGTERM and Ctrl-C arrive
    again (inside the checkpoint write): both wait, and every file comes out whole."""
    real_save = checkpoint.save
    sent = []

    def save_with_signals(path, state, config, meta, history=None):
        if meta["status"] == "terminated":  # the final write
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGINT)
            sent.append(meta["step"])
        return real_save(path, state, config, meta, history)
    monkeypatch.setattr(checkpoint, "save", save_with_signals)

    def term(step, stats, gan):
        if step == 9:
            os.kill(os.getpid(), signal.SIGTERM)
    r = train.train(small(steps=1000), out=str(tmp_path), callback=term, progress=False, figures=False)
    assert r.status == "terminated" and r.step == 10 and sent == [10]
    _, _, meta, history = checkpoint.load(str(tmp_path / "checkpoint.npz"))
    assert meta["step"] == 10 and meta["status"] == "terminated" and len(history["g_loss"]) == 10
    assert json.loads((tmp_path / "metrics.json").read_text())["status"] == "terminated"
    assert np.load(tmp_path / "samples.npy").shape == (2500, 2)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint.npz", "metrics.json", "samples.npy"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers are put back


def test_periodic_checkpoint_says_running_and_resumes_exactly(tmp_path, monkeypatch):
    monkeypatch.setattr(train, "CHECKPOINT_STEPS", 7)
    monkeypatch.setattr(train, "CHECKPOINT_SHARE", 1e9)  # every 7 steps, however long a write takes here
    seen = {}

    def look(step, stats, gan):
        if step == 20:  # the folder as a SIGKILL now would leave it
            seen["record"] = json.loads((tmp_path / "metrics.json").read_text())
            seen["meta"] = checkpoint.load(str(tmp_path / "checkpoint.npz"))[2]
            shutil.copy(tmp_path / "checkpoint.npz", tmp_path / "killed.npz")
    config = small(steps=40)
    r = train.train(config, out=str(tmp_path), callback=look, progress=False, figures=False)
    saved = seen["meta"]["step"]
    assert seen["record"]["status"] == "running" and saved == seen["record"]["steps_done"] == 14
    assert r.checkpoints == 5 and r.checkpoint_seconds > 0  # steps 7, 14, 21, 28, 35 (40 is the final write)
    whole = train.train(config, progress=False)
    resumed = train.train({**config, "steps": 40 - saved}, resume=str(tmp_path / "killed.npz"), progress=False)
    assert_same_state(whole.state_dict(), resumed.state_dict())


def test_checkpoint_cost_keeps_its_share():
    assert train._checkpoint_due(250, 1.0, 0.01) and not train._checkpoint_due(249, 1.0, 0.01)
    assert train._checkpoint_due(1, 30.0, 0.01)
    assert not train._checkpoint_due(10_000, 1.0, 0.05)  # a 50 ms write waits 2.5 s: 2% of the time


def one_line_error(capsys, argv):
    code = cli.main(argv)
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("scratchgan: error:") and "\n" not in err and "Traceback" not in err
    return err


def test_an_occupied_out_is_refused_with_what_to_do(capsys, tmp_path):
    out = tmp_path / "run"
    assert cli.main(["train", "--data", "gaussian", "--steps", "12", "--out", str(out), *TINY]) == 0
    before = (out / "checkpoint.npz").read_bytes()
    err = one_line_error(capsys, ["train", "--data", "ring", "--steps", "5", "--out", str(out), *TINY])
    assert "already holds a run (data gaussian, step 12, status done)" in err
    assert "--resume" in err and "another --out" in err and "--overwrite" in err
    assert (out / "checkpoint.npz").read_bytes() == before  # untouched
    # resuming that run into its own folder is allowed, and so is --overwrite
    assert cli.main(["train", "--resume", str(out / "checkpoint.npz"), "--steps", "3", "--quiet"]) == 0
    assert checkpoint.load(str(out / "checkpoint.npz"))[2]["step"] == 15
    assert cli.main(["train", "--data", "ring", "--steps", "5", "--out", str(out), "--overwrite", *TINY]) == 0
    assert json.loads((out / "metrics.json").read_text())["config"]["data"] == "ring"
    assert not (out / "figure1.png").exists()  # the old 1-D run's figure went with it


def test_default_folder_names_never_collide(tmp_path):
    names = {runs.new_folder("mnist:test", root=str(tmp_path)) for _ in range(5)}  # all within one second
    assert len(names) == 5 and all(os.path.isdir(n) and ":" not in os.path.basename(n) for n in names)


def test_steps_far_beyond_memory_allocate_nothing_big():
    """A billion steps asked for, three run: the curves hold what ran, not what was asked for."""
    def stop(step, stats, gan):
        if step == 2:
            raise KeyboardInterrupt
    tracemalloc.start()
    r = train.train(small(steps=train.MAX_STEPS), callback=stop, progress=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert r.status == "interrupted" and r.step == 3 and len(r.history["d_loss"]) == 3
    assert peak < 30 * 2**20, peak  # the old preallocation: 6 x 4 GB


def test_absurd_steps_and_networks_get_one_line(capsys):
    assert "more than 1,000,000,000" in one_line_error(capsys, ["train", "--steps", "4000000000"])
    assert "GiB" in one_line_error(capsys, ["train", "--data", "ring", "--hidden", "10000000", "--steps", "1"])


def test_curves_keep_a_fixed_resolution_past_max_points(monkeypatch):
    monkeypatch.setattr(runs, "MAX_POINTS", 8)
    curves = runs.Curves()
    for i in range(1, 101):
        curves.append({k: float(i) for k in runs.HISTORY})
    h = curves.arrays()
    assert curves.every == 16 and curves.n <= 8 and len(h["d_loss"]) == 6  # 96 steps in 6 points, 4 pending
    np.testing.assert_allclose(h["d_loss"], [np.mean(range(16 * j + 1, 16 * j + 17)) for j in range(6)])
    np.testing.assert_array_equal(h["step"], 16 * np.arange(1, 7))
    assert curves.pending["count"] == 4


def test_resume_is_exact_across_averaged_curves(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "MAX_POINTS", 8)
    config = small(steps=50)
    whole = train.train(config, progress=False)
    train.train({**config, "steps": 27}, out=str(tmp_path), progress=False, figures=False)
    resumed = train.train({**config, "steps": 23}, resume=str(tmp_path / "checkpoint.npz"), progress=False)
    assert whole.history_every == resumed.history_every > 1
    for k in runs.HISTORY:
        np.testing.assert_array_equal(whole.history[k], resumed.history[k], err_msg=k)


# --- damaged checkpoints: one line naming the array, expected against found, nothing loaded ---

@pytest.fixture(scope="module")
def good_checkpoint(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good")
    train.train(small(steps=5), out=str(folder), progress=False, figures=False)
    return folder / "checkpoint.npz"


def rewrite(path, src, change):
    state, config, meta, history = checkpoint.load(str(src))
    change(state, config)
    checkpoint.save(str(path), state, config, meta, history)
    return str(path)


def test_truncated_checkpoint(capsys, tmp_path, good_checkpoint):
    data = good_checkpoint.read_bytes()
    for cut in (len(data) // 2, len(data) - 30):
        (tmp_path / "cut.npz").write_bytes(data[:cut])
        err = one_line_error(capsys, ["train", "--resume", str(tmp_path / "cut.npz")])
        assert "truncated or damaged" in err


def test_checkpoint_with_a_damaged_array(capsys, tmp_path, good_checkpoint):
    import zipfile
    with zipfile.ZipFile(good_checkpoint) as z:
        info = z.getinfo("G/0.W.npy")
    data = bytearray(good_checkpoint.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + 100  # inside the array's bytes
    data[start:start + 8] = b"\xff" * 8
    (tmp_path / "bad.npz").write_bytes(bytes(data))
    assert "array 'G/0.W' is damaged" in one_line_error(capsys, ["train", "--resume", str(tmp_path / "bad.npz")])


@pytest.mark.parametrize("change, expect", [
    (lambda s, c: c.update(hidden=32), "array 'G/0.W' has shape (1, 16), expected (1, 32)"),
    (lambda s, c: c.update(layers=4), "lacks array 'G/8.W'"),
    (lambda s, c: s.update({"D/0.W": s["D/0.W"].astype(np.float64)}), "array 'D/0.W' has dtype float64, expected float32"),
    (lambda s, c: s.update({"G/2.b": s["G/2.b"][:3]}), "array 'G/2.b' has shape (3,), expected (16,)"),
    (lambda s, c: s.update({"g_opt/2.W/m": np.zeros((3, 3), np.float32)}), "'g_opt/2.W/m' has shape (3, 3)"),
    (lambda s, c: s.update({"G/9.W": np.zeros(2, np.float32)}), "has array 'G/9.W'"),
])
def test_checkpoint_of_another_architecture_or_shape(capsys, tmp_path, good_checkpoint, change, expect):
    path = rewrite(tmp_path / "other.npz", good_checkpoint, change)
    assert expect in one_line_error(capsys, ["train", "--resume", path])


def test_a_damaged_checkpoint_loads_nothing(tmp_path, good_checkpoint, monkeypatch):
    path = rewrite(tmp_path / "other.npz", good_checkpoint, lambda s, c: s.update({"D/2.b": s["D/2.b"].astype(np.float16)}))
    loaded = []
    from scratchgan import gan
    monkeypatch.setattr(gan.GAN, "load_state_dict", lambda self, state: loaded.append(state))
    with pytest.raises(checkpoint.CheckpointError, match="'D/2.b' has dtype float16, expected float32"):
        train.train(small(), resume=path, progress=False)
    assert loaded == []


def test_a_signal_during_a_periodic_checkpoint_waits_for_it_then_stops(tmp_path, monkeypatch):
    real_save = checkpoint.save
    monkeypatch.setattr(train, "CHECKPOINT_STEPS", 8)
    monkeypatch.setattr(train, "CHECKPOINT_SHARE", 1e9)

    def save(path, state, config, meta, history=None):
        if meta["status"] == "running" and meta["step"] == 16:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives mid-write
        return real_save(path, state, config, meta, history)
    monkeypatch.setattr(checkpoint, "save", save)
    r = train.train(small(steps=1000), out=str(tmp_path), progress=False, figures=False)
    assert r.status == "terminated" and r.step == 16 and r.checkpoints == 2
    assert checkpoint.load(str(tmp_path / "checkpoint.npz"))[2]["step"] == 16
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
