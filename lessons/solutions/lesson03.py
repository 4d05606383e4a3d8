"""Solutions to lesson 03 (gradient checking), for teachers."""
import numpy as np


def optimal_step(u, f, f3):
    """The h minimising the error model E(h) = h^2 |f'''| / 6 + u |f| / h, and E there.

    E'(h) = h |f'''| / 3 - u |f| / h^2 = 0  =>  h^3 = 3 u |f| / |f'''|.
    """
    h = (3 * u * f / f3) ** (1 / 3)
    return h, h * h * f3 / 6 + u * f / h


def relative_error(a, b):
    """max|a - b| / max(max|a|, max|b|); 0.0 when both are all zeros."""
    scale = max(np.abs(a).max(), np.abs(b).max())
    return float(np.abs(a - b).max() / scale) if scale > 0 else 0.0


# ---- plausible mistakes: each must FAIL its check (tests/test_exercises.py) ----

def _rule_of_thumb(u, f, f3):
    """h = u^(1/3), the rule of thumb, taken as the exact minimiser (it ignores |f| and |f'''|)."""
    h = u ** (1 / 3)
    return h, h * h * f3 / 6 + u * f / h


def _terms_set_equal(u, f, f3):
    """Sets the two error terms equal instead of the derivative to zero: h^3 = 6 u |f| / |f'''|."""
    h = (6 * u * f / f3) ** (1 / 3)
    return h, h * h * f3 / 6 + u * f / h


def _entrywise(a, b):
    """Divides each difference by its own entry: infinite where an entry of a is 0."""
    with np.errstate(all="ignore"):
        return float(np.max(np.abs(a - b) / np.abs(a)))


def _scaled_by_a_only(a, b):
    """Scales by max|a| alone, so rel(a, b) != rel(b, a)."""
    scale = np.abs(a).max()
    return float(np.abs(a - b).max() / scale) if scale > 0 else 0.0


MISTAKES = {"optimal_step": [_rule_of_thumb, _terms_set_equal],
            "relative_error": [_entrywise, _scaled_by_a_only]}


# ---- the stub's text typed in as code: what its comment or docstring spells out must NOT pass its check ----

def _stub_text_grid_minimum(u, f, f3):
    """The docstring's h**2 * f3 / 6 + u * f / h, typed in and minimised over a grid of steps."""
    h = np.logspace(-12, 0, 200_001)
    error = h**2 * f3 / 6 + u * f / h
    return h[error.argmin()], error.min()


def _stub_text_relative_error(a, b):
    """The docstring's max|a - b| / max(max|a|, max|b|), typed in."""
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)))


STUB_TEXT = {"optimal_step": [_stub_text_grid_minimum], "relative_error": [_stub_text_relative_error]}
