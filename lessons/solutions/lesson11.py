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


def read_curves():
    """Section 5's panels: A swings without settling, B sits at log 4 with D(x) = D(G(z)) = 1/2, C is a calm level
    below log 4 (D(x) near 2/3, D(G(z)) near 1/3) on one of the two modes, D has D's loss near 0 with D(x) -> 1 and
    D(G(z)) -> 0."""
    return {"A": "oscillation", "B": "healthy", "C": "collapse", "D": "d_wins"}


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _linear_grid(lo, hi, n):
    """An evenly spaced grid: equal differences, not equal ratios."""
    return np.linspace(lo, hi, n)


def _logspace_of_the_ends(lo, hi, n):
    """np.logspace takes exponents: this is 10**lo ... 10**hi, not lo ... hi."""
    return np.logspace(lo, hi, n)


def _zipped_values(grid):
    """zip pairs the i-th values of each list instead of combining every value with every other."""
    return [dict(zip(grid, values)) for values in zip(*grid.values())]


def _last_key_slowest(grid):
    """Every combination, but nested the other way round (the last key varies slowest)."""
    keys = list(grid)[::-1]
    return [dict(zip(keys, values)) for values in itertools.product(*(grid[k] for k in keys))]


def _population_std(values):
    """np.std's default divides by n: the spread of these n values, not an estimate of the seeds' spread."""
    values = np.asarray(values, dtype=np.float64)
    return float(values.mean()), float(values.std()), float(values.std() / np.sqrt(len(values)))


def _stderr_over_n(values):
    """The standard error divided by n instead of sqrt(n)."""
    mean, std, _ = seed_summary(values)
    return mean, std, std / len(values)


def _collapse_read_as_healthy():
    """Collapse taken for health: its losses sit near log 4, and the mode count was not read."""
    return {"A": "oscillation", "B": "healthy", "C": "healthy", "D": "d_wins"}


def _swings_read_as_collapse():
    """Oscillation and collapse swapped: both are 'something is wrong with G'."""
    return {"A": "collapse", "B": "healthy", "C": "oscillation", "D": "d_wins"}


def _d_wins_read_as_collapse():
    """C and D swapped: both have D ahead, but only C sits on a level that D cannot push lower; D's loss keeps falling."""
    return {"A": "oscillation", "B": "healthy", "C": "d_wins", "D": "collapse"}


MISTAKES = {"log_grid": [_linear_grid, _logspace_of_the_ends],
            "grid_points": [_zipped_values, _last_key_slowest],
            "seed_summary": [_population_std, _stderr_over_n],
            "read_curves": [_collapse_read_as_healthy, _swings_read_as_collapse, _d_wins_read_as_collapse]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

def _stub_text_summary(values):
    """Mean, std and standard error, typed in with NumPy's defaults."""
    values = np.asarray(values, dtype=float)
    return values.mean(), values.std(), values.std() / np.sqrt(len(values))


STUB_TEXT = {"log_grid": [],  # a constant ratio, in words
             "grid_points": [], "seed_summary": [_stub_text_summary], "read_curves": []}
