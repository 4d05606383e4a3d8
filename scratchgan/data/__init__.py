"""The distributions a GAN learns, each a ``Dataset`` (``dataset.py`` lists its fields).

    toy.py      1-D and 2-D Gaussian mixtures (gaussian, mixture, ring, grid) and the swiss roll
    files.py    a user's own .npy / .npz / .csv table (``from_file``)
    mnist.py    MNIST from checksummed IDX files (``mnist.load``), ``holdout_split``
    digits.py   offline digits drawn from fonts (``digits.draw``), no download

``get_dataset(spec)`` builds any of them by name or path. ``data.mnist`` and
``data.digits`` are imported on first use (the digits need matplotlib).

    >>> import numpy as np
    >>> from scratchgan import data
    >>> ring = data.get_dataset("ring")
    >>> x = ring.sample(5, np.random.default_rng(0))
    >>> x.shape, x.dtype, ring.modes.shape
    ((5, 2), dtype('float32'), (8, 2))
    >>> x, y = ring.sample_labelled(5, np.random.default_rng(0))  # the same x, and each one's mode
    >>> ring.n_classes, y.shape, bool(abs(x - ring.modes[y]).max() < 0.1)
    (8, (5,), True)
"""
import importlib
import os

from .dataset import DataError, Dataset
from .files import FILE_TYPES, from_file
from .toy import BY_NAME, gaussian, gaussian_mixture, grid, mixture, ring, swiss_roll

TOY = tuple(BY_NAME)  # gaussian, mixture, ring, grid, swiss_roll
IMAGES = ("digits", "mnist", "mnist:test")
__all__ = ["DataError", "Dataset", "FILE_TYPES", "IMAGES", "TOY", "from_file", "gaussian", "gaussian_mixture",
           "get_dataset", "grid", "mixture", "ring", "swiss_roll"]


def get_dataset(spec, min_rows=1, **kwargs):
    """The dataset called ``spec``: a toy name, an image set or a path to a .npy/.npz/.csv file.

    kwargs go to the constructor (e.g. ``get_dataset("ring", std=0.02)``; ``n=``, ``seed=``
    for digits; ``data_dir=`` for mnist; ``label_column=`` or ``labels=`` for a file).
    Unknown names raise DataError listing the choices.
    """
    spec = str(spec)
    for flag in ("label_column", "labels"):
        if kwargs.get(flag) is None:
            kwargs.pop(flag, None)
        elif not (spec.lower().endswith(FILE_TYPES) or os.path.sep in spec):
            raise DataError(f"--{flag.replace('_', '-')} is for a file's labels; {spec!r} is not a file "
                            f"({', '.join(n for n in TOY + IMAGES if n != 'swiss_roll')} bring their own labels)")
    if spec in TOY:
        return BY_NAME[spec](**kwargs)
    if spec in IMAGES:
        module = "digits" if spec == "digits" else "mnist"
        try:
            images = importlib.import_module(f".{module}", __name__)
        except ImportError as err:  # the digits are drawn with matplotlib's fonts
            raise DataError(f"dataset {spec!r} needs scratchgan.data.{module}, which cannot be imported ({err})") from None
        return images.dataset(**kwargs) if spec == "digits" else images.dataset(spec, **kwargs)
    if spec.lower().endswith(FILE_TYPES) or os.path.sep in spec:
        return from_file(spec, min_rows=min_rows, **kwargs)
    raise DataError(f"unknown dataset {spec!r}; choose one of {', '.join(TOY + IMAGES)} or a path to a .npy/.npz/.csv file")


def __getattr__(name):
    """``data.mnist`` and ``data.digits``: the submodules, imported when first asked for (PEP 562)."""
    if name in ("mnist", "digits"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
