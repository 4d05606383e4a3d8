"""Runs that survive faults and mistakes (runs.py): SIGKILL and SIGTERM leave a folder that resumes
exactly, an occupied --out is refused, and default folder names never collide."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np

from scratchgan import checkpoint, cli, runs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--hidden", "16", "--batch-size", "32", "--quiet"]  # swiss_roll: constant learning rate, no modes

# one BLAS thread in every child: the thread count changes float32 round-off, and the SIGKILL test
# compares two processes' weights bit for bit
ENV = {**os.environ, "PYTHONPATH": ROOT, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


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


def start_cli(*args):
    return subprocess.Popen([sys.executable, "-m", "scratchgan", "train", *args], env=ENV, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


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


def test_an_occupied_out_is_refused_with_what_to_do(tmp_path, cli_error):
    out = tmp_path / "run"
    assert cli.main(["train", "--data", "gaussian", "--steps", "12", "--out", str(out), *TINY]) == 0
    before = (out / "checkpoint.npz").read_bytes()
    err = cli_error(["train", "--data", "ring", "--steps", "5", "--out", str(out), *TINY])
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
