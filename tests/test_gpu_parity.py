"""NumPy vs CuPy: the same seed gives the same network, forward and backward agree."""
import numpy as np

from scratchgan import backend, losses
from scratchgan.layers import Dense, LeakyReLU, Sequential, Sigmoid, Tanh
from conftest import needs_gpu


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
def test_forward_backward_parity():
    for a, b in zip(run_once("numpy"), run_once("cupy")):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
