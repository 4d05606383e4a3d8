"""How good are generated digits? Scores read off a small classifier of our own.

A 784 -> 256 -> 64 -> 10 MLP (our ``layers``, trained with our ``Adam``) is fit
once on the real training images; then, with p(y|x) its softmax output:

* classifier score, the Inception-score formula (Salimans et al. 2016) with our
  classifier in place of Inception:  exp( E_x KL(p(y|x) || p(y)) ),  p(y) = E_x p(y|x).
  1 when every sample gets the same p(y|x); 10 when each sample is one sure
  class and the ten classes are equally common.
* Frechet distance (Heusel et al. 2017, "FID") between Gaussians fitted to the
  64 hidden features of real and generated images:
      |mu_r - mu_g|^2 + Tr(S_r + S_g - 2 (S_r S_g)^(1/2)).
  0 for identical statistics; it grows with the sample-size bias too, so a
  real-vs-real value is reported beside it as the floor.
* confident share (max_y p(y|x) > 0.9) and the class histogram: a collapsed
  generator draws few classes, or images no class fits.
* precision, recall (k-NN, Kynkaenniemi et al. 2019) and the energy distance
  (``metrics.quality``) in the same 64-feature space, against the held-out
  images, with the energy distance of real training images as its floor.

Everything is computed on the host in float64 except the classifier itself,
which runs on the active backend.
"""
import hashlib
import os
from pathlib import Path

import numpy as np

from . import backend, layers, metrics, optim
from .checkpoint import write_atomic
from .parzen import parzen_score

SIZES = (784, 256, 64, 10)
RECIPE = dict(batch_size=256, lr=2e-3, examples=100_000)  # Adam; ~100k examples seen in all
FEATURES = 4  # features = output of the first 4 layers (Dense, ReLU, Dense, ReLU): 64 numbers
_MEMORY = {}


def softmax(logits):
    """p_k = e^(l_k - m) / sum_j e^(l_j - m), m = max_j l_j (the shift changes nothing but overflow)."""
    xp = backend.get_xp(logits)
    e = xp.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """Mean over the batch of -log softmax(l)[y]: ``(loss, dlogits)``; logits (B, K), labels (B,) ints.

    -log p_y = logsumexp(l) - l_y, so dL/dl_k = (p_k - [k == y]) / B: every class's
    logit is pushed by its probability, the true one pulled back by 1.
    """
    xp = backend.get_xp(logits)
    B = logits.shape[0]
    m = logits.max(axis=1, keepdims=True)
    log_p = logits - m - xp.log(xp.exp(logits - m).sum(axis=1, keepdims=True))
    rows = xp.arange(B)
    dlogits = xp.exp(log_p)
    dlogits[rows, labels] -= 1
    return -log_p[rows, labels].mean(), dlogits / B


def make_classifier(seed=0):
    """The untrained 784 -> 256 -> 64 -> 10 MLP, weights from its own Generator (global RNG untouched)."""
    rng = np.random.default_rng(seed)
    d = SIZES
    return layers.Sequential(layers.Dense(d[0], d[1], rng=rng), layers.ReLU(),
                             layers.Dense(d[1], d[2], rng=rng), layers.ReLU(), layers.Dense(d[2], d[3], rng=rng))


