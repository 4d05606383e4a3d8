"""Solutions to lesson 12 (mode collapse), for teachers."""
import itertools

import numpy as np


def mode_coverage(x, modes, std):
    """(modes captured, high-quality share, reverse KL) by the PacGAN/VEEGAN protocol."""
    d = np.linalg.norm(x[:, None, :] - modes[None], axis=-1) / std  # (N, K) distances in std
    nearest, d_min = d.argmin(1), d.min(1)
    hq = d_min < 3
    n_k = np.bincount(nearest[hq], minlength=len(modes))
    if n_k.sum() == 0:
        return 0, float(hq.mean()), float("inf")
    p = n_k[n_k > 0] / n_k.sum()
    return int((n_k > 0).sum()), float(hq.mean()), float((p * np.log(p * len(modes))).sum())


def pack(x, m):
    """m consecutive samples side by side: (B, dim) -> (B // m, m * dim)."""
    return x.reshape(x.shape[0] // m, m * x.shape[1])


def packed_tv(P, Q, m):
    """Half the sum over all K^m mode tuples of |P^m(t) - Q^m(t)|."""
    total = 0.0
    for t in itertools.product(range(len(P)), repeat=m):
        total += abs(np.prod(P[list(t)]) - np.prod(Q[list(t)]))
    return total / 2
