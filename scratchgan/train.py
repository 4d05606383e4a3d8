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

Data are standardised before G and D see them: x' = (x - shift) / scale with
one scalar scale (the data's overall std), so one preset fits mixtures of any
size and position; samples are mapped back before any metric or picture.
"""
import math
import time

import numpy as np

from . import backend, checkpoint, data, gan, layers, metrics, optim

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
HISTORY = ("d_loss", "g_loss", "d_real", "d_fake", "d_grad_norm", "g_grad_norm")


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


def check_config(c):
    """Raise ValueError with one clear line for a setting that cannot work."""
    for k in ("steps", "batch_size", "d_steps", "pack", "hidden", "layers", "d_hidden", "d_layers", "noise_dim"):
        values = c[k] if k.endswith("hidden") and isinstance(c[k], (list, tuple)) and c[k] else [c[k]]  # widths may be a list
        if not all(isinstance(v, int) and v >= 1 for v in values):
            raise ValueError(f"{k.replace('_', '-')} must be a positive integer, got {c[k]!r}")
    for k in ("lr", "beta1"):
        if not (c[k] > 0 if k == "lr" else 0 <= c[k] < 1):
            raise ValueError(f"{k} must be {'> 0' if k == 'lr' else 'in [0, 1)'}, got {c[k]!r}")
    if c["batch_size"] % c["pack"]:
        raise ValueError(f"batch-size {c['batch_size']} must be a multiple of pack {c['pack']}")


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


def build_gan(c, dim, kind):
    """G: noise_dim -> hidden x layers -> dim; D: pack*dim -> d_hidden x d_layers -> 1 logit; Adam both."""
    G = mlp([c["noise_dim"]] + widths(c["hidden"], c["layers"]) + [dim], c["g_act"], layers.Tanh() if kind == "image" else None)
    D = mlp([c["pack"] * dim] + widths(c["d_hidden"], c["d_layers"]) + [1])
    if c.get("minibatch_std"):  # Karras et al. 2018: batch std as one more feature before D's last layer
        D.layers[-1:] = [layers.MinibatchStd(), layers.Dense(widths(c["d_hidden"], c["d_layers"])[-1] + 1, 1)]
    betas = (c["beta1"], c["beta2"])
    return gan.GAN(G, D, optim.Adam(G, c["lr"], betas), optim.Adam(D, c["lr"], betas), noise_dim=c["noise_dim"],
                   loss=c["loss"], d_steps=c["d_steps"], pack=c["pack"], label_smoothing=c["label_smoothing"],
                   clip=c.get("clip"), penalty=c.get("penalty"), penalty_weight=c.get("penalty_weight", 0.0))


def learning_rate(c, step):
    """lr, then a linear fall to lr * lr_final over the last ``lr_decay`` fraction of the
    ``schedule_steps`` run; it stays at lr * lr_final after that (a resumed run never jumps back up)."""
    total = c["schedule_steps"]
    start = total * (1 - c["lr_decay"])
    if step < start or not c["lr_decay"]:
        return c["lr"]
    return c["lr"] * (1 - (1 - c["lr_final"]) * min(1.0, (step - start) / max(total - start, 1)))


def normalisation(ds):
    """(shift (dim,), scale) so that (x - shift)/scale has mean 0 and overall std 1; images are left alone."""
    if ds.kind == "image":
        return np.zeros(ds.dim), 1.0
    x = getattr(ds, "table", None)
    x = ds.sample(20000, np.random.default_rng(0)) if x is None else x
    return x.mean(0).astype(np.float64), float(x.std()) or 1.0


class Result:
    """What ``train`` returns: gan, config, dataset, history, evals, snapshots, metrics, samples, status."""

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

    out: run folder to write (or None). callback(step, stats, gan) is called
    after every step. snapshot_every: steps between samples of a fixed z
    (default: ~20 snapshots). resume: a checkpoint path; ``config["steps"]``
    more steps are run from where it stopped. figures=False skips samples.png
    and training.gif (the slow part of writing a folder). Ctrl-C stops cleanly; a NaN or
    inf loss stops the run and keeps the last good state (``result.status``).
    """
    c = dict(config)
    meta, hist0 = {"step": 0}, {}
    if resume:
        state, saved, meta, hist0 = checkpoint.load(resume)
        c = {**saved, **{k: config[k] for k in ("steps", "backend") if config.get(k) is not None}}
    check_config(c)
    backend.set_backend(c["backend"])
    ds = data.get_dataset(c["data"], min_rows=c["batch_size"], **({"data_dir": c["data_dir"]} if c["data"].startswith("mnist") else {}))
    backend.seed(c["seed"])
    rng = np.random.default_rng(c["seed"])  # the data stream
    r = Result()
    r.config, r.dataset = c, ds
    r.shift, r.scale = normalisation(ds)
    g = r.gan = build_gan(c, ds.dim, ds.kind)
    z = np.random.default_rng(c["seed"] + 999).standard_normal((2500, c["noise_dim"]))
    r.z_eval = backend.asarray(z, dtype="float32")
    z_fixed = r.z_eval[:500 if ds.kind != "image" else 36]
    r.ema = {k: p.copy() for k, p in g.G.params.items()} if c["ema"] else None
    if resume:
        g.load_state_dict(state)
        if r.ema is not None:
            r.ema = {k: backend.asarray(state[f"ema/{k}"]) for k in r.ema}
        checkpoint.set_rng_state(rng, meta["data_rng"])
        if backend.get_backend() == "numpy" and meta.get("noise_rng"):
            checkpoint.set_rng_state(backend.device_rng(), meta["noise_rng"])
    start = meta["step"]
    total = start + c["steps"]
    c["schedule_steps"] = c.get("schedule_steps") or total  # saved in the checkpoint: a resume keeps the plan
    r.history = {k: np.full(total, np.nan, np.float32) for k in HISTORY}
    for k, v in hist0.items():
        if k in r.history:
            r.history[k][:min(start, len(v))] = v[:start]
    every = snapshot_every or max(1, c["steps"] // 20)
    r.evals, r.snapshots, r.snapshot_steps, r.states = [], [], [], []
    r.status, r.message, r.step = "done", "", start
    last_good = (start, r.state_dict(), checkpoint.rng_state(rng), _noise_state())
    bar = _progress(progress, start, total, ds.name)
    t0 = time.perf_counter()

    def snapshot(step):
        r.snapshots.append(r.generate(z_fixed))
        r.snapshot_steps.append(step)
        if ds.kind == "1d":  # G's and D's weights too, for Figure 1's four panels (a)-(d) from this run
            r.states.append({k: v for k, v in g.state_dict().items() if k[:2] in ("G/", "D/")})

    try:
        snapshot(start)
        for step in range(start, total):
            lr = learning_rate(c, step)
            g.g_opt.lr = g.d_opt.lr = lr
            real = (ds.sample(c["d_steps"] * c["batch_size"], rng) - r.shift) / r.scale
            stats = g.train_step(real.astype(np.float32))
            if r.ema is not None:  # Polyak/EMA average of G's weights (Yazici et al. 2019)
                for k, p in g.G.params.items():
                    r.ema[k] += (1 - c["ema"]) * (p - r.ema[k])
            if not all(math.isfinite(stats[k]) for k in ("d_loss", "g_loss")):
                r.status = "nan"
                r.message = (f"step {step + 1}: the loss became NaN/inf (d_loss={stats['d_loss']}, g_loss={stats['g_loss']}); "
                             f"stopped and kept the state of step {last_good[0]}; try a lower learning rate (--lr {c['lr'] / 10:g})")
                break
            r.step = step + 1
            for k in HISTORY:
                r.history[k][step] = stats[k]
            if callback is not None:
                callback(step, stats, g)
            if r.step % every == 0 or r.step == total:
                snapshot(r.step)
            if r.step % c["eval_every"] == 0 or r.step == total:
                last_good = (r.step, r.state_dict(), checkpoint.rng_state(rng), _noise_state())
                ev = metrics.evaluate(ds, r.samples_of(2500), full=False) if ds.kind != "image" else {}
                r.evals.append({"step": r.step, **ev})
                if bar is not None:
                    bar.set_postfix(_postfix(stats, ev), refresh=False)
            if bar is not None:
                bar.update(1)
    except KeyboardInterrupt:
        r.status, r.message = "interrupted", f"interrupted at step {r.step}; the run folder keeps that state"
        last_good = (r.step, r.state_dict(), checkpoint.rng_state(rng), _noise_state())
    finally:
        if bar is not None:
            bar.close()
    r.seconds = time.perf_counter() - t0
    if r.status == "nan":  # roll back to the last finite state
        r.step = last_good[0]
        g.load_state_dict(last_good[1])
        if r.ema is not None:
            r.ema = {k: backend.asarray(last_good[1][f"ema/{k}"]) for k in r.ema}
    r.last_good = last_good
    r.history = {k: v[:r.step] for k, v in r.history.items()}
    r.samples = r.samples_of(2500)
    if ds.kind == "image":  # classifier score, Frechet distance, class histogram, Parzen (scores.py)
        from .scores import image_scores
        r.metrics = image_scores(r.samples, ds.table, ds.labels, ds.held_out, ds.held_out_labels, name=ds.name)
    else:
        r.metrics = metrics.evaluate(ds, r.samples)
    if out is not None:
        from . import runs
        runs.write_run_folder(out, r, figures)
    return r


def _noise_state():
    """The device noise RNG's state (NumPy backend only; CuPy's cannot be saved exactly)."""
    return checkpoint.rng_state(backend.device_rng()) if backend.get_backend() == "numpy" else None


def _postfix(stats, ev):
    p = {"D": f"{stats['d_loss']:.3f}", "G": f"{stats['g_loss']:.3f}"}
    if "modes" in ev:
        p["modes"] = f"{ev['modes']}/{ev['n_modes']}"
        p["hq"] = f"{100 * ev['high_quality']:.0f}%"
    return p


def _progress(enabled, start, total, name):
    if not enabled:
        return None
    from tqdm import tqdm
    return tqdm(total=total, initial=start, desc=f"train {name}", unit="step", mininterval=0.5)
