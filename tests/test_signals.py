"""Stop signals (signals.py): Ctrl-C and SIGTERM stop a run cleanly; a signal during a write waits for it."""
import json
import os
import signal

import numpy as np
import pytest

from scratchgan import checkpoint, recorder, train
from scratchgan.signals import StopSignals, Terminated


def test_a_signal_inside_held_waits_for_the_block_then_stops():
    done = []
    with pytest.raises(Terminated):
        with StopSignals():
            with StopSignals.held():
                os.kill(os.getpid(), signal.SIGTERM)
                done.append("the block ran to its end")
    assert done == ["the block ran to its end"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers are put back


def test_once_stopping_a_signal_only_prints_a_line(capsys):
    with StopSignals() as signals:
        signals.stopping = True  # as train.train sets it while the run folder is written
        os.kill(os.getpid(), signal.SIGINT)
    assert "SIGINT again; finishing the run folder first" in capsys.readouterr().err


def test_a_second_signal_during_the_final_write_leaves_no_half_file(tmp_path, monkeypatch, small_config):
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
    r = train.train(small_config(steps=1000), out=str(tmp_path), callback=term, progress=False, figures=False)
    assert r.status == "terminated" and r.step == 10 and sent == [10]
    _, _, meta, history = checkpoint.load(str(tmp_path / "checkpoint.npz"))
    assert meta["step"] == 10 and meta["status"] == "terminated" and len(history["g_loss"]) == 10
    assert json.loads((tmp_path / "metrics.json").read_text())["status"] == "terminated"
    assert np.load(tmp_path / "samples.npy").shape == (2500, 2)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint.npz", "metrics.json", "samples.npy"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers are put back


def test_a_signal_during_a_periodic_checkpoint_waits_for_it_then_stops(tmp_path, monkeypatch, small_config):
    real_save = checkpoint.save
    monkeypatch.setattr(recorder, "CHECKPOINT_STEPS", 8)
    monkeypatch.setattr(recorder, "CHECKPOINT_SHARE", 1e9)

    def save(path, state, config, meta, history=None):
        if meta["status"] == "running" and meta["step"] == 16:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives mid-write
        return real_save(path, state, config, meta, history)
    monkeypatch.setattr(checkpoint, "save", save)
    r = train.train(small_config(steps=1000), out=str(tmp_path), progress=False, figures=False)
    assert r.status == "terminated" and r.step == 16 and r.checkpoints == 2
    assert checkpoint.load(str(tmp_path / "checkpoint.npz"))[2]["step"] == 16
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
