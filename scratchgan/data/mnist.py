"""MNIST from verified IDX files, and a fixed held-out split of any labelled images.

MNIST (LeCun, Cortes & Burges; CC BY-SA 3.0) comes as four IDX files. An IDX
file is a big-endian header followed by raw bytes:

    bytes 0-1   zero
    byte  2     element type (0x08 = unsigned byte, the only one MNIST uses)
    byte  3     number of dimensions k  (3 for images, 1 for labels)
    then k      uint32 sizes            (N, 28, 28) or (N,)
    then        prod(sizes) bytes of data

so the magic numbers are 0x00000803 = 2051 (images) and 0x00000801 = 2049
(labels). ``read_idx`` checks all of it: a file that is cut short or has the
wrong header is refused with one line naming the file.

    >>> from scratchgan.data import mnist
    >>> mnist.read_idx(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]), ndim=1).tolist()  # 3 labels
    [7, 8, 9]

``load(split)`` looks for the files (``name`` or ``name.gz``) in one folder,
``root`` or else ``$SCRATCHGAN_DATA`` or else ``~/.cache/scratchgan/mnist``,
downloads the missing ones from public mirrors into it, and checks the SHA-256
of each *decompressed* file before using it (the gzip wrapper differs between copies;
the content does not). Pixels are scaled from {0..255} to [-1, 1], the range of
a tanh generator: x = byte / 127.5 - 1. ``dataset`` makes the "mnist" and
"mnist:test" data sets of ``data.get_dataset`` from them.
"""
import gzip
import hashlib
import os
import struct
import urllib.request
import zlib
from pathlib import Path

import numpy as np

from .dataset import DataError, table_rows

FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
         "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
# SHA-256 of the decompressed files. The test digests were taken from a copy of the
# original test files (7,840,016 and 10,008 bytes); the train digests are the ones
# published beside many public MNIST loaders for the same files (47,040,016 and 60,008 bytes).
SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
MIRRORS = ("https://ossci-datasets.s3.amazonaws.com/mnist/",
           "https://storage.googleapis.com/cvdf-datasets/mnist/")
ALL_FILES = [name + ".gz" for pair in FILES.values() for name in pair]


class DataFileError(DataError):
    """An MNIST file is missing, truncated, corrupt or fails its checksum."""


def default_root():
    """Where MNIST is looked for and cached: $SCRATCHGAN_DATA, else ~/.cache/scratchgan/mnist."""
    return Path(os.environ.get("SCRATCHGAN_DATA") or Path.home() / ".cache" / "scratchgan" / "mnist")


def read_idx(data, name="IDX data", ndim=None):
    """Parse IDX bytes (raw or gzip) into a uint8 array, checking the header and length.

    ndim: the number of dimensions required (3 for images, 1 for labels), or None for any.
    Raises DataFileError naming ``name`` if anything is off.
    """
    delete = f"{name} is corrupt or truncated ({{}}); delete it and run again to fetch a fresh copy"
    if data[:2] == b"\x1f\x8b":  # the gzip magic number
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:
            raise DataFileError(delete.format(f"gzip: {err}")) from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise DataFileError(delete.format("no IDX magic number: the first two bytes must be zero"))
    dtype_code, k = data[2], data[3]
    if dtype_code != 0x08:
        raise DataFileError(delete.format(f"element type 0x{dtype_code:02x}, expected 0x08 (unsigned byte)"))
    if ndim is not None and k != ndim:
        raise DataFileError(delete.format(f"{k} dimensions in the header, expected {ndim}"))
    if len(data) < 4 + 4 * k:
        raise DataFileError(delete.format("header cut short"))
    shape = struct.unpack(f">{k}I", data[4:4 + 4 * k])
    expected = 4 + 4 * k + int(np.prod(shape, dtype=np.int64))
    if len(data) != expected:
        raise DataFileError(delete.format(f"{len(data):,} bytes, header {shape} says {expected:,}"))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * k).reshape(shape)


