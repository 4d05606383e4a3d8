"""The main job: build a GAN from a config, train it, measure it, save it.

    >>> from scratchgan import train
    >>> config = train.preset("gaussian", steps=20)
    >>> result = train.train(config, progress=False)
    >>> result.status, result.history["d_loss"].shape
    ('done', (20,))

A config is a plain dict (so it goes into JSON and checkpoints unchanged):
``preset(name, **overrides)`` starts from the row of ``PRESETS`` for the
dataset and overrides any key. ``train(config, out=..., callback=...,
snapshot_every=...)`` returns a ``Result`` with the GAN, compact float32
histories, samples of a fixed z at ~20 points (for the animation) and the
final metrics; with ``out`` it also writes the run folder (``runs.py``).

``train`` reads as its four steps: ``restore`` (build the GAN, or load it from
a checkpoint), ``loop`` (Algorithm 1, step by step, with evaluations,
snapshots and periodic checkpoints), ``rollback`` (after a NaN, back to the
last finite state) and ``measure`` (the final metrics).

Faults: Ctrl-C (SIGINT) and SIGTERM (``kill``, ``docker stop``, a batch
scheduler) stop the loop cleanly and the folder is written; a second signal
while it is being written waits until the files are complete. With ``out``
the folder holds a checkpoint at most ``CHECKPOINT_STEPS`` steps or
``CHECKPOINT_SECONDS`` old, so even SIGKILL loses little (``runs.py``).

Data are standardised before G and D see them: x' = (x - shift) / scale with
one scalar scale (the data's overall std), so one preset fits mixtures of any
size and position; samples are mapped back before any metric or picture.
"""
import dataclasses
import json
import math
import os
import time

import numpy as np

from . import backend, checkpoint, data, gan, layers, metrics, optim, runs
from .runs import HISTORY, Curves, Terminated

# One row per dataset: the architecture and the hyperparameters that work for it.
# hidden/layers: G's MLP; d_hidden/d_layers: D's; lr_decay: the last fraction of the
# run in which both learning rates fall linearly to lr * lr_final. schedule_steps: the
# run that fraction is taken of (None: the steps of the first invocation; a resumed run
# keeps its checkpoint's, and past it the rate stays at lr * lr_final).
COMMON = dict(loss="non_saturating", steps=2000, batch_size=128, lr=1e-3, beta1=0.5, beta2=0.999,
              d_steps=1, pack=1, hidden=64, layers=2, d_hidden=64, d_layers=2, noise_dim=2,
              g_act="relu", ema=0.0, lr_decay=0.0, lr_final=0.1, label_smoothing=0.0, eval_every=200, seed=0,
              backend="numpy", data_dir=None, clip=None, penalty=None, penalty_weight=0.0, minibatch_std=False,
              schedule_steps=None)
PRESETS = {
    "gaussian":   dict(steps=1000, batch_size=64, hidden=32, d_hidden=32, noise_dim=1, lr=2e-3,
                       lr_decay=0.5, lr_final=0.05),
    "mixture":    dict(steps=3000, batch_size=128, hidden=64, d_hidden=64, noise_dim=2, pack=2, lr=2e-3,
                       lr_decay=0.7, lr_final=0.01),
    "ring":       dict(steps=6000, batch_size=512, hidden=128, layers=3, d_hidden=256, d_layers=2,
                       noise_dim=1, pack=2, lr=3e-3, lr_decay=0.85, lr_final=0.003),
    # grid: minibatch std keeps all 25 modes while training sharpens them; beta2 0.99 lets Adam follow D's gradients
    "grid":       dict(steps=11000, batch_size=256, hidden=256, layers=4, d_hidden=256, d_layers=3, noise_dim=2,
                       pack=1, minibatch_std=True, lr=1e-3, beta2=0.99, lr_decay=0.85, lr_final=0.003),
    "swiss_roll": dict(steps=4000, batch_size=256, hidden=128, layers=3, d_hidden=128, noise_dim=4),
    "file":       dict(steps=6000, batch_size=512, hidden=128, layers=3, d_hidden=256, d_layers=2,
                       noise_dim=1, pack=2, lr=3e-3, lr_decay=0.85, lr_final=0.003),
    # the classic MLP GAN for 28x28 digits: G 100-256-512-1024-784 (LeakyReLU 0.2, tanh), D 784-512-256-1
    "digits":     dict(steps=3000, batch_size=64, hidden=[256, 512, 1024], d_hidden=[512, 256], noise_dim=100,
                       lr=2e-4, g_act="leaky_relu"),
    "mnist":      dict(steps=5000, batch_size=64, hidden=[256, 512, 1024], d_hidden=[512, 256], noise_dim=100,
                       lr=2e-4, g_act="leaky_relu"),
}
MAX_STEPS = 10**9  # ~10 days at 1 ms a step: anything beyond is a typo
CHECKPOINT_STEPS, CHECKPOINT_SECONDS = 250, 30.0  # a periodic checkpoint is never older than either...
CHECKPOINT_SHARE = 0.02  # ...unless writing it would take more than 2% of the run: then it waits longer
QUALITY_SAMPLES = 2500


