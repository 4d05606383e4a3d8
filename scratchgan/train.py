"""The main job: build a GAN from a config, train it, measure it, save it.

    >>> from scratchgan import presets, train
    >>> result = train.train(presets.preset("gaussian", steps=20), progress=False)
    >>> result.status, result.history["d_loss"].shape
    ('done', (20,))

``train(config, out=..., callback=..., snapshot_every=...)`` takes a config from
``presets.preset`` and returns a ``Result`` with the GAN, compact float32
histories (``history.Curves``), samples of a fixed z at ~20 points (for the
animation) and the final metrics; with ``out`` it also writes the run folder (``runs.py``).

``train`` reads as its four steps: ``restore`` (build the GAN, or load it from
a checkpoint), ``loop`` (Algorithm 1, step by step; its ``Recorder``, ``recorder.py``,
takes the snapshots, evaluations and periodic checkpoints), ``rollback`` (after a NaN,
back to the last finite state) and ``measure`` (the final metrics, ``evaluation.py``).

Faults: Ctrl-C (SIGINT) and SIGTERM (``kill``, ``docker stop``, a batch
scheduler) stop the loop cleanly and the folder is written; a second signal
while it is being written waits until the files are complete (``signals.py``).
With ``out`` the folder holds a periodic checkpoint (``recorder.checkpoint_due``), so even
SIGKILL loses little.

A conditional run (``config["conditional"]``: "concat" or "projection", issue 24) builds
the players of ``conditional.py``: G(z || onehot(y)) and D(x || onehot(y)) or the projection
D; each real batch comes with its labels (``Dataset.sample_labelled``), and the 2,500 final
samples are asked for fixed labels (``Result.labels_eval``, drawn from the data's class
frequencies), judged by ``agreement.evaluate``.

Data are standardised before G and D see them: x' = (x - shift) / scale with
one scalar scale (the data's overall std), so one preset fits mixtures of any
size and position; samples are mapped back before any metric or picture.
"""
import contextlib
import dataclasses
import math
import time

import numpy as np

from . import backend, checkpoint, data, gan, layers, metrics, optim, runs
from .average import Average
from .evaluation import QUALITY_SAMPLES, measure
from .history import Curves
from .presets import COMMON, check_config, widths
from .recorder import Recorder, SavePoint, save_point
from .signals import StopSignals, Terminated


def mlp(sizes, act="leaky_relu", out_act=None):
    """Dense layers with ReLU or LeakyReLU(0.2) between them; ``out_act`` (a Layer) after the last."""
    net = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        net.append(layers.Dense(a, b))
        if i < len(sizes) - 2:
            net.append(layers.ReLU() if act == "relu" else layers.LeakyReLU(0.2))
    return layers.Sequential(*net, *([out_act] if out_act else []))


def build_gan(config, dim, kind, n_classes=None):
    """G: noise_dim -> hidden x layers -> dim; D: pack*dim -> d_hidden x d_layers -> 1 logit; Adam both.

    Conditional (``config["conditional"]``, ``n_classes`` = C): G reads z || onehot(y)
    (noise_dim + C inputs); D reads x || onehot(y) ("concat") or is the projection D whose
    features phi are D's hidden layers ("projection"), ``conditional.py``.
    """
    C = n_classes if config.get("conditional") else 0
    G = mlp([config["noise_dim"] + C] + widths(config["hidden"], config["layers"]) + [dim], config["g_act"],
            layers.Tanh() if kind == "image" else None)
    d_widths = widths(config["d_hidden"], config["d_layers"])
    D = mlp([config["pack"] * dim + (C if config.get("conditional") == "concat" else 0)] + d_widths + [1])
    if config.get("minibatch_std"):  # Karras et al. 2018: batch std as one more feature before D's last layer
        D.layers[-1:] = [layers.MinibatchStd(), layers.Dense(d_widths[-1] + 1, 1)]
    if C:
        from . import conditional
        G = conditional.Conditional(G, C)
        if config["conditional"] == "concat":
            D = conditional.Conditional(D, C)
        else:  # phi: D's hidden layers and their activations; the projection replaces the last Dense
            D = conditional.ProjectionD(layers.Sequential(*D.layers[:-1]), d_widths[-1], C)
    betas = (config["beta1"], config["beta2"])
    return gan.GAN(G, D, optim.Adam(G, config["lr"], betas), optim.Adam(D, config["lr"], betas),
                   noise_dim=config["noise_dim"], loss=config["loss"], d_steps=config["d_steps"], pack=config["pack"],
                   label_smoothing=config["label_smoothing"], clip=config.get("clip"), penalty=config.get("penalty"),
                   penalty_weight=config.get("penalty_weight", 0.0))


