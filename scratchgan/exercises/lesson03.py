"""Checks for the exercises of lesson 03 (gradient checking).

The references are the lesson's error model of a central difference and
``gradcheck.rel_error`` itself. Each check returns ``(worst relative error, detail)``.
"""
import numpy as np

from . import exercise
from .language import say
from .validate import outputs, rel_error


def _step_error(h, u, f, f3):
    """The lesson's error model of a central difference: truncation h^2 |f'''| / 6 plus round-off u |f| / h."""
    return h * h * f3 / 6 + u * f / h


@exercise("03.optimal_step", hints=(
    "one term of the error grows with h and the other shrinks: the best h is where the error's derivative in h is zero",
    "d/dh [h^2 |f'''| / 6 + u |f| / h] = h |f'''| / 3 - u |f| / h^2; set it to zero and solve for h^3",
    "setting the two terms EQUAL is a different rule (it gives an h larger by 2^(1/3)); "
    "return the error model evaluated at your h as the second number",
), tol=1e-10)
def check_optimal_step(optimal_step):
    named = []
    for u, f, f3 in [(2.0 ** -53, 0.79, 1.31), (2.0 ** -24, 0.79, 1.31), (2.0 ** -53, 100.0, 1e-3), (1e-10, 1e-4, 50.0)]:
        h_ref = (3 * u * f / f3) ** (1 / 3)
        h, err = outputs(optimal_step(u, f, f3), 2, ["h", "error"])
        named += [(f"h (u={u:.0e})", rel_error(np.float64(h), h_ref)),
                  (f"error (u={u:.0e})", rel_error(np.float64(err), _step_error(h_ref, u, f, f3)))]
    return max(r for _, r in named), say("on 4 settings of (u, |f|, |f'''|)")


@exercise("03.relative_error", hints=(
    "one number for the whole array, on a scale that does not blow up where single entries are near zero "
    "and that treats a and b alike",
    "divide max|a - b| by the larger of max|a| and max|b|: not by each |a_i| (that blows up where an entry is 0), "
    "and not by max|a| alone (then rel(a, b) != rel(b, a))",
    "when both arrays are all zeros the scale is 0: return 0.0 there instead of dividing",
), tol=1e-12)
def check_relative_error(relative_error):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((4, 3))
    pairs = [(a, a + 1e-7 * rng.standard_normal(a.shape)), (a, -a), (np.zeros(5), np.zeros(5)),
             (np.array([0.0, 3.0]), np.array([1e-3, 3.0])), (np.array([1.0, 0.5]), np.array([4.0, 0.5]))]
    got = [float(relative_error(p, q)) for p, q in pairs]
    ref = [rel_error(p, q) for p, q in pairs]
    return rel_error(np.array(got), np.array(ref)), say("on {n} pairs, one of them all zeros", n=len(pairs))
