"""Each metric on hand-built samples whose answer is known by hand."""
import numpy as np
import pytest

from scratchgan import data, metrics

TWO_MODES = np.array([[0.0, 0.0], [10.0, 0.0]])


def test_mode_coverage_by_hand():
    # three samples 0.5 std from mode 0, one 2 std from mode 1, one 4 std from mode 0 (low quality)
    x = np.array([[0, 0.5], [0.5, 0], [0, -0.5], [10, 2], [4, 0]])
    cov = metrics.mode_coverage(x, TWO_MODES, std=1.0)
    assert cov["modes"] == 2 and cov["n_modes"] == 2 and cov["counts"] == [3, 1]
    assert cov["high_quality"] == pytest.approx(0.8)
    assert cov["reverse_kl"] == pytest.approx(0.75 * np.log(0.75 * 2) + 0.25 * np.log(0.25 * 2))


def test_high_quality_is_strictly_within_three_std():
    x = np.array([[0, 2.999], [0, 3.001]]) * 0.05
    cov = metrics.mode_coverage(x, TWO_MODES, std=0.05)
    assert cov["high_quality"] == 0.5 and cov["counts"] == [1, 0]


def test_one_mode_of_eight_gives_log8_and_uniform_gives_zero():
    ring = data.get_dataset("ring")
    collapsed = np.repeat(ring.modes[:1], 100, axis=0)
    cov = metrics.mode_coverage(collapsed, ring.modes, 0.01)
    assert cov["modes"] == 1 and cov["reverse_kl"] == pytest.approx(np.log(8))
    uniform = np.repeat(ring.modes, 10, axis=0)
    assert metrics.mode_coverage(uniform, ring.modes, 0.01)["reverse_kl"] == pytest.approx(0.0, abs=1e-12)


def test_a_missing_mode_keeps_reverse_kl_finite():
    # 4 modes, one empty, the rest equal: KL = sum (1/3) log((1/3) * 4) = log(4/3)
    modes = np.array([[0.0, 0], [1, 0], [2, 0], [3, 0]])
    cov = metrics.mode_coverage(modes[:3], modes, 0.01)
    assert cov["modes"] == 3 and cov["reverse_kl"] == pytest.approx(np.log(4 / 3))


def test_no_high_quality_sample_reports_inf():
    cov = metrics.mode_coverage(np.array([[5.0, 5.0]]), TWO_MODES, 0.01)
    assert cov["high_quality"] == 0 and cov["modes"] == 0 and cov["reverse_kl"] == float("inf")


def test_true_samples_score_like_the_papers_expect():
    grid = data.get_dataset("grid")
    cov = metrics.mode_coverage(grid.sample(2500, np.random.default_rng(0)), grid.modes, grid.mode_std)
    # a 2-D Gaussian lies within 3 std with probability 1 - exp(-9/2) = 0.9889
    assert cov["modes"] == 25 and abs(cov["high_quality"] - 0.9889) < 0.01 and cov["reverse_kl"] < 0.02


def test_wasserstein_1d_by_hand():
    a = np.array([0.0, 1.0, 2.0])
    assert metrics.wasserstein_1d(a, a + 0.5) == pytest.approx(0.5)
    assert metrics.wasserstein_1d([0.0], [3.0]) == pytest.approx(3.0)
    assert metrics.wasserstein_1d([0.0], [0.0, 2.0]) == pytest.approx(1.0)  # half the mass moves 2
    assert metrics.wasserstein_1d(a, a[::-1]) == 0.0


def test_js_by_hand():
    a = np.array([0.5, 1.5])
    assert metrics.js_divergence(a, a, bins=3, range=(0, 3)) == 0.0
    assert metrics.js_divergence([0.5], [2.5], bins=3, range=(0, 3)) == pytest.approx(np.log(2))
    # p = (1/2, 1/2, 0), q = (0, 1/2, 1/2): each KL to m is (1/2) log 2
    assert metrics.js_divergence(a, [1.5, 2.5], bins=3, range=(0, 3)) == pytest.approx(0.5 * np.log(2))


def test_kde_of_one_point_is_a_gaussian_bump():
    t = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(metrics.kde([0.0], t, bandwidth=0.5),
                               np.exp(-t ** 2 / (2 * 0.25)) / (0.5 * np.sqrt(2 * np.pi)))
    x = np.random.default_rng(0).normal(size=1000)
    assert metrics.silverman_bandwidth(x) == pytest.approx(1.06 * x.std() * 1000 ** -0.2)


def normal_pdf(t, mu=0.0):
    return np.exp(-(t - mu) ** 2 / 2) / np.sqrt(2 * np.pi)


def test_optimal_d_is_one_half_when_p_g_equals_p_data():
    t = np.linspace(-3, 3, 7)
    # G's "samples": one point at 0 with bandwidth 1 is exactly N(0, 1) = p_data
    np.testing.assert_allclose(metrics.optimal_discriminator(t, normal_pdf(t), [0.0], bandwidth=1.0), 0.5)


def test_optimal_d_is_one_on_data_and_zero_on_fakes_when_disjoint():
    t = np.array([0.0, 100.0])
    d = metrics.optimal_discriminator(t, normal_pdf(t), [100.0], bandwidth=1.0)
    assert d[0] == pytest.approx(1.0) and d[1] == pytest.approx(0.0)


