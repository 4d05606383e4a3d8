"""The settings of a run: one preset per dataset, and the checks that refuse a setting that cannot work.

    >>> from scratchgan import presets
    >>> config = presets.preset("ring", steps=500)
    >>> config["data"], config["steps"], config["batch_size"]
    ('ring', 500, 512)

A config is a plain dict (so it goes into JSON and checkpoints unchanged):
``preset(name, **overrides)`` starts from ``COMMON``, applies the dataset's row of
``PRESETS`` and then ``overrides``. ``check_config`` refuses a setting that cannot
work with one line saying which and why, before any work; given the data's
dimension it also refuses a network or batch too big for this machine's memory.
"""
import os

# One row per dataset: the architecture and the hyperparameters that work for it.
# hidden/layers: G's MLP; d_hidden/d_layers: D's; lr_decay: the last fraction of the
# run in which both learning rates fall linearly to lr * lr_final. schedule_steps: the
# run that fraction is taken of (None: the steps of the first invocation; a resumed run
# keeps its checkpoint's, and past it the rate stays at lr * lr_final). ema: the decay beta of the
# averaged G (average.py; 0: none), measured beside the raw G in every run; use_average: the run's
# samples, figures and final metrics come from the averaged G where it keeps one (ema > 0; else the raw G);
# benchmarks/levers.py decides it per preset.
COMMON = dict(loss="non_saturating", steps=2000, batch_size=128, lr=1e-3, beta1=0.5, beta2=0.999,
              d_steps=1, pack=1, hidden=64, layers=2, d_hidden=64, d_layers=2, noise_dim=2,
              g_act="relu", ema=0.99, use_average=False, lr_decay=0.0, lr_final=0.1, label_smoothing=0.0, eval_every=200, seed=0,
              backend="numpy", data_dir=None, clip=None, penalty=None, penalty_weight=0.0, minibatch_std=False,
              schedule_steps=None, conditional=None, label_column=None, labels=None)
# ring: a 3-D z (a 1-D z draws curves: recall 0.50; 2-D 0.82) and a D of width 96 (with the 3-D z: recall
# 0.84 -> 0.91 against the 2-D z and D 128, high quality the same 97.2%, the main job 24-26 s); the raw G, by issue
# 21's rule (SkylakeX: the averaged G's recall 0.909 against 0.912), measured over seeds 0-4 under three BLAS
# kernels by benchmarks/levers.py (RESULTS.md, "Levers", fourth part)
RING = dict(steps=6000, batch_size=512, hidden=128, layers=3, d_hidden=96, d_layers=2,
            noise_dim=3, pack=2, lr=3e-3, lr_decay=0.85, lr_final=0.003)
