"""The run folder: everything a training run leaves behind, written so that no fault loses it.

    metrics.json     config, status, seconds, final metrics, evaluations, history
    samples.npy      2,500 final samples, float32, shape (2500, dim), data units
    samples.png      the samples against the data (scatter, histogram or digits)
    curves.png       the training curves
    training.gif     the fixed-z snapshots as an animation
    checkpoint.npz   everything needed to resume (``checkpoint.py``)

While a run trains, its folder already holds checkpoint.npz and a metrics.json
whose status is "running" (``write_progress``, every few hundred steps or ~30
s: ``train.CHECKPOINT_STEPS``); at the end every file is written again, with
status "done", "interrupted" (Ctrl-C), "terminated" (SIGTERM) or "nan". Every
file goes to a temporary name, is fsynced and renamed (``checkpoint.write_atomic``),
so a kill at any moment leaves the old file or the new one, never half of one.

A folder that holds a run is never replaced silently: ``claim`` refuses it
unless the caller resumes that run or asks to overwrite it.

This module also keeps the per-step curves (``Curves``) and the signal
handling of a run (``StopSignals``).
"""
import io
import json
import math
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager

import numpy as np

from . import backend, checkpoint

# per-step curves; "value" is V(D, G) from gan.d_step (BCE losses; NaN for the critic losses, which have no V)
HISTORY = ("d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm", "value")
MAX_POINTS = 2**20  # per curve: 4 MiB of float32; past that, neighbouring points are averaged in pairs
MAX_HISTORY_POINTS = 2000  # per curve in metrics.json
RUN_FILES = ("checkpoint.npz", "metrics.json", "samples.npy", "samples.png", "curves.png", "training.gif", "figure1.png")


class RunFolderError(ValueError):
    """``--out`` names a folder that already holds a run; the message says what to do."""


