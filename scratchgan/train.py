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
a checkpoint), ``loop`` (Algorithm 1, step by step; its ``Recorder`` takes the
snapshots, evaluations and periodic checkpoints), ``rollback`` (after a NaN,
back to the last finite state) and ``measure`` (the final metrics).

Faults: Ctrl-C (SIGINT) and SIGTERM (``kill``, ``docker stop``, a batch
scheduler) stop the loop cleanly and the folder is written; a second signal
while it is being written waits until the files are complete (``signals.py``).
With ``out`` the folder holds a checkpoint at most ``CHECKPOINT_STEPS`` steps or
``CHECKPOINT_SECONDS`` old, so even SIGKILL loses little (``checkpoint_due``).

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
import json
import math
import time

import numpy as np

from . import agreement, backend, checkpoint, data, gan, layers, metrics, optim, runs
from .average import Average
from .history import Curves
from .presets import COMMON, check_config, widths
from .signals import StopSignals, Terminated

CHECKPOINT_STEPS, CHECKPOINT_SECONDS = 250, 30.0  # a periodic checkpoint is never older than either...
CHECKPOINT_SHARE = 0.02  # ...unless writing it would take more than 2% of the run: then it waits longer
QUALITY_SAMPLES = 2500


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
class SavePoint:
    """Everything needed to continue exactly from ``step``: the state arrays (``Result.state_dict``),
    both RNG states as JSON text (``checkpoint.rng_state``: the data stream's, and the device
    noise's on NumPy) and the curves' state (``Curves.state``)."""
    step: int
    state: dict
    data_rng: str
    noise_rng: str | None
    curves: dict


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
            checkpoint.set_rng_state(_noise_rng(), meta["noise_rng"])
    result.step = meta["step"]
    curves = meta.get("curves") or {}
    result.curves = Curves({k: v[:result.step // curves.get("every", 1)] for k, v in history.items()}, **curves)
    config["schedule_steps"] = config.get("schedule_steps") or result.step + config["steps"]  # a resume keeps the plan
    result.last_good = save_point(result)
    return result


def save_point(result):
    """A ``SavePoint`` of the run as it is now (copies of every array)."""
    noise = checkpoint.rng_state(_noise_rng()) if backend.get_backend() == "numpy" else None
    return SavePoint(result.step, result.state_dict(), checkpoint.rng_state(result.data_rng), noise,
                     json_copy(result.curves.state()))


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


def rollback(result):
    """After a NaN: the GAN, EMA and curves go back to ``result.last_good``, the last finite state."""
    good = result.last_good
    result.step = good.step
    result.gan.load_state_dict(good.state)
    load_average(result, good.state)
    result.curves.truncate(good.step)


def evaluate(result, full=False, averaged=None):
    """The metrics of G's samples now: ``metrics.evaluate`` for toy sets and tables (cheap while
    training, ``full`` at the end), ``scores`` for images (in the classifier's feature space).
    averaged: which G (as in ``Result.generate``; None: the one the run uses)."""
    out = _evaluate(result, full, averaged)
    if result.labels_eval is not None:  # a conditional run: does G draw the class it is asked for?
        n = QUALITY_SAMPLES if full or result.dataset.kind != "image" else 1000
        samples = result.samples_of(n, averaged)
        out.update(agreement.evaluate(result.dataset, samples, result.labels_eval[:len(samples)], full=full))
    return out


def _evaluate(result, full, averaged):
    """The unconditional metrics of ``evaluate``."""
    ds = result.dataset
    if ds.kind != "image":
        return metrics.evaluate(ds, result.samples_of(QUALITY_SAMPLES, averaged), full=full)
    from . import scores
    if full:
        return scores.image_scores(result.samples_of(QUALITY_SAMPLES, averaged), ds.table, ds.labels, ds.held_out,
                                   ds.held_out_labels, name=ds.name)
    return scores.image_quality(result.samples_of(1000, averaged), ds.table, ds.labels, ds.held_out, name=ds.name)


SIDE_BY_SIDE = ("modes", "high_quality", "precision", "recall", "confident", "frechet",  # + a conditional run's:
                "agreement", "agreement_worst", "agreement_worst_class", "within_3std", "within_3std_worst")


def side_by_side(result, full=False, used=None):
    """{"raw": {...}, "averaged": {...}}: the headline numbers (``SIDE_BY_SIDE``) of both Gs, or {}
    when the run keeps no average yet. used: the metrics of the G the run uses, if already measured."""
    if result.average is None or result.average.t == 0:
        return {}
    out = {}
    for name, averaged in (("raw", False), ("averaged", True)):
        numbers = used if used is not None and averaged == result.uses_average else evaluate(result, full, averaged)
        out[name] = {k: v for k, v in numbers.items() if k in SIDE_BY_SIDE}
    return out


def measure(result):
    """The final 2,500 samples and every metric that applies to them (``result.metrics``, of the
    G the run uses), with both Gs' headline numbers side by side (``result.metrics["raw"]`` and
    ``["averaged"]``) when the run keeps an average."""
    result.samples = result.samples_of(QUALITY_SAMPLES)
    result.metrics = evaluate(result, full=True)
    result.metrics.update(side_by_side(result, full=True, used=result.metrics))


def json_copy(x):
    """A deep copy of a JSON-able value (the curves' pending sums)."""
    return json.loads(json.dumps(x))


def _noise_rng():
    """The device noise RNG (NumPy backend; CuPy's state cannot be saved exactly)."""
    return backend.device_rng()


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
