"""How good is a generator? Mode coverage in 2-D, divergences and D* in 1-D, and for any data
k-NN precision and recall and the energy distance.

Mode coverage (the protocol of VEEGAN, Srivastava et al. 2017, and PacGAN,
Lin et al. 2018), on N = 2,500 samples of a K-mode mixture with centres mu_k
and std s:

* each sample x goes to its nearest mode, by the std-normalised distance
  d(x) = min_k |x - mu_k| / s;
* it is *high quality* when d(x) < 3 (within three standard deviations);
* a mode is *captured* when at least one high-quality sample sits on it;
* p_k = (high-quality samples on mode k) / (all high-quality samples), and
  reverse KL = KL(p || uniform) = sum_{p_k > 0} p_k log(p_k K).
  Empty modes add nothing (0 log 0 = 0), so a missed mode keeps the number
  finite, as in the papers: one mode only gives log K, the worst case. With
  no high-quality sample at all p is undefined and we report inf.

1-D (the figures of Goodfellow et al. 2014): Wasserstein-1 between sample
sets, Jensen-Shannon between histograms, the optimal discriminator
D*(x) = p_data(x) / (p_data(x) + p_g(x)) with p_g a Gaussian kernel density
estimate of G's samples, and V(D*, G) = -log 4 + 2 JS(p_data || p_g)
(Theorem 1: -log 4 exactly when p_g = p_data).

Quality without known modes, for any data (toy, a user's table, image features):

Precision and recall (Kynkaenniemi et al. 2019, "Improved precision and recall metric for
assessing generative models"). Each set of points stands for the manifold it was drawn from:
the union of balls around its points, each ball reaching the point's k-th nearest neighbour
in its own set (k = 3 here, as in the paper):

    manifold(A) = U_{a in A} B(a, r_k(a)),   r_k(a) = distance from a to its k-th nearest a' != a.

    precision = share of G's samples inside manifold(real)   (are the samples on the data?)
    recall    = share of real rows inside manifold(fake)     (is all of the data covered?)

A generator that collapses onto a few modes keeps its precision (its samples are real-looking)
but loses recall (the other modes lie outside its small balls); a noisy generator keeps recall
(its wide balls cover the data) but loses precision (most samples lie off the data).

Energy distance (Szekely & Rizzo 2013), with X ~ p (real) and Y ~ q (fake) and X', Y' copies:

    E(p, q) = 2 E|X - Y| - E|X - X'| - E|Y - Y'|  >= 0,   = 0 exactly when p = q.

Why it is never negative: for any a, |a| = c_d * integral (1 - cos(t.a)) / |t|^(d+1) dt, and putting
that in each term leaves E = c_d * integral |phi_p(t) - phi_q(t)|^2 / |t|^(d+1) dt, a weighted
squared distance between the two characteristic functions (zero only when they agree).

It is the MMD^2 with the distance kernel k(x, y) = -|x - y| (which is why it needs no
bandwidth). The estimate here averages over all pairs of the two samples (a V-statistic), so
even two samples of the same distribution give a small positive number: a real-vs-real value
on sets of the same size is reported beside it as its floor.

Both are computed on columns standardised by the real rows' mean and std, so a column in
millimetres counts as much as one in metres; distances come in chunks of 500 rows, so the
largest matrix is 500 x n, never n x n.
"""
import numpy as np

HIGH_QUALITY = 3.0
EVAL_SEED_OFFSET = 999  # evaluation draws use seed + 999, a stream apart from training's


def eval_rng(seed):
    """The NumPy Generator for a run's evaluation draws (fixed z, shown points): seed + EVAL_SEED_OFFSET."""
    return np.random.default_rng(seed + EVAL_SEED_OFFSET)


def assign_modes(x, modes, std):
    """Nearest mode and std-normalised distance: x (n, dim), modes (K, dim) -> (n,) ints, (n,) floats."""
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    modes = np.asarray(modes, dtype=np.float64).reshape(-1, x.shape[1])
    dist = np.sqrt(((x[:, None, :] - modes[None]) ** 2).sum(-1)) / std  # (n, K)
    k = dist.argmin(1)
    return k, dist[np.arange(len(x)), k]


