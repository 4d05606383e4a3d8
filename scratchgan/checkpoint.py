"""Checkpoints: one ``.npz`` of plain arrays plus a JSON string. Opening one never runs code.

Layout (every value a plain numeric or unicode array; no pickles):

    "__format__"       "scratchgan-checkpoint-1"
    "__config__"       JSON text: the run's config (see ``train.preset``)
    "__meta__"         JSON text: step reached, RNG states, data normalisation
    "G/0.W", "D/...", "g_opt/0.W/m", ...   the GAN's ``state_dict()``
    "history/d_loss", ...                  per-step float32 histories so far

It is read with ``np.load(path, allow_pickle=False)``: an object array would
need pickle (which can run arbitrary code), so such a file is refused.

RNG states: a NumPy ``Generator`` (PCG64) state is a small dict of integers,
some 128-bit, so it travels as JSON text, where big integers are exact.
"""
import json
import os

import numpy as np

FORMAT = "scratchgan-checkpoint-1"
REQUIRED = ("__format__", "__config__", "__meta__")


class CheckpointError(ValueError):
    """The file is not a readable scratchgan checkpoint; the message says why."""


def save(path, state, config, meta, history=None):
    """Write ``state`` (flat dict of host arrays), ``config`` and ``meta`` (JSON-able dicts) to ``path``."""
    arrays = {"__format__": np.array(FORMAT), "__config__": np.array(json.dumps(config)),
              "__meta__": np.array(json.dumps(meta))}
    for k, v in state.items():
        arrays[k] = np.asarray(v)
    for k, v in (history or {}).items():
        arrays[f"history/{k}"] = np.asarray(v, dtype=np.float32)
    tmp = path + ".tmp.npz"  # write then rename: a crash never leaves half a checkpoint
    np.savez(tmp, **arrays)
    os.replace(tmp, path)


def load(path):
    """Read a checkpoint -> (state, config, meta, history), or raise CheckpointError saying what is wrong."""
    if not os.path.isfile(path):
        raise CheckpointError(f"{path}: no such checkpoint file")
    with open(path, "rb") as f:
        if f.read(4) != b"PK\x03\x04":  # every .npz is a zip archive
            raise CheckpointError(f"{path}: not a scratchgan checkpoint (not an .npz archive)")
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except ValueError as err:  # object arrays need pickle, which we never allow
        raise CheckpointError(f"{path}: holds object arrays, which a scratchgan checkpoint never does ({err})") from None
    except Exception as err:  # not a zip/npz at all
        raise CheckpointError(f"{path}: not a scratchgan checkpoint (.npz) ({type(err).__name__}: {err})") from None
    missing = [k for k in REQUIRED if k not in arrays]
    if missing:
        raise CheckpointError(f"{path}: not a scratchgan checkpoint (missing {', '.join(missing)})")
    if str(arrays["__format__"]) != FORMAT:
        raise CheckpointError(f"{path}: unknown checkpoint format {str(arrays['__format__'])!r}, expected {FORMAT!r}")
    try:
        config, meta = json.loads(str(arrays["__config__"])), json.loads(str(arrays["__meta__"]))
    except json.JSONDecodeError as err:
        raise CheckpointError(f"{path}: its config is not valid JSON ({err})") from None
    history = {k[len("history/"):]: v for k, v in arrays.items() if k.startswith("history/")}
    state = {k: v for k, v in arrays.items() if k not in REQUIRED and not k.startswith("history/")}
    return state, config, meta, history


def rng_state(rng):
    """A NumPy Generator's state as JSON text (exact, 128-bit integers included)."""
    return json.dumps(rng.bit_generator.state)


def set_rng_state(rng, text):
    """Restore a state written by ``rng_state``."""
    rng.bit_generator.state = json.loads(text)
