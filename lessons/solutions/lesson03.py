"""Solutions to lesson 03 (gradient checking), for teachers."""
import numpy as np


def central_difference(f, x, eps=1e-6):
    """Numerical gradient of the scalar f(x) w.r.t. every element of x (any shape), by central differences."""
    grad = np.zeros_like(x, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old  # put it back
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """max|a - b| / max(max|a|, max|b|); 0.0 when both are all zeros."""
    scale = max(np.abs(a).max(), np.abs(b).max())
    return float(np.abs(a - b).max() / scale) if scale > 0 else 0.0
