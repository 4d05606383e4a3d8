"""Mode-collapse fixes and the pitfalls experiments: minibatch std, vanishing gradients, sweeps."""
import numpy as np
import pytest

from scratchgan import backend, gradcheck
from scratchgan.layers import Dense, LeakyReLU, MinibatchStd, Sequential


def rows(*shape, seed=1):
    return backend.asarray(np.random.default_rng(seed).standard_normal(shape))


def test_minibatch_std_gradient_check():
    report = gradcheck.check_layer(MinibatchStd(), rows(6, 4))
    assert report.ok and report.worst < 1e-8, report
    net = Sequential(Dense(3, 5), LeakyReLU(0.2), MinibatchStd(), Dense(6, 1))
    report = gradcheck.check_layer(net, rows(7, 3, seed=2))
    assert report.ok and report.worst < 1e-8, report


def test_minibatch_std_feature_is_mean_std_over_the_batch():
    x = rows(10, 3) * backend.asarray([1.0, 2.0, 3.0])
    y = MinibatchStd()(x)
    host = backend.to_numpy(x)
    assert y.shape == (10, 4)
    np.testing.assert_array_equal(backend.to_numpy(y[:, :3]), host)
    np.testing.assert_allclose(backend.to_numpy(y[:, 3]), np.full(10, host.std(axis=0).mean()), rtol=1e-7)
    collapsed = MinibatchStd()(backend.asarray(np.ones((5, 3))))  # one point repeated: std ~ 0
    assert float(collapsed[0, 3]) == pytest.approx(1e-4, rel=1e-6)  # sqrt(eps)


def test_minibatch_std_rejects_bad_shape():
    with pytest.raises(ValueError, match="MinibatchStd.*batch, features"):
        MinibatchStd().forward(rows(4))
