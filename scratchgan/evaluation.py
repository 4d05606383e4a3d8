"""How a run is measured: the metrics of G's samples while it trains and at its end (``train``'s
``measure`` step), for the raw G, the averaged G, or both side by side.

Toy sets and tables go through ``metrics.evaluate`` (mode coverage where the modes are known,
precision and recall, the energy distance); images through ``scores`` (the project's own
classifier's features: confident share, Fréchet distance, precision and recall there); a
conditional run adds ``agreement.evaluate`` (does G draw the class it is asked for?). Every
number comes from G's samples of a fixed z (``Result.z_eval``), so measuring never draws from
the training noise stream.
"""
from . import agreement, metrics

QUALITY_SAMPLES = 2500


def evaluate(result, full=False, averaged=None):
    """The metrics of G's samples now: ``metrics.evaluate`` for toy sets and tables (cheap while
    training, ``full`` at the end), ``scores`` for images (in the classifier's feature space).
    averaged: which G (as in ``Result.generate``; None: the one the run uses)."""
    out = _evaluate(result, full, averaged)
    if result.labels_eval is not None:  # a conditional run: does G draw the class it is asked for?
        n = QUALITY_SAMPLES if full or result.dataset.kind != "image" else 1000
        samples = result.samples_of(n, averaged)
        out.update(agreement.evaluate(result.dataset, samples, result.labels_eval[:len(samples)], full=full))
    return out


def _evaluate(result, full, averaged):
    """The unconditional metrics of ``evaluate``."""
    ds = result.dataset
    if ds.kind != "image":
        return metrics.evaluate(ds, result.samples_of(QUALITY_SAMPLES, averaged), full=full)
    from . import scores
    if full:
        return scores.image_scores(result.samples_of(QUALITY_SAMPLES, averaged), ds.table, ds.labels, ds.held_out,
                                   ds.held_out_labels, name=ds.name)
    return scores.image_quality(result.samples_of(1000, averaged), ds.table, ds.labels, ds.held_out, name=ds.name)


SIDE_BY_SIDE = ("modes", "high_quality", "precision", "recall", "confident", "frechet",  # + a conditional run's:
                "agreement", "agreement_worst", "agreement_worst_class", "within_3std", "within_3std_worst")


def side_by_side(result, full=False, used=None):
    """{"raw": {...}, "averaged": {...}}: the headline numbers (``SIDE_BY_SIDE``) of both Gs, or {}
    when the run keeps no average yet. used: the metrics of the G the run uses, if already measured."""
    if result.average is None or result.average.t == 0:
        return {}
    out = {}
    for name, averaged in (("raw", False), ("averaged", True)):
        numbers = used if used is not None and averaged == result.uses_average else evaluate(result, full, averaged)
        out[name] = {k: v for k, v in numbers.items() if k in SIDE_BY_SIDE}
    return out


def measure(result):
    """The final 2,500 samples and every metric that applies to them (``result.metrics``, of the
    G the run uses), with both Gs' headline numbers side by side (``result.metrics["raw"]`` and
    ``["averaged"]``) when the run keeps an average."""
    result.samples = result.samples_of(QUALITY_SAMPLES)
    result.metrics = evaluate(result, full=True)
    result.metrics.update(side_by_side(result, full=True, used=result.metrics))
