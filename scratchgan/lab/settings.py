"""The lab's settings: what a teacher can change, which changes restart the game, and the ``train`` config.

Settings are a plain dict (``LabState.settings``)::

    data            a toy name, a .npy/.csv path, or "drawn" (the clicked points)
    loss            one of ``losses.KINDS``
    lr_g, lr_d      the step sizes for G and D
    optimizer       "adam" (``train``'s) or "sgd": plain gradient steps, so a vanishing gradient moves nothing
    arrows          "linear" or "log": how G's arrows scale with |dL_G/dx| (the view's; no effect on the game)
    k               D updates per G update (Algorithm 1's k)
    batch_size      rows per update
    penalty         None or one of ``penalty.KINDS``; penalty_weight its gamma / lambda (chosen with weight 0:
                    ``PENALTY_WEIGHT``'s, since weight 0 does nothing)
    freeze          None, "G" or "D": the frozen player does not move
    conditional     False, or True on labelled 2-D data (the ring, the grid: each Gaussian a class): the
                    conditional game of issue 24, G(z || onehot(y)) against D(x || onehot(y)) (``conditioned.py``)
    label           None (all classes) or a class 0..K-1: the one the plane shows (the view's; no effect on the game)
    pack, hidden, layers, d_hidden, d_layers, noise_dim, seed    the networks
    g_shown         "raw", "averaged" or "both": whose samples the plane draws and the strip measures
                    (the averaged G: ``average.Average`` of G's weights, the preset's ``ema`` decay)
    draw            the plane's layers drawn: a tuple out of DRAW (G's arrows also need the raw G shown)

LIVE settings act on the next step of the same GAN; VIEW settings change only
what is drawn and measured; STRUCTURE settings build a new one from its seed
(the game restarts). A new data set brings its preset (``presets.preset``), the
values ``python -m scratchgan train`` would use.
"""
import re

from .. import losses, optim, penalty, presets
from . import conditioned

LIVE = ("lr_g", "lr_d", "k", "batch_size", "loss", "penalty", "penalty_weight", "freeze", "optimizer", "arrows",
        "label")
STRUCTURE = ("data", "pack", "hidden", "layers", "d_hidden", "d_layers", "noise_dim", "seed", "conditional")
FREEZE = (None, "G", "D")
OPTIMIZERS = ("adam", "sgd")  # Adam rescales each step (a vanishing gradient still moves G); SGD steps lr * gradient
ARROWS = ("linear", "log")  # G's arrows: length proportional to |dL_G/dx|, or to its log over 5 decades
VIEW = ("g_shown", "draw")  # what the plane draws and the strip measures: no effect on the game
G_SHOWN = ("raw", "averaged", "both")
DRAW = ("heat", "real", "arrows", "manifold", "modes")  # D's heat map, the data, G's arrows and manifold, modes
VIEW_DEFAULTS = {"g_shown": "raw", "draw": DRAW}
# the page's names of the command line's settings, for messages that come from the library (``page_words``)
PAGE_NAMES = {"batch-size": "batch", "pack": "pack", "hidden": "G width", "layers": "G layers", "d-hidden": "D width",
              "d-layers": "D layers", "noise-dim": "z size", "d-steps": "k (D/G)", "lr": "lr G / lr D",
              "penalty-weight": "weight", "loss": "loss", "data": "data", "seed": "seed"}
PENALTY_WEIGHT = {"r1": 1.0, "wgan-gp": 10.0}  # a chosen penalty's weight when it had none (R1's gamma; WGAN-GP's 10)


def defaults(spec, conditional=None):
    """The settings that data ``spec`` brings: ``presets.preset(spec)``'s (drawn points take the ring's);
    ``conditional``: with the dataset's ``presets.CONDITIONAL`` row (pack 1 on the ring).

    Neither ``data`` nor ``freeze`` is among them: a teaching mode outlives a change of data.
    """
    c = presets.preset("ring" if spec == "drawn" else spec, conditional=conditional)
    return dict(loss=c["loss"], lr_g=c["lr"], lr_d=c["lr"], k=c["d_steps"],
                batch_size=c["batch_size"], penalty=c["penalty"], penalty_weight=c["penalty_weight"], pack=c["pack"],
                hidden=c["hidden"], layers=c["layers"], d_hidden=c["d_hidden"], d_layers=c["d_layers"],
                noise_dim=c["noise_dim"], seed=c["seed"])


