"""NumPy vs CuPy parity: the layers' forward and backward from one seed (on a GPU), and
benchmarks/parity.py and bench_step.py (on the CPU: exact reproduction, honest error measure,
clean skips; on a GPU: CuPy's training steps against NumPy's)."""
import pathlib
import sys

import numpy as np
import pytest

from conftest import GPU, needs_gpu
from scratchgan import backend, losses
from scratchgan.layers import Dense, LeakyReLU, Sequential, Sigmoid, Tanh

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_step  # noqa: E402
import parity  # noqa: E402


def run_once(name):
    with backend.use(name):
        backend.seed(11)
        net = Sequential(Dense(5, 16), LeakyReLU(0.2), Dense(16, 8), Tanh(), Dense(8, 4), Sigmoid(), Dense(4, 1))
        x = backend.asarray(np.random.default_rng(0).standard_normal((32, 5)), dtype="float32")
        logits, cache = net.forward(x)
        loss, d = losses.generator_loss(logits, "non_saturating")
        dx = net.backward(d, cache)
        return [backend.to_numpy(a) for a in (logits, loss, dx, *net.grads.values())]


@needs_gpu
def test_layers_forward_and_backward_on_cupy_match_numpy():
    for a, b in zip(run_once("numpy"), run_once("cupy")):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def run_conditional(name):
    """A projection D over a concatenation G: the Embedding's scatter-add runs on the backend's own form."""
    from scratchgan.conditional import Conditional, ProjectionD
    with backend.use(name):
        backend.seed(12)
        G = Conditional(Sequential(Dense(3 + 4, 8), LeakyReLU(0.2), Dense(8, 2)), 4)
        D = ProjectionD(Sequential(Dense(2, 8), LeakyReLU(0.2)), 8, 4)
        z = backend.asarray(np.random.default_rng(0).standard_normal((16, 3)), dtype="float32")
        y = np.random.default_rng(1).integers(0, 4, 16)  # repeated labels: the scatter-add must add them all
        fake, g_cache = G.forward(z, y)
        logits, d_cache = D.forward(fake, y)
        loss, d = losses.generator_loss(logits, "non_saturating")
        G.backward(D.backward(d, d_cache), g_cache)
        return [backend.to_numpy(a) for a in (logits, loss, *G.grads.values(), *D.grads.values())]


@needs_gpu
def test_conditional_players_on_cupy_match_numpy():
    for a, b in zip(run_conditional("numpy"), run_conditional("cupy")):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_conditional_players_run_twice_the_same():
    for a, b in zip(run_conditional("numpy"), run_conditional("numpy")):
        np.testing.assert_array_equal(a, b)


def test_two_numpy_runs_agree_bit_for_bit():
    a, b = parity.run("numpy", steps=2, batch=4), parity.run("numpy", steps=2, batch=4)
    start = parity.run("numpy", steps=0, batch=4)
    assert set(a) == set(b) == {f"{n}/{i}.{p}" for n, idx in (("G", (0, 2, 4, 6)), ("D", (0, 2, 4)))
                                for i in idx for p in "Wb"}
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)
        assert a[k].dtype == np.float32
    assert all(not np.array_equal(a[k], start[k]) for k in a)  # two steps moved every parameter
    assert max(parity.relative_errors(a, b).values()) == 0.0


def test_float64_run_stays_float64():
    state = parity.run("numpy", steps=1, batch=2, dtype="float64")
    assert all(v.dtype == np.float64 for v in state.values())


def test_relative_error_is_normwise():
    w = np.arange(1.0, 5.0, dtype=np.float32)
    errors = parity.relative_errors({"w": w, "b": np.zeros(3)}, {"w": w * (1 + 1e-3), "b": np.zeros(3)})
    assert errors["w"] == pytest.approx(1e-3, rel=1e-3) and errors["b"] == 0.0
    assert parity.relative_errors({"b": np.zeros(2)}, {"b": np.array([0.0, 0.5])})["b"] == 0.5
    with pytest.raises(ValueError, match="different parameters"):
        parity.relative_errors({"w": w}, {"v": w})


@pytest.mark.skipif(GPU, reason="checks the path taken without CuPy or a GPU")
def test_parity_without_gpu_skips_and_says_why(capsys):
    result = parity.main([])
    assert result["status"] == "skipped" and "CuPy" in result["reason"] and result["checks"] == []
    assert capsys.readouterr().out.startswith("parity skipped: CuPy")


@needs_gpu
def test_cupy_matches_numpy():
    for dtype, steps, rtol in (("float64", 20, 1e-8), ("float32", 3, 1e-4)):
        errors = parity.relative_errors(parity.run("numpy", steps, 16, dtype=dtype),
                                        parity.run("cupy", steps, 16, dtype=dtype))
        assert max(errors.values()) <= rtol, (dtype, errors)


def test_flop_count_by_hand():
    S_G = 100 * 256 + 256 * 512 + 512 * 1024 + 1024 * 784
    S_D = 784 * 512 + 512 * 256 + 256 * 1
    B = 64  # G: 2 forwards, dW, dx but z's; D: 3 forwards, 2 dW (D's half), 3 dx but 2 of them skip the data's
    assert bench_step.flops(B) == 2 * B * (4 * S_G - 100 * 256) + 2 * B * (8 * S_D - 2 * 784 * 512)


def cuda_torch():
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


def test_benchmark_runs_and_skips_the_missing_torch_column(capsys):
    rows = bench_step.main(["--batches", "8", "--repeats", "1", "--steps", "1", "--threads", "1", "--torch-device", "cuda"])
    out = capsys.readouterr().out
    (row,) = rows
    assert row["batch"] == 8 and row["scratchgan_ms"] > 0 and row["floor_ms"] > 0
    assert row["gflop_per_step"] == pytest.approx(bench_step.flops(8) / 1e9)
    if cuda_torch():
        assert "torch_ms" in row
    else:
        assert "torch_ms" not in row and "torch column skipped" in out
    assert out.strip().splitlines()[-1].split()[0] == "8"  # the table comes last


def test_fixture_compares_device_arrays_on_the_host():
    import conftest

    class FakeCupyArray:  # stands in for a cupy.ndarray: the module name and .get() are all that is used
        __module__ = "cupy._core.core"

        def get(self):
            return np.array([1.0, 2.0])
    conftest._on_host(np.testing.assert_array_equal)(FakeCupyArray(), np.array([1.0, 2.0]))
    with pytest.raises(AssertionError):
        conftest._on_host(np.testing.assert_allclose)(FakeCupyArray(), np.array([1.0, 2.1]))


@pytest.mark.skipif(GPU, reason="a GPU is here: gpu_check.sh would run the whole check")
def test_gpu_check_script_stops_with_one_line_without_a_gpu(tmp_path):
    import os
    import subprocess
    script = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "gpu_check.sh"
    r = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "OUT": str(tmp_path), "PYTHON": sys.executable})
    assert r.returncode == 2
    assert r.stderr.strip().startswith("gpu_check: nothing to check here:") and "CuPy" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
