"""The strict device (tests/strict_device.py) catches each planted host/device mistake, lets
correct device code through, and runs the library's CuPy paths with NumPy's numbers.

Every test here installs the strict device itself, so they run on any machine and under any
SCRATCHGAN_TEST_BACKEND (on a real GPU, cupy is put back after each test).
"""
import sys

import numpy as np
import pytest

import strict_device
from scratchgan import backend, exercises, gan, kernels, layers, optim

# (name, mistake(xp, x, host_rng), does real CuPy refuse it too?) with x a (8, 3) float64 device array
PLANTED = [
    ("np.mean on a device array", lambda xp, x, rng: np.mean(x, axis=0), False),
    ("a numpy ufunc on a device array", lambda xp, x, rng: np.exp(x), False),
    ("np.clip on a device array", lambda xp, x, rng: np.clip(x, -1, 1), False),
    ("np.asarray to read a device array", lambda xp, x, rng: np.asarray(x), True),
    ("device array + host array", lambda xp, x, rng: x + np.ones(3), True),
    ("host array * device array", lambda xp, x, rng: np.ones(3) * x, True),
    ("a host array in a device function", lambda xp, x, rng: xp.maximum(x, np.zeros(3)), True),
    ("host RNG shuffling device rows", lambda xp, x, rng: rng.permutation(x), True),
    ("host noise added to a device array", lambda xp, x, rng: x + rng.standard_normal(x.shape), True),
    ("float() of a whole array", lambda xp, x, rng: float(x), True),
    ("a Python loop over device rows", lambda xp, x, rng: [float(row.sum()) for row in x], False),
    ("a host array written into a device array", lambda xp, x, rng: x.__setitem__(..., np.zeros(x.shape)), True),
]
WHY = {"np.mean on": "numpy.mean was called on a device array", "a numpy ufunc": "numpy.exp was called",
       "np.clip": "numpy.clip was called", "np.asarray": "Implicit conversion to a NumPy array is not allowed",
       "host RNG": "Implicit conversion", "float()": "only 0-dimensional arrays",
       "a Python loop": "iterating over a device"}  # the others: "mixed with a device array"


@pytest.fixture
def strict(monkeypatch):
    """The active backend is "cupy", played by the strict device (real CuPy, if any, comes back afterwards)."""
    monkeypatch.setitem(sys.modules, "cupy", strict_device)
    monkeypatch.setattr(kernels, "_compiled", {})  # a compiled kernel belongs to the cupy it came from
    backend.set_backend("cupy")
    backend.seed(0)
    yield strict_device
    backend.set_backend("numpy")


def device_x(xp):
    return xp.asarray(np.random.default_rng(0).standard_normal((8, 3)))


@pytest.mark.parametrize("name, mistake, on_cupy", PLANTED, ids=[p[0] for p in PLANTED])
def test_every_planted_mistake_is_refused_with_a_message_that_says_what_to_do(strict, name, mistake, on_cupy):
    expected = next((v for k, v in WHY.items() if name.startswith(k)), "mixed with a device array")
    with pytest.raises(TypeError, match=expected) as err:
        mistake(strict, device_x(strict), np.random.default_rng(1))
    says_what_to_do = any(w in str(err.value) for w in ("backend.asarray", "backend.to_numpy", "xp."))
    assert says_what_to_do or name.startswith("float()")  # float(x): NumPy's own message


def test_plain_numpy_sees_only_one_of_the_planted_mistakes():
    """The blind spot that the strict device is for: on NumPy, np.mean IS xp.mean."""
    missed = []
    for name, mistake, _ in PLANTED:
        try:
            mistake(np, device_x(np), np.random.default_rng(1))
            missed.append(name)
        except TypeError:
            pass
    assert len(missed) == len(PLANTED) - 1 and "float() of a whole array" not in missed


