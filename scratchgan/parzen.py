"""Goodfellow et al.'s Parzen-window log-likelihood estimate (GAN paper, Table 1).

Put a Gaussian of width sigma on each of n generated samples mu_i and read the
density of a held-out image x off the mixture:

    p(x) = 1/n sum_i N(x; mu_i, sigma^2 I)
    log p(x) = logmeanexp_i( -|x - mu_i|^2 / (2 sigma^2) ) - d/2 log(2 pi sigma^2)

sigma is chosen on a validation split (the paper: from logspace(-1, 0, 10),
10,000 samples, pixels in [0, 1]), then the mean log p over the test split is
reported in nats with its standard error. The paper's 225 +/- 2 nats (MNIST)
is on that [0, 1] pixel scale; on [-1, 1] each of the 784 pixels doubles its
range, so the same density reads 784 log 2 = 543.4 nats lower. Theis et al.
(2016) showed how poorly this estimate ranks models in high dimension: use it
to compare with the paper, not as the truth.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> r = parzen_score(rng.normal(size=(4000, 1)), rng.normal(size=(500, 1)), rng.normal(size=(500, 1)))
    >>> bool(abs(r["nats"] + 0.5 * np.log(2 * np.pi * np.e)) < 0.1)  # true mean log-density of N(0, 1)
    True
"""
import numpy as np

SIGMAS = np.logspace(-1, 0, 10)


def log_mean_exp(a, axis=-1):
    """log(mean(exp(a))) along ``axis`` without overflow: m + log(mean(exp(a - m))), m = max."""
    m = a.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(a - m).mean(axis=axis, keepdims=True))).squeeze(axis)


def parzen_log_likelihood(mu, x, sigma, chunk=100):
    """log p(x_j) for each row of x (m, d) under the Parzen window on mu (n, d).

    sigma: one width -> shape (m,); an array of k widths -> shape (k, m), sharing
    the distances. Rows of x go ``chunk`` at a time, so memory is chunk x n,
    never m x n. |x - mu|^2 = |x|^2 + |mu|^2 - 2 x.mu, all in float64.
    """
    mu, x = np.asarray(mu, np.float64), np.asarray(x, np.float64)
    if mu.ndim != 2 or x.ndim != 2 or mu.shape[1] != x.shape[1]:
        raise ValueError(f"parzen: samples {mu.shape} and data {x.shape} must be 2-D with the same number of columns")
    sigmas = np.atleast_1d(np.asarray(sigma, np.float64))
    d = x.shape[1]
    mu_sq = (mu * mu).sum(1)
    out = np.empty((len(sigmas), len(x)))
    for a in range(0, len(x), chunk):
        xb = x[a:a + chunk]
        sq = np.maximum((xb * xb).sum(1)[:, None] + mu_sq[None] - 2 * xb @ mu.T, 0)
        for i, s in enumerate(sigmas):
            out[i, a:a + chunk] = log_mean_exp(-sq / (2 * s ** 2))
    out -= d / 2 * np.log(2 * np.pi * sigmas[:, None] ** 2)
    return out if np.ndim(sigma) else out[0]


def parzen_score(samples, valid, test, sigmas=SIGMAS, chunk=100):
    """Pick sigma by the mean log-likelihood of ``valid``, then score ``test`` with it.

    Returns dict(nats=mean log p(test), stderr=its standard error, sigma=the chosen width,
    valid=the validation mean for each sigma).
    """
    valid_ll = parzen_log_likelihood(samples, valid, np.asarray(sigmas), chunk).mean(axis=1)
    sigma = float(sigmas[int(np.argmax(valid_ll))])
    ll = parzen_log_likelihood(samples, test, sigma, chunk)
    return dict(nats=float(ll.mean()), stderr=float(ll.std(ddof=1) / np.sqrt(len(ll))), sigma=sigma, valid=valid_ll.tolist())
