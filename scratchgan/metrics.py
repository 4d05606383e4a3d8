"""How good is a generator? Mode coverage in 2-D, divergences and D* in 1-D.

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
"""
import numpy as np

HIGH_QUALITY = 3.0


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


def optimal_discriminator(t, p_data, g_samples, bandwidth=None):
    """D*(t) = p_data(t) / (p_data(t) + p_g(t)) (Proposition 1), p_g by KDE; 1/2 where both vanish.

    ``p_data`` is the true density at t (an array like t, e.g. ``dataset.density(t)``).
    """
    p, q = np.ravel(p_data).astype(np.float64), kde(g_samples, t, bandwidth)
    s = p + q
    return np.where(s > 0, p / np.where(s > 0, s, 1), 0.5)


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

    Mixtures get mode coverage; 1-D sets also get mean and std, and with
    ``full`` W1 and JS against 20,000 fresh data samples and V(D*, G) where
    the density is known (``full=False`` is the cheap version used during training).
    """
    x = np.asarray(samples, dtype=np.float64)
    out = {}
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
