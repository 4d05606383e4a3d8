"""Shared fixtures: every test starts on the NumPy backend with a fixed seed."""
import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("SCRATCHGAN_FAST", "1")

from scratchgan import backend  # noqa: E402


def gpu_available():
    try:
        backend._import_cupy()
        return True
    except backend.BackendUnavailable:
        return False


GPU = gpu_available()
needs_gpu = pytest.mark.skipif(not GPU, reason="CuPy with a usable CUDA GPU is not available on this machine")


@pytest.fixture(autouse=True)
def numpy_backend():
    """Tests run on the backend named by SCRATCHGAN_TEST_BACKEND (default numpy), seeded."""
    backend.set_backend(os.environ.get("SCRATCHGAN_TEST_BACKEND", "numpy"))
    backend.seed(0)
    yield
    backend.set_backend("numpy")
