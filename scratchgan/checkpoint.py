"""Checkpoints: one ``.npz`` of plain arrays plus a JSON string. Opening one never runs code.

Layout (every value a plain numeric or unicode array; no pickles):

    "__format__"       "scratchgan-checkpoint-1"
    "__config__"       JSON text: the run's config (see ``presets.preset``)
    "__meta__"         JSON text: step reached, status, RNG states (data_rng, noise_rng),
                       backend, data normalisation (shift, scale), the curves' state
    "G/0.W", "D/...", "g_opt/0.W/m", ...   the GAN's ``state_dict()``
    "history/d_loss", ...                  per-step float32 histories so far

It is read with ``np.load(path, allow_pickle=False)``: an object array would
need pickle (which can run arbitrary code), so such a file is refused.

RNG states: a NumPy ``Generator`` (PCG64) state is a small dict of integers,
some 128-bit, so it travels as JSON text, where big integers are exact.

Writes are atomic (``write_atomic``): the bytes go to a temporary file in the
same folder, are flushed to the disk (fsync), and only then renamed over the
old file, so a crash or a kill at any moment leaves either the old checkpoint
or the new one, never half of one. Reads check everything before anything is
used: a damaged member, a missing array or one of another shape or dtype
(``check_state``) is one line naming the array, expected against found.

``write_checkpoint(out, result)`` writes a training run's checkpoint.npz (the one
writer, used by ``runs.write_progress`` and ``runs.write_run_folder``).
"""
import json
import os

import numpy as np

from . import backend
from .history import HISTORY

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
    write_atomic(path, lambda f: np.savez(f, **arrays))


def write_checkpoint(out, result):
    """``out``/checkpoint.npz from ``result.last_good`` (a ``recorder.SavePoint``), with the curves up to its step.

    ``result`` is a ``train.Result``; the file holds its config, the save point's state arrays
    and RNG states, and the run's status, backend and normalisation (``__meta__``).
    """
    good = result.last_good
    meta = {"step": good.step, "data_rng": good.data_rng, "noise_rng": good.noise_rng, "status": result.status,
            "backend": backend.get_backend(), "shift": result.shift.tolist(), "scale": result.scale,
            "curves": good.curves}
    history = {k: v[:good.step // good.curves["every"]] for k, v in result.history.items() if k in HISTORY}
    save(os.path.join(out, "checkpoint.npz"), good.state, result.config, meta, history)


def write_atomic(path, write):
    """Call write(f) on a temporary file beside ``path``, fsync it, then rename it to ``path``.

    os.replace is atomic on POSIX and Windows: readers see the old file or the new one. The
    folder is fsynced too (where the OS allows), so the rename itself survives a power cut.
    """
    folder = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load(path):
    """Read a checkpoint -> (state, config, meta, history), or raise CheckpointError saying what is wrong."""
    if not os.path.isfile(path):
        raise CheckpointError(f"{path}: no such checkpoint file")
    with open(path, "rb") as f:
        if f.read(4) != b"PK\x03\x04":  # every .npz is a zip archive
            raise CheckpointError(f"{path}: not a scratchgan checkpoint (not an .npz archive)")
    try:
        f = np.load(path, allow_pickle=False)
    except Exception as err:  # a zip whose directory (at its end) is gone: the file was cut short
        raise CheckpointError(f"{path}: truncated or damaged, not a readable .npz ({type(err).__name__}: {err}); "
                              "resume from another checkpoint or start a new run") from None
    arrays = {}
    with f:
        for k in f.files:
            try:
                arrays[k] = f[k]
            except ValueError as err:  # object arrays need pickle, which we never allow
                raise CheckpointError(f"{path}: array {k!r} holds Python objects; object arrays need pickle, "
                                      f"which a scratchgan checkpoint never uses ({err})") from None
            except Exception as err:  # a member cut short or overwritten: zlib/CRC/EOF errors
                raise CheckpointError(f"{path}: array {k!r} is damaged ({type(err).__name__}: {err}); "
                                      "resume from another checkpoint or start a new run") from None
    missing = [k for k in REQUIRED if k not in arrays]
    if missing:
        raise CheckpointError(f"{path}: not a scratchgan checkpoint (missing {', '.join(missing)})")
    if str(arrays["__format__"]) != FORMAT:
        raise CheckpointError(f"{path}: unknown checkpoint format {str(arrays['__format__'])!r}, expected {FORMAT!r}")
    try:
        config, meta = json.loads(str(arrays["__config__"])), json.loads(str(arrays["__meta__"]))
    except json.JSONDecodeError as err:
        raise CheckpointError(f"{path}: its config is not valid JSON ({err})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("step"), int) or meta["step"] < 0:
        raise CheckpointError(f"{path}: its __meta__ has no step count (found {str(arrays['__meta__'])[:60]!r})")
    history = {k[len("history/"):]: v for k, v in arrays.items() if k.startswith("history/")}
    state = {k: v for k, v in arrays.items() if k not in REQUIRED and not k.startswith("history/")}
    return state, config, meta, history


def check_state(path, state, expected, slots=(("g_opt", "G"), ("d_opt", "D"))):
    """Raise CheckpointError unless ``state`` fits ``expected`` (name -> array: the weights a config
    builds); the message names the first array that differs, expected against found.

    Every expected array must be there with its shape and dtype, and nothing else, except an
    optimizer's slots: "g_opt/<param>/<name>" belongs to "G/<param>" (``slots``) and is shaped and
    typed like it, or is a 0-d counter. Run before loading, so nothing is ever half-loaded.
    """
    optimizer = {k for k in state if any(k.startswith(o + "/") for o, _ in slots)}
    missing = sorted(set(expected) - set(state))
    if missing:
        raise CheckpointError(f"{path}: lacks array {missing[0]!r} ({len(missing)} of the {len(expected)} arrays "
                              "its config builds are missing: another architecture, or a damaged file)")
    extra = sorted(set(state) - set(expected) - optimizer)
    if extra:
        raise CheckpointError(f"{path}: has array {extra[0]!r}, which the network its config builds does not "
                              f"have ({len(extra)} such arrays: another architecture)")
    owners = dict(slots)
    for k in sorted(optimizer):
        opt, rest = k.split("/", 1)
        param = f"{owners[opt]}/{rest.rsplit('/', 1)[0]}"
        if state[k].ndim == 0:
            continue  # a step counter
        if param not in expected:
            raise CheckpointError(f"{path}: has optimizer array {k!r} for {param!r}, which the network its config "
                                  "builds does not have (another architecture)")
        expected = {**expected, k: expected[param]}
    for k, want in expected.items():
        got = state[k]
        if tuple(got.shape) != tuple(want.shape):
            raise CheckpointError(f"{path}: array {k!r} has shape {tuple(got.shape)}, expected {tuple(want.shape)} "
                                  "(another architecture, or a damaged file)")
        if got.dtype != want.dtype:
            raise CheckpointError(f"{path}: array {k!r} has dtype {got.dtype}, expected {want.dtype}")


def rng_state(rng):
    """A NumPy Generator's state as JSON text (exact, 128-bit integers included)."""
    return json.dumps(rng.bit_generator.state)


def set_rng_state(rng, text):
    """Restore a state written by ``rng_state``."""
    rng.bit_generator.state = json.loads(text)
