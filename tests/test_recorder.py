"""What a run records besides its curves (recorder.py): when snapshots, evaluations and periodic
checkpoints are due."""
from scratchgan import recorder, train


def test_checkpoint_cost_keeps_its_share():
    assert recorder.checkpoint_due(250, 1.0, 0.01) and not recorder.checkpoint_due(249, 1.0, 0.01)
    assert recorder.checkpoint_due(1, 30.0, 0.01)
    assert not recorder.checkpoint_due(10_000, 1.0, 0.05)  # a 50 ms write waits 2.5 s: 2% of the time


def test_snapshots_and_evaluations_come_when_due_and_at_the_last_step(small_config):
    r = train.train(small_config(steps=25, eval_every=10), snapshot_every=10, progress=False)
    assert r.snapshot_steps == [0, 10, 20, 25]  # the start, every 10 steps, and the last step
    assert [e["step"] for e in r.evals] == [10, 20, 25]
    assert r.last_good.step == 25 and isinstance(r.last_good, recorder.SavePoint)
    assert all(s.shape == r.snapshots[0].shape for s in r.snapshots)


def test_the_progress_bar_shows_both_gs():
    ev = {"modes": 8, "n_modes": 8, "high_quality": 0.97, "precision": 0.95, "recall": 0.84,
          "averaged": {"high_quality": 0.98, "precision": 0.96, "recall": 0.85}}
    p = recorder._postfix({"d_loss": 1.3, "g_loss": 0.7}, ev, "averaged")
    assert p["modes"] == "8/8" and p["hq"] == "97%" and p["P/R"] == "0.95/0.84" and p["avg"] == "98% 0.96/0.85"
