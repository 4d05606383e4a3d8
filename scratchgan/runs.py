"""The run folder: everything a training run leaves behind, written so that no fault loses it.

    metrics.json     config, status, seconds, final metrics, evaluations, history
    samples.npy      2,500 final samples, float32, shape (2500, dim), data units
    labels.npy       conditional runs: the class each sample was asked for, int64, shape (2500,)
    samples.png      the samples against the data (scatter, histogram or digits)
    curves.png       the training curves
    training.gif     the fixed-z snapshots as an animation
    checkpoint.npz   everything needed to resume (``checkpoint.py``)

While a run trains, its folder already holds checkpoint.npz and a metrics.json
whose status is "running" (``write_progress``, every few hundred steps or ~30
s: ``recorder.CHECKPOINT_STEPS``); at the end every file is written again, with
status "done", "interrupted" (Ctrl-C), "terminated" (SIGTERM) or "nan". Every
file goes to a temporary name, is fsynced and renamed (``checkpoint.write_atomic``),
so a kill at any moment leaves the old file or the new one, never half of one.

A folder that holds a run is never replaced silently: ``claim`` refuses it
unless the caller resumes that run or asks to overwrite it. ``new_folder``
makes a fresh ``runs/<data>-<date>-<time>`` that no other run shares.

The curves come from ``history.py``, checkpoint.npz from ``checkpoint.write_checkpoint``,
the pictures from ``plots.write_run_figures``; writes hold off a stop signal (``signals.py``).
"""
import io
import json
import math
import os
import time

import numpy as np

from . import checkpoint
from .history import HISTORY
from .signals import StopSignals

MAX_HISTORY_POINTS = 2000  # per curve in metrics.json
RUN_FILES = ("checkpoint.npz", "metrics.json", "samples.npy", "labels.npy", "samples.png", "curves.png", "training.gif",
             "figure1.png")


class RunFolderError(ValueError):
    """``--out`` names a folder that already holds a run; the message says what to do."""


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
        checkpoint.write_checkpoint(out, result)
        _write_metrics(out, result, final=False)


def write_run_folder(out, result, figures=True):
    """Write the run folder for a finished or stopped ``train.Result`` into ``out`` (pictures only with ``figures``)."""
    os.makedirs(out, exist_ok=True)
    checkpoint.write_checkpoint(out, result)
    buffer = io.BytesIO()
    np.save(buffer, result.samples.astype(np.float32))
    checkpoint.write_atomic(os.path.join(out, "samples.npy"), lambda f: f.write(buffer.getvalue()))
    requested = getattr(result, "labels_eval", None)
    if requested is not None:  # a conditional run: row i of samples.npy was asked for class labels[i]
        labels = io.BytesIO()
        np.save(labels, np.asarray(requested[:len(result.samples)], dtype=np.int64))
        checkpoint.write_atomic(os.path.join(out, "labels.npy"), lambda f: f.write(labels.getvalue()))
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
