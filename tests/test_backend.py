import time

import numpy as np
import pytest

from scratchgan import backend
from conftest import GPU, needs_gpu


def test_default_and_switch():
    backend.set_backend("numpy")
    assert backend.get_backend() == "numpy"
    with backend.use("numpy"):
        assert backend.get_backend() == "numpy"


def test_unknown_backend_lists_choices():
    with pytest.raises(ValueError, match="numpy, cupy"):
        backend.set_backend("torch")


@pytest.mark.skipif(GPU, reason="this machine has a GPU, so cupy is available")
def test_cupy_missing_says_which_and_how_to_install():
    with pytest.raises(backend.BackendUnavailable, match=r"pip install -e \.\[gpu\]") as err:
        backend.set_backend("cupy")
    assert "CuPy is not installed" in str(err.value) or "no usable GPU" in str(err.value) or "no GPU" in str(err.value)
    assert backend.get_backend() == "numpy", "a failed switch must leave the old backend active"


def test_asarray_to_numpy_roundtrip_and_dtype():
    a = backend.asarray([[1, 2], [3, 4]], dtype="float32")
    assert a.dtype == np.float32 and a.shape == (2, 2)
    assert backend.to_numpy(a).tolist() == [[1, 2], [3, 4]]


def test_get_xp_ignores_scalars_and_finds_numpy():
    assert backend.get_xp(np.zeros(2), 3.0, None) is np
    assert backend.get_xp() is backend.xp()  # no arrays: the active backend's module
    assert backend.get_xp(3.0) is backend.xp()


def test_get_xp_rejects_mixed_devices():
    class FakeCupyArray:  # stands in for a cupy.ndarray: only the module name is inspected
        __module__ = "cupy._core.core"
    with pytest.raises(TypeError, match="asarray"):
        backend.get_xp(np.zeros(2), FakeCupyArray())


def test_seed_reproduces_weights_and_noise():
    backend.seed(3)
    w1, z1 = backend.host_rng().standard_normal(4), backend.to_numpy(backend.randn(2, 3))
    backend.seed(3)
    w2, z2 = backend.host_rng().standard_normal(4), backend.to_numpy(backend.randn(2, 3))
    assert np.array_equal(w1, w2) and np.array_equal(z1, z2)
    assert z1.dtype == np.float32 and z1.shape == (2, 3)
    u = backend.to_numpy(backend.rand(1000))
    assert u.dtype == np.float32 and 0 <= u.min() and u.max() < 1


@needs_gpu
def test_cupy_roundtrip_on_gpu():
    with backend.use("cupy"):
        a = backend.asarray(np.arange(3.0))
        assert backend.get_xp(a).__name__ == "cupy"
        assert backend.to_numpy(a).tolist() == [0.0, 1.0, 2.0]
        with pytest.raises(TypeError, match="asarray"):
            backend.get_xp(a, np.zeros(3))


def test_device_rng_is_public_and_reseeded():
    backend.seed(7)
    a = backend.to_numpy(backend.device_rng().standard_normal(3))
    backend.seed(7)
    assert backend.to_numpy(backend.randn(3, dtype="float64")).tolist() == a.tolist()


def test_scatter_add_adds_every_repeat():
    a = backend.xp().zeros((3, 2), dtype="float32")
    backend.scatter_add(a, backend.asarray([1, 0, 1]), backend.asarray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype="float32"))
    np.testing.assert_array_equal(backend.to_numpy(a), [[3, 4], [6, 8], [0, 0]])  # row 1 got both of its rows