def test_value_at_optimum_is_minus_log4_at_the_global_optimum_and_zero_when_disjoint():
    t = np.linspace(-10, 110, 120001)
    assert metrics.value_at_optimum(t, normal_pdf(t), [0.0], bandwidth=1.0) == pytest.approx(-np.log(4), abs=1e-6)
    assert metrics.value_at_optimum(t, normal_pdf(t), [100.0], bandwidth=1.0) == pytest.approx(0.0, abs=1e-6)


def test_evaluate_true_gaussian_samples():
    g = data.get_dataset("gaussian")
    out = metrics.evaluate(g, g.sample(4000, np.random.default_rng(3)))
    assert abs(out["mean"] - 4) < 0.03 and abs(out["std"] - 0.5) < 0.03
    assert out["wasserstein"] < 0.03 and out["js"] < 0.02
    assert abs(out["value_at_optimum"] + np.log(4)) < 0.02
    assert out["modes"] == 1


def test_evaluate_ring_has_coverage_but_no_1d_metrics():
    ring = data.get_dataset("ring")
    out = metrics.evaluate(ring, ring.sample(2500, np.random.default_rng(4)))
    assert out["modes"] == 8 and "wasserstein" not in out


def test_knn_radii_and_energy_distance_by_hand():
    x = np.array([[0.0], [1.0], [3.0], [6.0]])
    np.testing.assert_allclose(metrics.knn_radii(x, k=1), [1, 1, 2, 3])
    np.testing.assert_allclose(metrics.knn_radii(x, k=2), [3, 2, 3, 5])
    assert metrics.energy_distance([[0.0]], [[1.0]]) == pytest.approx(2.0)
    # E|X-Y| = 1, E|X-X'| = (0 + 2 + 2 + 0) / 4 = 1, E|Y-Y'| = 0
    assert metrics.energy_distance([[0.0], [2.0]], [[1.0]]) == pytest.approx(1.0)


def test_precision_recall_by_hand():
    real = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0]])  # two clumps; r_1 = 1 everywhere
    fake = np.array([[0.5], [1.5], [2.5], [50.0]])  # on the first clump, and one far off; r_1: 1, 1, 1, 47.5
    p, r = metrics.precision_recall(real, fake, k=1)
    assert p == pytest.approx(3 / 4)  # 50 lies in no real ball
    assert r == 1.0  # the far sample's ball (radius 47.5) swallows the second clump
    p, r = metrics.precision_recall(real, fake[:3], k=1)
    assert (p, r) == (1.0, pytest.approx(3 / 6))  # the second clump is missed: recall falls
    assert metrics.precision_recall(real, fake[:3], k=1, real_radii=np.ones(6)) == (p, r)  # radii given: the same


def test_chunks_do_not_change_the_numbers(monkeypatch):
    rng = np.random.default_rng(0)
    real, fake = rng.normal(size=(700, 3)), rng.normal(size=(650, 3)) * 1.3
    whole = metrics.quality(real, fake)
    monkeypatch.setattr(metrics, "CHUNK", 64)
    assert metrics.quality(real, fake) == pytest.approx(whole)


@pytest.fixture(scope="module")
def ring_sets():
    ring = data.get_dataset("ring")
    real, reference = metrics.real_rows(ring)
    return ring, real, reference


def test_the_same_distribution_scores_near_the_ideal(ring_sets):
    ring, real, reference = ring_sets
    q = metrics.quality(real, ring.sample(2500, np.random.default_rng(7)), reference)
    assert q["precision"] > 0.9 and q["recall"] > 0.9  # measured: 0.97 / 0.97 (k = 3)
    assert q["energy"] < 5 * q["energy_real"] and q["energy_real"] < 0.01


def test_a_collapsed_generator_has_low_recall_and_a_noisy_one_low_precision(ring_sets):
    ring, real, reference = ring_sets
    rng = np.random.default_rng(8)
    collapsed = ring.modes[rng.integers(0, 2, 2500)] + 0.01 * rng.standard_normal((2500, 2))  # 2 of 8 modes
    noisy = ring.sample(2500, rng) + 0.3 * rng.standard_normal((2500, 2))  # every mode, blurred
    c, n = metrics.quality(real, collapsed, reference), metrics.quality(real, noisy, reference)
    assert c["precision"] > 0.9 and c["recall"] < 0.35  # measured 0.97 / 0.24: the 6 missed modes
    assert n["precision"] < 0.1 and n["recall"] > 0.9  # measured 0.01 / 1.0
    assert c["energy"] > 100 * c["energy_real"] and n["energy"] > 10 * n["energy_real"]


def test_quality_ignores_the_units_of_each_column(ring_sets):
    ring, real, reference = ring_sets
    fake = ring.sample(1000, np.random.default_rng(9)) * [1.0, 1.2]
    scale = np.array([1000.0, 0.01])
    a, b = metrics.quality(real, fake), metrics.quality(real * scale, fake * scale)
    assert a == pytest.approx(b)


def test_evaluate_gives_quality_for_data_without_modes():
    roll = data.get_dataset("swiss_roll")
    out = metrics.evaluate(roll, roll.sample(2500, np.random.default_rng(3)))
    assert set(out) == {"precision", "recall", "energy", "energy_real"} and out["recall"] > 0.9
    cheap = metrics.evaluate(roll, roll.sample(2500, np.random.default_rng(3)), full=False)
    assert set(cheap) == {"precision", "recall", "energy"}
