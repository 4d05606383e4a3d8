"""Image scores: the classifier's loss gradient, each formula on known cases,
real-vs-real against noise and collapse, and a short GAN run that improves them."""
import numpy as np
import pytest

from scratchgan import backend, gan, gradcheck, layers, optim, parzen, scores
from scratchgan.data import digits


@pytest.fixture(scope="module")
def digits_data():
    """A classifier trained once on offline digits, plus a held-out reference set
    (the same sets as ``data.get_dataset("digits")``, so the trainer test reuses it)."""
    x, labels = digits.draw(n=10000, seed=0)
    ref, ref_labels = digits.draw(n=1000, seed=1)
    model = scores.classifier(x, labels, "digits", cache_dir=False)
    return x, labels, ref, ref_labels, model


# -- softmax cross-entropy ---------------------------------------------------------
def test_softmax_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 6)
    logits = 3 * rng.standard_normal((6, 10))
    report = gradcheck.check_loss(lambda l: scores.softmax_cross_entropy(l, labels), logits)
    assert report.ok, report


def test_softmax_cross_entropy_value_and_stability():
    logits = np.array([[2.0, 0.0, -1.0], [1000.0, -1000.0, 0.0]])
    loss, dlogits = scores.softmax_cross_entropy(logits, np.array([0, 2]))
    p0 = np.exp(logits[0]) / np.exp(logits[0]).sum()
    assert np.isclose(loss, (-np.log(p0[0]) + 1000.0) / 2)  # -log softmax = logsumexp - l_y = 1000 - 0
    assert np.isfinite(dlogits).all() and np.allclose(dlogits.sum(axis=1), 0)
    np.testing.assert_allclose(dlogits[1], [0.5, 0, -0.5], atol=1e-12)


# -- the formulas on cases with known answers -----------------------------------------
def test_classifier_score_is_k_for_sure_balanced_and_one_for_identical_rows():
    assert np.isclose(scores.classifier_score(np.eye(10)[np.arange(200) % 10]), 10)
    assert np.isclose(scores.classifier_score(np.tile([0.7, 0.2, 0.1], (50, 1))), 1)
    assert np.isclose(scores.classifier_score(np.eye(10)[np.arange(200) % 5]), 5)  # 5 classes only


def test_frechet_distance_matches_the_closed_form():
    rng = np.random.default_rng(1)
    f1 = rng.standard_normal((4000, 5)) @ rng.standard_normal((5, 5))
    f2 = rng.standard_normal((3000, 5)) @ rng.standard_normal((5, 5)) + 1.5
    mu1, mu2, S1, S2 = f1.mean(0), f2.mean(0), np.cov(f1.T), np.cov(f2.T)
    # Tr (S1 S2)^(1/2) = sum of square roots of S1 S2's eigenvalues (real, >= 0)
    tr = np.sqrt(np.linalg.eigvals(S1 @ S2).real.clip(0)).sum()
    expected = ((mu1 - mu2) ** 2).sum() + np.trace(S1 + S2) - 2 * tr
    assert np.isclose(scores.frechet_distance(f1, f2), expected, rtol=1e-8)
    assert np.isclose(scores.frechet_distance(f2, f1), expected, rtol=1e-8)
    assert abs(scores.frechet_distance(f1, f1)) < 1e-6
    # 1-D Gaussians: (m1 - m2)^2 + (s1 - s2)^2
    a, b = rng.normal(0, 1, (20000, 1)), rng.normal(3, 2, (20000, 1))
    assert np.isclose(scores.frechet_distance(a, b), 9 + 1, rtol=0.05)


def test_parzen_recovers_the_log_likelihood_of_a_gaussian():
    rng = np.random.default_rng(0)
    mu, valid, test = rng.normal(size=(10000, 2)), rng.normal(size=(1000, 2)), rng.normal(size=(2000, 2))
    r = parzen.parzen_score(mu, valid, test, sigmas=np.logspace(-1, 0, 10))
    true = -(np.log(2 * np.pi) + 1)  # E log N(x; 0, I) in 2-D
    assert abs(r["nats"] - true) < 3 * r["stderr"] + 0.03
    assert 0.1 < r["sigma"] < 0.6 and r["valid"][0] < max(r["valid"]) > r["valid"][-1]  # an interior optimum
    # the answer does not depend on the chunking
    a = parzen.parzen_log_likelihood(mu[:500], test[:300], 0.3, chunk=7)
    b = parzen.parzen_log_likelihood(mu[:500], test[:300], 0.3, chunk=1000)
    np.testing.assert_allclose(a, b, rtol=1e-12)


def test_log_mean_exp_is_stable():
    a = np.array([[1000.0, 1000.0], [-1000.0, -1000.0 + np.log(3)]])
    np.testing.assert_allclose(parzen.log_mean_exp(a), [1000.0, -1000.0 + np.log(2)])


def test_parzen_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same number of columns"):
        parzen.parzen_log_likelihood(np.zeros((5, 3)), np.zeros((5, 4)), 0.1)


# -- the scores on real, noisy and collapsed "generators" ---------------------------------
def test_real_against_real_scores_near_ideal_noise_and_collapse_far(digits_data):
    x, labels, ref, ref_labels, _ = digits_data
    real = scores.image_scores(digits.draw(n=1000, seed=2)[0], x, labels, ref, ref_labels, "digits", cache_dir=False)
    assert real["accuracy"] > 0.9
    assert real["classifier_score"] > 0.9 * real["classifier_score_real"] and real["classifier_score"] > 6
    assert real["frechet"] < 2 * real["frechet_real"] + 1 and real["classes_covered"] == 10 and real["class_tv"] < 0.1
    noise = scores.image_scores(np.random.default_rng(0).uniform(-1, 1, (1000, 784)), x, labels, ref,
                                name="digits", cache_dir=False)
    assert noise["classifier_score"] < 2 and noise["frechet"] > 20 * real["frechet"]
    assert noise["parzen_nats"] < real["parzen_nats"] - 100
    collapsed = scores.image_scores(np.repeat(ref[:1], 1000, 0), x, labels, ref, name="digits", cache_dir=False)
    assert collapsed["classes_covered"] == 1 and collapsed["classifier_score"] < 1.1 and collapsed["class_tv"] > 0.8
    assert collapsed["frechet"] > 10 * real["frechet"]