class Curves:
    """The per-step curves (``HISTORY``) of a run, growing as it goes: float32, capacity doubled when full.

    Up to ``MAX_POINTS`` steps every step is kept; past that, neighbouring points are
    averaged in pairs and each point then stands for ``every`` steps (2, 4, ...), so a
    curve never holds more than MAX_POINTS numbers, however many steps are asked for.
    ``pending`` holds the running sums of a block of ``every`` steps not yet complete.
    """

    def __init__(self, history=None, every=1, pending=None):
        history = history or {}
        n = len(history.get(HISTORY[0], ()))
        self.every, self.n = every, n
        self.pending = pending or {"count": 0, "sums": {k: 0.0 for k in HISTORY}}
        self.pending["sums"] = {k: self.pending["sums"].get(k, np.nan) for k in HISTORY}  # older checkpoints: V unknown
        self.data = {k: np.empty(max(16, 2 * n), np.float32) for k in HISTORY}
        for k in HISTORY:
            self.data[k][:n] = history.get(k, np.full(n, np.nan))[:n]

    def append(self, stats):
        stats = {k: stats.get(k, np.nan) for k in HISTORY}  # a critic loss has no "value"
        if self.every > 1:  # one point per block of `every` steps: their mean
            p = self.pending
            p["count"] += 1
            for k in HISTORY:
                p["sums"][k] += float(stats[k])
            if p["count"] < self.every:
                return
            stats = {k: p["sums"][k] / self.every for k in HISTORY}
            self.pending = {"count": 0, "sums": {k: 0.0 for k in HISTORY}}
        if self.n >= MAX_POINTS:  # this point becomes the first half of a block twice as long
            self._halve()
            self.pending = {"count": self.every // 2, "sums": {k: float(stats[k]) * (self.every // 2) for k in HISTORY}}
            return
        if self.n == len(self.data[HISTORY[0]]):  # full: twice the room (amortised O(1) a step)
            self.data = {k: np.concatenate([v, np.empty_like(v)]) for k, v in self.data.items()}
        self.append_point(stats)

    def append_point(self, stats):
        for k in HISTORY:
            self.data[k][self.n] = stats[k]
        self.n += 1

    def _halve(self):
        """Average neighbouring points in pairs: n points of `every` steps -> n/2 points of 2 `every`."""
        half = self.n // 2
        for k, v in self.data.items():
            v[:half] = (v[0:2 * half:2] + v[1:2 * half:2]) / 2
        self.n, self.every = half, 2 * self.every

    def truncate(self, step):
        """Keep the points of the first ``step`` steps (after a rollback; a partial block restarts empty)."""
        self.n = min(self.n, step // self.every)
        self.pending = {"count": 0, "sums": {k: 0.0 for k in HISTORY}}

    def arrays(self):
        """name -> float32 array of the points so far (views), and "step" (the last step of each
        point) once points stand for more than one step."""
        out = {k: v[:self.n] for k, v in self.data.items()}
        if self.every > 1:
            out["step"] = self.every * np.arange(1, self.n + 1)
        return out

    def state(self):
        """What a checkpoint needs besides the points: JSON-able."""
        return {"every": self.every, "pending": self.pending}


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop like Ctrl-C, with status "terminated"."""


class StopSignals:
    """Ctrl-C (SIGINT) and SIGTERM while a run trains: the first one stops it, the rest wait.

    ``with StopSignals() as signals:`` installs one handler for both (main thread only).
    The first signal raises KeyboardInterrupt (Ctrl-C) or ``Terminated`` (SIGTERM: ``kill``,
    ``docker stop``, a scheduler) where training is, so the loop ends as cleanly as on
    Ctrl-C. Once ``stopping`` is set (by that signal, or by the caller when the loop ends),
    further signals only print a line: the run folder is being written, and a half-written
    file is the one thing a second Ctrl-C must not cause. Inside ``held()`` (a periodic
    checkpoint) the first signal waits until the block is done, then stops the run.
    """
    active = None  # the StopSignals of the run in progress, for ``held``

    def __init__(self):
        self.stopping, self.holding, self.noted, self.old = False, False, [], {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.old = {s: signal.signal(s, self.handle) for s in (signal.SIGINT, signal.SIGTERM)}
        StopSignals.active = self
        return self

    def __exit__(self, *exc):
        for s, h in self.old.items():
            signal.signal(s, h)
        StopSignals.active = None

    def handle(self, signum, frame):
        if self.stopping:
            print(f"scratchgan: {signal.Signals(signum).name} again; finishing the run folder first", file=sys.stderr)
        elif self.holding:
            self.noted.append(signum)
        else:
            self.stop(signum)

    def stop(self, signum):
        self.stopping = True
        raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt

    @classmethod
    @contextmanager
    def held(cls):
        """While the block writes files, a first signal waits; after it, the run stops as asked."""
        self = cls.active
        if self is None or self.holding:
            yield
            return
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.noted and not self.stopping:
            self.stop(self.noted[0])


def _clean(v):
    """JSON-safe: NumPy numbers to Python, NaN/inf to None."""
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if isinstance(v, (np.floating, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    return v


def _write_checkpoint(out, result):
    """checkpoint.npz from ``result.last_good``, with the curves up to its step."""
    good = result.last_good
    meta = {"step": good.step, "data_rng": good.data_rng, "noise_rng": good.noise_rng, "status": result.status,
            "backend": backend.get_backend(), "shift": result.shift.tolist(), "scale": result.scale,
            "curves": good.curves}
    history = {k: v[:good.step // good.curves["every"]] for k, v in result.history.items() if k in HISTORY}
    checkpoint.save(os.path.join(out, "checkpoint.npz"), good.state, result.config, meta, history)


def _write_metrics(out, result, final=True):
    """metrics.json: the record of the run (status "running" while it trains)."""
    history = result.history
    n = len(history[HISTORY[0]])
    every = max(1, math.ceil(n / MAX_HISTORY_POINTS))
    record = {"config": result.config, "status": result.status, "message": result.message, "steps_done": result.step,
              "seconds": result.seconds, "metrics": result.metrics if final else (result.evals[-1:] or [{}])[0],
              "evals": result.evals, "checkpoints": result.checkpoints, "checkpoint_seconds": result.checkpoint_seconds,
              "history": {"every": every * result.history_every,
                          **{k: v[::every].tolist() for k, v in history.items() if k in HISTORY}}}
    text = json.dumps(_clean(record), indent=1)
    checkpoint.write_atomic(os.path.join(out, "metrics.json"), lambda f: f.write(text.encode()))


def write_progress(out, result):
    """The folder of a run still training: checkpoint.npz and metrics.json (status "running")."""
    os.makedirs(out, exist_ok=True)
    with StopSignals.held():
        _write_checkpoint(out, result)
        _write_metrics(out, result, final=False)


def write_run_folder(out, result, figures=True):
    """Write the run folder for a finished or stopped ``train.Result`` into ``out`` (pictures only with ``figures``)."""
    os.makedirs(out, exist_ok=True)
    _write_checkpoint(out, result)
    buffer = io.BytesIO()
    np.save(buffer, result.samples.astype(np.float32))
    checkpoint.write_atomic(os.path.join(out, "samples.npy"), lambda f: f.write(buffer.getvalue()))
    _write_metrics(out, result)
    if figures:
        from . import plots
        try:
            plots.write_run_figures(out, result)
        except Exception as err:  # a picture must never cost the run: its data files are already written
            import warnings
            warnings.warn(f"the run's figures could not be drawn ({type(err).__name__}: {err}); "
                          f"{out} holds its checkpoint, samples and metrics")


def describe(out):
    """"data ring, step 3000, status done" for the run in folder ``out``, or None when it holds none."""
    path = os.path.join(out, "checkpoint.npz")
    record = os.path.join(out, "metrics.json")
    if os.path.isfile(path):
        try:
            _, config, meta, _ = checkpoint.load(path)
            return f"data {config.get('data')}, step {meta['step']}, status {meta.get('status', '?')}"
        except checkpoint.CheckpointError:
            pass
    if os.path.isfile(record):
        try:
            with open(record) as f:
                run = json.load(f)
            return f"data {run['config'].get('data')}, step {run.get('steps_done')}, status {run.get('status')}"
        except (ValueError, KeyError, TypeError, AttributeError):
            return "a damaged run (its checkpoint and metrics.json cannot be read)"
    return "a damaged run (its checkpoint cannot be read)" if os.path.exists(path) else None


def claim(out, overwrite=False, resume=None):
    """Make ``out`` ready for a run, or raise RunFolderError when it holds another run.

    It may hold one when that run is the one being resumed (``resume`` is its checkpoint)
    or with ``overwrite`` (then the old run's files are removed first).
    """
    if os.path.exists(out) and not os.path.isdir(out):
        raise RunFolderError(f"--out {out} is a file, not a folder; choose another --out")
    held = describe(out) if os.path.isdir(out) else None
    same = resume is not None and os.path.abspath(os.path.dirname(resume)) == os.path.abspath(out)
    if held and not (overwrite or same):
        ckpt = os.path.join(out, "checkpoint.npz")
        raise RunFolderError(f"{out} already holds a run ({held}); continue it with --resume {ckpt}, "
                             "choose another --out, or pass --overwrite to replace it")
    if held and overwrite and not same:
        for name in RUN_FILES:
            if os.path.exists(os.path.join(out, name)):
                os.remove(os.path.join(out, name))
    os.makedirs(out, exist_ok=True)
    return out


def new_folder(data, root="runs"):
    """A fresh folder ``runs/<data>-<date>-<time>``, created here; -2, -3, ... when two runs start
    in the same second (mkdir either creates the folder or fails, so two runs never share one)."""
    stem = os.path.join(root, f"{os.path.basename(str(data)).replace(':', '-')}-{time.strftime('%Y%m%d-%H%M%S')}")
    os.makedirs(root, exist_ok=True)
    for i in range(1, 10_000):
        path = stem if i == 1 else f"{stem}-{i}"
        try:
            os.mkdir(path)
            return path
        except FileExistsError:
            continue
    raise RunFolderError(f"could not find a free folder name beside {stem}; give --out")