def preset_name(spec):
    """The PRESETS row for a dataset spec: its own name, "mnist" for mnist:test, else "file"."""
    spec = str(spec)
    return spec if spec in PRESETS else "mnist" if spec.startswith("mnist") else "file"


def preset(data_spec="ring", **overrides):
    """The config for ``data_spec`` (a name or a file path), with ``overrides`` applied."""
    unknown = set(overrides) - set(COMMON) - {"data"}
    if unknown:
        raise ValueError(f"unknown config keys {sorted(unknown)}; known: {sorted(COMMON)}")
    return {**COMMON, **PRESETS[preset_name(data_spec)], "data": str(data_spec),
            **{k: v for k, v in overrides.items() if v is not None}}


def check_config(config, dim=None):
    """Raise ValueError with one clear line for a setting that cannot work.

    With the data's ``dim``, also refuse a network or batch that cannot fit in this
    machine's memory (an estimate: weights, gradients and Adam's two moments, plus
    one batch of activations), instead of failing with a MemoryError later.
    """
    for k in ("steps", "batch_size", "d_steps", "pack", "hidden", "layers", "d_hidden", "d_layers", "noise_dim"):
        v = config[k]
        values = v if k.endswith("hidden") and isinstance(v, (list, tuple)) and v else [v]  # widths may be a list
        if not all(isinstance(w, int) and w >= 1 for w in values):
            raise ValueError(f"{k.replace('_', '-')} must be a positive integer, got {v!r}")
    if config["steps"] > MAX_STEPS:
        raise ValueError(f"steps {config['steps']:,} is more than {MAX_STEPS:,} (days of training at the fastest); "
                         "did you mean fewer? Ctrl-C stops a run at any step and keeps it")
    for k in ("lr", "beta1"):
        if not (config[k] > 0 if k == "lr" else 0 <= config[k] < 1):
            raise ValueError(f"{k} must be {'> 0' if k == 'lr' else 'in [0, 1)'}, got {config[k]!r}")
    if config["batch_size"] % config["pack"]:
        raise ValueError(f"batch-size {config['batch_size']} must be a multiple of pack {config['pack']}")
    if dim is not None:
        need, have = memory_needed(config, dim), physical_memory()
        if have and need > have:
            raise ValueError(f"this network and batch need about {need / 2**30:.1f} GiB, more than this machine's "
                             f"{have / 2**30:.1f} GiB; lower --hidden, --layers or --batch-size")


def memory_needed(config, dim):
    """Bytes a run needs, roughly: 4 float32 copies of every weight (W, dW, Adam m and v) plus
    the widest activations of a batch kept for backward (G's and D's, with packing)."""
    g_sizes = [config["noise_dim"]] + widths(config["hidden"], config["layers"]) + [dim]
    d_sizes = [config["pack"] * dim] + widths(config["d_hidden"], config["d_layers"]) + [1]
    weights = sum((a + 1) * b for sizes in (g_sizes, d_sizes) for a, b in zip(sizes[:-1], sizes[1:]))
    batch = config["batch_size"] * config["d_steps"]
    return 4 * (4 * weights + 3 * batch * (sum(g_sizes) + sum(d_sizes)))