def learning_rate(config, step):
    """lr, then a linear fall to lr * lr_final over the last ``lr_decay`` fraction of the
    ``schedule_steps`` run; it stays at lr * lr_final after that (a resumed run never jumps back up)."""
    total, lr = config["schedule_steps"], config["lr"]
    start = total * (1 - config["lr_decay"])
    if step < start or not config["lr_decay"]:
        return lr
    return lr * (1 - (1 - config["lr_final"]) * min(1.0, (step - start) / max(total - start, 1)))


def normalisation(ds):
    """(shift (dim,), scale) so that (x - shift)/scale has mean 0 and overall std 1; images are left alone."""
    if ds.kind == "image":
        return np.zeros(ds.dim), 1.0
    x = ds.sample(20000, np.random.default_rng(0)) if ds.table is None else ds.table
    return x.mean(0).astype(np.float64), float(x.std()) or 1.0


@dataclasses.dataclass
class Result:
    """What ``train`` returns (and what ``runs.write_run_folder`` writes).

    config, dataset, gan; shift, scale (x' = (x - shift) / scale is what G and D see);
    z_eval (2,500 fixed z); labels_eval (conditional runs: the 2,500 fixed labels z_eval's
    samples are asked for, host int64, else None); average (``average.Average`` of G's parameters, or None);
    curves (``history.Curves``),
    read as history (name -> float32 per-step array; ``history_every`` steps per point); evals (dicts of metrics every
    ``eval_every`` steps); snapshots / snapshot_steps / states (samples of a fixed z, and for
    1-D data G's and D's weights); status ("done", "interrupted", "terminated", "nan"),
    message, step (steps done), seconds; last_good (a ``SavePoint``); samples (2,500 final,
    data units) and metrics (the final numbers); checkpoints / checkpoint_seconds (periodic
    checkpoints written and the time they took); data_rng (the NumPy Generator that draws the
    real batches: its state is the checkpoint's "data_rng").
    """
    config: dict
    dataset: object
    gan: object
    shift: np.ndarray
    scale: float
    z_eval: object
    average: Average | None = None
    curves: Curves = None
    evals: list = dataclasses.field(default_factory=list)
    snapshots: list = dataclasses.field(default_factory=list)
    snapshot_steps: list = dataclasses.field(default_factory=list)
    states: list = dataclasses.field(default_factory=list)
    status: str = "running"
    message: str = ""
    step: int = 0
    seconds: float = 0.0
    last_good: SavePoint = None
    samples: np.ndarray = None
    metrics: dict = dataclasses.field(default_factory=dict)
    checkpoints: int = 0
    checkpoint_seconds: float = 0.0
    data_rng: np.random.Generator = None  # the data stream
    labels_eval: np.ndarray = None  # conditional: the label each of z_eval's samples is asked for

    @property
    def history(self):
        """name -> float32 array of the curves so far (``Curves.arrays``)."""
        return self.curves.arrays()

    @property
    def history_every(self):
        """Steps per point of ``history`` (1 until a long run averages neighbouring points)."""
        return self.curves.every

    @property
    def uses_average(self):
        """Whether the run's samples, figures and final metrics come from the averaged G."""
        return bool(self.config.get("use_average")) and self.average is not None

    def samples_of(self, n=2500, averaged=None):
        """G's samples in data units, float32 (n, dim), on the host (``averaged``: as in ``generate``).

        Up to 2,500 come from a fixed z (``z_eval``) that never touches the
        training noise stream, so measuring a run does not change it.
        """
        z = self.z_eval[:n] if n <= len(self.z_eval) else self.gan.noise(n)
        labels = None if self.labels_eval is None else np.resize(self.labels_eval, len(z))
        return self.generate(z, labels, averaged)

    def generate(self, z, labels=None, averaged=None):
        """G(z) (conditional: G(z, labels), labels (n,) ints) in data units on the host, float32.
        averaged: True for the averaged G, False for the raw G (the last iterate), None for the
        one the run uses (``uses_average``)."""
        averaged = self.uses_average if averaged is None else averaged
        if averaged and self.average is None:
            raise ValueError("this run keeps no averaged G (its config has ema = 0)")
        with self.average.swapped_into(self.gan.G) if averaged else contextlib.nullcontext(self.gan.G) as G:
            x = backend.to_numpy(G(z) if labels is None else G(z, backend.asarray(labels))).astype(np.float64)
        return (x * self.scale + self.shift).astype(np.float32)

    def class_grid(self, columns=10):
        """Conditional runs: (C * columns, dim) samples, row c = class c asked of the same ``columns`` z
        (z_eval[:columns]): the label changes down a column, the noise along a row."""
        C = self.dataset.n_classes
        z = backend.asarray(np.tile(backend.to_numpy(self.z_eval[:columns]), (C, 1)))
        return self.generate(z, np.repeat(np.arange(C), columns))

    def state_dict(self):
        """The GAN's state plus the average's (keys "ema/<param>" and "ema/t", ``Average.state_dict``)."""
        out = self.gan.state_dict()
        if self.average is not None:
            out.update({f"ema/{k}": v for k, v in self.average.state_dict().items()})
        return out


