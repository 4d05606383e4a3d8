"""Does a conditional G draw the class it was asked for? Its agreement with the requested label.

A conditional generator is asked for samples of given classes y (``requested``, shape (n,));
a judge names the class each sample looks like, and the agreement is the share where the
two are the same (TF-GAN's conditional MNIST evaluation; Mirza & Osindero 2014 had no judge):

* images: the project's digit classifier (``scores.classifier``, trained on the training
  images), whose own accuracy on the held-out images is the ceiling to compare with;
* Gaussian mixtures (each mode a class): the nearest mode; ``within_3std`` is the stricter
  share of samples within 3 standard deviations of the mode they were asked for;
* any other labelled table: the majority vote of the 5 nearest real rows (a k-NN judge),
  with its own accuracy on held-out real rows as the ceiling.

Every number is also given per class (``*_by_class``, a list indexed by class), and the
worst class beside the overall value: a cGAN that ignores one label hides behind the mean.
Per class, precision and recall (``metrics.quality``) compare the samples asked for class c
with real rows of class c (images: in the classifier's 64 features).
"""
import numpy as np

from . import metrics

KNN = 5
MIN_ROWS = 2 * metrics.K_NEAREST + 1  # per class, for precision and recall


def by_class(hit, requested, n_classes):
    """Mean of the booleans ``hit`` (n,) within each requested class: (K,) floats, NaN for a class never asked."""
    hit, requested = np.asarray(hit, dtype=np.float64), np.asarray(requested)
    count = np.bincount(requested, minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(requested, weights=hit, minlength=n_classes) / count


def summarise(name, hit, requested, n_classes):
    """{name, name_worst, name_worst_class, name_by_class}: the share of ``hit``, overall and per class."""
    per = by_class(hit, requested, n_classes)
    worst = int(np.nanargmin(per))
    return {name: float(np.mean(hit)), f"{name}_worst": float(per[worst]), f"{name}_worst_class": worst,
            f"{name}_by_class": per.tolist()}


def knn_predict(real, real_labels, x, k=KNN, chunk=500):
    """Majority class of the k nearest rows of ``real`` (N, d) for each row of x (n, d): (n,) ints."""
    real, x = np.asarray(real, np.float64), np.asarray(x, np.float64)
    k = min(k, len(real))
    sq = (real ** 2).sum(1)
    out = np.empty(len(x), dtype=np.int64)
    K = int(real_labels.max()) + 1
    for a in range(0, len(x), chunk):
        d = sq[None] - 2 * x[a:a + chunk] @ real.T  # |x|^2 is the same for every row: left out
        near = np.argpartition(d, k - 1, axis=1)[:, :k]
        votes = np.zeros((len(near), K))
        np.add.at(votes, (np.arange(len(near))[:, None], real_labels[near]), 1)
        out[a:a + chunk] = votes.argmax(1)
    return out


def per_class_quality(real, real_labels, fake, requested, n_classes):
    """precision_by_class, recall_by_class: ``metrics.quality`` of each class's samples against
    its real rows (NaN where a class has too few of either)."""
    p, r = np.full(n_classes, np.nan), np.full(n_classes, np.nan)
    for c in range(n_classes):
        rc, fc = real[real_labels == c], fake[requested == c]
        if min(len(rc), len(fc)) >= MIN_ROWS:
            q = metrics.quality(rc, fc)
            p[c], r[c] = q["precision"], q["recall"]
    return {"precision_by_class": p.tolist(), "recall_by_class": r.tolist()}


def evaluate(dataset, samples, requested, full=True):
    """The agreement numbers of ``samples`` (n, dim) asked for classes ``requested`` (n,) of ``dataset``.

    full=False: the overall agreement (and its worst class) only, for the progress bar.
    """
    x, requested, K = np.asarray(samples, np.float64), np.asarray(requested, np.int64), dataset.n_classes
    if dataset.kind == "image":
        return _images(dataset, x, requested, full)
    out = {}
    if dataset.modes is not None:
        mode, _ = metrics.assign_modes(x, dataset.modes, dataset.mode_std)
        out.update(summarise("agreement", mode == requested, requested, K))
        near = np.sqrt(((x - dataset.modes[requested]) ** 2).sum(1)) <= metrics.HIGH_QUALITY * dataset.mode_std
        out.update(summarise("within_3std", near, requested, K))
        if not full:
            return out
        real, real_labels = dataset.sample_labelled(max(len(x), 2500), np.random.default_rng(2500))
    else:
        real, real_labels = _reference(dataset)
        out.update(summarise("agreement", knn_predict(dataset.table, dataset.labels, x) == requested, requested, K))
        if not full:
            return out
        if dataset.held_out is not None:
            out["judge_accuracy"] = float((knn_predict(dataset.table, dataset.labels, dataset.held_out)
                                           == dataset.held_out_labels).mean())
    out.update(per_class_quality(real, real_labels, x, requested, K))
    return out


def _reference(dataset):
    """Real rows and labels to compare a table's samples with: the held-out rows, else the table."""
    if dataset.held_out is not None and dataset.held_out_labels is not None:
        return np.asarray(dataset.held_out, np.float64), dataset.held_out_labels
    return np.asarray(dataset.table, np.float64), dataset.labels


def _images(dataset, x, requested, full):
    """Images: the digit classifier is the judge (``scores``); its held-out accuracy the ceiling."""
    from . import scores
    model = scores.classifier(dataset.table, dataset.labels, dataset.name)
    p, f = scores.predict(model, x)
    out = summarise("agreement", p.argmax(1) == requested, requested, dataset.n_classes)
    if not full:
        return out
    real, real_labels = _reference(dataset)
    p_r, f_r = scores.predict(model, real)
    out["judge_accuracy"] = float((p_r.argmax(1) == real_labels).mean())
    out.update(per_class_quality(f_r, real_labels, f, requested, dataset.n_classes))
    return out
