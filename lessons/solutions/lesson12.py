"""Solutions to lesson 12 (mode collapse), for teachers."""
import math

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


def smallest_pack(K, j, tau):
    """The smallest pack size m with TV(P^m, Q^m) >= tau when G misses j of K equally likely modes.

    A real pack avoids the j missing modes with probability (1 - j/K)^m; those tuples are where Q^m > P^m, so
    TV = 1 - (1 - j/K)^m. TV >= tau  <=>  m log(1 - j/K) <= log(1 - tau)  <=>  m >= log(1 - tau) / log(1 - j/K)
    (the log is negative: the inequality flips). Round up to a whole number.
    """
    return max(1, math.ceil(math.log(1 - tau) / math.log(1 - j / K)))


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _distance_in_raw_units(x, modes, std):
    """Forgets to divide the distances by std: '3' then means 3 units, and everything is high quality."""
    return mode_coverage(x, modes, 1.0)


def _every_sample_votes(x, modes, std):
    """Counts a mode as captured when any sample, high quality or not, has it as nearest."""
    d = np.linalg.norm(x[:, None, :] - modes[None], axis=-1) / std
    nearest, hq = d.argmin(1), d.min(1) < 3
    n_k = np.bincount(nearest, minlength=len(modes))
    if not hq.any():
        return 0, 0.0, float("inf")
    p = n_k[n_k > 0] / n_k.sum()
    return int((n_k > 0).sum()), float(hq.mean()), float((p * np.log(p * len(modes))).sum())


def _kl_without_k(x, modes, std):
    """The reverse KL without the uniform 1/K in the log: sum p log p, minus the entropy."""
    captured, hq, kl = mode_coverage(x, modes, std)
    return captured, hq, kl - np.log(len(modes)) if np.isfinite(kl) else kl


def _strided_packs(x, m):
    """Cuts the batch into m blocks and puts them side by side: row i holds samples i, i + B/m, ..."""
    return np.concatenate(np.split(x, m), axis=1)


def _fortran_order(x, m):
    """reshape in column-major order: the samples' coordinates get interleaved."""
    return x.reshape(x.shape[0] // m, m * x.shape[1], order="F")


def _one_missing_mode(K, j, tau):
    """Uses section 4's formula for one missing mode whatever j is."""
    return smallest_pack(K, 1, tau)


def _rounded_down(K, j, tau):
    """Rounds the bound down: the pack is then one sample too small."""
    return max(1, math.floor(math.log(1 - tau) / math.log(1 - j / K)))


def _union_bound(K, j, tau):
    """TV ~ m j / K (each sample adds j/K): true for small m only; it overestimates TV, so m comes out too small."""
    return max(1, math.ceil(tau * K / j))


MISTAKES = {"mode_coverage": [_distance_in_raw_units, _every_sample_votes, _kl_without_k],
            "pack": [_strided_packs, _fortran_order],
            "smallest_pack": [_one_missing_mode, _rounded_down, _union_bound]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

STUB_TEXT = {"mode_coverage": [], "pack": [], "smallest_pack": []}  # shapes and quantities only