def train(config, out=None, callback=None, snapshot_every=None, progress=True, resume=None, figures=True):
    """Train from ``config`` (a ``presets.preset`` dict); returns a ``Result``.

    out: run folder to write (or None); while training it holds a periodic checkpoint
    and a metrics.json with status "running". callback(step, stats, gan) is called after
    every step. snapshot_every: steps between samples of a fixed z (default: ~20
    snapshots). resume: a checkpoint path; ``config["steps"]`` more steps are run from
    where it stopped. figures=False skips the pictures (the slow part of writing a
    folder). Ctrl-C or SIGTERM stops cleanly; a NaN or inf loss stops the run and keeps
    the last good state (``result.status``).
    """
    result = restore(config, resume)
    with StopSignals() as signals:
        try:
            loop(result, out, callback, snapshot_every, progress)
        except KeyboardInterrupt as stop:  # a signal in the instant after the loop's own handler
            _stopped(result, stop)
        signals.stopping = True  # from here a second Ctrl-C or SIGTERM waits for the folder
        if result.status == "nan":
            rollback(result)
        measure(result)
        if out is not None:
            runs.write_run_folder(out, result, figures)
    return result


def _stopped(result, stop):
    """Record a Ctrl-C (KeyboardInterrupt) or SIGTERM (``signals.Terminated``) stop at ``result.step``."""
    how = "terminated (SIGTERM)" if isinstance(stop, Terminated) else "interrupted"
    result.status = "terminated" if isinstance(stop, Terminated) else "interrupted"
    result.message = f"{how} at step {result.step}; the run folder keeps that state"
    result.last_good = save_point(result)