def _urlopen(url):
    """The bytes at ``url`` (the default downloader; 30 s timeout)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _checked(data, name, origin):
    """``data`` decompressed, if its SHA-256 matches the published one; else DataFileError."""
    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256[name]:
        raise DataFileError(f"{origin} fails its checksum (sha256 {digest[:12]}..., expected "
                            f"{SHA256[name][:12]}...); delete it and run again to fetch a fresh copy")
    return raw


def _download(name, root, opener):
    """Fetch ``name``.gz from the first mirror that serves a copy with the right checksum, cache it."""
    reasons = []
    for mirror in MIRRORS:
        url = mirror + name + ".gz"
        try:
            data = opener(url)
            raw = _checked(data, name, url)
        except DataFileError as err:
            reasons.append(str(err).split(";")[0])  # a bad copy is refused, never written
            continue
        except Exception as err:  # no network, HTTP error, DNS failure, ...
            reasons.append(f"{url}: {err}")
            continue
        root.mkdir(parents=True, exist_ok=True)
        final = root / (name + (".gz" if data[:2] == b"\x1f\x8b" else ""))  # cached as served
        tmp = final.with_name(final.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(final)  # atomic: a half-written file never looks complete
        return raw
    raise DataFileError(f"MNIST file {name}.gz is not in {root} and could not be downloaded "
                        f"({'; '.join(reasons)}). Put the four files {', '.join(ALL_FILES)} in {root} "
                        f"(or point $SCRATCHGAN_DATA at the folder holding them), or use the offline "
                        f"'digits' data instead")


def _load(name, root, opener):
    """The verified bytes of one MNIST file from ``root``, else a download into it."""
    for path in (root / name, root / f"{name}.gz"):
        if path.exists():
            data = path.read_bytes()
            read_idx(data, str(path))  # header and length first: the clearer message
            return _checked(data, name, str(path))
    return _download(name, root, opener)


def holdout_split(x, labels, n_holdout=1000, seed=0):
    """(x_train, labels_train, x_held, labels_held): a fixed random ``n_holdout`` rows kept aside.

    The held-out rows are never trained on; image scores compare samples with them.
    """
    if not 0 < n_holdout < len(x):
        raise ValueError(f"cannot hold out {n_holdout} of {len(x)} images; choose 0 < n_holdout < {len(x)}")
    order = np.random.default_rng(seed).permutation(len(x))
    train, held = order[n_holdout:], order[:n_holdout]
    return x[train], labels[train], x[held], labels[held]


def load(split="train", root=None, opener=None):
    """MNIST images and labels: x float32 (N, 784) in [-1, 1], labels int64 (N,).

    split: "train" (60,000) or "test" (10,000). root: the folder to look in and
    cache to (default ``default_root()``: $SCRATCHGAN_DATA, else the user's cache).
    opener: url -> bytes, the downloader (tests pass a fake one).
    """
    if split not in FILES:
        raise ValueError(f"unknown MNIST split {split!r}; choose 'train' or 'test'")
    root = Path(root) if root is not None else default_root()
    images_name, labels_name = FILES[split]
    images = read_idx(_load(images_name, root, opener or _urlopen), images_name, ndim=3)
    labels = read_idx(_load(labels_name, root, opener or _urlopen), labels_name, ndim=1)
    if images.shape[1:] != (28, 28) or images.shape[0] != labels.shape[0]:
        raise DataFileError(f"MNIST {split}: images {images.shape} and labels {labels.shape} do not match "
                            f"(expected (N, 28, 28) and (N,)); delete the files and run again")
    x = images.reshape(len(images), 784).astype(np.float32) / np.float32(127.5) - np.float32(1)
    return x, labels.astype(np.int64)


def dataset(spec="mnist", data_dir=None):
    """The data set ``spec``: "mnist" trains on the 60,000 training images and holds out the
    10,000 test images; "mnist:test" trains on 9,000 of the test images and holds out the
    other 1,000 (``holdout_split``). G and D never see the held-out images; the image
    scores compare against them. ``data_dir``: the folder of the files (see ``load``)."""
    if spec == "mnist":
        (x, labels), (held, held_labels) = load("train", root=data_dir), load("test", root=data_dir)
    elif spec == "mnist:test":
        x, labels, held, held_labels = holdout_split(*load("test", root=data_dir), n_holdout=1000)
    else:
        raise DataError(f"unknown MNIST data set {spec!r}; choose 'mnist' or 'mnist:test'")
    return table_rows(spec, x, "image", labels=labels, held_out=held, held_out_labels=held_labels)