def mode_coverage(x, modes, std, threshold=HIGH_QUALITY):
    """The PacGAN/VEEGAN numbers for samples x (n, dim) of a K-mode mixture.

    Returns a dict: ``modes`` (captured, an int), ``n_modes`` (K),
    ``high_quality`` (fraction of samples with d < threshold), ``reverse_kl``
    (KL(p || uniform), see the module docstring) and ``counts`` (K ints).
    """
    k, d = assign_modes(x, modes, std)
    K = len(np.asarray(modes).reshape(len(modes), -1))
    hq = d < threshold
    counts = np.bincount(k[hq], minlength=K)
    if counts.sum() == 0:
        kl = float("inf")
    else:
        p = counts[counts > 0] / counts.sum()
        kl = float((p * np.log(p * K)).sum())
    return {"modes": int((counts > 0).sum()), "n_modes": K, "high_quality": float(hq.mean()),
            "reverse_kl": kl, "counts": counts.tolist()}


def wasserstein_1d(a, b):
    """W1 between the empirical distributions of 1-D samples a and b (any sizes).

    W1 = integral |F_a(t) - F_b(t)| dt, with F the empirical CDFs: both are
    step functions, so the integral is an exact sum over the merged sorted points.
    """
    a, b = np.sort(np.ravel(a).astype(np.float64)), np.sort(np.ravel(b).astype(np.float64))
    t = np.sort(np.concatenate([a, b]))
    Fa = np.searchsorted(a, t[:-1], side="right") / len(a)
    Fb = np.searchsorted(b, t[:-1], side="right") / len(b)
    return float((np.abs(Fa - Fb) * np.diff(t)).sum())


def _kl(p, q):
    m = p > 0
    return float((p[m] * np.log(p[m] / q[m])).sum())


def js_divergence(a, b, bins=50, range=None):
    """Jensen-Shannon divergence (nats, in [0, log 2]) between histograms of 1-D samples a, b.

    Both histograms share ``bins`` equal bins over ``range`` (default: the
    span of both sets); with m = (p + q)/2, JS = KL(p||m)/2 + KL(q||m)/2.
    """
    a, b = np.ravel(a), np.ravel(b)
    if range is None:
        range = (min(a.min(), b.min()), max(a.max(), b.max()))
    p = np.histogram(a, bins, range)[0].astype(np.float64)
    q = np.histogram(b, bins, range)[0].astype(np.float64)
    p, q = p / p.sum(), q / q.sum()
    m = (p + q) / 2
    return 0.5 * _kl(p, m) + 0.5 * _kl(q, m)


def silverman_bandwidth(x):
    """Silverman's rule of thumb h = 1.06 sigma n^(-1/5) for a 1-D Gaussian KDE."""
    x = np.ravel(x)
    return max(1.06 * float(x.std()) * len(x) ** -0.2, 1e-3)


def kde(samples, t, bandwidth=None):
    """Gaussian kernel density estimate at points t: mean_i N(t; x_i, h^2). Shape (len(t),)."""
    x = np.ravel(samples).astype(np.float64)
    h = silverman_bandwidth(x) if bandwidth is None else bandwidth
    z = (np.ravel(t)[:, None] - x[None]) / h
    return np.exp(-0.5 * z * z).mean(1) / (h * np.sqrt(2 * np.pi))