def physical_memory():
    """This machine's RAM in bytes, or None where the OS does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def mlp(sizes, act="leaky_relu", out_act=None):
    """Dense layers with ReLU or LeakyReLU(0.2) between them; ``out_act`` (a Layer) after the last."""
    net = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        net.append(layers.Dense(a, b))
        if i < len(sizes) - 2:
            net.append(layers.ReLU() if act == "relu" else layers.LeakyReLU(0.2))
    return layers.Sequential(*net, *([out_act] if out_act else []))


def widths(width, count):
    """Hidden widths: ``width`` itself when it is a list (e.g. [256, 512, 1024]), else ``count`` copies of it."""
    return list(width) if isinstance(width, (list, tuple)) else [width] * count


def build_gan(config, dim, kind):
    """G: noise_dim -> hidden x layers -> dim; D: pack*dim -> d_hidden x d_layers -> 1 logit; Adam both."""
    G = mlp([config["noise_dim"]] + widths(config["hidden"], config["layers"]) + [dim], config["g_act"],
            layers.Tanh() if kind == "image" else None)
    D = mlp([config["pack"] * dim] + widths(config["d_hidden"], config["d_layers"]) + [1])
    if config.get("minibatch_std"):  # Karras et al. 2018: batch std as one more feature before D's last layer
        D.layers[-1:] = [layers.MinibatchStd(), layers.Dense(widths(config["d_hidden"], config["d_layers"])[-1] + 1, 1)]
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
    x = getattr(ds, "table", None)
    x = ds.sample(20000, np.random.default_rng(0)) if x is None else x
    return x.mean(0).astype(np.float64), float(x.std()) or 1.0


@dataclasses.dataclass
class SavePoint:
    """Everything needed to continue exactly from ``step``: the state arrays and both RNG states."""
    step: int
    state: dict
    data_rng: str
    noise_rng: str | None
    curves: dict


@dataclasses.dataclass
class Result:
    """What ``train`` returns (and what ``runs.write_run_folder`` writes).

    config, dataset, gan; shift, scale (x' = (x - shift) / scale is what G and D see);
    z_eval (2,500 fixed z); ema (G's averaged weights or None); history (name -> float32
    per-step array; ``history_every`` steps per point); evals (dicts of metrics every
    ``eval_every`` steps); snapshots / snapshot_steps / states (samples of a fixed z, and for
    1-D data G's and D's weights); status ("done", "interrupted", "terminated", "nan"),
    message, step (steps done), seconds; last_good (a ``SavePoint``); samples (2,500 final,
    data units) and metrics (the final numbers); checkpoints / checkpoint_seconds (periodic
    checkpoints written and the time they took).
    """
    config: dict
    dataset: object
    gan: object
    shift: np.ndarray
    scale: float
    z_eval: object
    ema: dict | None = None
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
    rng: np.random.Generator = None  # the data stream

    @property
    def history(self):
        return self.curves.arrays()

    @property
    def history_every(self):
        return self.curves.every

    def samples_of(self, n=2500):
        """G's samples in data units, float32 (n, dim), on the host.

        Up to 2,500 come from a fixed z (``z_eval``) that never touches the
        training noise stream, so measuring a run does not change it.
        """
        z = self.z_eval[:n] if n <= len(self.z_eval) else self.gan.noise(n)
        return self.generate(z)

    def generate(self, z):
        """G(z) in data units on the host, float32; with EMA weights when the config asks for them."""
        G = self.gan.G
        trained = dict(G.params)
        if self.ema is not None:
            G.params.update(self.ema)
        try:
            x = backend.to_numpy(G(z)).astype(np.float64)
        finally:
            G.params.update(trained)
        return (x * self.scale + self.shift).astype(np.float32)

    def state_dict(self):
        """The GAN's state plus the EMA weights (keys "ema/...") when used."""
        out = self.gan.state_dict()
        out.update({f"ema/{k}": backend.to_numpy(v).copy() for k, v in (self.ema or {}).items()})
        return out


def train(config, out=None, callback=None, snapshot_every=None, progress=True, resume=None, figures=True):
    """Train from ``config`` (a ``preset`` dict); returns a ``Result``.

    out: run folder to write (or None); while training it holds a periodic checkpoint
    and a metrics.json with status "running". callback(step, stats, gan) is called after
    every step. snapshot_every: steps between samples of a fixed z (default: ~20
    snapshots). resume: a checkpoint path; ``config["steps"]`` more steps are run from
    where it stopped. figures=False skips the pictures (the slow part of writing a
    folder). Ctrl-C or SIGTERM stops cleanly; a NaN or inf loss stops the run and keeps
    the last good state (``result.status``).
    """
    result = restore(config, resume)
    with runs.StopSignals() as signals:
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
    """Record a Ctrl-C (KeyboardInterrupt) or SIGTERM (``runs.Terminated``) stop at ``result.step``."""
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
    ds = data.get_dataset(config["data"], min_rows=config["batch_size"], **extra)
    check_config(config, ds.dim)
    backend.seed(config["seed"])
    shift, scale = normalisation(ds)
    game = build_gan(config, ds.dim, ds.kind)
    z = metrics.eval_rng(config["seed"]).standard_normal((QUALITY_SAMPLES, config["noise_dim"]))
    result = Result(config, ds, game, shift, scale, backend.asarray(z, dtype="float32"))
    result.ema = {k: p.copy() for k, p in game.G.params.items()} if config["ema"] else None
    result.rng = np.random.default_rng(config["seed"])
    if resume:
        checkpoint.check_state(resume, state, result.state_dict())
        game.load_state_dict(state)
        if result.ema is not None:
            result.ema = {k: backend.asarray(state[f"ema/{k}"]) for k in result.ema}
        checkpoint.set_rng_state(result.rng, meta["data_rng"])
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
    return SavePoint(result.step, result.state_dict(), checkpoint.rng_state(result.rng), noise,
                     json_copy(result.curves.state()))


def loop(result, out=None, callback=None, snapshot_every=None, progress=True):
    """Algorithm 1 from ``result.step`` for ``config["steps"]`` steps, recording as it goes.

    Every step: the learning rate, one ``train_step`` on a fresh real batch, the EMA, the
    curves. Every ``eval_every`` steps: a save point (for a NaN rollback) and the cheap
    metrics. With ``out``: a periodic checkpoint (``_checkpoint_due``). Ctrl-C / SIGTERM
    end the loop with status "interrupted" / "terminated"; a NaN loss with status "nan".
    """
    config, ds, game = result.config, result.dataset, result.gan
    start = result.step
    total = start + config["steps"]
    every = snapshot_every or max(1, config["steps"] // 20)
    z_fixed = result.z_eval[:500 if ds.kind != "image" else 36]
    bar = _progress(progress, start, total, ds.name)
    t0 = last_write = time.perf_counter()
    written, cost = start, 0.0
    result.status = "running"

    def snapshot(step):
        result.snapshots.append(result.generate(z_fixed))
        result.snapshot_steps.append(step)
        if ds.kind == "1d":  # G's and D's weights too, for Figure 1's four panels (a)-(d) from this run
            result.states.append({k: v for k, v in game.state_dict().items() if k[:2] in ("G/", "D/")})

    try:
        snapshot(start)
        for step in range(start, total):
            game.g_opt.lr = game.d_opt.lr = learning_rate(config, step)
            real = (ds.sample(config["d_steps"] * config["batch_size"], result.rng) - result.shift) / result.scale
            stats = game.train_step(real.astype(np.float32))
            if result.ema is not None:  # Polyak/EMA average of G's weights (Yazici et al. 2019)
                for k, p in game.G.params.items():
                    result.ema[k] += (1 - config["ema"]) * (p - result.ema[k])
            if not all(math.isfinite(stats[k]) for k in ("d_loss", "g_loss")):
                result.status = "nan"
                result.message = (f"step {step + 1}: the loss became NaN/inf (d_loss={stats['d_loss']}, "
                                  f"g_loss={stats['g_loss']}); stopped and kept the state of step "
                                  f"{result.last_good.step}; try a lower learning rate (--lr {config['lr'] / 10:g})")
                break
            result.step = step + 1
            result.curves.append(stats)
            if callback is not None:
                callback(step, stats, game)
            if result.step % every == 0 or result.step == total:
                snapshot(result.step)
            if result.step % config["eval_every"] == 0 or result.step == total:
                result.last_good = save_point(result)
                result.evals.append({"step": result.step, **evaluate(result)})
                if bar is not None:
                    bar.set_postfix(_postfix(stats, result.evals[-1]), refresh=False)
            now = time.perf_counter()
            if out is not None and result.step < total and _checkpoint_due(result.step - written, now - last_write, cost):
                cost = _write_checkpoint(result, out)
                written, last_write = result.step, time.perf_counter()
            if bar is not None:
                bar.update(1)
        else:
            result.status = "done"
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (Terminated)
        _stopped(result, stop)
    finally:
        if bar is not None:
            bar.close()
    result.seconds = time.perf_counter() - t0
    if result.status != "nan":
        result.last_good = save_point(result) if result.last_good.step != result.step else result.last_good


def _checkpoint_due(steps, seconds, cost):
    """A periodic checkpoint is due after CHECKPOINT_STEPS steps or CHECKPOINT_SECONDS seconds,
    but never sooner than cost / CHECKPOINT_SHARE seconds after the last (cost: how long it took)."""
    return (steps >= CHECKPOINT_STEPS or seconds >= CHECKPOINT_SECONDS) and seconds * CHECKPOINT_SHARE >= cost


def _write_checkpoint(result, out):
    """Write the run as it is now into ``out`` (status "running"); returns the seconds it took.

    A Ctrl-C or SIGTERM during the write waits for it and then stops the run (``runs.StopSignals``).
    """
    t = time.perf_counter()
    try:
        result.last_good = save_point(result)
        runs.write_progress(out, result)
    finally:
        cost = time.perf_counter() - t
        result.checkpoints += 1
        result.checkpoint_seconds += cost
    return cost


def rollback(result):
    """After a NaN: the GAN, EMA and curves go back to ``result.last_good``, the last finite state."""
    good = result.last_good
    result.step = good.step
    result.gan.load_state_dict(good.state)
    if result.ema is not None:
        result.ema = {k: backend.asarray(good.state[f"ema/{k}"]) for k in result.ema}
    result.curves.truncate(good.step)


def evaluate(result, full=False):
    """The metrics of G's samples now: ``metrics.evaluate`` for toy sets and tables (cheap while
    training, ``full`` at the end), ``scores`` for images (in the classifier's feature space)."""
    ds = result.dataset
    if ds.kind != "image":
        return metrics.evaluate(ds, result.samples_of(QUALITY_SAMPLES), full=full)
    from . import scores
    if full:
        return scores.image_scores(result.samples, ds.table, ds.labels, ds.held_out, ds.held_out_labels, name=ds.name)
    return scores.image_quality(result.samples_of(1000), ds.table, ds.labels, ds.held_out, name=ds.name)


def measure(result):
    """The final 2,500 samples and every metric that applies to them (``result.metrics``)."""
    result.samples = result.samples_of(QUALITY_SAMPLES)
    result.metrics = evaluate(result, full=True)


def json_copy(x):
    """A deep copy of a JSON-able value (the curves' pending sums)."""
    return json.loads(json.dumps(x))


def _noise_rng():
    """The device noise RNG (NumPy backend; CuPy's state cannot be saved exactly)."""
    return backend.device_rng()


def _postfix(stats, ev):
    p = {"D": f"{stats['d_loss']:.3f}", "G": f"{stats['g_loss']:.3f}"}
    if "modes" in ev:
        p["modes"] = f"{ev['modes']}/{ev['n_modes']}"
        p["hq"] = f"{100 * ev['high_quality']:.0f}%"
    if "precision" in ev:
        p["P/R"] = f"{ev['precision']:.2f}/{ev['recall']:.2f}"
    return p


def _progress(enabled, start, total, name):
    if not enabled:
        return None
    from tqdm import tqdm
    return tqdm(total=total, initial=start, desc=f"train {name}", unit="step", mininterval=0.5)