PRESETS = {
    "gaussian":   dict(steps=1000, batch_size=64, hidden=32, d_hidden=32, noise_dim=1, lr=2e-3,
                       lr_decay=0.5, lr_final=0.05),
    "mixture":    dict(steps=3000, batch_size=128, hidden=64, d_hidden=64, noise_dim=2, pack=2, lr=2e-3,
                       lr_decay=0.7, lr_final=0.01),
    "ring":       RING,
    # grid: minibatch std keeps all 25 modes while training sharpens them; beta2 0.99 lets Adam follow D's gradients;
    # the averaged G (recall 0.82 -> 0.83 at high quality 95.0 -> 95.3%, seeds 0-4; RESULTS.md, "Levers")
    "grid":       dict(steps=11000, batch_size=256, hidden=256, layers=4, d_hidden=256, d_layers=3, noise_dim=2,
                       pack=1, minibatch_std=True, lr=1e-3, beta2=0.99, lr_decay=0.85, lr_final=0.003, use_average=True),
    "swiss_roll": dict(steps=4000, batch_size=256, hidden=128, layers=3, d_hidden=128, noise_dim=4),
    # a table of one's own: the ring's row, the settings measured on a 2-D mixture (a 1-D z would draw only curves,
    # lesson 14; a table of more columns may want noise_dim up to its width: --noise-dim)
    "file":       dict(RING),
    # the classic MLP GAN for 28x28 digits: G 100-256-512-1024-784 (LeakyReLU 0.2, tanh), D 784-512-256-1
    "digits":     dict(steps=3000, batch_size=64, hidden=[256, 512, 1024], d_hidden=[512, 256], noise_dim=100,
                       lr=2e-4, g_act="leaky_relu"),
    # mnist: the averaged G, lr 5e-4 and D's minibatch-std feature (MNIST test split, seeds 0-4, averaged G:
    # Frechet 3.57 -> 2.09, confident 58.9 -> 67.8%; RESULTS.md, "the image preset's levers")
    "mnist":      dict(steps=5000, batch_size=64, hidden=[256, 512, 1024], d_hidden=[512, 256], noise_dim=100,
                       lr=5e-4, minibatch_std=True, g_act="leaky_relu", use_average=True),
}
# A conditional game (``conditional``: "concat" or "projection", issue 24) changes a few
# settings of the dataset's row: no packing (each mode is asked for by its label, so
# conditioning, not PacGAN, keeps every mode), and the MNIST reference run's 8,000 steps at
# the rate it was measured with (2e-4, no minibatch-std feature: the unconditional row's
# newer lever was measured without labels); the ring's 2-D z and D 128, likewise (the unconditional
# row's 3-D z and D 96 leave 91-93% of the conditional ring's samples within 3 std of their mode, against
# 98-99%, 600 steps, seeds 0-2). MNIST's row already
# samples the averaged G, which suits the conditional game too (mean worst class 85.6% against the raw G's
# 84.3%, seeds 0-4: RESULTS.md, "Conditional GANs").
CONDITIONAL = {
    "ring":   dict(pack=1, steps=600, noise_dim=2, d_hidden=128),  # the settings its results were measured with
    "grid":   dict(pack=1, minibatch_std=False, steps=6000),
    "mixture": dict(pack=1),
    "file":   dict(pack=1),
    "digits": dict(steps=4000),
    "mnist":  dict(steps=8000, lr=2e-4, minibatch_std=False),  # the settings its results were measured with
}
CONDITIONINGS = ("concat", "projection")  # G always concatenates onehot(y) to z; D concatenates or projects
MAX_STEPS = 10**9  # ~10 days at 1 ms a step: anything beyond is a typo


def preset_name(spec):
    """The PRESETS row for a dataset spec: its own name, "mnist" for mnist:test, else "file"."""
    spec = str(spec)
    return spec if spec in PRESETS else "mnist" if spec.startswith("mnist") else "file"


def preset(data_spec="ring", **overrides):
    """The config for ``data_spec`` (a name or a file path), with ``overrides`` applied
    (with ``conditional=`` set, the dataset's ``CONDITIONAL`` row comes before them)."""
    unknown = set(overrides) - set(COMMON) - {"data"}
    if unknown:
        raise ValueError(f"unknown config keys {sorted(unknown)}; known: {sorted(COMMON)}")
    row = preset_name(data_spec)
    conditional = CONDITIONAL.get(row, {}) if overrides.get("conditional") else {}
    return {**COMMON, **PRESETS[row], **conditional, "data": str(data_spec),
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
    if not 0 <= config.get("ema", 0) < 1:
        raise ValueError(f"ema (the averaged G's decay) must be in [0, 1), got {config['ema']!r}; 0 keeps no average")
    if config.get("conditional") not in (None, *CONDITIONINGS):
        raise ValueError(f"conditional must be one of {', '.join(CONDITIONINGS)} (or None), got {config['conditional']!r}")
    if config.get("conditional") and (config["pack"] > 1 or config.get("penalty")):
        raise ValueError("a conditional run takes pack 1 and no gradient penalty (the conditional game has neither yet); "
                         "drop --pack")
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


def widths(width, count):
    """Hidden widths: ``width`` itself when it is a list (e.g. [256, 512, 1024]), else ``count`` copies of it."""
    return list(width) if isinstance(width, (list, tuple)) else [width] * count
