"""Solutions to lesson 11 (hyperparameter sensitivity), for teachers."""
import itertools

import numpy as np


def log_grid(lo, hi, n):
    """n values from lo to hi with a constant ratio: exp of an even grid between log lo and log hi."""
    t = np.linspace(0, 1, n)
    return np.exp((1 - t) * np.log(lo) + t * np.log(hi))


def grid_points(grid):
    """Every combination of the grid's values, one dict each, the first key varying slowest."""
    return [dict(zip(grid, values)) for values in itertools.product(*grid.values())]


def seed_summary(values):
    """(mean, sample std with n - 1, standard error std / sqrt(n)) of one metric over seeds."""
    values = np.asarray(values, dtype=np.float64)
    std = values.std(ddof=1)
    return float(values.mean()), float(std), float(std / np.sqrt(len(values)))
