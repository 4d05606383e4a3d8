"""What a run records while it trains, besides its curves (``train.loop``'s ``Recorder``).

After each step, when due: a snapshot (G's samples of a fixed z, for the animation and the
snapshot figure; for 1-D data G's and D's weights too), an evaluation (``evaluation.evaluate``)
with a save point (``SavePoint``: everything needed to continue exactly, kept for a NaN
rollback), a periodic checkpoint into the run folder, and the progress bar.

A periodic checkpoint is never more than ``CHECKPOINT_STEPS`` steps or ``CHECKPOINT_SECONDS``
old, so even SIGKILL loses little, unless writing one takes more than ``CHECKPOINT_SHARE`` of
the run's time: then it waits longer (``checkpoint_due``).
"""
import dataclasses
import json
import time

from . import backend, checkpoint, runs
from .evaluation import evaluate, side_by_side

CHECKPOINT_STEPS, CHECKPOINT_SECONDS = 250, 30.0  # a periodic checkpoint is never older than either...
CHECKPOINT_SHARE = 0.02  # ...unless writing it would take more than 2% of the run: then it waits longer


@dataclasses.dataclass
class SavePoint:
    """Everything needed to continue exactly from ``step``: the state arrays (``Result.state_dict``),
    both RNG states as JSON text (``checkpoint.rng_state``: the data stream's, and the device
    noise's on NumPy; CuPy's cannot be saved exactly) and the curves' state (``Curves.state``)."""
    step: int
    state: dict
    data_rng: str
    noise_rng: str | None
    curves: dict


def save_point(result):
    """A ``SavePoint`` of the run as it is now (copies of every array)."""
    noise = checkpoint.rng_state(backend.device_rng()) if backend.get_backend() == "numpy" else None
    return SavePoint(result.step, result.state_dict(), checkpoint.rng_state(result.data_rng), noise,
                     json_copy(result.curves.state()))


def json_copy(x):
    """A deep copy of a JSON-able value (the curves' pending sums)."""
    return json.loads(json.dumps(x))


def checkpoint_due(steps, seconds, cost):
    """Whether a periodic checkpoint is due, ``steps`` steps and ``seconds`` seconds after the last.

    Due after CHECKPOINT_STEPS steps or CHECKPOINT_SECONDS seconds, but never sooner than
    cost / CHECKPOINT_SHARE seconds after the last (cost: the seconds that one took), so
    checkpoints take at most CHECKPOINT_SHARE of a run's time.
    """
    return (steps >= CHECKPOINT_STEPS or seconds >= CHECKPOINT_SECONDS) and seconds * CHECKPOINT_SHARE >= cost


class Recorder:
    """What the loop records besides the curves, each when it is due after a step.

    A snapshot (G's samples of a fixed z; for 1-D data G's and D's weights too) every
    ``every`` steps; an evaluation (the cheap metrics, and a save point) every
    ``eval_every`` steps; with ``out``, a periodic checkpoint (``checkpoint_due``); the
    progress bar. The last step of the run always gets a snapshot and an evaluation.
    """

    def __init__(self, result, out, total, snapshot_every=None, progress=True):
        self.result, self.out, self.total = result, out, total
        self.every = snapshot_every or max(1, result.config["steps"] // 20)
        self.z_fixed = result.z_eval[:500 if result.dataset.kind != "image" else 36]
        self.labels_fixed = None if result.labels_eval is None else result.labels_eval[:len(self.z_fixed)]
        self.bar = _progress(progress, result.step, total, result.dataset.name)
        self.written, self.last_write, self.cost = result.step, time.perf_counter(), 0.0

    def after_step(self, stats):
        """Record what is due after the step just counted in ``result.step`` (``stats``: its numbers)."""
        result, step = self.result, self.result.step
        last = step == self.total
        if step % self.every == 0 or last:
            self.snapshot()
        if step % result.config["eval_every"] == 0 or last:
            result.last_good = save_point(result)
            ev = evaluate(result)
            result.evals.append({"step": step, **ev, **side_by_side(result, used=ev)})
            if self.bar is not None:
                other = "raw" if result.uses_average else "averaged"
                self.bar.set_postfix(_postfix(stats, result.evals[-1], other), refresh=False)
        if self.out is not None and not last and checkpoint_due(step - self.written,
                                                                time.perf_counter() - self.last_write, self.cost):
            self.checkpoint()
        if self.bar is not None:
            self.bar.update(1)

    def snapshot(self):
        """G's samples of the fixed z now (data units); for 1-D data, G's and D's weights too
        (Figure 1's four panels (a)-(d) from this run)."""
        result = self.result
        result.snapshots.append(result.generate(self.z_fixed, self.labels_fixed))
        result.snapshot_steps.append(result.step)
        if result.dataset.kind == "1d":
            result.states.append({k: v for k, v in result.gan.state_dict().items() if k[:2] in ("G/", "D/")})

    def checkpoint(self):
        """Write the run as it is now into ``out`` (status "running"), and time the write.

        A Ctrl-C or SIGTERM during the write waits for it and then stops the run
        (``signals.StopSignals.held``).
        """
        result, t = self.result, time.perf_counter()
        try:
            result.last_good = save_point(result)
            runs.write_progress(self.out, result)
        finally:
            self.cost = time.perf_counter() - t
            result.checkpoints += 1
            result.checkpoint_seconds += self.cost
        self.written, self.last_write = result.step, time.perf_counter()

    def close(self):
        """Close the progress bar."""
        if self.bar is not None:
            self.bar.close()


def _postfix(stats, ev, other=None):
    """The progress bar's numbers: the losses, and the modes, high-quality share, precision/recall of ``ev``."""
    p = {"D": f"{stats['d_loss']:.3f}", "G": f"{stats['g_loss']:.3f}"}
    if "modes" in ev:
        p["modes"] = f"{ev['modes']}/{ev['n_modes']}"
        p["hq"] = f"{100 * ev['high_quality']:.0f}%"
    if "precision" in ev:
        p["P/R"] = f"{ev['precision']:.2f}/{ev['recall']:.2f}"
    if other in ev:  # the other G beside it (side_by_side): "avg" or "raw"
        o = ev[other]
        p["avg" if other == "averaged" else "raw"] = " ".join(
            ([f"{100 * o['high_quality']:.0f}%"] if "high_quality" in o else []) +
            ([f"{o['precision']:.2f}/{o['recall']:.2f}"] if "precision" in o else []))
    if "agreement" in ev:
        p["agree"] = f"{100 * ev['agreement']:.0f}% (worst {100 * ev['agreement_worst']:.0f}%)"
        o = ev.get(other, {})
        if "agreement" in o:  # the other G's agreement beside it
            name = "agree avg" if other == "averaged" else "agree raw"
            p[name] = f"{100 * o['agreement']:.0f}% (worst {100 * o['agreement_worst']:.0f}%)"
    return p


def _progress(enabled, start, total, name):
    """A tqdm progress bar from ``start`` to ``total`` steps, or None when not ``enabled``."""
    if not enabled:
        return None
    from tqdm import tqdm
    return tqdm(total=total, initial=start, desc=f"train {name}", unit="step", mininterval=0.5)

