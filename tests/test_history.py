"""The per-step curves (history.py): a fixed resolution however long the run, and exact across a resume."""
import numpy as np

from scratchgan import history, train


def test_curves_keep_a_fixed_resolution_past_max_points(monkeypatch):
    monkeypatch.setattr(history, "MAX_POINTS", 8)
    curves = history.Curves()
    for i in range(1, 101):
        curves.append({k: float(i) for k in history.HISTORY})
    h = curves.arrays()
    assert curves.every == 16 and curves.n <= 8 and len(h["d_loss"]) == 6  # 96 steps in 6 points, 4 pending
    np.testing.assert_allclose(h["d_loss"], [np.mean(range(16 * j + 1, 16 * j + 17)) for j in range(6)])
    np.testing.assert_array_equal(h["step"], 16 * np.arange(1, 7))
    assert curves.pending["count"] == 4


def test_resume_is_exact_across_averaged_curves(tmp_path, monkeypatch, small_config):
    monkeypatch.setattr(history, "MAX_POINTS", 8)
    config = small_config(steps=50)
    whole = train.train(config, progress=False)
    train.train({**config, "steps": 27}, out=str(tmp_path), progress=False, figures=False)
    resumed = train.train({**config, "steps": 23}, resume=str(tmp_path / "checkpoint.npz"), progress=False)
    assert whole.history_every == resumed.history_every > 1
    for k in history.HISTORY:
        np.testing.assert_array_equal(whole.history[k], resumed.history[k], err_msg=k)