def train_classifier(x, labels, epochs=None, batch_size=RECIPE["batch_size"], lr=RECIPE["lr"], seed=0):
    """Fit the classifier to (x (N, 784), labels (N,)) with Adam on softmax cross-entropy.

    epochs default: about 100,000 examples in all (10 epochs of 9,000 images, 2 of
    60,000), so training stays within seconds on two CPU cores.
    """
    epochs = epochs or min(10, -(-RECIPE["examples"] // len(labels)))
    model, rng = make_classifier(seed), np.random.default_rng(seed)
    opt = optim.Adam(model, lr)
    x, labels = backend.asarray(x, dtype="float32"), backend.asarray(labels)
    for _ in range(epochs):
        order = backend.asarray(rng.permutation(len(labels)))
        for a in range(0, len(order), batch_size):
            i = order[a:a + batch_size]
            model.zero_grad()
            logits, cache = model.forward(x[i])
            _, dlogits = softmax_cross_entropy(logits, labels[i])
            model.backward(dlogits, cache)
            opt.step()
    return model


def classifier(x, labels, name="data", cache_dir=None):
    """The classifier for this training set, trained once and then reused.

    Kept in memory, and on disk as ``<cache_dir>/classifier-<name>-<hash>.npz``
    (cache_dir default: $SCRATCHGAN_CACHE or ~/.cache/scratchgan; False = memory only).
    The hash covers the images, labels, architecture and recipe, so new data retrains.
    """
    x, labels = np.ascontiguousarray(x, np.float32), np.ascontiguousarray(labels, np.int64)
    digest = hashlib.sha256(x.tobytes() + labels.tobytes() + repr((SIZES, RECIPE)).encode()).hexdigest()[:16]
    key = (digest, backend.get_backend())  # the weights live on one device
    if key in _MEMORY:
        return _MEMORY[key]
    folder = None if cache_dir is False else Path(cache_dir or os.environ.get("SCRATCHGAN_CACHE") or Path.home() / ".cache" / "scratchgan")
    path = folder / f"classifier-{''.join(ch if ch.isalnum() else '-' for ch in name)}-{digest}.npz" if folder else None
    if path is not None and path.exists():
        model = make_classifier()
        with np.load(path, allow_pickle=False) as f:
            model.load_state_dict({k: f[k] for k in f.files})
    else:
        model = train_classifier(x, labels)
        if path is not None:
            folder.mkdir(parents=True, exist_ok=True)  # two processes (tests, notebooks) may train the same one at
            # once: each renames a complete file into place, and neither reads half of the other's
            write_atomic(path, lambda f: np.savez(f, **model.state_dict()))
    _MEMORY[key] = model
    return model


def predict(model, x, chunk=2000):
    """(p(y|x) (N, 10), hidden features (N, 64)) as float64 host arrays."""
    probs, feats = [], []
    for a in range(0, len(x), chunk):
        h = backend.asarray(x[a:a + chunk], dtype="float32")
        for layer in model.layers[:FEATURES]:
            h = layer(h)
        feats.append(backend.to_numpy(h).astype(np.float64))
        logits = h
        for layer in model.layers[FEATURES:]:
            logits = layer(logits)
        probs.append(backend.to_numpy(softmax(logits)).astype(np.float64))
    return np.concatenate(probs), np.concatenate(feats)


def classifier_score(p, eps=1e-12):
    """exp(mean_x KL(p(y|x) || p(y))) for p (N, K) rows of class probabilities; in [1, K]."""
    p_y = p.mean(axis=0, keepdims=True)
    kl = (p * (np.log(p + eps) - np.log(p_y + eps))).sum(axis=1)
    return float(np.exp(kl.mean()))


def _sqrtm_psd(S):
    """S^(1/2) of a symmetric PSD matrix: V diag(sqrt(max(w, 0))) V^T from S = V diag(w) V^T."""
    w, V = np.linalg.eigh(S)
    return (V * np.sqrt(np.maximum(w, 0))) @ V.T


def frechet_distance(f1, f2):
    """Frechet distance between N(mu1, S1) and N(mu2, S2) fitted to features f1 (n1, d), f2 (n2, d).

    Tr((S1 S2)^(1/2)) = Tr((A S2 A)^(1/2)) with A = S1^(1/2): S1 S2 = A (A S2 A) A^-1
    has the eigenvalues of the symmetric PSD matrix A S2 A, so two eigh calls
    replace a general (and sometimes complex-valued) matrix square root.
    """
    mu1, mu2 = f1.mean(0), f2.mean(0)
    S1, S2 = np.atleast_2d(np.cov(f1, rowvar=False)), np.atleast_2d(np.cov(f2, rowvar=False))
    A = _sqrtm_psd(S1)
    M = A @ S2 @ A
    tr_sqrt = np.sqrt(np.maximum(np.linalg.eigvalsh((M + M.T) / 2), 0)).sum()
    return float(((mu1 - mu2) ** 2).sum() + np.trace(S1) + np.trace(S2) - 2 * tr_sqrt)


def class_histogram(p, k=10):
    """Share of samples whose most likely class is each of 0..k-1: shape (k,), sums to 1."""
    return np.bincount(p.argmax(axis=1), minlength=k) / len(p)


def image_scores(samples, real, labels, held_out=None, held_out_labels=None, name="data", cache_dir=None, seed=0):
    """Every image score of ``samples`` (n, 784) in [-1, 1], with real-vs-real references.

    real, labels: the training images the classifier learns. held_out (and its
    labels): real images never trained on, the reference set (default: real).
    Keys: precision, recall, energy (``metrics.quality`` on the classifier's features),
    classifier_score, frechet, confident, class_hist, classes_covered
    (classes holding >= 2.5% of samples), class_tv (total variation from the
    reference's histogram), parzen_nats / parzen_sigma (pixels on [0, 1], the
    paper's scale, sigma chosen on half the reference, scored on the other
    half), each score also as <key>_real for real images, and accuracy (on
    held_out, when its labels are given).
    """
    samples = backend.to_numpy(samples)
    if samples.ndim != 2 or samples.shape[1] != SIZES[0]:
        raise ValueError(f"image_scores needs samples of shape (n, {SIZES[0]}), got {samples.shape}")
    ref = real if held_out is None else held_out
    model = classifier(real, labels, name, cache_dir)
    rng = np.random.default_rng(seed)
    twin = np.asarray(real)[rng.permutation(len(real))[:len(samples)]]  # real images, as many as samples
    p_s, f_s = predict(model, samples)
    p_r, f_r = predict(model, ref)
    p_t, f_t = predict(model, twin)
    hist, hist_r = class_histogram(p_s), class_histogram(p_r)
    out = metrics.quality(f_r, f_s, f_t)
    out.update(classifier_score=classifier_score(p_s), classifier_score_real=classifier_score(p_r),
               frechet=frechet_distance(f_s, f_r), frechet_real=frechet_distance(f_t, f_r),
               confident=float((p_s.max(1) > 0.9).mean()), confident_real=float((p_r.max(1) > 0.9).mean()),
               class_hist=hist.tolist(), class_hist_real=hist_r.tolist(),
               classes_covered=int((hist >= 0.025).sum()), class_tv=float(0.5 * np.abs(hist - hist_r).sum()))
    if held_out_labels is not None:
        out["accuracy"] = float((p_r.argmax(1) == np.asarray(held_out_labels)).mean())
    half = len(ref) // 2
    ref01 = (np.asarray(ref, np.float64) + 1) / 2
    for suffix, mu in (("", samples), ("_real", twin)):
        r = parzen_score((np.asarray(mu, np.float64) + 1) / 2, ref01[:half], ref01[half:])
        out[f"parzen_nats{suffix}"], out[f"parzen_sigma{suffix}"] = r["nats"], r["sigma"]
    return out


def image_quality(samples, real, labels, held_out=None, name="data", cache_dir=None):
    """Only precision, recall and energy distance of ``samples`` in the classifier's feature space
    (the cheap numbers a progress bar shows while an image GAN trains); see ``image_scores``."""
    model = classifier(real, labels, name, cache_dir)
    ref = real if held_out is None else held_out
    f_s, f_r = predict(model, backend.to_numpy(samples))[1], predict(model, np.asarray(ref)[:len(samples)])[1]
    return metrics.quality(f_r, f_s)
