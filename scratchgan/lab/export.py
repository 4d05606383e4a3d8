"""The lab's export: a run folder of what the class saw, and the Python that rebuilds it.

    out/checkpoint.npz   ``checkpoint.save``'s format, the ``train`` config inside (and the averaged G, "ema/...")
    out/rebuild.py       the exact Python that rebuilds this GAN and loads these weights
    out/lab.json         the lab's settings and its strip of numbers
    out/plane.png        (2-D) or figure1.png (1-D): the library's own figure of this G and D
    out/points.npy       the clicked points, when those are the data

The script builds the GAN the way ``train.train`` does (``presets.preset`` +
``backend.seed`` + ``train.build_gan``), so its starting weights are the lab's
after a reset, and ``gan.load_state_dict`` then puts back the current ones.
"""
import json
import os

import numpy as np

from .. import backend, checkpoint, plots
from ..plots.base import save
from .views import data_density, x_range


def python_code(state, checkpoint_path=None, script=False):
    """The Python that rebuilds this GAN with its settings (and, given a checkpoint, its weights).

    script=True: the text of ``rebuild.py``, which finds the checkpoint (and drawn points) next
    to itself, so it runs from any folder, and prints what it rebuilt.
    """
    c, s = state.config(), state.settings
    keys = ("loss", "lr", "d_steps", "batch_size", "pack", "hidden", "layers", "d_hidden", "d_layers",
            "noise_dim", "seed", "lr_decay", "penalty", "penalty_weight")
    keys += ("conditional",) if c.get("conditional") else ()  # the conditional game (conditioned.py)
    args = ", ".join(f"{k}={c[k]!r}" for k in keys)
    if script:
        where = lambda name: f"os.path.join(here, {name!r})"
    else:
        where = lambda name: repr(os.path.join(os.path.dirname(checkpoint_path), name))
    drawn = s["data"] == "drawn"
    spec = (where("points.npy") if checkpoint_path else "'drawn'") if drawn else repr(s["data"])
    lines = ["import os", ""] if script else []
    lines += ["import numpy as np", "from scratchgan import backend, checkpoint, data, lab, presets, train", ""]
    if script:
        lines += ["here = os.path.dirname(os.path.abspath(__file__))  # this folder: run the script from anywhere"]
    lines += [f"config = presets.preset({spec}, {args})"]
    if drawn:
        lines.append("dataset = lab.drawn_dataset(np.load(config['data']))" if checkpoint_path else
                     f"dataset = lab.drawn_dataset({state.points.tolist()!r})")
    else:
        lines.append("dataset = data.get_dataset(config['data'])")
    lines += ["shift, scale = train.normalisation(dataset)  # G and D work on (x - shift) / scale",
              "backend.seed(config['seed'])",
              "gan = train.build_gan(config, dataset.dim, dataset.kind"
              + (", dataset.n_classes)" if c.get("conditional") else ")"),
              f"gan.g_opt.lr, gan.d_opt.lr = {s['lr_g']!r}, {s['lr_d']!r}"]
    if s["optimizer"] == "sgd":
        lines = [ln.replace("import backend,", "import backend, optim,") for ln in lines]
        lines += [f"gan.g_opt, gan.d_opt = optim.SGD(gan.G, {s['lr_g']!r}), optim.SGD(gan.D, {s['lr_d']!r})"
                  "  # the lab's plain gradient steps"]
    if checkpoint_path:
        ckpt = where("checkpoint.npz") if script else repr(checkpoint_path)
        lines += [f"state, _, meta, _ = checkpoint.load({ckpt})",
                  f"gan.load_state_dict(state)  # after {state.d_updates} D and {state.g_updates} G updates"]
        if script:
            lines += [f"print(f\"rebuilt the lab's {c['loss']} GAN on {s['data']} data after {state.d_updates} D and "
                      f"{state.g_updates} G updates from {{{ckpt}}}\")"]
    return "\n".join(lines) + "\n"


def export(state, out, figures=True):
    """Write a run folder: checkpoint.npz, rebuild.py, lab.json, and (drawn data) points.npy; returns its absolute path.

    The checkpoint is ``checkpoint.save``'s format with the ``train`` config, so
    ``checkpoint.load`` reads it and ``python rebuild.py`` gets these weights back.
    With ``figures`` the library's figure of this G and D too (``export_figures``).
    """
    out = os.path.abspath(out)
    os.makedirs(out, exist_ok=True)
    ckpt = os.path.join(out, "checkpoint.npz")
    config = state.config()
    if state.settings["data"] == "drawn":
        np.save(os.path.join(out, "points.npy"), state.points)
        config["data"] = os.path.join(out, "points.npy")
    meta = {"step": state.g_updates, "d_updates": state.d_updates, "g_updates": state.g_updates,
            "data_rng": checkpoint.rng_state(state.data_rng), "noise_rng": None, "status": "lab",
            "backend": backend.get_backend(), "shift": np.atleast_1d(state.shift).tolist(), "scale": state.scale}
    arrays = state.gan.state_dict()
    if state.average is not None:  # the averaged G too, as train's checkpoints hold it (train.load_average reads it)
        arrays.update({f"ema/{k}": v for k, v in state.average.state_dict().items()})
    checkpoint.save(ckpt, arrays, config, meta)
    with open(os.path.join(out, "rebuild.py"), "w") as f:
        f.write(python_code(state, ckpt, script=True))
    with open(os.path.join(out, "lab.json"), "w") as f:
        json.dump({"settings": state.settings, "numbers": {k: v for k, v in state.numbers().items()
                                                          if k != "captured"}}, f, indent=1)
    if figures:
        export_figures(state, out)
    return out


def export_figures(state, out):
    """The library's own figure of the current GAN into ``out``: plane.png (2-D) or figure1.png (1-D).

    Returns the path of the file written (None for the conditional game: ``plots.plane`` draws one
    unlabelled D; the widget's lab.png shows the label on show).
    """
    s, units = state, (state.shift, state.scale)
    if s.settings.get("conditional"):
        return None
    if s.dataset.dim == 2:
        fig = plots.plane(s.gan, s.real_show, s.dataset.modes, s.dataset.mode_std, units=units,
                          title=f"the lab after {s.d_updates} D and {s.g_updates} G updates")
        return save(fig, os.path.join(out, "plane.png"))
    fig = plots.figure1(s.gan, data_density(s), x_range=x_range(s), units=units)
    return save(fig, os.path.join(out, "figure1.png"))
