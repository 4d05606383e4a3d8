"""The averaged generator (average.py): the average is what its equation says, and it continues exactly."""
import numpy as np
import pytest

from scratchgan import backend
from scratchgan.average import Average
from scratchgan.layers import Dense, ReLU, Sequential


def iterates(steps, seed=0):
    """A few random float64 parameter dicts, as G's iterates theta_1..theta_T."""
    rng = np.random.default_rng(seed)
    return [{"W": rng.standard_normal((3, 2)), "b": rng.standard_normal(2)} for _ in range(steps)]


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.999])
def test_average_is_the_bias_corrected_weighted_mean(beta):
    thetas = iterates(7)
    avg = Average({k: np.zeros_like(v) for k, v in thetas[0].items()}, decay=beta)
    for t, theta in enumerate(thetas, 1):
        avg.update(theta)
        # by hand, float64: weights (1 - beta) beta^(t - s) for s = 1..t, divided by their sum 1 - beta^t
        w = np.array([(1 - beta) * beta ** (t - s) for s in range(1, t + 1)])
        assert np.isclose(w.sum(), 1 - beta ** t)
        for k in theta:
            expected = sum(ws * th[k] for ws, th in zip(w, thetas[:t])) / (1 - beta ** t)
            np.testing.assert_allclose(avg.weights()[k], expected, rtol=1e-12, atol=1e-14)
    assert avg.t == 7


def test_first_average_is_the_first_iterate_and_a_constant_stays():
    theta = iterates(1)[0]
    avg = Average(theta, decay=0.999)
    assert avg.weights() is None  # no iterate yet: no average
    for _ in range(5):
        avg.update(theta)
        for k in theta:  # a mean of equal iterates is that iterate: no pull towards the zero start
            np.testing.assert_allclose(avg.weights()[k], theta[k], rtol=1e-12)


def test_decay_near_one_tends_to_the_uniform_mean():
    thetas = iterates(20, seed=1)
    avg = Average(thetas[0], decay=1 - 1e-9)
    for th in thetas:
        avg.update(th)
    np.testing.assert_allclose(avg.weights()["W"], np.mean([th["W"] for th in thetas], 0), rtol=1e-6, atol=1e-7)


def test_wrong_decay_and_wrong_keys_are_refused():
    with pytest.raises(ValueError, match=r"decay must be in \[0, 1\)"):
        Average({"W": np.zeros(2)}, decay=1.0)
    avg = Average({"W": np.zeros(2)}, decay=0.9)
    with pytest.raises(ValueError, match="keys"):
        avg.update({"V": np.zeros(2)})


def test_resume_continues_exactly():
    thetas = iterates(10, seed=2)
    whole = Average(thetas[0], decay=0.9)
    for th in thetas:
        whole.update(th)
    first = Average(thetas[0], decay=0.9)
    for th in thetas[:4]:
        first.update(th)
    state = {k: np.array(v) for k, v in first.state_dict().items()}  # as a checkpoint would hold them
    later = Average(thetas[0], decay=0.9)
    later.load_state_dict(state)
    kept = {k: v.copy() for k, v in state.items()}
    for th in thetas[4:]:
        later.update(th)
    assert all(np.array_equal(state[k], kept[k]) for k in state), "loading should copy, not alias, the state's arrays"
    assert later.t == whole.t == 10
    for k in whole.sums:
        np.testing.assert_array_equal(later.weights()[k], whole.weights()[k])
    with pytest.raises(ValueError, match="expected"):
        later.load_state_dict({"W": state["W"], "t": state["t"]})


def test_swapped_into_samples_the_average_and_gives_g_back():
    G = Sequential(Dense(2, 4), ReLU(), Dense(4, 2))
    own = {k: backend.to_numpy(p).copy() for k, p in G.params.items()}
    avg = Average(G.params, decay=0.5)
    avg.update({k: p * 0 + 1 for k, p in G.params.items()})  # one iterate: all ones
    z = backend.asarray(np.ones((3, 2)), dtype="float32")
    with avg.swapped_into(G):
        inside = backend.to_numpy(G(z))
    ones = 1 + 4 * (1 + 2 * 1)  # z = 1: hidden = 2 + 1 = 3 each (ReLU keeps it); out = 4 * 3 + 1
    np.testing.assert_allclose(inside, np.full((3, 2), ones), rtol=1e-6)
    for k, p in G.params.items():
        np.testing.assert_array_equal(backend.to_numpy(p), own[k])