def test_precision_recall_in_feature_space_separate_collapse_from_noise(digits_data):
    x, labels, ref, ref_labels, _ = digits_data
    real = scores.image_scores(digits.draw(n=1000, seed=2)[0], x, labels, ref, ref_labels, "digits", cache_dir=False)
    assert real["precision"] > 0.6 and real["recall"] > 0.6 and real["energy"] < 3 * real["energy_real"] + 0.01
    twos = digits.draw(n=3000, seed=3)
    one_class = twos[0][twos[1] == 2][:500]  # well-drawn digits, all of one class
    collapsed = scores.image_scores(one_class, x, labels, ref, name="digits", cache_dir=False)
    assert collapsed["precision"] > 0.6 and collapsed["recall"] < 0.3
    noisy = scores.image_scores(np.clip(digits.draw(n=1000, seed=4)[0] + np.random.default_rng(0).normal(0, 0.8, (1000, 784)), -1, 1),
                                x, labels, ref, name="digits", cache_dir=False)
    assert noisy["precision"] < 0.3 < real["precision"] and noisy["energy"] > 10 * real["energy_real"]
    quick = scores.image_quality(digits.draw(n=1000, seed=2)[0], x, labels, ref, name="digits", cache_dir=False)
    assert quick == pytest.approx({k: real[k] for k in ("precision", "recall", "energy")}, rel=0.2, abs=0.05)


def test_image_scores_refuses_the_wrong_shape(digits_data):
    x, labels, *_ = digits_data
    with pytest.raises(ValueError, match=r"shape \(n, 784\)"):
        scores.image_scores(np.zeros((10, 28, 28)), x, labels, cache_dir=False)


def test_classifier_is_cached_on_disk_and_reloaded(tmp_path, monkeypatch):
    x, labels = digits.draw(n=300, seed=4)
    monkeypatch.setattr(scores, "_MEMORY", {})
    first = scores.classifier(x, labels, "tiny set", cache_dir=tmp_path)
    files = list(tmp_path.glob("classifier-tiny-set-*.npz"))
    assert len(files) == 1
    monkeypatch.setattr(scores, "_MEMORY", {})
    monkeypatch.setattr(scores, "train_classifier", lambda *a, **k: pytest.fail("retrained despite the cache"))
    second = scores.classifier(x, labels, "tiny set", cache_dir=tmp_path)
    np.testing.assert_array_equal(scores.predict(first, x[:50])[0], scores.predict(second, x[:50])[0])


def test_scores_leave_the_global_random_streams_alone(digits_data):
    x, labels, ref, *_ = digits_data
    backend.seed(7)
    expected = backend.to_numpy(backend.randn(3)), backend.host_rng().random()
    backend.seed(7)
    scores.image_scores(ref[:200], x, labels, ref, name="digits", cache_dir=False)
    assert np.array_equal(backend.to_numpy(backend.randn(3)), expected[0]) and backend.host_rng().random() == expected[1]


# -- a short GAN run improves them ------------------------------------------------------
def mlp(sizes, last):
    """Dense + LeakyReLU(0.2) between every pair of sizes, ``last`` after the final Dense."""
    out = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        out += [layers.Dense(a, b), layers.LeakyReLU(0.2)]
    return layers.Sequential(*out[:-1], *([last] if last else []))


@pytest.mark.slow
def test_a_short_image_gan_run_improves_the_scores(digits_data):
    x, labels, ref, *_ = digits_data
    backend.seed(0)
    G, D = mlp([64, 128, 256, 512, 784], layers.Tanh()), mlp([784, 256, 128, 1], None)
    game = gan.GAN(G, D, optim.Adam(G, 5e-4, (0.5, 0.999)), optim.Adam(D, 5e-4, (0.5, 0.999)), noise_dim=64)
    rng = np.random.default_rng(0)

    def frechet():
        return scores.image_scores(game.sample(500), x, labels, ref, name="digits", cache_dir=False)["frechet"]

    start = frechet()
    for _ in range(200):
        game.train_step(x[rng.integers(0, len(x), 64)])
    end = frechet()
    assert end < 0.5 * start, (start, end)  # measured: about 1/4


def test_the_trainer_scores_image_runs_with_the_classic_mlp(digits_data, tmp_path, monkeypatch):
    from scratchgan import presets, train
    monkeypatch.setenv("SCRATCHGAN_CACHE", str(tmp_path))
    config = presets.preset("digits", steps=3)
    r = train.train(config, progress=False)
    dense = [l for l in r.gan.G.layers if isinstance(l, layers.Dense)]
    assert [(d.in_features, d.out_features) for d in dense] == [(100, 256), (256, 512), (512, 1024), (1024, 784)]
    assert [d.out_features for d in r.gan.D.layers if isinstance(d, layers.Dense)] == [512, 256, 1]
    assert r.samples.shape == (2500, 784)
    m = r.metrics
    assert m["accuracy"] > 0.9 and m["classifier_score_real"] > 8 and m["frechet"] > 10 * m["frechet_real"]
    assert len(m["class_hist"]) == 10 and np.isclose(sum(m["class_hist"]), 1)
    assert {"precision", "recall", "energy", "energy_real"} <= set(m) and "precision" in r.evals[-1]