def test_what_cupy_itself_allows_is_forwarded_when_asked(strict, monkeypatch):
    """SCRATCHGAN_STRICT_FORWARD=1: numpy functions and ufuncs go to the device, as CuPy's NEP 13/18 hooks do;
    mixing and implicit conversion stay refused, as on CuPy."""
    monkeypatch.setattr(strict_device, "FORWARD_NUMPY", True)
    x, rng = device_x(strict), np.random.default_rng(1)
    for name, mistake, on_cupy in PLANTED:
        if on_cupy:
            with pytest.raises(TypeError):
                mistake(strict, x, rng)
        elif "loop" not in name:  # iteration stays refused: a per-element device->host copy is always slow
            out = mistake(strict, x, rng)
            assert backend.is_cupy(out), name
    np.testing.assert_allclose(backend.to_numpy(np.mean(x, axis=0)), backend.to_numpy(x).mean(axis=0))


def test_correct_device_code_runs_and_stays_on_the_device(strict):
    xp, x = strict, device_x(strict)
    results = [xp.mean(x, axis=0), x * np.float32(2), 2.0 * x - 1, x.T @ x, x[x > 0], xp.where(x > 0, x, 0.0),
               abs(x).max(), xp.stack([x[0], x[1]]), x.astype("float32")]
    assert all(backend.is_cupy(r) for r in results)
    assert float(x.sum()) == pytest.approx(float(backend.to_numpy(x).sum()))
    assert backend.to_numpy(x).tolist() == x.tolist() and isinstance(backend.to_numpy(x), np.ndarray)
    x[...] = xp.zeros((8, 3))
    assert not x.any()


def train(steps=3):
    backend.seed(0)
    rng = np.random.default_rng(0)
    G = layers.Sequential(layers.Dense(2, 16, rng=rng), layers.LeakyReLU(0.2), layers.Dense(16, 2, rng=rng))
    D = layers.Sequential(layers.Dense(2, 16, rng=rng), layers.LeakyReLU(0.2), layers.Dense(16, 1, rng=rng))
    game = gan.GAN(G, D, optim.Adam(G, 1e-3, betas=(0.5, 0.999)), optim.Adam(D, 1e-3, betas=(0.5, 0.999)), noise_dim=2)
    history = [game.train_step(rng.standard_normal((32, 2))) for _ in range(steps)]
    return history, {k: backend.to_numpy(v) for k, v in {**G.params, **D.params}.items()}


def test_training_on_the_strict_device_gives_numpys_numbers_bit_for_bit(strict):
    """The CuPy path (device noise, the ElementwiseKernel Adam, one host copy per step) with NumPy's values."""
    on_device = train()
    assert isinstance(kernels._compiled["adam"], strict_device.ElementwiseKernel)  # the CUDA path was taken
    with backend.use("numpy"):
        on_host = train()
    assert on_device[0] == on_host[0]
    for k, v in on_host[1].items():
        np.testing.assert_array_equal(on_device[1][k], v, err_msg=k)


def test_the_standardize_check_catches_np_mean_only_on_a_device(strict, monkeypatch):
    def with_np_mean(x):
        return (x - np.mean(x, axis=0)) / np.std(x, axis=0)
    result = exercises.check("15.standardize", with_np_mean)  # its CuPy half runs on the strict device
    assert not result.passed and "numpy.mean was called on a device array" in result.line

    def no_gpu():
        raise backend.BackendUnavailable("no GPU on this machine")
    backend.set_backend("numpy")
    monkeypatch.setattr(backend, "import_cupy", no_gpu)
    assert exercises.check("15.standardize", with_np_mean).passed  # the blind spot: on NumPy, np.mean IS xp.mean


def test_a_host_lesson_check_runs_on_numpy_whatever_backend_is_active(strict):
    import importlib.util
    import pathlib
    path = pathlib.Path(__file__).resolve().parents[1] / "lessons" / "solutions" / "lesson07.py"
    spec = importlib.util.spec_from_file_location("solutions_lesson07", path)
    solutions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(solutions)
    assert exercises.check("07.gradient_to_generator", solutions.gradient_to_generator).passed
    assert backend.get_backend() == "cupy"  # and the active backend is left as it was