def changed(current, changes):
    """The settings after ``changes``: a new dict, validated (ValueError, in one line, for one that cannot work).

    ``changes`` may hold any of LIVE + STRUCTURE; new data (other than "drawn")
    first brings its preset, then the other changes apply on top.
    """
    unknown = set(changes) - set(LIVE) - set(STRUCTURE) - set(VIEW)
    if unknown:
        raise ValueError(f"unknown lab settings {sorted(unknown)}; known: {sorted(LIVE + STRUCTURE + VIEW)}")
    new = {**current, **changes}
    if new["data"] not in (current["data"], "drawn"):
        keep = current["conditional"] and new["data"] in conditioned.LABELLED  # ring <-> grid keeps the game's kind
        new = {**current, "conditional": keep, "label": None, **defaults(new["data"]), **changes}
    if new["conditional"] != current["conditional"] and "pack" not in changes:  # pack 1 on, the preset's off
        new["pack"] = defaults(new["data"], "concat" if new["conditional"] else None)["pack"]
    if not new["conditional"] and "label" not in changes:
        new["label"] = None  # the plain game has no label to show
    conditioned.check(new)
    losses.check_kind(new["loss"])
    penalty.check_kind(new["penalty"])
    if new["penalty"] is not None and not new["penalty_weight"] and "penalty_weight" not in changes:
        new["penalty_weight"] = PENALTY_WEIGHT[new["penalty"]]  # weight 0 would make the penalty do nothing
    for name, allowed in (("optimizer", OPTIMIZERS), ("arrows", ARROWS)):
        if new[name] not in allowed:
            raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {new[name]!r}")
    check_view(new)
    if new["freeze"] not in FREEZE:
        raise ValueError(f"freeze must be None, 'G' or 'D', got {new['freeze']!r}")
    if new["batch_size"] % new["pack"]:
        raise ValueError(f"a batch of {new['batch_size']} cannot be cut into packs of {new['pack']}: "
                         f"choose a batch that {new['pack']} divides")
    config(new)
    return new


def check_view(s):
    """ValueError, in one line, for a VIEW setting that cannot be drawn; ``draw`` becomes a tuple in DRAW's order."""
    if s["g_shown"] not in G_SHOWN:
        raise ValueError(f"g_shown must be one of {', '.join(G_SHOWN)}; got {s['g_shown']!r}")
    wrong = [p for p in s["draw"] if p not in DRAW] if not isinstance(s["draw"], str) else [s["draw"]]
    if wrong:
        raise ValueError(f"the plane draws layers out of {', '.join(DRAW)} (a tuple of them); got {wrong!r}")
    s["draw"] = tuple(p for p in DRAW if p in s["draw"])


def page_words(text):
    """A message in the page's words: the command line's ``--batch-size`` (or ``batch-size``) becomes 'batch'.

    >>> page_words("lower --hidden, --layers or --batch-size")
    "lower 'G width', 'G layers' or 'batch'"
    """
    text = re.sub(r"--([a-z][a-z0-9-]*)", lambda m: f"'{PAGE_NAMES.get(m.group(1), m.group(1))}'", text)
    hyphenated = "|".join(re.escape(k) for k in PAGE_NAMES if "-" in k)
    return re.sub(rf"(?<!')\b({hyphenated})\b", lambda m: f"'{PAGE_NAMES[m.group(1)]}'", text)


def apply_live(gan, s):
    """Put the LIVE settings ``s`` on the running ``gan``: both learning rates, k, the loss, the penalty and its
    weight; a new optimizer for both players when ``optimizer`` changed (same weights; Adam starts its moments
    anew). The STRUCTURE settings need a new GAN instead (``rebuilds``)."""
    want = optim.SGD if s["optimizer"] == "sgd" else optim.Adam
    if type(gan.g_opt) is not want:
        c = config(s)
        make = (lambda net: optim.SGD(net, 1.0)) if want is optim.SGD else \
            (lambda net: optim.Adam(net, 1.0, (c["beta1"], c["beta2"])))
        gan.g_opt, gan.d_opt = make(gan.G), make(gan.D)
    gan.g_opt.lr, gan.d_opt.lr = s["lr_g"], s["lr_d"]
    gan.loss, gan.d_steps, gan.penalty, gan.penalty_weight = s["loss"], s["k"], s["penalty"], s["penalty_weight"]


def rebuilds(old, new):
    """Whether going from settings ``old`` to ``new`` needs a new GAN (a STRUCTURE setting changed)."""
    return any(new[k] != old[k] for k in STRUCTURE)


def config(s):
    """The ``train`` config of settings ``s`` (what the exported checkpoint and script use).

    Raises ``presets.check_config``'s ValueError for a setting that cannot work
    (e.g. a batch that is not a multiple of pack).
    """
    spec = s["data"] if s["data"] != "drawn" else "ring"
    c = presets.preset(spec, conditional="concat" if s["conditional"] else None, loss=s["loss"], lr=s["lr_g"],
                       d_steps=s["k"], batch_size=s["batch_size"], pack=s["pack"], hidden=s["hidden"],
                       layers=s["layers"], d_hidden=s["d_hidden"], d_layers=s["d_layers"], noise_dim=s["noise_dim"],
                       seed=s["seed"], lr_decay=0.0, penalty_weight=s["penalty_weight"])
    c["penalty"] = s["penalty"]
    c["lr_d"] = s["lr_d"]
    presets.check_config({**c, "lr": min(s["lr_g"], s["lr_d"])})
    return c