def optimal_d(p_data, p_g):
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)) (Goodfellow et al. 2014, Prop. 1), from two densities.

    Where both densities are 0 every D is optimal (neither term of V sees x); we
    return 1/2 there, the verdict of no evidence. Arrays of any (equal) shape.
    """
    p, q = np.asarray(p_data, dtype=np.float64), np.asarray(p_g, dtype=np.float64)
    s = p + q
    return np.where(s > 0, p / np.where(s > 0, s, 1), 0.5)


def optimal_discriminator(t, p_data, g_samples, bandwidth=None):
    """D*(t) with p_g estimated by KDE of G's samples (``optimal_d`` of the two densities).

    ``p_data`` is the true density at t (an array like t, e.g. ``dataset.density(t)``).
    """
    return optimal_d(np.ravel(p_data), kde(g_samples, t, bandwidth))


def value_at_optimum(t, p_data, g_samples, bandwidth=None):
    """V(D*, G) = int p log D* + q log(1 - D*) dt on the even grid t; equals -log 4 + 2 JS.

    p = p_data on t, q = KDE of G's samples. Terms with a zero density add 0.
    """
    t = np.ravel(t).astype(np.float64)
    p, q = np.ravel(p_data).astype(np.float64), kde(g_samples, t, bandwidth)
    s = p + q
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(p > 0, p * np.log(p / s), 0) + np.where(q > 0, q * np.log(q / s), 0)
    return float(f.sum() * (t[1] - t[0]))


def evaluate(dataset, samples, rng=None, full=True):
    """Every metric that applies to ``dataset`` for G's samples (n, dim): a dict of numbers.

    Every set gets precision, recall and the energy distance (``quality``) against real rows
    (``real_rows``); mixtures get mode coverage; 1-D sets also get mean and std, and with
    ``full`` W1 and JS against 20,000 fresh data samples and V(D*, G) where
    the density is known. ``full=False`` is the cheap version used during training: quality
    on 1,000 samples against 1,000 real rows (~20 ms instead of ~0.2 s), no real-vs-real
    reference, no 1-D divergences.
    """
    x = np.asarray(samples, dtype=np.float64)
    n = len(x) if full else min(len(x), 1000)
    real, reference = real_rows(dataset, n)
    out = quality(real, x[:n], reference if full else None) if min(len(real), n) > 2 * K_NEAREST else {}
    if dataset.modes is not None and dataset.mode_std is not None:
        cov = mode_coverage(x, dataset.modes, dataset.mode_std)
        out.update({k: cov[k] for k in ("modes", "n_modes", "high_quality", "reverse_kl")})
    if dataset.dim == 1:
        out.update(mean=float(x.mean()), std=float(x.std()))
    if dataset.dim == 1 and full:
        real = dataset.sample(20000, rng or np.random.default_rng(12345)).ravel()
        lo, hi = min(real.min(), x.min()), max(real.max(), x.max())
        out.update(wasserstein=wasserstein_1d(x, real),
                   js=js_divergence(x, real, range=(lo, hi)))
        if dataset.density(real[:1, None]) is not None:
            t = np.linspace(lo - 1, hi + 1, 2000)
            out["value_at_optimum"] = value_at_optimum(t, dataset.density(t[:, None]), x)
    return out


K_NEAREST = 3
CHUNK = 500


def _distance_chunks(a, b, chunk=None):
    """Yield (i, |a_i - b_j|) for row blocks a[i:i+chunk] against all of b: (<=chunk, len(b)) float64.

    |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, clipped at 0 (round-off can make it slightly negative).
    """
    b2, chunk = (b * b).sum(1), chunk or CHUNK
    for i in range(0, len(a), chunk):
        block = a[i:i + chunk]
        sq = (block * block).sum(1)[:, None] + b2[None] - 2 * block @ b.T
        yield i, np.sqrt(np.maximum(sq, 0, out=sq), out=sq)


def _self_distances(x, k):
    """One pass over x against itself: (r_k of every row (n,), E|X - X'| over all n^2 pairs)."""
    r, total = np.empty(len(x)), 0.0
    for i, d in _distance_chunks(x, x):
        r[i:i + len(d)] = np.partition(d, k, axis=1)[:, k]  # index 0 is the row itself, at distance 0
        total += d.sum()
    return r, total / len(x) ** 2


def knn_radii(x, k=K_NEAREST):
    """r_k(x_i): distance from each row of x (n, dim) to its k-th nearest other row -> (n,)."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) <= k:
        raise ValueError(f"k-NN radii need more than k={k} rows, got {len(x)}")
    return _self_distances(x, k)[0]


def _cross(real, fake, r_real, r_fake):
    """One pass over the fake x real distances: (precision, recall, E|X - Y|)."""
    on_data, covered, total = np.zeros(len(fake), bool), np.zeros(len(real), bool), 0.0
    for j, d in _distance_chunks(fake, real):  # d[j, i] = |fake_j - real_i|
        on_data[j:j + len(d)] = (d <= r_real[None]).any(1)
        covered |= (d <= r_fake[j:j + len(d), None]).any(0)
        total += d.sum()
    return float(on_data.mean()), float(covered.mean()), total / (len(real) * len(fake))


def precision_recall(real, fake, k=K_NEAREST, real_radii=None):
    """(precision, recall) of fake (m, dim) against real (n, dim); see the module docstring.

    precision = mean_j [ exists i: |fake_j - real_i| <= r_k(real_i) ]
    recall    = mean_i [ exists j: |real_i - fake_j| <= r_k(fake_j) ]

    real_radii: ``knn_radii(real, k)`` when already known (one real set measured against many fakes,
    as the lab does every frame), which saves one of the three passes over n x n distances.
    """
    real, fake = np.asarray(real, np.float64), np.asarray(fake, np.float64)
    r_real = knn_radii(real, k) if real_radii is None else np.asarray(real_radii, np.float64)
    return _cross(real, fake, r_real, knn_radii(fake, k))[:2]


def mean_distance(a, b):
    """E|A - B| over all pairs of rows of a (n, dim) and b (m, dim)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(sum(d.sum() for _, d in _distance_chunks(a, b)) / (len(a) * len(b)))


def energy_distance(x, y):
    """E(x, y) = 2 E|X - Y| - E|X - X'| - E|Y - Y'| between the rows of x and y (V-statistic, >= 0)."""
    return 2 * mean_distance(x, y) - mean_distance(x, x) - mean_distance(y, y)


def standardise(real, *others):
    """(real - mu) / s and each of ``others`` the same way; mu, s: real's column means and stds (0 -> 1)."""
    real = np.asarray(real, np.float64).reshape(len(real), -1)
    mu, s = real.mean(0), real.std(0)
    s = np.where(s > 0, s, 1.0)
    return [(np.asarray(x, np.float64).reshape(len(x), -1) - mu) / s for x in (real, *others)]


def quality(real, fake, reference=None, k=K_NEAREST):
    """Precision, recall and energy distance of ``fake`` against ``real`` (rows; any dim).

    reference: a second real set, independent of ``real`` and the size of ``fake``; when given,
    ``energy_real`` = E(real, reference), the value a perfect generator would get with this many
    samples. Columns are standardised by ``real`` first. Returns a dict of floats.
    """
    real, fake, *ref = standardise(real, fake, *([] if reference is None else [reference]))
    if min(len(real), len(fake)) <= k:
        raise ValueError(f"precision and recall need more than k={k} real and fake rows, got {len(real)} and {len(fake)}")
    r_real, xx = _self_distances(real, k)  # three passes give all three numbers
    r_fake, yy = _self_distances(fake, k)
    precision, recall, xy = _cross(real, fake, r_real, r_fake)
    out = {"precision": precision, "recall": recall, "energy": float(2 * xy - xx - yy)}
    if ref:
        out["energy_real"] = energy_distance(real, ref[0])
    return out


def real_rows(dataset, n=2500, seed=2500):
    """(real, reference): two sets of real rows that G's samples are measured against.

    Toy sets: fresh draws (seeds ``seed`` and ``seed + 1``; the training stream is untouched).
    A user's table: its held-out rows (``dataset.held_out``, kept out of training when the file
    is large enough) and as many training rows as reference; a smaller file: two disjoint
    halves of its rows (at most n each).
    """
    table = getattr(dataset, "table", None)
    if table is None:
        return dataset.sample(n, np.random.default_rng(seed)), dataset.sample(n, np.random.default_rng(seed + 1))
    order = np.random.default_rng(seed).permutation(len(table))
    held = getattr(dataset, "held_out", None)
    if held is not None:
        return held[:n], table[order[:min(n, len(held))]]
    half = min(n, len(table) // 2)
    return table[order[:half]], table[order[half:2 * half]]
