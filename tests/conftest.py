"""Shared fixtures: every test starts on the NumPy backend with a fixed seed."""
import os
import pathlib

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
os.environ.setdefault("SCRATCHGAN_FAST", "1")

# The development machines keep the MNIST test set beside the repository; the library
# knows only $SCRATCHGAN_DATA (or its cache), so the test harness points it there.
SHARED_MNIST = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mnist"
if SHARED_MNIST.is_dir():
    os.environ.setdefault("SCRATCHGAN_DATA", str(SHARED_MNIST))

from scratchgan import backend  # noqa: E402

# SCRATCHGAN_TEST_BACKEND: numpy (default), cupy (a real GPU), or strict: tests/strict_device.py
# poses as CuPy, so the library's CuPy paths run on the CPU with arrays that refuse host/device mixing.
TEST_BACKEND = os.environ.get("SCRATCHGAN_TEST_BACKEND", "numpy")
if TEST_BACKEND == "strict":
    import sys

    import strict_device
    sys.modules["cupy"] = strict_device  # for this test process only; set_backend still knows numpy | cupy


def gpu_available():
    try:
        backend.import_cupy()
        return True
    except backend.BackendUnavailable:
        return False


GPU = gpu_available()  # under strict: the strict device stands in, so the CuPy-only tests run on it too
needs_gpu = pytest.mark.skipif(not GPU, reason="CuPy with a usable CUDA GPU is not available on this machine")


# NumPy's comparison helpers refuse CuPy arrays (no implicit device -> host copy);
# under the cupy backend they get host copies first: the same values, compared the same way.
HOST_COMPARISONS = [(np.testing, name) for name in ("assert_allclose", "assert_array_equal", "assert_equal",
                                                    "assert_array_almost_equal", "assert_array_less")]
HOST_COMPARISONS += [(np, name) for name in ("allclose", "array_equal", "isclose")]


def _on_host(f):
    def compare(*args, **kwargs):
        return f(*(backend.to_numpy(a) if backend.is_cupy(a) else a for a in args), **kwargs)
    return compare


@pytest.fixture(autouse=True)
def numpy_backend(monkeypatch):
    """Tests run on the backend named by SCRATCHGAN_TEST_BACKEND (default numpy; strict runs as cupy), seeded."""
    name = "cupy" if TEST_BACKEND == "strict" else TEST_BACKEND
    backend.set_backend(name)
    if name == "cupy":
        for module, attr in HOST_COMPARISONS:
            monkeypatch.setattr(module, attr, _on_host(getattr(module, attr)))
    backend.seed(0)
    yield
    backend.set_backend("numpy")


@pytest.fixture(scope="session")
def small_config():
    """small_config(data="ring", **overrides): a preset small enough for a test (tiny nets, constant lr)."""
    from scratchgan import presets

    def small(data="ring", **kw):
        return presets.preset(data, **{"steps": 30, "batch_size": 32, "hidden": 16, "d_hidden": 16, "eval_every": 10,
                                       "lr_decay": 0.0, **kw})
    return small


@pytest.fixture
def cli_error(capsys):
    """cli_error(argv): run the command line, check it failed with one clean line (exit 2), return that line."""
    from scratchgan import cli

    def run(argv):
        code = cli.main(argv)
        err = capsys.readouterr().err.strip()
        assert code == 2 and err.startswith("scratchgan: error:") and "\n" not in err and "Traceback" not in err
        return err
    return run