def restore(config, resume=None):
    """A fresh ``Result`` for ``config``, or one continuing the checkpoint ``resume``.

    Everything read from the checkpoint is checked against the network its config
    builds before any of it is loaded (``checkpoint.check_state``).
    """
    config, meta, history, state = dict(config), {"step": 0}, {}, None
    if resume:
        state, saved, meta, history = checkpoint.load(resume)
        if not isinstance(saved, dict) or "data" not in saved or "data_rng" not in meta:
            raise checkpoint.CheckpointError(f"{resume}: not a training checkpoint (its config names no data, "
                                             "or its __meta__ has no data stream state)")
        config = {**COMMON, **saved, **{k: config[k] for k in ("steps", "backend") if config.get(k) is not None}}
    check_config(config)
    backend.set_backend(config["backend"])
    extra = {"data_dir": config["data_dir"]} if config["data"].startswith("mnist") else {}
    extra.update({k: config[k] for k in ("label_column", "labels") if config.get(k) is not None})
    ds = data.get_dataset(config["data"], min_rows=config["batch_size"], **extra)
    check_config(config, ds.dim)
    if config.get("conditional") and (ds.n_classes or 0) < 2:
        raise data.DataError(f"a conditional run needs data with at least 2 classes; {ds.name} has "
                             f"{ds.n_classes or 'no labels'}")
    backend.seed(config["seed"])
    shift, scale = normalisation(ds)
    game = build_gan(config, ds.dim, ds.kind, ds.n_classes)
    eval_rng = metrics.eval_rng(config["seed"])
    z = eval_rng.standard_normal((QUALITY_SAMPLES, config["noise_dim"]))
    labels = eval_rng.choice(ds.n_classes, QUALITY_SAMPLES, p=ds.class_frequencies()) if config.get("conditional") else None
    result = Result(config, ds, game, shift, scale, backend.asarray(z, dtype="float32"),
                    data_rng=np.random.default_rng(config["seed"]), labels_eval=labels)
    result.average = Average(game.G.params, config["ema"]) if config["ema"] else None
    if resume:
        checkpoint.check_state(resume, state, result.state_dict())
        game.load_state_dict(state)
        load_average(result, state)
        checkpoint.set_rng_state(result.data_rng, meta["data_rng"])
        if backend.get_backend() == "numpy" and meta.get("noise_rng"):
            checkpoint.set_rng_state(backend.device_rng(), meta["noise_rng"])
    result.step = meta["step"]
    curves = meta.get("curves") or {}
    result.curves = Curves({k: v[:result.step // curves.get("every", 1)] for k, v in history.items()}, **curves)
    config["schedule_steps"] = config.get("schedule_steps") or result.step + config["steps"]  # a resume keeps the plan
    result.last_good = save_point(result)
    return result


def loop(result, out=None, callback=None, snapshot_every=None, progress=True):
    """Algorithm 1 from ``result.step`` for ``config["steps"]`` steps, recording as it goes.

    Every step: the learning rate of the schedule, one ``GAN.train_step`` (k D updates,
    then one G update) on a fresh real batch, the EMA of G's weights, the curves. The
    ``Recorder`` does the rest when it is due: snapshots, evaluations (each with a save
    point for a NaN rollback), periodic checkpoints into ``out``, the progress bar.
    Ctrl-C / SIGTERM end the loop with status "interrupted" / "terminated"; a NaN or
    inf loss with status "nan".
    """
    config, game = result.config, result.gan
    start, total = result.step, result.step + config["steps"]
    recorder = Recorder(result, out, total, snapshot_every, progress)
    t0 = time.perf_counter()
    result.status = "running"
    try:
        recorder.snapshot()
        for step in range(start, total):
            game.g_opt.lr = game.d_opt.lr = learning_rate(config, step)
            real, labels = real_batch(result)
            stats = game.train_step(real) if labels is None else game.train_step(real, labels=backend.asarray(labels))
            if result.average is not None:
                result.average.update(game.G.params)  # the averaged G, after each G step (average.py)
            if not all(math.isfinite(stats[k]) for k in ("d_loss", "g_loss")):
                _diverged(result, stats, step)
                break
            result.step = step + 1
            result.curves.append(stats)
            if callback is not None:
                callback(step, stats, game)
            recorder.after_step(stats)
        else:
            result.status = "done"
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (signals.Terminated)
        _stopped(result, stop)
    finally:
        recorder.close()
    result.seconds = time.perf_counter() - t0
    if result.status != "nan" and result.last_good.step != result.step:
        result.last_good = save_point(result)


def real_batch(result):
    """(x, labels) of one step: d_steps x batch_size rows of the data stream, standardised, float32,
    and their classes (int64) in a conditional run, else None."""
    config, n = result.config, result.config["d_steps"] * result.config["batch_size"]
    if config.get("conditional"):
        x, labels = result.dataset.sample_labelled(n, result.data_rng)
    else:
        x, labels = result.dataset.sample(n, result.data_rng), None
    return ((x - result.shift) / result.scale).astype(np.float32), labels


def load_average(result, state):
    """The averaged G from a state dict's "ema/..." arrays (a checkpoint's or a save point's)."""
    if result.average is not None:
        result.average.load_state_dict({k[4:]: v for k, v in state.items() if k.startswith("ema/")})


def _diverged(result, stats, step):
    """Record a NaN or inf loss at ``step``: status "nan", and a message suggesting a lower rate."""
    result.status = "nan"
    result.message = (f"step {step + 1}: the loss became NaN/inf (d_loss={stats['d_loss']}, "
                      f"g_loss={stats['g_loss']}); stopped and kept the state of step "
                      f"{result.last_good.step}; try a lower learning rate (--lr {result.config['lr'] / 10:g})")


def rollback(result):
    """After a NaN: the GAN, EMA and curves go back to ``result.last_good``, the last finite state."""
    good = result.last_good
    result.step = good.step
    result.gan.load_state_dict(good.state)
    load_average(result, good.state)
    result.curves.truncate(good.step)


